// Routing under ThreadSanitizer: lookups on many threads while routes are added and removed,
// by writer threads and by handlers from inside a request. Every lookup is checked against
// the table it was answered from, and every table against the states its writers went
// through.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/activity.h"
#include "harness/per_thread.h"
#include "harness/stress_run.h"
#include "hawk/routing/router.h"

namespace hawk {
namespace {

using namespace std::chrono_literals;
using stress::Activity;
using stress::PerThread;
using stress::StressOptions;
using stress::Worker;

constexpr int kGroups = 8;  // route groups, each owned by one writer
constexpr int kFlips = 4;   // handler-toggled pairs /flip/k <-> /flop/k

Handler answers_with(std::string pattern) {
  return [pattern = std::move(pattern)](Request&) { return Response::text(pattern); };
}

std::string group_path(int k) { return "/g" + std::to_string(k); }

// A group's routes, in the order its writer removes them: a table may hold any suffix of
// this list (added whole by include_router, then removed from the front), never a gap.
std::vector<std::pair<Method, std::string>> group_routes(int k) {
  const std::string g = group_path(k);
  return {{Method::Get, g + "/items"},
          {Method::Post, g + "/items"},
          {Method::Get, g + "/items/{id:int}"},
          {Method::Delete, g + "/items/{id:int}"}};
}

// The template a writer include_router()s to add group k in one step.
std::unique_ptr<Router> group_template(int k) {
  auto r = std::make_unique<Router>();
  for (const auto& [method, pattern] : group_routes(k)) r->add_route(method, pattern, answers_with(pattern));
  r->mount(group_path(k) + "/static", answers_with("mount"));  // removed last
  return r;
}

// One path to look up, with the pattern it belongs to.
struct Probe {
  std::string path;
  std::string pattern;
  bool valid = true;   // false: a typed segment that does not conform (422 shape)
  bool mount = false;  // a path under a mount
  std::string mount_rest;
  std::optional<std::int64_t> id;
};

Probe random_probe(stress::Random& rnd) {
  const int k = static_cast<int>(rnd.below(kGroups));
  const std::int64_t n = static_cast<std::int64_t>(rnd.below(1000));
  switch (rnd.below(7)) {
    case 0:
      return {"/stable/" + std::to_string(n), "/stable/{id:int}", true, false, "", n};
    case 1:
      return {"/stable/x" + std::to_string(n), "/stable/{id:int}", false, false, "", std::nullopt};
    case 2:
      return {group_path(k) + "/items", group_path(k) + "/items", true, false, "", std::nullopt};
    case 3:
      return {group_path(k) + "/items/" + std::to_string(n), group_path(k) + "/items/{id:int}", true, false, "", n};
    case 4:
      return {group_path(k) + "/items/n" + std::to_string(n),
              group_path(k) + "/items/{id:int}",
              false,
              false,
              "",
              std::nullopt};
    case 5:
      return {group_path(k) + "/static/f" + std::to_string(n),
              group_path(k) + "/static",
              true,
              true,
              "/f" + std::to_string(n),
              std::nullopt};
    default: {
      const std::string flip = (rnd.below(2) == 0 ? "/flip/" : "/flop/") + std::to_string(k % kFlips);
      return {flip, flip, true, false, "", std::nullopt};
    }
  }
}

Method random_method(stress::Random& rnd) {
  static constexpr std::array<Method, 5> kMethods = {Method::Get, Method::Get, Method::Head, Method::Post,
                                                     Method::Delete};
  return kMethods[rnd.below(kMethods.size())];
}

// What `table` must answer for `probe`, worked out from its route list alone.
struct Expected {
  LookupResult::Kind kind = LookupResult::Kind::NotFound;
  std::string allow;
};

Expected expected_answer(const RouteTable& table, Method method, const Probe& probe) {
  std::uint32_t methods = 0;
  bool mounted = false;
  for (const auto& r : table.routes()) {
    if (r->pattern != probe.pattern) continue;
    if (r->is_mount) {
      mounted = true;
    } else {
      methods |= 1u << static_cast<unsigned>(r->method);
    }
  }
  auto has = [&](Method m) { return (methods & (1u << static_cast<unsigned>(m))) != 0; };
  if (probe.mount) return {mounted ? LookupResult::Kind::Found : LookupResult::Kind::NotFound, ""};
  const bool routed = has(method) || (method == Method::Head && has(Method::Get));
  if (!probe.valid) return {routed ? LookupResult::Kind::InvalidParam : LookupResult::Kind::NotFound, ""};
  if (routed) return {LookupResult::Kind::Found, ""};
  if (methods == 0) return {LookupResult::Kind::NotFound, ""};
  Expected e{LookupResult::Kind::MethodNotAllowed, ""};
  for (Method m : kAllMethods) {
    if (!has(m) && !(m == Method::Head && has(Method::Get))) continue;
    if (!e.allow.empty()) e.allow += ", ";
    e.allow += to_string(m);
  }
  return e;
}

std::string describe(Method m, const Probe& p) { return std::string(to_string(m)) + " " + p.path; }

// Checks one lookup against the table that answered it, then runs the handler as App would.
void check_lookup(Worker& w, const RouteMatch& match, Method method, const Probe& probe) {
  const Expected want = expected_answer(*match.table, method, probe);
  const LookupResult& got = match.result;
  if (!w.check(got.kind == want.kind, describe(method, probe) + ": answer not from its table (kind " +
                                          std::to_string(static_cast<int>(got.kind)) + ", table says " +
                                          std::to_string(static_cast<int>(want.kind)) + ")")) {
    return;
  }
  if (got.kind == LookupResult::Kind::MethodNotAllowed) {
    w.check(got.allow == want.allow,
            describe(method, probe) + ": Allow '" + got.allow + "', table says '" + want.allow + "'");
  }
  if (got.kind != LookupResult::Kind::Found) return;
  const auto& routes = match.table->routes();
  const bool in_table = std::any_of(routes.begin(), routes.end(), [&](const auto& r) { return r.get() == got.route; });
  if (!w.check(in_table, describe(method, probe) + ": matched route is not in the table")) return;
  w.check(got.route->pattern == probe.pattern, describe(method, probe) + ": matched " + got.route->pattern);
  if (probe.mount)
    w.check(got.mount_path == probe.mount_rest, describe(method, probe) + ": mount path " + got.mount_path);
  if (probe.id) {
    const ParamValue* id = got.params.find("id");
    w.check(id != nullptr && std::get<std::int64_t>(*id) == *probe.id, describe(method, probe) + ": wrong id param");
  }
  // The route stays alive through the table we hold, even if it was removed meanwhile —
  // and a flip handler removes its own route while it runs.
  Request req;
  req.method = method;
  req.path = probe.path;
  req.params = got.params;
  const Response response = got.route->handler(req);
  const std::string expect_body = probe.mount ? "mount" : probe.pattern;
  w.check(response.body == expect_body, describe(method, probe) + ": handler answered '" + response.body + "'");
}

// Problems with a whole table: every group must be a suffix of its removal order, at most
// one of each flip/flop pair routed, and the stable route always there.
std::vector<std::string> table_problems(const RouteTable& table) {
  std::vector<std::string> problems;
  auto present = [&](Method m, const std::string& pattern, bool mount = false) {
    return std::any_of(table.routes().begin(), table.routes().end(), [&](const auto& r) {
      return r->pattern == pattern && r->is_mount == mount && (mount || r->method == m);
    });
  };
  const std::string gen = " (generation " + std::to_string(table.generation()) + ")";
  if (!present(Method::Get, "/stable/{id:int}")) problems.push_back("stable route missing" + gen);
  for (int k = 0; k < kGroups; ++k) {
    std::vector<bool> seen;
    for (const auto& [method, pattern] : group_routes(k)) seen.push_back(present(method, pattern));
    seen.push_back(present(Method::Get, group_path(k) + "/static", true));
    // A suffix: once a route is present, every later one in removal order is too.
    const auto first = std::find(seen.begin(), seen.end(), true);
    if (std::find(first, seen.end(), false) != seen.end())
      problems.push_back("group " + std::to_string(k) + " torn" + gen);
  }
  for (int k = 0; k < kFlips; ++k) {
    const bool flip = present(Method::Get, "/flip/" + std::to_string(k));
    const bool flop = present(Method::Get, "/flop/" + std::to_string(k));
    if (flip && flop) problems.push_back("flip/flop " + std::to_string(k) + " both routed" + gen);
  }
  return problems;
}

// /flip/k's handler removes its own route and adds /flop/k, and back: a route changed from
// inside a request, while other threads look it up. Only the thread whose removal succeeds
// adds the partner, so exactly one of the pair survives every toggle.
struct Flipper {
  Router& router;
  std::array<std::atomic<int>, kFlips> toggles{};  // successful toggles per pair (relaxed)

