// hawk-example-server: a small libhawk app served over HTTP.
//   hawk-example-server [--port N] [--threads N] [--rate R]
// Stops gracefully on SIGINT / SIGTERM (Ctrl-C).
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <memory>
#include <string>
#include <string_view>

#include "hawk/hawk.h"
#include "hawk/serve/serve.h"
#include "hawk/threading/mutex.h"

namespace {

// Singleton: one for the whole process, shared by every request thread.
class Greeter {
 public:
  std::string greet(std::string_view name) {
    greetings_.fetch_add(1, std::memory_order_relaxed);
    return "hello, " + std::string(name) + "!";
  }
  std::int64_t greetings() const { return greetings_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> greetings_{0};
};

// Scoped: one per request, built on first use inside it.
struct RequestContext {
  std::int64_t id;
};
std::atomic<std::int64_t> next_request_id{1};

// The routes added at runtime through /admin/routes, by path.
class DynamicRoutes {
 public:
  explicit DynamicRoutes(hawk::App& app) : app_(app) {}
  // Adds GET `path` answering `text`; false when the path is taken.
  std::optional<hawk::RouteId> add(const std::string& path, std::string text) {
    hawk::MutexLock lock(mu_);
    if (ids_.contains(path)) return std::nullopt;
    hawk::RouteId id = app_.get(path, [text = std::move(text)](hawk::Request&) { return hawk::Response::text(text); });
    ids_.emplace(path, id);
    return id;
  }
  bool remove(const std::string& path) {
    hawk::MutexLock lock(mu_);
    auto it = ids_.find(path);
    if (it == ids_.end()) return false;
    app_.remove_route(it->second);
    ids_.erase(it);
    return true;
  }

 private:
  hawk::App& app_;
  hawk::Mutex mu_;
  std::map<std::string, hawk::RouteId> ids_ GUARDED_BY(mu_);
};

int arg_int(int argc, char** argv, std::string_view flag, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == flag) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  hawk::AppOptions app_options;
  app_options.info.title = "hello";
  app_options.info.version = "1.0";
  hawk::App app(app_options);

  app.container().add_singleton<Greeter>([](hawk::Resolver&) { return std::make_shared<Greeter>(); });
  app.container().add_scoped<RequestContext>([](hawk::Resolver&) {
    return std::make_shared<RequestContext>(RequestContext{next_request_id.fetch_add(1)});
  });

  auto metrics = std::make_shared<hawk::Metrics>();
  const double rate = arg_int(argc, argv, "--rate", 1000);
  app.use(std::make_shared<hawk::MetricsMiddleware>(metrics));
  app.use(std::make_shared<hawk::RateLimitMiddleware>(
      hawk::RateLimitOptions{.rate_per_second = rate, .burst = rate}));

  app.get("/", [](hawk::Request&) { return hawk::Response::text("hello from hawk\n"); });
  app.get("/hello/{name}", [](hawk::Request& req) {
    auto greeter = req.scope().resolve<Greeter>();
    auto context = req.scope().resolve<RequestContext>();
    return hawk::Response::json({{"message", greeter->greet(req.params.get<std::string>("name"))},
                                 {"request_id", context->id}});
  });
  hawk::RouteOptions paging;
  hawk::QueryParamSpec limit;
  limit.name = "limit";
  limit.type = hawk::ParamType::Int;
  limit.default_value = "10";
  paging.query = {limit};
  app.get("/items/{id:int}", [](hawk::Request& req) {
    return hawk::Response::json({{"id", req.params.get<std::int64_t>("id")},
                                 {"limit", req.params.get<std::int64_t>("limit")}});
  }, paging);
  app.get("/metrics", [metrics](hawk::Request&) {
    hawk::Response r = hawk::Response::text(metrics->render_prometheus());
    r.headers.set("content-type", "text/plain; version=0.0.4");
    return r;
  });

  // Runtime routes: POST /admin/routes {"path": "/x", "text": "..."}; DELETE /admin/routes?path=/x
  auto dynamic = std::make_shared<DynamicRoutes>(app);
  app.post("/admin/routes", [dynamic](hawk::Request& req) {
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("path") || !body["path"].is_string()) {
      throw hawk::HttpError(400, "expected {\"path\": \"/...\", \"text\": \"...\"}");
    }
    std::optional<hawk::RouteId> id;
    try {
      id = dynamic->add(body["path"].get<std::string>(), body.value("text", std::string("ok")));
    } catch (const std::invalid_argument& e) {  // a bad pattern, or one clashing with a static route
      throw hawk::HttpError(400, e.what());
    }
    if (!id) throw hawk::HttpError(409, "route exists");
    return hawk::Response::json({{"id", *id}, {"path", body["path"]}}, 201);
  });
  app.del("/admin/routes", [dynamic](hawk::Request& req) {
    auto path = req.query_value("path");
    if (!path || !dynamic->remove(std::string(*path))) throw hawk::HttpError(404, "no such runtime route");
    hawk::Response none;
    none.status = 204;
    return none;
  });

  hawk::ServeOptions options;
  options.port = arg_int(argc, argv, "--port", 8000);
  options.threads = static_cast<std::size_t>(arg_int(argc, argv, "--threads", 8));
  options.on_listening = [](const hawk::Server& s) {
    std::printf("hawk-example-server listening on http://%s:%d (Ctrl-C stops)\n", s.host().c_str(), s.port());
    std::fflush(stdout);
  };
  const bool drained = hawk::serve(app, options);
  std::printf("stopped%s\n", drained ? "" : " (some requests were still running)");
  return drained ? 0 : 1;
}
