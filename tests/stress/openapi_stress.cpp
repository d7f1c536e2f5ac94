// OpenAPI under ThreadSanitizer: documents read on many threads, for several API versions,
// while routes are added and removed. Every document must describe one complete route set
// that really existed, and the cache must never hand out another table's document.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "harness/activity.h"
#include "harness/per_thread.h"
#include "harness/stress_run.h"
#include "hawk/app/app.h"
#include "hawk/app/test_client.h"
#include "hawk/openapi/openapi.h"

namespace hawk {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using stress::Activity;
using stress::PerThread;
using stress::Worker;

constexpr int kGroups = 6;
const std::array<std::string, 3> kVersions = {"", "v1", "v2"};

// One route of a group as the document shows it.
struct GroupRoute {
  Method method;
  std::string pattern;      // as registered
  std::string doc_path;     // as in the document
  std::string api_version;  // empty: in every version's document
};

std::string group_path(int k) { return "/g" + std::to_string(k); }

// In the order the writer removes them: a document may show any suffix of this list (the
// group is added whole by include_router, then removed from the front), never a gap.
std::vector<GroupRoute> group_routes(int k) {
  const std::string g = group_path(k);
  return {{Method::Get, g + "/items", g + "/items", ""},
          {Method::Post, g + "/items", g + "/items", "v1"},
          {Method::Get, g + "/items/{id:int}", g + "/items/{id}", "v2"},
          {Method::Put, g + "/items/{id:int}", g + "/items/{id}", "v1"},
          {Method::Delete, g + "/items/{id:int}", g + "/items/{id}", ""}};
}

bool listed_in(const GroupRoute& r, const std::string& version) {
  return version.empty() || r.api_version.empty() || r.api_version == version;
}

std::unique_ptr<Router> group_template(int k) {
  auto router = std::make_unique<Router>();
  for (const GroupRoute& r : group_routes(k)) {
    RouteOptions options;
    options.api_version = r.api_version;
    options.tags = {"group" + std::to_string(k)};
    router->add_route(
        r.method, r.pattern, [](Request&) { return Response::text("ok"); }, options);
  }
  RouteOptions hidden;
  hidden.include_in_schema = false;
  router->get(
      group_path(k) + "/hidden", [](Request&) { return Response::text("hidden"); }, hidden);
  return router;
}

bool has_operation(const json& doc, const std::string& path, Method method) {
  const auto p = doc["paths"].find(path);
  if (p == doc["paths"].end()) return false;
  std::string m(to_string(method));
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return p->contains(m);
}

// Problems with a document for `version`: each group shows a suffix of its routes (those
// listed for the version), nothing of other versions, nothing hidden, the stable route.
std::vector<std::string> document_problems(const std::string& text, const std::string& version) {
  std::vector<std::string> problems;
  const json doc = json::parse(text, nullptr, false);
  const std::string what = "document for version '" + version + "'";
  if (doc.is_discarded() || doc.value("openapi", "") != "3.1.0" || !doc.contains("paths")) {
    return {what + " is not an OpenAPI 3.1 document"};
  }
  if (!has_operation(doc, "/stable/{id}", Method::Get)) problems.push_back(what + ": stable route missing");
  for (int k = 0; k < kGroups; ++k) {
    std::vector<bool> shown;
    for (const GroupRoute& r : group_routes(k)) {
      const bool present = has_operation(doc, r.doc_path, r.method);
      if (listed_in(r, version)) {
        shown.push_back(present);
      } else if (present) {
        problems.push_back(what + ": lists " + r.pattern + " of version " + r.api_version);
      }
    }
    const auto first = std::find(shown.begin(), shown.end(), true);
    if (std::find(first, shown.end(), false) != shown.end()) {
      problems.push_back(what + ": group " + std::to_string(k) + " is torn (no complete route set)");
    }
    if (doc["paths"].contains(group_path(k) + "/hidden")) problems.push_back(what + ": lists a hidden route");
  }
  return problems;
}

// One writer step on `router`: add a whole group of its own, or remove the next route of one.
void writer_step(Worker& w, Router& router, const std::vector<std::unique_ptr<Router>>& templates,
                 std::vector<std::vector<RouteId>>& ids, int writers) {
  const int k = w.index() + writers * static_cast<int>(w.random().below(kGroups / writers));
  auto& group = ids[static_cast<std::size_t>(k)];
  if (group.empty()) {
    group = router.include_router(*templates[static_cast<std::size_t>(k)]);  // the hidden route goes last
  } else {
    w.check(router.remove_route(group.front()), "a group route vanished");
    group.erase(group.begin());
  }
}

TEST(OpenApiStress, DocumentsAlwaysShowCompleteRouteSets) {
  constexpr int kThreads = 5;
  constexpr int kWriters = 2;
  App app({.info = {.title = "stress", .version = "1", .description = ""}});
  app.get("/stable/{id:int}", [](Request&) { return Response::text("stable"); });
  std::vector<std::unique_ptr<Router>> templates;
  for (int k = 0; k < kGroups; ++k) templates.push_back(group_template(k));
  Activity writes;
  struct Stats {
    std::uint64_t reads = 0;
    std::uint64_t reads_during_writes = 0;
    std::set<std::size_t> distinct;  // hashes of the documents seen
  };
  PerThread<Stats> stats(kThreads);

  const auto report = stress::run_stress(
      {.name = "openapi: documents while routes change", .threads = kThreads, .budget = 2500ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        if (w.index() < kWriters) {
          std::vector<std::vector<RouteId>> ids(kGroups);
          while (w.next()) {
            const auto active = writes.enter();
            writer_step(w, app.router(), templates, ids, kWriters);
            w.maybe_yield();
          }
          return;
        }
        TestClient client(app);
        while (w.next()) {
          const std::string& version = kVersions[w.random().below(kVersions.size())];
          const bool during = writes.busy();
          std::string text;
          if (w.random().chance(0.5)) {
            const Response r = client.get(version.empty() ? "/openapi.json" : "/openapi.json?version=" + version);
            w.check(r.status == 200, "GET /openapi.json answered " + std::to_string(r.status));
            text = r.body;
          } else {
            text = *app.openapi_json(version);
          }
          ++s.reads;
          if (during || writes.busy()) ++s.reads_during_writes;
          s.distinct.insert(std::hash<std::string>{}(text));
          for (std::string& p : document_problems(text, version)) w.fail(std::move(p));
          w.maybe_yield();
        }
      });
  report.expect_healthy();

  const auto reads = stats.sum([](const Stats& s) { return s.reads; });
  const auto during = stats.sum([](const Stats& s) { return s.reads_during_writes; });
  std::printf("[stress]   %llu documents read, %llu during a write\n", static_cast<unsigned long long>(reads),
              static_cast<unsigned long long>(during));
  EXPECT_GT(during, 0u) << "no document was read while routes changed";
  for (int t = kWriters; t < kThreads; ++t) {
    EXPECT_GT(stats[t].distinct.size(), 1u) << "reader " << t << " always saw the same document";
  }
  for (const std::string& version : kVersions) {
    for (const std::string& p : document_problems(*app.openapi_json(version), version)) ADD_FAILURE() << "final: " << p;
  }
}

// The cache itself: whatever table a reader hands it — the current one, or an older one it
// kept — it must answer with exactly that table's document for that version and info.
TEST(OpenApiStress, CacheAnswersForTheTableAsked) {
  constexpr int kThreads = 5;
  constexpr int kWriters = 2;
  Router router;
  router.get("/stable/{id:int}", [](Request&) { return Response::text("stable"); });
  std::vector<std::unique_ptr<Router>> templates;
  for (int k = 0; k < kGroups; ++k) templates.push_back(group_template(k));
  OpenApiCache cache;
  const std::array<OpenApiInfo, 2> infos = {OpenApiInfo{.title = "a", .version = "1", .description = ""},
                                            OpenApiInfo{.title = "b", .version = "2", .description = ""}};
  std::atomic<std::uint64_t> gets{0};
  struct Stats {
    std::uint64_t verified = 0;
    std::uint64_t stale_reads = 0;  // reads for a table older than the router's current one
  };
  PerThread<Stats> stats(kThreads);

  const auto report = stress::run_stress(
      {.name = "openapi: cache keyed by table", .threads = kThreads, .budget = 2000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        if (w.index() < kWriters) {
          std::vector<std::vector<RouteId>> ids(kGroups);
          while (w.next()) {
            writer_step(w, router, templates, ids, kWriters);
            w.maybe_yield();
          }
          return;
        }
        std::shared_ptr<const RouteTable> kept = router.snapshot();
        while (w.next()) {
          // Mostly the current table; sometimes one kept from earlier, now likely stale.
          std::shared_ptr<const RouteTable> table = w.random().chance(0.2) ? kept : router.snapshot();
          if (w.random().chance(0.1)) kept = router.snapshot();
          const std::string& version = kVersions[w.random().below(kVersions.size())];
          const OpenApiInfo& info = infos[w.random().below(infos.size())];
          const std::shared_ptr<const std::string> doc = cache.get(*table, info, version);
          gets.fetch_add(1, std::memory_order_relaxed);
          if (table->generation() < router.snapshot()->generation()) ++s.stale_reads;
          if (w.random().chance(0.3)) {
            w.check(*doc == build_openapi(*table, info, version).dump(),
                    "cache answered generation " + std::to_string(table->generation()) + " version '" + version +
                        "' with another document");
            ++s.verified;
          }
          w.maybe_yield();
        }
      });
  report.expect_healthy();

  std::printf("[stress]   %llu gets, %llu builds, %llu verified, %llu for a stale table\n",
              static_cast<unsigned long long>(gets.load()), static_cast<unsigned long long>(cache.builds()),
              static_cast<unsigned long long>(stats.sum([](const Stats& s) { return s.verified; })),
              static_cast<unsigned long long>(stats.sum([](const Stats& s) { return s.stale_reads; })));
  EXPECT_LT(cache.builds(), gets.load()) << "the cache never served a document twice";
  EXPECT_GT(stats.sum([](const Stats& s) { return s.stale_reads; }), 0u) << "no read raced a route change";
}

}  // namespace
}  // namespace hawk
