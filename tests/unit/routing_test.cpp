#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "hawk/routing/path_pattern.h"
#include "hawk/routing/router.h"

namespace hawk {
namespace {

using Kind = LookupResult::Kind;

Handler named(std::string name) {
  return [name](Request&) { return Response::text(name); };
}

std::string body_of(const RouteMatch& m) {
  Request req;
  return m.result.route->handler(req).body;
}

TEST(PathPattern, ParsesTokensAndRejectsMalformedPatterns) {
  auto tokens = parse_path_pattern("/users/{id:int}/posts/{slug}");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].text, "/users/");
  EXPECT_TRUE(tokens[1].is_param);
  EXPECT_EQ(tokens[1].type, ParamType::Int);
  EXPECT_EQ(tokens[3].type, ParamType::Str);
  EXPECT_EQ(openapi_path("/a/{x:uuid}/b"), "/a/{x}/b");
  for (const char* bad : {"users", "/a/{id", "/a/id}", "/a/{}", "/a/x{id}", "/a/{id}x", "/a/{id:bool}",
                          "/a/{1x}", "/a/{id}/{id}", "/a/{rest:path}/b"}) {
    EXPECT_THROW(parse_path_pattern(bad), std::invalid_argument) << bad;
  }
  try {
    parse_path_pattern("/a/{id:bool}");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("/a/{id:bool}"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("bool"), std::string::npos);
  }
  EXPECT_EQ(join_path("/api/", "/users"), "/api/users");
  EXPECT_EQ(join_path("", "/"), "/");
  EXPECT_EQ(join_path("/api", "/"), "/api/");
}

TEST(Router, StaticBeforeParamsAndTypedParamsInOrder) {
  Router r;
  r.get("/users/me", named("me"));
  r.get("/users/{id:int}", named("int"));
  r.get("/users/{id:uuid}", named("uuid"));
  r.get("/users/{name}", named("str"));
  EXPECT_EQ(body_of(r.match(Method::Get, "/users/me")), "me");
  auto m = r.match(Method::Get, "/users/42");
  EXPECT_EQ(body_of(m), "int");
  EXPECT_EQ(m.result.params.get<std::int64_t>("id"), 42);
  EXPECT_EQ(body_of(r.match(Method::Get, "/users/123e4567-e89b-12d3-a456-426614174000")), "uuid");
  auto s = r.match(Method::Get, "/users/alice");
  EXPECT_EQ(body_of(s), "str");
  EXPECT_EQ(s.result.params.get<std::string>("name"), "alice");
  EXPECT_EQ(r.match(Method::Get, "/users").result.kind, Kind::NotFound);
  EXPECT_EQ(r.match(Method::Get, "/users/").result.kind, Kind::NotFound);
  EXPECT_EQ(r.match(Method::Get, "/users/a/b").result.kind, Kind::NotFound);
}

TEST(Router, BacktracksOutOfALiteralBranchThatDeadEnds) {
  Router r;
  r.get("/files/static/readme", named("readme"));
  r.get("/files/{dir}/{name}", named("generic"));
  r.get("/v/{x:float}/a", named("float-a"));
  r.get("/v/{x:int}/b", named("int-b"));
  // "static" first enters the literal branch, which has no "/other" below it.
  auto m = r.match(Method::Get, "/files/static/other");
  EXPECT_EQ(body_of(m), "generic");
  EXPECT_EQ(m.result.params.get<std::string>("dir"), "static");
  EXPECT_EQ(m.result.params.get<std::string>("name"), "other");
  EXPECT_EQ(body_of(r.match(Method::Get, "/files/static/readme")), "readme");
  // "3" is an int, but only the float route continues with "/a".
  auto f = r.match(Method::Get, "/v/3/a");
  EXPECT_EQ(body_of(f), "float-a");
  EXPECT_DOUBLE_EQ(f.result.params.get<double>("x"), 3.0);
  EXPECT_EQ(body_of(r.match(Method::Get, "/v/3/b")), "int-b");
}

