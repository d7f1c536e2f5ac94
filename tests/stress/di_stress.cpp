// Dependency injection under ThreadSanitizer: concurrent first resolution of singletons
// (also of one whose factory throws once), scoped resolution by several threads of one
// request, and overrides and registrations changing while other threads resolve.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness/activity.h"
#include "harness/per_thread.h"
#include "harness/stress_run.h"
#include "hawk/di/container.h"

namespace hawk {
namespace {

using namespace std::chrono_literals;
using stress::Activity;
using stress::PerThread;
using stress::Worker;

// Widens a factory's run so that other threads pile up on the first resolution.
void linger() {
  for (int i = 0; i < 3; ++i) std::this_thread::yield();
}

// What one container's factories did. Relaxed counters: counting must not order threads.
struct Builds {
  std::atomic<int> a{0};
  std::atomic<int> b{0};
  std::atomic<int> flaky_attempts{0};
  std::atomic<int> transient{0};
  std::atomic<int> resolving_a{0};        // threads inside resolve<A>() right now
  std::atomic<int> a_built_contended{0};  // A's factory ran while another thread resolved A
};

struct A {};
struct B {
  std::shared_ptr<A> a;
};
struct Flaky {};  // its factory throws on the first attempt
struct T {
  std::shared_ptr<B> b;
};

// A container per round, all built before the threads start (so the threads need no
// synchronisation to find them).
struct Round {
  Builds builds;
  Container container;

  Round() {
    container.add_singleton<A>([this](Resolver&) {
      // Lingers until another thread is resolving A too (for 1 ms at most): a first build
      // with others queued behind it, even on a machine too busy to run them side by side.
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1);
      while (builds.resolving_a.load(std::memory_order_relaxed) < 2 && std::chrono::steady_clock::now() < until) {
        std::this_thread::yield();
      }
      if (builds.resolving_a.load(std::memory_order_relaxed) > 1)
        builds.a_built_contended.fetch_add(1, std::memory_order_relaxed);
      builds.a.fetch_add(1, std::memory_order_relaxed);
      return std::make_shared<A>();
    });
    container.add_singleton<B>([this](Resolver& r) {
      auto b = std::make_shared<B>(B{r.resolve<A>()});
      linger();
      builds.b.fetch_add(1, std::memory_order_relaxed);
      return b;
    });
    container.add_singleton<Flaky>([this](Resolver&) {
      linger();
      if (builds.flaky_attempts.fetch_add(1, std::memory_order_relaxed) == 0)
        throw std::runtime_error("first attempt fails");
      return std::make_shared<Flaky>();
    });
    container.add_transient<T>([this](Resolver& r) {
      builds.transient.fetch_add(1, std::memory_order_relaxed);
      return std::make_shared<T>(T{r.resolve<B>()});
    });
  }
};

TEST(DiStress, ConcurrentFirstResolutionBuildsEachSingletonOnce) {
  constexpr int kThreads = 4;
  constexpr std::size_t kRounds = 15000;
  std::vector<std::unique_ptr<Round>> rounds;
  for (std::size_t i = 0; i < kRounds; ++i) rounds.push_back(std::make_unique<Round>());

  struct Seen {
    const void* a = nullptr;
    const void* b = nullptr;
    const void* b_a = nullptr;  // the A that B holds
    const void* flaky = nullptr;
    int transients = 0;
  };
  struct Stats {
    std::vector<Seen> seen = std::vector<Seen>(kRounds);
    std::size_t rounds = 0;
  };
  PerThread<Stats> stats(kThreads);

  const auto report = stress::run_stress(
      {.name = "di: concurrent first resolution", .threads = kThreads, .budget = 1500ms, .max_iterations = kRounds},
      [&](Worker& w) {
        Stats& s = stats[w.index()];
        for (std::size_t r = 0; w.next(); ++r) {
          w.align(r);  // everyone starts round r together, unsynchronised
          Round& round = *rounds[r];
          Seen& seen = s.seen[r];
          // Each thread resolves in its own random order.
          std::array<int, 4> order = {0, 1, 2, 3};
          for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[w.random().below(i + 1)]);
          for (int what : order) {
            w.maybe_yield();
            switch (what) {
              case 0: {
                round.builds.resolving_a.fetch_add(1, std::memory_order_relaxed);
                seen.a = round.container.resolve<A>().get();
                round.builds.resolving_a.fetch_sub(1, std::memory_order_relaxed);
                break;
              }
              case 1: {
                auto b = round.container.resolve<B>();
                seen.b = b.get();
                seen.b_a = b->a.get();
                break;
              }
              case 2: {
                // The first attempt throws: the next resolve (here or elsewhere) builds it.
                for (int attempt = 0; attempt < 2 && seen.flaky == nullptr; ++attempt) {
                  try {
                    seen.flaky = round.container.resolve<Flaky>().get();
                  } catch (const std::runtime_error&) {
                  }
                }
                w.check(seen.flaky != nullptr, "Flaky failed twice in round " + std::to_string(r));
                break;
              }
              default: {
                auto t = round.container.resolve<T>();
                ++seen.transients;
                w.check(t->b != nullptr, "transient without its dependency");
                break;
              }
            }
          }
          s.rounds = r + 1;
        }
      });
  report.expect_healthy();

