// App::handle end to end: ~100 routes, metrics and a header-setting middleware, a DI
// singleton and a scoped dependency per request; from 1 and 2 threads.
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "hawk/hawk.h"

namespace {

struct Config {
  std::string greeting = "hello";
};
struct RequestContext {
  explicit RequestContext(std::shared_ptr<Config> c) : config(std::move(c)) {}
  std::shared_ptr<Config> config;
};

struct Fixture {
  hawk::App app;
  std::vector<hawk::Request> requests;

  Fixture() {
    app.container().add_singleton<Config>([](hawk::Resolver&) { return std::make_shared<Config>(); });
    app.container().add_scoped<RequestContext>(
        [](hawk::Resolver& r) { return std::make_shared<RequestContext>(r.resolve<Config>()); });
    app.use(std::make_shared<hawk::MetricsMiddleware>(std::make_shared<hawk::Metrics>()));
    app.use([](hawk::Request& r, const hawk::Next& next) {
      hawk::Response res = next(r);
      res.headers.set("x-served-by", "hawk");
      return res;
    });
    hawk::Handler handler = [](hawk::Request& r) {
      auto ctx = r.scope().resolve<RequestContext>();
      const hawk::ParamValue* id = r.params.find("id");
      return hawk::Response::json({{"greeting", ctx->config->greeting},
                                   {"id", id != nullptr ? std::get<std::int64_t>(*id) : 0}});
    };
    for (int i = 0; i < 50; ++i) {
      std::string base = "/api/r" + std::to_string(i);
      app.get(base, handler);
      app.get(base + "/{id:int}", handler);
      requests.push_back(hawk::Request::from_target(hawk::Method::Get, base + "/" + std::to_string(i)));
      requests.push_back(hawk::Request::from_target(hawk::Method::Get, base));
    }
  }
};

Fixture& fixture() {
  static Fixture f;  // thread-safe static init; App itself is safe to share
  return f;
}

void BM_AppHandle(benchmark::State& state) {
  Fixture& f = fixture();
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 13;
  for (auto _ : state) {
    hawk::Response r = f.app.handle(f.requests[i % f.requests.size()]);
    if (r.status != 200) state.SkipWithError("unexpected status");
    benchmark::DoNotOptimize(r.body.data());
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AppHandle)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
