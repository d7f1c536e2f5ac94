#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "hawk/hawk.h"

namespace hawk {
namespace {

using namespace std::chrono_literals;

Handler text(std::string body) {
  return [body](Request&) { return Response::text(body); };
}

TEST(App, TypedPathParamsReachTheHandler) {
  App app;
  app.get("/users/{id:int}/files/{name}", [](Request& r) {
    return Response::json({{"id", r.params.get<std::int64_t>("id")}, {"name", r.params.get<std::string>("name")},
                           {"pattern", r.route_pattern}});
  });
  TestClient client(app);
  Response r = client.get("/users/7/files/a%20b");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json_body(), (nlohmann::json{{"id", 7}, {"name", "a b"}, {"pattern", "/users/{id:int}/files/{name}"}}));
}

TEST(App, HeadAnswersLikeGetWithoutABody) {
  App app;
  app.get("/hello", text("hello world"));
  TestClient client(app);
  Response r = client.head("/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.headers.get("content-length"), "11");
}

TEST(App, ErrorsAreProblemDetails) {
  App app;
  app.get("/items/{id:int}", text("item"));
  app.post("/items/{id:int}", text("created"));
  app.get("/boom", [](Request&) -> Response { throw std::runtime_error("secret detail"); });
  app.get("/teapot", [](Request&) -> Response { throw HttpError(418, "short and stout", {{"pot", "tea"}}); });
  TestClient client(app);

  Response nf = client.get("/nothing");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.headers.get("content-type"), "application/problem+json");
  EXPECT_EQ(nf.json_body()["status"], 404);

  Response na = client.del("/items/3");
  EXPECT_EQ(na.status, 405);
  EXPECT_EQ(na.headers.get("allow"), "GET, HEAD, POST");

  Response bad = client.get("/items/three");
  EXPECT_EQ(bad.status, 422);
  auto errors = bad.json_body()["errors"];
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["loc"], (nlohmann::json{"path", "id"}));
  EXPECT_EQ(errors[0]["input"], "three");

  Response boom = client.get("/boom");
  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.json_body()["detail"].get<std::string>().find("secret"), std::string::npos)
      << "exception text must not leak without debug";

  Response tea = client.get("/teapot");
  EXPECT_EQ(tea.status, 418);
  EXPECT_EQ(tea.json_body()["detail"], "short and stout");
  EXPECT_EQ(tea.json_body()["pot"], "tea");

  EXPECT_EQ(client.get("/items/%zz").status, 400);
  EXPECT_EQ(client.get("relative").status, 400);
}

TEST(App, DebugModeShowsTheExceptionMessage) {
  AppOptions options;
  options.debug = true;
  App app(options);
  app.get("/boom", [](Request&) -> Response { throw std::runtime_error("disk on fire"); });
  EXPECT_EQ(TestClient(app).get("/boom").json_body()["detail"], "disk on fire");
}

TEST(App, QueryParamsAreValidatedAndTyped) {
  App app;
  RouteOptions options;
  options.query = {{"limit", ParamType::Int, false, "10", ""},
                   {"q", ParamType::Str, true, std::nullopt, ""},
                   {"ratio", ParamType::Float, false, std::nullopt, ""}};
  app.get("/search", [](Request& r) {
    nlohmann::json out = {{"limit", r.params.get<std::int64_t>("limit")}, {"q", r.params.get<std::string>("q")}};
    out["has_ratio"] = r.params.contains("ratio");
    return Response::json(out);
  }, options);
  TestClient client(app);
  EXPECT_EQ(client.get("/search?q=cats").json_body(), (nlohmann::json{{"limit", 10}, {"q", "cats"}, {"has_ratio", false}}));
  EXPECT_EQ(client.get("/search?q=&limit=3&ratio=0.5").json_body(),
            (nlohmann::json{{"limit", 3}, {"q", ""}, {"has_ratio", true}}));
  Response bad = client.get("/search?limit=ten&ratio=x");
  ASSERT_EQ(bad.status, 422);
  auto errors = bad.json_body()["errors"];
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0]["loc"], (nlohmann::json{"query", "limit"}));
  EXPECT_EQ(errors[1]["msg"], "field required");
  EXPECT_EQ(errors[2]["loc"], (nlohmann::json{"query", "ratio"}));
}

TEST(App, OpenApiDocumentFollowsTheRoutes) {
  AppOptions options;
  options.info.title = "pets";
  App app(options);
  app.get("/pets/{id:int}", text("pet"));
  TestClient client(app);
  Response r = client.get("/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("content-type"), "application/json");
  auto doc = r.json_body();
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["title"], "pets");
  EXPECT_TRUE(doc["paths"].contains("/pets/{id}"));
  EXPECT_FALSE(doc["paths"].contains("/openapi.json"));
  RouteId owners = app.get("/owners", text("owners"));
  EXPECT_TRUE(client.get("/openapi.json").json_body()["paths"].contains("/owners"));
  app.remove_route(owners);
  EXPECT_FALSE(client.get("/openapi.json").json_body()["paths"].contains("/owners"));
}

struct Database {
  std::atomic<int> queries{0};
};
struct Session {
  explicit Session(std::shared_ptr<Database> d) : db(std::move(d)) {}
  std::shared_ptr<Database> db;
};