TEST(Router, RadixTreeSplitsSharedLiteralPrefixes) {
  Router r;
  const std::vector<std::string> paths = {"/search", "/searching", "/sea", "/se/{x}", "/s", "/status/all"};
  for (const auto& p : paths) r.get(p, named(p));
  for (const auto& p : paths) {
    if (p.find('{') == std::string::npos) EXPECT_EQ(body_of(r.match(Method::Get, p)), p);
  }
  EXPECT_EQ(body_of(r.match(Method::Get, "/se/q")), "/se/{x}");
  EXPECT_EQ(r.match(Method::Get, "/searc").result.kind, Kind::NotFound);
  EXPECT_EQ(r.match(Method::Get, "/statu").result.kind, Kind::NotFound);
}

TEST(Router, HeadFallsBackToGetAndWrongMethodIs405WithAllow) {
  Router r;
  r.get("/items/{id:int}", named("get"));
  r.del("/items/{id:int}", named("delete"));
  r.post("/items/{name}", named("post-by-name"));
  EXPECT_EQ(body_of(r.match(Method::Head, "/items/1")), "get");
  auto m = r.match(Method::Put, "/items/1");
  EXPECT_EQ(m.result.kind, Kind::MethodNotAllowed);
  // The union over every route whose path matches: both the int and the str shapes.
  EXPECT_EQ(m.result.allow, "GET, HEAD, POST, DELETE");
  // The method exists on another shape of the same path: backtracking finds it.
  EXPECT_EQ(body_of(r.match(Method::Post, "/items/1")), "post-by-name");
}

TEST(Router, TypedParamThatFailsItsTypeIsReportedNotHidden) {
  Router r;
  r.get("/orders/{id:int}/lines/{line:int}", named("line"));
  auto m = r.match(Method::Get, "/orders/abc/lines/x1");
  ASSERT_EQ(m.result.kind, Kind::InvalidParam);
  ASSERT_EQ(m.result.errors.size(), 2u);
  EXPECT_EQ(m.result.errors[0].name, "id");
  EXPECT_EQ(m.result.errors[0].value, "abc");
  EXPECT_EQ(m.result.errors[1].name, "line");
  EXPECT_EQ(r.match(Method::Get, "/orders/99999999999999999999/lines/1").result.kind, Kind::InvalidParam);
  EXPECT_EQ(r.match(Method::Get, "/orders/abc").result.kind, Kind::NotFound);
}

TEST(Router, PrefixRoutersIncludeAndPathCatchAll) {
  Router api("/api/v1");
  api.get("/users/{id:int}", named("user"));
  api.get("/files/{rest:path}", named("file"));
  Router root;
  auto ids = root.include_router(api, "/public", {"public"});
  EXPECT_EQ(ids.size(), 2u);
  auto m = root.match(Method::Get, "/public/api/v1/users/5");
  ASSERT_EQ(m.result.kind, Kind::Found);
  EXPECT_EQ(m.result.route->pattern, "/public/api/v1/users/{id:int}");
  EXPECT_EQ(m.result.route->options.tags, std::vector<std::string>{"public"});
  auto f = root.match(Method::Get, "/public/api/v1/files/a/b/c.txt");
  EXPECT_EQ(f.result.params.get<std::string>("rest"), "a/b/c.txt");
  // A later change to the included router is not seen (copied at inclusion).
  api.get("/late", named("late"));
  EXPECT_EQ(root.match(Method::Get, "/public/api/v1/late").result.kind, Kind::NotFound);
}

