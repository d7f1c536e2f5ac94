#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "hawk/openapi/openapi.h"
#include "hawk/routing/path_pattern.h"
#include "hawk/routing/router.h"
#include "hawk/threading/free_threaded.h"

namespace hawk {
namespace {

using nlohmann::json;

Handler ok() {
  return [](Request&) { return Response::text("ok"); };
}

// Each adds one route, so tests can add them in either order.
std::vector<std::function<void(Router&)>> sample_routes() {
  return {
      [](Router& r) {
        RouteOptions o;
        o.name = "get_user";
        o.summary = "Fetch one user";
        o.tags = {"users"};
        r.get("/users/{id:int}", ok(), o);
      },
      [](Router& r) {
        RouteOptions o;
        o.name = "get_user";  // the same name again: the document must still be unique
        r.del("/users/{id:int}", ok(), o);
      },
      [](Router& r) {
        RouteOptions o;
        o.tags = {"users"};
        r.post("/users", ok(), o);
      },
      [](Router& r) { r.get("/users/{id:int}/posts/{slug}", ok()); },
      [](Router& r) {
        RouteOptions o;
        o.query = {{"limit", ParamType::Int, false, "10", "page size"},
                   {"q", ParamType::Str, true, std::nullopt, ""},
                   {"ratio", ParamType::Float, false, "0.5", ""}};
        r.get("/search", ok(), o);
      },
      [](Router& r) { r.get("/files/{rest:path}", ok()); },
      [](Router& r) { r.get("/things/{u:uuid}/{x:float}", ok()); },
      [](Router& r) { r.mount("/static", ok()); },
      [](Router& r) {
        RouteOptions o;
        o.include_in_schema = false;
        r.get("/internal", ok(), o);
      },
      [](Router& r) { r.add_route(Method::Head, "/ping", ok()); },
      [](Router& r) {
        RouteOptions o;
        o.api_version = "v1";
        r.get("/v1/items", ok(), o);
      },
      [](Router& r) {
        RouteOptions o;
        o.api_version = "v2";
        r.get("/v2/items", ok(), o);
      },
  };
}

void add_sample_routes(Router& r, bool reversed = false) {
  auto adders = sample_routes();
  if (reversed) std::reverse(adders.begin(), adders.end());
  for (const auto& add : adders) add(r);
}

std::set<std::string> path_keys(const json& doc) {
  std::set<std::string> keys;
  for (const auto& [path, item] : doc.at("paths").items()) keys.insert(path);
  return keys;
}

const json kProblem = {{"$ref", "#/components/schemas/ProblemDetails"}};
const json kOk = {{"description", "Successful Response"}};
const json kError = {{"description", "Error"}, {"content", {{"application/problem+json", {{"schema", kProblem}}}}}};
const json kInvalid = {{"description", "Validation Error"},
                       {"content", {{"application/problem+json", {{"schema", kProblem}}}}}};

TEST(OpenApi, DocumentListsEachOperationWithTypedParametersAndResponses) {
  Router r;
  add_sample_routes(r);
  OpenApiInfo info;
  info.description = "sample";
  json doc = build_openapi(*r.snapshot(), info);

  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(doc.at("info"), json({{"title", "hawk"}, {"version", "0.1.0"}, {"description", "sample"}}));
  // No mount, no excluded route, no HEAD-only route; both API versions when none is asked for.
  EXPECT_EQ(path_keys(doc), (std::set<std::string>{"/files/{rest}", "/search", "/things/{u}/{x}", "/users",
                                                   "/users/{id}", "/users/{id}/posts/{slug}", "/v1/items",
                                                   "/v2/items"}));
  const json& paths = doc.at("paths");
  EXPECT_EQ(paths.at("/users/{id}"),
            json({{"get",
                   {{"operationId", "get_user"},
                    {"summary", "Fetch one user"},
                    {"tags", {"users"}},
                    {"parameters",
                     {{{"name", "id"}, {"in", "path"}, {"required", true},
                       {"schema", {{"type", "integer"}, {"format", "int64"}}}}}},
                    {"responses", {{"200", kOk}, {"422", kInvalid}, {"default", kError}}}}},
                  {"delete",
                   {{"operationId", "get_user_2"},
                    {"parameters",
                     {{{"name", "id"}, {"in", "path"}, {"required", true},
                       {"schema", {{"type", "integer"}, {"format", "int64"}}}}}},
                    {"responses", {{"200", kOk}, {"422", kInvalid}, {"default", kError}}}}}}));
  // Nothing to validate: no 422.
  EXPECT_EQ(paths.at("/users"),
            json({{"post",
                   {{"operationId", "post_users"},
                    {"tags", {"users"}},
                    {"parameters", json::array()},
                    {"responses", {{"200", kOk}, {"default", kError}}}}}}));

  const json& search = paths.at("/search").at("get");
  EXPECT_EQ(search.at("parameters"), json::parse(R"([
    {"name": "limit", "in": "query", "required": false, "description": "page size",
     "schema": {"type": "integer", "format": "int64", "default": 10}},
    {"name": "q", "in": "query", "required": true, "schema": {"type": "string"}},
    {"name": "ratio", "in": "query", "required": false,
     "schema": {"type": "number", "format": "double", "default": 0.5}}
  ])"));
  EXPECT_TRUE(search.at("parameters")[0].at("schema").at("default").is_number_integer());
  EXPECT_TRUE(search.at("parameters")[2].at("schema").at("default").is_number_float());
  EXPECT_EQ(search.at("responses"), json({{"200", kOk}, {"422", kInvalid}, {"default", kError}}));

  EXPECT_EQ(paths.at("/things/{u}/{x}").at("get").at("parameters"), json::parse(R"([
    {"name": "u", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
    {"name": "x", "in": "path", "required": true, "schema": {"type": "number", "format": "double"}}
  ])"));
  EXPECT_TRUE(paths.at("/things/{u}/{x}").at("get").at("responses").contains("422"));
  EXPECT_TRUE(paths.at("/users/{id}/posts/{slug}").at("get").at("responses").contains("422"));
  // str and path parameters accept any segment: no 422.
  const json& files = paths.at("/files/{rest}").at("get");
  EXPECT_EQ(files.at("parameters"),
            json::parse(R"([{"name": "rest", "in": "path", "required": true, "schema": {"type": "string"}}])"));
  EXPECT_FALSE(files.at("responses").contains("422"));

  for (const auto& [path, item] : paths.items()) {
    EXPECT_FALSE(item.contains("head")) << path;
  }
  const json& problem = doc.at("components").at("schemas").at("ProblemDetails");
  EXPECT_EQ(problem.at("type"), "object");
  std::set<std::string> members;
  for (const auto& [name, schema] : problem.at("properties").items()) members.insert(name);
  EXPECT_EQ(members, (std::set<std::string>{"type", "title", "status", "detail", "instance"}));
}

TEST(OpenApi, OperationIdsAreUniqueAndDerivedFromMethodAndPath) {
  Router r;
  add_sample_routes(r);
  RouteOptions takes_derived;
  takes_derived.name = "get_b";
  r.get("/a", ok(), takes_derived);
  r.get("/b", ok());
  r.get("/", ok());
  // Typed variants of one segment share an OpenAPI path and method: the first added is listed.
  r.get("/v/{id:int}", ok());
  r.get("/v/{id}", ok());
  json doc = build_openapi(*r.snapshot(), {});

  std::multiset<std::string> ids;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, op] : item.items()) ids.insert(op.at("operationId").get<std::string>());
  }
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << json(ids).dump();
  const json& paths = doc.at("paths");
  EXPECT_EQ(paths.at("/users/{id}/posts/{slug}").at("get").at("operationId"), "get_users_id_posts_slug");
  EXPECT_EQ(paths.at("/a").at("get").at("operationId"), "get_b");    // a declared name comes first
  EXPECT_EQ(paths.at("/b").at("get").at("operationId"), "get_b_2");  // so the derived one yields
  EXPECT_EQ(paths.at("/").at("get").at("operationId"), "get_root");
  EXPECT_EQ(paths.at("/v/{id}").at("get").at("parameters")[0].at("schema").at("type"), "integer");
}