TEST(App, EachRequestGetsItsOwnScopeTornDownAfterTheResponse) {
  App app;
  std::atomic<int> torn_down{0};
  app.container().add_singleton<Database>([](Resolver&) { return std::make_shared<Database>(); });
  app.container().add_scoped<Session>(
      [](Resolver& r) { return std::make_shared<Session>(r.resolve<Database>()); },
      [&](Session&) { torn_down.fetch_add(1); });
  int served = 0;
  app.get("/q", [&](Request& req) {
    const int torn_down_before = torn_down.load();
    auto a = req.scope().resolve<Session>();
    auto b = req.scope().resolve<Session>();
    EXPECT_EQ(a, b) << "scoped: one per request";
    a->db->queries.fetch_add(1);
    EXPECT_EQ(torn_down_before, served) << "earlier requests' sessions are gone";
    EXPECT_EQ(torn_down.load(), served) << "this request's session lives until the response";
    ++served;
    return Response::text("ok");
  });
  TestClient client(app);
  EXPECT_EQ(client.get("/q").status, 200);
  EXPECT_EQ(client.get("/q").status, 200);
  EXPECT_EQ(torn_down.load(), 2);
  EXPECT_EQ(app.container().resolve<Database>()->queries.load(), 2);
}

TEST(App, MiddlewareWrapsEveryRequestOutermostFirst) {
  App app;
  app.get("/x", text("x"));
  auto metrics = std::make_shared<Metrics>();
  app.use(std::make_shared<MetricsMiddleware>(metrics));
  app.use([](Request& r, const Next& next) {
    Response res = next(r);
    res.headers.set("x-inner", "1");
    return res;
  });
  TestClient client(app);
  EXPECT_EQ(client.get("/x").headers.get("x-inner"), "1");
  EXPECT_EQ(client.get("/missing").status, 404);
  auto snap = metrics->snapshot();
  EXPECT_EQ(snap.requests, 2u);
  EXPECT_EQ(snap.in_flight, 0);
  EXPECT_EQ(app.middleware().builds(), 1u);
}

TEST(App, MountedAppSeesTheRestOfThePath) {
  auto admin = std::make_shared<App>();
  admin->get("/users/{id:int}", [](Request& r) {
    return Response::json({{"path", r.path}, {"root", r.root_path}, {"id", r.params.get<std::int64_t>("id")}});
  });
  App app;
  app.mount("/admin", admin);
  TestClient client(app);
  Response r = client.get("/admin/users/3");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json_body(), (nlohmann::json{{"path", "/users/3"}, {"root", "/admin"}, {"id", 3}}));
  EXPECT_EQ(client.get("/admin/nope").status, 404);
}

TEST(App, HandlersMayAddAndRemoveRoutesWhileServing) {
  App app;
  RouteId self = 0;
  self = app.get("/once", [&](Request&) {
    app.remove_route(self);  // its own route: the running match keeps it alive
    app.get("/added", text("added at runtime"));
    return Response::text("once");
  });
  TestClient client(app);
  EXPECT_EQ(client.get("/once").body, "once");
  EXPECT_EQ(client.get("/once").status, 404);
  EXPECT_EQ(client.get("/added").body, "added at runtime");
}

TEST(App, ShutdownWaitsForInFlightRequestsAndRefusesNewOnes) {
  App app;
  std::atomic<bool> entered{false}, release{false};
  app.get("/slow", [&](Request&) {
    entered.store(true);
    while (!release.load()) std::this_thread::sleep_for(1ms);
    return Response::text("done");
  });
  app.get("/fast", text("fast"));
  Response slow;
  std::thread worker([&] { slow = TestClient(app).get("/slow"); });
  while (!entered.load()) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(app.in_flight(), 1);
  EXPECT_FALSE(app.shutdown(20ms)) << "a request is still running";
  EXPECT_FALSE(app.accepting());
  if (kFreeThreaded) {  // the GIL build would wait for /slow to release the interpreter lock
    EXPECT_EQ(TestClient(app).get("/fast").status, 503);
  }
  release.store(true);
  EXPECT_TRUE(app.shutdown(5s));
  worker.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, "done");
  EXPECT_EQ(app.in_flight(), 0);
}

// Many threads serve while another adds and removes routes: stable routes always answer,
// and the metrics count every request exactly once.
TEST(App, ServesFromManyThreadsWhileRoutesChange) {
  App app;
  auto metrics = std::make_shared<Metrics>();
  app.use(std::make_shared<MetricsMiddleware>(metrics));
  app.get("/stable/{id:int}", [](Request& r) { return Response::text(std::to_string(r.params.get<std::int64_t>("id"))); });
  constexpr int kThreads = 4, kRequests = 2000;
  std::atomic<bool> go{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      TestClient client(app, "client-" + std::to_string(t));
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (int i = 0; i < kRequests; ++i) {
        Response r = client.get("/stable/" + std::to_string(i));
        if (r.status != 200 || r.body != std::to_string(i)) wrong.fetch_add(1);
        int churn = client.get("/churn").status;
        if (churn != 200 && churn != 404) wrong.fetch_add(1);
      }
    });
  }
  go.store(true, std::memory_order_release);
  for (int i = 0; i < 200; ++i) {
    RouteId id = app.get("/churn", text("churn"));
    std::this_thread::yield();
    app.remove_route(id);
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(metrics->snapshot().requests, std::uint64_t{kThreads} * kRequests * 2);
  EXPECT_EQ(metrics->snapshot().in_flight, 0);
}

}  // namespace
}  // namespace hawk