  std::size_t used = 0;
  for (int t = 0; t < kThreads; ++t) used = std::max(used, stats[t].rounds);
  int contended = 0;
  for (std::size_t r = 0; r < used; ++r) {
    const Builds& b = rounds[r]->builds;
    EXPECT_EQ(b.a.load(), 1) << "round " << r << ": singleton A built " << b.a.load() << " times";
    EXPECT_EQ(b.b.load(), 1) << "round " << r << ": singleton B built " << b.b.load() << " times";
    EXPECT_EQ(b.flaky_attempts.load(), 2) << "round " << r << ": one failed and one successful build expected";
    contended += b.a_built_contended.load();
    const Seen* first = nullptr;
    int transients = 0;
    for (int t = 0; t < kThreads; ++t) {
      if (stats[t].rounds <= r) continue;
      const Seen& seen = stats[t].seen[r];
      transients += seen.transients;
      if (first == nullptr) first = &seen;
      EXPECT_EQ(seen.a, first->a) << "round " << r << ": two instances of singleton A";
      EXPECT_EQ(seen.b, first->b) << "round " << r << ": two instances of singleton B";
      EXPECT_EQ(seen.b_a, seen.a) << "round " << r << ": B holds another A";
      EXPECT_EQ(seen.flaky, first->flaky) << "round " << r << ": two instances of Flaky";
    }
    EXPECT_EQ(b.transient.load(), transients) << "round " << r << ": a transient build was lost or doubled";
  }
  std::printf("[stress]   %zu containers, A's factory ran while another thread resolved A in %d\n", used, contended);
  EXPECT_GT(contended, 0) << "no first resolution was contended";
}

// Scoped: several threads of one request share its Scope; plus one scope per thread per
// iteration, all resolving the same singletons underneath.
struct Pool {};  // singleton the scoped types depend on
struct Conn {
  std::shared_ptr<Pool> pool;
};
struct Session {  // scoped, depends on scoped Conn
  std::shared_ptr<Conn> conn;
};

struct ScopedCounts {
  std::atomic<int> pool{0};
  std::atomic<int> conn{0};
  std::atomic<int> session{0};
  std::atomic<int> conn_teardowns{0};
  std::atomic<int> session_teardowns{0};
  std::atomic<int> torn_out_of_order{0};  // a Conn torn down while its Session was not
};