TEST(OpenApi, ApiVersionListsItsOwnAndUnversionedRoutesOnly) {
  Router r;
  add_sample_routes(r);
  json v1 = build_openapi(*r.snapshot(), {}, "v1");
  json v2 = build_openapi(*r.snapshot(), {}, "v2");
  json v3 = build_openapi(*r.snapshot(), {}, "v3");
  EXPECT_TRUE(v1.at("paths").contains("/v1/items"));
  EXPECT_FALSE(v1.at("paths").contains("/v2/items"));
  EXPECT_TRUE(v2.at("paths").contains("/v2/items"));
  EXPECT_FALSE(v2.at("paths").contains("/v1/items"));
  for (const json* doc : {&v1, &v2, &v3}) EXPECT_TRUE(doc->at("paths").contains("/users/{id}"));
  EXPECT_EQ(path_keys(v3).size(), 6u);
}

TEST(OpenApi, DumpIsByteIdenticalWhateverOrderRoutesWereAddedIn) {
  Router forward, backward;
  add_sample_routes(forward);
  add_sample_routes(backward, /*reversed=*/true);
  std::string once = build_openapi(*forward.snapshot(), {}).dump();
  EXPECT_EQ(once, build_openapi(*forward.snapshot(), {}).dump());
  EXPECT_EQ(once, build_openapi(*backward.snapshot(), {}).dump());
  OpenApiCache cache;
  EXPECT_EQ(once, *cache.get(*forward.snapshot(), {}));
}