TEST(Router, MountsTakeEveryMethodUnderTheirPrefixOnly) {
  Router r;
  r.get("/static/special", named("special"));
  r.mount("/static/", named("mounted"));
  auto m = r.match(Method::Post, "/static/css/site.css");
  ASSERT_EQ(m.result.kind, Kind::Found);
  EXPECT_TRUE(m.result.route->is_mount);
  EXPECT_EQ(m.result.mount_path, "/css/site.css");
  EXPECT_EQ(r.match(Method::Get, "/static").result.mount_path, "/");
  EXPECT_EQ(body_of(r.match(Method::Get, "/static/special")), "special");
  EXPECT_EQ(r.match(Method::Get, "/staticfoo").result.kind, Kind::NotFound);
  Router all;
  all.mount("/", named("everything"));
  EXPECT_EQ(all.match(Method::Delete, "/x/y").result.mount_path, "/x/y");
  EXPECT_THROW(r.mount("/m/{id}", named("bad")), std::invalid_argument);
}

TEST(Router, ConflictsAreRejectedAndLeaveTheTableUnchanged) {
  Router r;
  r.get("/users/{id:int}", named("a"));
  auto before = r.snapshot();
  try {
    r.get("/users/{uid:int}", named("b"));
    FAIL() << "conflict accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("GET /users/{uid:int} conflicts with GET /users/{id:int}"), std::string::npos);
  }
  EXPECT_EQ(r.snapshot(), before);
  EXPECT_NO_THROW(r.post("/users/{uid:int}", named("c")));  // another method is fine
  EXPECT_THROW(r.get("no-slash", named("x")), std::invalid_argument);
}

TEST(Router, RemoveByIdOrMethodAndPatternBumpsGeneration) {
  Router r;
  RouteId a = r.get("/a", named("a"));
  r.get("/b", named("b"));
  std::uint64_t g = r.snapshot()->generation();
  EXPECT_TRUE(r.remove_route(a));
  EXPECT_FALSE(r.remove_route(a));
  EXPECT_GT(r.snapshot()->generation(), g);
  EXPECT_EQ(r.match(Method::Get, "/a").result.kind, Kind::NotFound);
  EXPECT_TRUE(r.remove_route(Method::Get, "/b"));
  EXPECT_FALSE(r.remove_route(Method::Get, "/b"));
  EXPECT_TRUE(r.snapshot()->routes().empty());
}

TEST(Router, AMatchOutlivesTheRemovalOfItsRoute) {
  Router r;
  RouteId id = r.get("/gone", named("still here"));
  RouteMatch m = r.match(Method::Get, "/gone");
  r.remove_route(id);
  EXPECT_EQ(body_of(m), "still here");
}

// Readers must always see one complete table: either both routes of a pair or neither.
TEST(Router, ConcurrentReadersSeeConsistentTablesWhileWritersChurn) {
  Router r;
  r.get("/stable/{id:int}", named("stable"));
  std::atomic<bool> go{false}, stop{false};
  std::atomic<long> lookups{0}, torn{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      while (!stop.load(std::memory_order_acquire)) {
        auto table = r.snapshot();
        bool a = table->lookup(Method::Get, "/pair/a").kind == Kind::Found;
        bool b = table->lookup(Method::Get, "/pair/b").kind == Kind::Found;
        // Includes add a and b together; removals drop a first, then b: never a alone.
        if (a && !b) torn.fetch_add(1);
        if (table->lookup(Method::Get, "/stable/7").kind != Kind::Found) torn.fetch_add(1);
        lookups.fetch_add(1);
      }
    });
  }
  go.store(true, std::memory_order_release);
  Router pair;
  pair.get("/a", named("a"));
  pair.get("/b", named("b"));
  // Churn until the readers have demonstrably overlapped many changes.
  for (int i = 0; i < 300 || lookups.load() < 2000; ++i) {
    auto ids = r.include_router(pair, "/pair");
    std::this_thread::yield();
    for (RouteId id : ids) r.remove_route(id);
  }
  stop.store(true, std::memory_order_release);
  for (auto& th : readers) th.join();
  EXPECT_GT(lookups.load(), 0);
  EXPECT_EQ(torn.load(), 0) << "a reader saw a half-applied change";
}

}  // namespace
}  // namespace hawk