TEST(DiStress, ScopedInstancesOncePerScopeTornDownOnce) {
  constexpr int kThreads = 4;
  constexpr std::size_t kRounds = 15000;
  ScopedCounts counts;
  Container container;
  container.add_singleton<Pool>([&](Resolver&) {
    linger();
    counts.pool.fetch_add(1, std::memory_order_relaxed);
    return std::make_shared<Pool>();
  });
  struct TornConn : Conn {
    bool session_alive = true;  // set by Session's teardown, read by Conn's: one thread (the scope's destructor)
  };
  container.add_scoped<Conn>(
      [&](Resolver& r) {
        counts.conn.fetch_add(1, std::memory_order_relaxed);
        auto c = std::make_shared<TornConn>();
        c->pool = r.resolve<Pool>();
        return c;
      },
      [&](Conn& c) {
        counts.conn_teardowns.fetch_add(1, std::memory_order_relaxed);
        if (static_cast<TornConn&>(c).session_alive) counts.torn_out_of_order.fetch_add(1, std::memory_order_relaxed);
      });
  container.add_scoped<Session>(
      [&](Resolver& r) {
        auto conn = r.resolve<Conn>();
        linger();
        counts.session.fetch_add(1, std::memory_order_relaxed);
        return std::make_shared<Session>(Session{std::move(conn)});
      },
      [&](Session& s) {
        counts.session_teardowns.fetch_add(1, std::memory_order_relaxed);
        static_cast<TornConn&>(*s.conn).session_alive = false;
      });

  std::vector<Scope> shared;  // one per round, shared by every thread in it
  shared.reserve(kRounds);
  for (std::size_t i = 0; i < kRounds; ++i) shared.push_back(container.create_scope());

  struct Stats {
    std::vector<const void*> session = std::vector<const void*>(kRounds);
    std::vector<const void*> conn = std::vector<const void*>(kRounds);
    std::size_t rounds = 0;
    int own_scopes = 0;
    int joined_another = 0;  // resolved a shared scope while another thread was resolving it
  };
  std::vector<Activity> resolving(kRounds);
  PerThread<Stats> stats(kThreads);
  const auto report = stress::run_stress(
      {.name = "di: scoped resolution", .threads = kThreads, .budget = 1500ms, .max_iterations = kRounds},
      [&](Worker& w) {
        Stats& s = stats[w.index()];
        for (std::size_t r = 0; w.next(); ++r) {
          w.align(r);
          const auto active = resolving[r].enter();
          if (resolving[r].others(true) > 0) ++s.joined_another;
          // Session first or Conn first: either way one of each per scope.
          if (w.random().chance(0.5)) {
            s.session[r] = shared[r].resolve<Session>().get();
            s.conn[r] = shared[r].resolve<Conn>().get();
          } else {
            s.conn[r] = shared[r].resolve<Conn>().get();
            s.session[r] = shared[r].resolve<Session>().get();
          }
          s.rounds = r + 1;
          w.maybe_yield();
          // A request of this thread's own, torn down right here.
          Scope own = container.create_scope();
          auto session = own.resolve<Session>();
          w.check(session->conn == own.resolve<Conn>(), "a scope built two Conns");
          w.check(session.get() != s.session[r], "two scopes share a Session");
          ++s.own_scopes;
        }
      });
  report.expect_healthy();

  std::size_t used = 0;
  for (int t = 0; t < kThreads; ++t) used = std::max(used, stats[t].rounds);
  for (std::size_t r = 0; r < used; ++r) {
    const void* session = nullptr;
    const void* conn = nullptr;
    for (int t = 0; t < kThreads; ++t) {
      if (stats[t].rounds <= r) continue;
      if (session == nullptr) {
        session = stats[t].session[r];
        conn = stats[t].conn[r];
      }
      EXPECT_EQ(stats[t].session[r], session) << "round " << r << ": two Sessions in one scope";
      EXPECT_EQ(stats[t].conn[r], conn) << "round " << r << ": two Conns in one scope";
    }
  }
  const int joined = stats.sum([](const Stats& s) { return s.joined_another; });
  std::printf("[stress]   %zu shared scopes; %d resolutions joined another thread's on the same scope\n", used, joined);
  EXPECT_GT(joined, 0) << "threads of one request never resolved from its scope at once";
  shared.clear();  // tears the shared scopes down, newest instance first
  const int own = stats.sum([](const Stats& s) { return s.own_scopes; });
  EXPECT_EQ(counts.pool.load(), 1) << "singleton Pool built more than once";
  EXPECT_EQ(counts.session.load(), static_cast<int>(used) + own);
  EXPECT_EQ(counts.conn.load(), static_cast<int>(used) + own);
  EXPECT_EQ(counts.session_teardowns.load(), counts.session.load()) << "a Session torn down not exactly once";
  EXPECT_EQ(counts.conn_teardowns.load(), counts.conn.load()) << "a Conn torn down not exactly once";
  EXPECT_EQ(counts.torn_out_of_order.load(), 0) << "a Conn was torn down before the Session using it";
}

// Overrides installed and removed, and a provider re-registered, while others resolve.
struct Db {
  int override_id = 0;  // 0: the registered one
};
struct Service {
  std::shared_ptr<Db> db;
};
struct Config {
  int version = 0;
};