TEST(OpenApiCache, RepeatedGetsShareOneDocumentPerVersionAndInfo) {
  Router r;
  add_sample_routes(r);
  OpenApiCache cache;
  auto table = r.snapshot();
  auto first = cache.get(*table, {});
  EXPECT_EQ(cache.builds(), 1u);
  EXPECT_EQ(cache.get(*table, {}), first);  // the same object, not a rebuilt copy
  EXPECT_EQ(cache.builds(), 1u);

  auto v1 = cache.get(*table, {}, "v1");
  EXPECT_EQ(cache.builds(), 2u);
  EXPECT_NE(*v1, *first);
  EXPECT_EQ(cache.get(*table, {}, "v1"), v1);
  EXPECT_EQ(cache.get(*table, {}), first);
  EXPECT_EQ(cache.builds(), 2u);

  OpenApiInfo renamed;
  renamed.title = "renamed";
  auto other = cache.get(*table, renamed);
  EXPECT_EQ(cache.builds(), 3u);
  EXPECT_EQ(json::parse(*other).at("info").at("title"), "renamed");
}

TEST(OpenApiCache, AddingOrRemovingARouteRebuildsTheDocument) {
  Router r;
  add_sample_routes(r);
  OpenApiCache cache;
  EXPECT_FALSE(json::parse(*cache.get(*r.snapshot(), {})).at("paths").contains("/late"));

  RouteId late = r.get("/late", ok());
  EXPECT_TRUE(json::parse(*cache.get(*r.snapshot(), {})).at("paths").contains("/late"));
  EXPECT_EQ(cache.builds(), 2u);
  cache.get(*r.snapshot(), {});
  EXPECT_EQ(cache.builds(), 2u);

  r.remove_route(late);
  EXPECT_FALSE(json::parse(*cache.get(*r.snapshot(), {})).at("paths").contains("/late"));
  EXPECT_EQ(cache.builds(), 3u);
}

TEST(OpenApiCache, StaleSnapshotGetsItsOwnDocumentButDoesNotReplaceTheNewer) {
  Router r;
  add_sample_routes(r);
  auto stale = r.snapshot();
  r.get("/late", ok());
  auto fresh = r.snapshot();
  OpenApiCache cache;

  auto current = cache.get(*fresh, {});
  auto old = cache.get(*stale, {});
  EXPECT_EQ(cache.builds(), 2u);
  EXPECT_FALSE(json::parse(*old).at("paths").contains("/late"));
  EXPECT_EQ(*old, build_openapi(*stale, {}).dump());

  EXPECT_EQ(cache.get(*fresh, {}), current);  // still cached: the stale build did not replace it
  EXPECT_EQ(cache.builds(), 2u);
}