  Handler handler(int k, bool flip) {
    return [this, k, flip](Request&) {
      const std::string self = (flip ? "/flip/" : "/flop/") + std::to_string(k);
      const std::string partner = (flip ? "/flop/" : "/flip/") + std::to_string(k);
      if (router.remove_route(Method::Get, self)) {
        router.get(partner, handler(k, !flip));
        toggles[static_cast<std::size_t>(k)].fetch_add(1, std::memory_order_relaxed);
      }
      return Response::text(self);
    };
  }
};

TEST(RoutingStress, LookupsWhileWritersAndHandlersChangeRoutes) {
  Router router;
  router.get("/stable/{id:int}", answers_with("/stable/{id:int}"));
  Flipper flipper{router};
  for (int k = 0; k < kFlips; ++k) router.get("/flip/" + std::to_string(k), flipper.handler(k, true));
  std::vector<std::unique_ptr<Router>> templates;
  for (int k = 0; k < kGroups; ++k) templates.push_back(group_template(k));

  constexpr int kWriters = 2;
  Activity writes;
  struct Stats {
    std::uint64_t lookups = 0;
    std::uint64_t lookups_during_writes = 0;
    std::uint64_t generations_seen = 0;
    std::uint64_t group_adds = 0;
  };
  PerThread<Stats> stats(6);

  const auto report = stress::run_stress(
      {.name = "routing: lookups vs writers and handlers", .threads = 6, .budget = 2000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        if (w.index() < kWriters) {
          // Writer: its groups go in whole (include_router) and come out one route at a time.
          std::vector<std::vector<RouteId>> ids(kGroups);
          while (w.next()) {
            const int k = w.index() + kWriters * static_cast<int>(w.random().below(kGroups / kWriters));
            auto& group = ids[static_cast<std::size_t>(k)];
            const auto active = writes.enter();
            if (group.empty()) {
              group = router.include_router(*templates[static_cast<std::size_t>(k)]);
              ++s.group_adds;
            } else {
              w.check(router.remove_route(group.front()), "group " + std::to_string(k) + ": own route already gone");
              group.erase(group.begin());
            }
            if (w.random().chance(0.05)) {
              // A conflicting route must be refused without changing anything.
              bool refused = false;
              try {
                router.get("/stable/{id:int}", answers_with("dup"));
              } catch (const std::invalid_argument&) {
                refused = true;
              }
              w.check(refused, "a conflicting route was accepted");
            }
            w.maybe_yield();
          }
          return;
        }
        std::shared_ptr<const RouteTable> last;
        while (w.next()) {
          const Probe probe = random_probe(w.random());
          const Method method = random_method(w.random());
          const bool during_write = writes.busy();
          const RouteMatch match = router.match(method, probe.path);
          ++s.lookups;
          if (during_write || writes.busy()) ++s.lookups_during_writes;
          check_lookup(w, match, method, probe);
          if (last == nullptr || match.table != last) {
            if (last != nullptr) {
              w.check(match.table->generation() > last->generation(),
                      "generation went from " + std::to_string(last->generation()) + " to " +
                          std::to_string(match.table->generation()) + " (or two tables share one)");
            }
            for (std::string& p : table_problems(*match.table)) w.fail(std::move(p));
            last = match.table;
            ++s.generations_seen;
          }
          w.maybe_yield();
        }
      });
  report.expect_healthy();

  const auto lookups = stats.sum([](const Stats& s) { return s.lookups; });
  const auto overlapped = stats.sum([](const Stats& s) { return s.lookups_during_writes; });
  std::printf("[stress]   %llu lookups, %llu during a write, %llu group adds, %d flips\n",
              static_cast<unsigned long long>(lookups), static_cast<unsigned long long>(overlapped),
              static_cast<unsigned long long>(stats.sum([](const Stats& s) { return s.group_adds; })), [&] {
                int t = 0;
                for (auto& f : flipper.toggles) t += f.load();
                return t;
              }());
  EXPECT_GT(overlapped, 0u) << "no lookup ran while a writer was changing routes";
  for (int i = kWriters; i < stats.size(); ++i) {
    EXPECT_GT(stats[i].generations_seen, 1u) << "reader " << i << " never saw the routes change";
  }
  // Every toggle removed one route of a pair and added the other: a lost route change
  // leaves the wrong one (or none) after the run.
  const auto table = router.snapshot();
  for (const std::string& p : table_problems(*table)) ADD_FAILURE() << "final table: " << p;
  for (int k = 0; k < kFlips; ++k) {
    const bool odd = flipper.toggles[static_cast<std::size_t>(k)].load() % 2 == 1;
    const std::string survivor = (odd ? "/flop/" : "/flip/") + std::to_string(k);
    EXPECT_EQ(router.match(Method::Get, survivor).result.kind, LookupResult::Kind::Found) << survivor;
  }
}

// Every thread writes (its own routes and mounts) and reads at once: no route addition may
// be lost to a concurrent writer, no id handed out twice, and a route is visible as soon as
// add_route / mount returns.
TEST(RoutingStress, ConcurrentWritersLoseNoRoute) {
  Router router;
  router.get("/stable/{id:int}", answers_with("/stable/{id:int}"));
  constexpr int kThreads = 4;
  Activity writes;
  struct Stats {
    std::vector<RouteId> ids;
    std::uint64_t writes_while_others_wrote = 0;
  };
  PerThread<Stats> stats(kThreads);

  const auto report = stress::run_stress(
      {.name = "routing: concurrent writers", .threads = kThreads, .budget = 1500ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        struct Live {
          RouteId id;
          std::string pattern;
          std::string probe;  // a path only this route answers
        };
        std::vector<Live> mine;  // live routes of this thread
        std::uint64_t serial = 0;
        while (w.next()) {
          const auto active = writes.enter();
          if (writes.others(true) > 0) ++s.writes_while_others_wrote;
          if (mine.size() < 8 && (mine.empty() || w.random().chance(0.55))) {
            const std::string base = "/w" + std::to_string(w.index()) + "/" + std::to_string(serial++);
            Live live;
            if (w.random().chance(0.25)) {  // a mount: written through Router::mount
              live.pattern = base + "/m";
              live.probe = live.pattern + "/f7";
              live.id = router.mount(live.pattern, answers_with(live.pattern));
            } else {
              live.pattern = base + "/{id:int}";
              live.probe = base + "/7";
              live.id = router.get(live.pattern, answers_with(live.pattern));
            }
            s.ids.push_back(live.id);
            const RouteMatch m = router.match(Method::Get, live.probe);
            w.check(m.result.kind == LookupResult::Kind::Found && m.result.route->id == live.id,
                    live.pattern + ": not routed right after it was added");
            mine.push_back(std::move(live));
          } else {
            const std::size_t i = w.random().below(mine.size());
            w.check(router.remove_route(mine[i].id), mine[i].pattern + ": lost before its owner removed it");
            w.check(router.match(Method::Get, mine[i].probe).result.kind == LookupResult::Kind::NotFound,
                    mine[i].pattern + ": still routed after remove_route returned");
            mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(i));
          }
          w.random().maybe_yield(0.3);  // inside the write: others write meanwhile
        }
        // What this thread left behind must all be there.
        const auto table = router.snapshot();
        for (const Live& route : mine) {
          const bool there = std::any_of(table->routes().begin(), table->routes().end(),
                                         [&](const auto& r) { return r->id == route.id; });
          w.check(there, route.pattern + ": missing from the table after the thread's last change");
        }
      });
  report.expect_healthy();

  std::vector<RouteId> all;
  for (int i = 0; i < kThreads; ++i) all.insert(all.end(), stats[i].ids.begin(), stats[i].ids.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a route id was handed out twice";
  const auto overlapped = stats.sum([](const Stats& s) { return s.writes_while_others_wrote; });
  std::printf("[stress]   %zu routes added, %llu writes while another thread wrote\n", all.size(),
              static_cast<unsigned long long>(overlapped));
  EXPECT_GT(overlapped, 0u) << "writers never overlapped";
}

}  // namespace
}  // namespace hawk