TEST(DiStress, OverridesAndRegistrationsChangeWhileResolving) {
  constexpr int kThreads = 5;
  constexpr int kOverriders = 2;
  constexpr int kMaxOverrides = 100000;
  Container container;
  std::atomic<int> original_builds{0};
  container.add_singleton<Db>([&](Resolver&) {
    original_builds.fetch_add(1, std::memory_order_relaxed);
    return std::make_shared<Db>();
  });
  container.add_transient<Service>([](Resolver& r) { return std::make_shared<Service>(Service{r.resolve<Db>()}); });
  std::vector<std::atomic<int>> config_builds(kMaxOverrides);
  container.add_singleton<Config>([&](Resolver&) {
    config_builds[0].fetch_add(1, std::memory_order_relaxed);
    return std::make_shared<Config>();
  });
  const std::shared_ptr<Db> original = container.resolve<Db>();
  std::vector<std::atomic<int>> override_builds(kMaxOverrides);  // by override id

  struct Stats {
    std::uint64_t saw_original = 0;
    std::uint64_t saw_override = 0;
    int overrides = 0;
    int registrations = 0;
  };
  PerThread<Stats> stats(kThreads);
  const auto report = stress::run_stress(
      {.name = "di: overrides and re-registration", .threads = kThreads, .budget = 1500ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        int next_id = 1 + w.index();
        int last_config = 0;
        while (w.next()) {
          if (w.index() < kOverriders && next_id < kMaxOverrides) {
            const int id = next_id;
            next_id += kThreads;
            {
              auto guard = container.override_with<Db>([&, id](Resolver&) {
                override_builds[static_cast<std::size_t>(id)].fetch_add(1, std::memory_order_relaxed);
                return std::make_shared<Db>(Db{id});
              });
              ++s.overrides;
              for (int i = 0; i < 3; ++i) {
                // Some override (this one, or another thread's newer one) must win.
                w.check(container.resolve<Db>()->override_id != 0,
                        "original Db resolved while an override was installed");
                w.check(container.resolve<Service>()->db->override_id != 0,
                        "Service got the original Db under an override");
                std::this_thread::yield();  // readers resolve while it is installed
              }
            }  // the guard goes: the override is removed
            // A pause without an override, so readers also meet the original in between.
            for (int i = 0; i < 4; ++i) std::this_thread::yield();
            continue;
          }
          if (w.index() == kOverriders && next_id < kMaxOverrides && w.random().chance(0.1)) {
            // Re-register Config: later resolves build the new provider's singleton.
            const int version = next_id;
            next_id += kThreads;
            container.add_singleton<Config>([&, version](Resolver&) {
              config_builds[static_cast<std::size_t>(version)].fetch_add(1, std::memory_order_relaxed);
              return std::make_shared<Config>(Config{version});
            });
            ++s.registrations;
          }
          const auto db = container.resolve<Db>();
          if (db->override_id == 0) {
            w.check(db == original, "a second original Db was built");
            ++s.saw_original;
          } else {
            ++s.saw_override;
          }
          const int version = container.resolve<Config>()->version;
          w.check(version >= last_config,
                  "Config went back from version " + std::to_string(last_config) + " to " + std::to_string(version));
          last_config = version;
          w.maybe_yield();
        }
      });
  report.expect_healthy();

  EXPECT_EQ(container.resolve<Db>(), original) << "overrides gone, the original must be back";
  EXPECT_EQ(original_builds.load(), 1);
  for (int id = 0; id < kMaxOverrides; ++id) {
    EXPECT_LE(override_builds[static_cast<std::size_t>(id)].load(), 1) << "override " << id << " built twice";
    EXPECT_LE(config_builds[static_cast<std::size_t>(id)].load(), 1) << "Config version " << id << " built twice";
  }
  const auto originals = stats.sum([](const Stats& s) { return s.saw_original; });
  const auto overridden = stats.sum([](const Stats& s) { return s.saw_override; });
  std::printf(
      "[stress]   %d overrides, %d re-registrations; readers saw the original %llu and an override %llu times\n",
      stats.sum([](const Stats& s) { return s.overrides; }), stats.sum([](const Stats& s) { return s.registrations; }),
      static_cast<unsigned long long>(originals), static_cast<unsigned long long>(overridden));
  EXPECT_GT(originals, 0u);
  EXPECT_GT(overridden, 0u) << "readers never resolved while an override was installed";
}

}  // namespace
}  // namespace hawk