TEST(OpenApiCache, ConcurrentReadersOfAnUpToDateDocumentDoNotRebuild) {
  Router r;
  add_sample_routes(r);
  OpenApiCache cache;
  auto table = r.snapshot();
  auto published = cache.get(*table, {});
  std::atomic<bool> go{false};
  std::atomic<long> other_documents{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (int i = 0; i < 2000; ++i) {
        if (cache.get(*table, {}) != published) other_documents.fetch_add(1);
      }
    });
  }
  go.store(true, std::memory_order_release);
  for (auto& th : readers) th.join();
  EXPECT_EQ(other_documents.load(), 0);
  EXPECT_EQ(cache.builds(), 1u);
}

// The paths a document for `table` must list.
std::set<std::string> listed_paths(const RouteTable& table) {
  std::set<std::string> paths;
  for (const auto& route : table.routes()) {
    if (!route->is_mount && route->options.include_in_schema) paths.insert(openapi_path(route->pattern));
  }
  return paths;
}

// Every document matches the snapshot it was asked for, even while routes churn and
// readers with stale snapshots race readers with fresh ones to publish.
TEST(OpenApiCache, ConcurrentReadersGetTheDocumentOfTheirSnapshotWhileRoutesChurn) {
  if (!kFreeThreaded) GTEST_SKIP() << "needs real locks (the GIL build serialises requests instead)";
  Router r;
  r.get("/stable/{id:int}", ok());
  OpenApiCache cache;
  std::atomic<bool> go{false}, stop{false};
  std::atomic<long> fetched{0}, unparsable{0}, torn{0}, wrong_generation{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      auto check = [&](const RouteTable& table) {
        json doc = json::parse(*cache.get(table, {}), nullptr, /*allow_exceptions=*/false);
        if (doc.is_discarded()) {
          unparsable.fetch_add(1);
          return;
        }
        std::set<std::string> paths = path_keys(doc);
        // Includes add a and b together; removals drop a first, then b: never a alone.
        if (paths.contains("/pair/a") && !paths.contains("/pair/b")) torn.fetch_add(1);
        if (paths != listed_paths(table) || !paths.contains("/stable/{id}")) wrong_generation.fetch_add(1);
        fetched.fetch_add(1);
      };
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      auto previous = r.snapshot();
      while (!stop.load(std::memory_order_acquire)) {
        auto table = r.snapshot();
        check(*table);
        check(*previous);  // most likely stale by now, racing the fresh readers
        previous = std::move(table);
      }
    });
  }
  go.store(true, std::memory_order_release);
  Router pair;
  pair.get("/a", ok());
  pair.get("/b", ok());
  // After each change, let the readers fetch a few documents, so that every generation is
  // seen and readers' previous snapshots really are stale.
  auto let_readers_fetch = [&] {
    long seen = fetched.load();
    while (fetched.load() < seen + 4) std::this_thread::yield();
  };
  for (int i = 0; i < 60; ++i) {
    auto ids = r.include_router(pair, "/pair");
    let_readers_fetch();
    for (RouteId id : ids) {
      r.remove_route(id);
      let_readers_fetch();
    }
  }
  stop.store(true, std::memory_order_release);
  for (auto& th : readers) th.join();
  EXPECT_GT(fetched.load(), 0);
  EXPECT_EQ(unparsable.load(), 0);
  EXPECT_EQ(torn.load(), 0) << "a document showed half of an include";
  EXPECT_EQ(wrong_generation.load(), 0) << "a document did not match the snapshot it was built for";

  // Once quiet, the newest document stays cached.
  auto latest = cache.get(*r.snapshot(), {});
  auto builds = cache.builds();
  EXPECT_EQ(cache.get(*r.snapshot(), {}), latest);
  EXPECT_EQ(cache.builds(), builds);
}

}  // namespace
}  // namespace hawk
