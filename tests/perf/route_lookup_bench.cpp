// Route lookup over ~100 routes with literal, typed and string parameters, from 1 and 2
// threads sharing one Router (lookups take no lock: the scaling should be near linear).
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "hawk/routing/router.h"

namespace {

struct Fixture {
  hawk::Router router;
  std::vector<std::string> paths;

  Fixture() {
    hawk::Handler ok = [](hawk::Request&) { return hawk::Response::text("ok"); };
    const char* resources[] = {"users", "orders", "products", "invoices", "teams",
                               "projects", "tickets", "files", "events", "reports"};
    for (const char* res : resources) {
      std::string base = std::string("/api/v1/") + res;
      router.get(base, ok);
      router.post(base, ok);
      router.get(base + "/{id:int}", ok);
      router.put(base + "/{id:int}", ok);
      router.del(base + "/{id:int}", ok);
      router.get(base + "/{id:int}/history", ok);
      router.get(base + "/{id:int}/items/{item:uuid}", ok);
      router.get(base + "/by-name/{name}", ok);
      router.get(base + "/search", ok);
      router.get(base + "/stats/{period:float}", ok);
      paths.push_back(base);
      paths.push_back(base + "/42");
      paths.push_back(base + "/42/history");
      paths.push_back(base + "/7/items/123e4567-e89b-12d3-a456-426614174000");
      paths.push_back(base + "/by-name/alice");
      paths.push_back(base + "/stats/1.5");
    }
  }
};

const Fixture& fixture() {
  static const Fixture f;  // thread-safe static init: built once, shared by all threads
  return f;
}

void BM_RouteLookup(benchmark::State& state) {
  const Fixture& f = fixture();
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7;
  for (auto _ : state) {
    hawk::RouteMatch m = f.router.match(hawk::Method::Get, f.paths[i % f.paths.size()]);
    benchmark::DoNotOptimize(m.result.route);
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RouteLookup)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
