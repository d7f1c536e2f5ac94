#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "hawk/di/container.h"
#include "hawk/di/errors.h"
#include "hawk/di/resolver.h"
#include "hawk/di/scope.h"
#include "hawk/threading/free_threaded.h"

// Outside any anonymous namespace, so error messages name them plainly ("ditest::A").
namespace ditest {
struct A {};
struct B {};
struct X {};
struct Y {};
struct Z {};
struct Missing {};
struct Session {};
struct Cache {};
struct Handler {};
}  // namespace ditest

namespace hawk {
namespace {

using namespace std::chrono_literals;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const DiError& e) {
    return e.what();
  }
  return "(no DiError)";
}

struct Counted {
  explicit Counted(int n) : id(n) {}
  int id;
};

// Runs `body(i)` on `n` threads released at the same moment.
template <class Body>
void run_together(int n, Body body) {
  std::atomic<bool> start{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      while (!start.load(std::memory_order_acquire)) std::this_thread::yield();
      body(i);
    });
  }
  start.store(true, std::memory_order_release);
  for (auto& t : threads) t.join();
}

// Runs `body`, aborting the whole test binary if it has not returned within 20 seconds:
// a deadlock then fails the test promptly instead of hanging it.
template <class Body>
void aborts_if_stuck(Body body) {
  std::promise<void> finished;
  std::thread runner([&] {
    body();
    finished.set_value();
  });
  if (finished.get_future().wait_for(20s) == std::future_status::timeout) {
    std::fputs("deadlock: still running after 20 seconds\n", stderr);
    std::abort();
  }
  runner.join();
}

TEST(DiContainer, SingletonIsBuiltOnceAndSharedByScopes) {
  Container c;
  int built = 0;
  c.add_singleton<Counted>([&](Resolver&) { return std::make_shared<Counted>(++built); });
  auto first = c.resolve<Counted>();
  EXPECT_EQ(first, c.resolve<Counted>());
  Scope s = c.create_scope();
  EXPECT_EQ(first, s.resolve<Counted>());
  EXPECT_EQ(built, 1);
}

TEST(DiContainer, TransientIsNewEachTime) {
  Container c;
  int built = 0;
  c.add_transient<Counted>([&](Resolver&) { return std::make_shared<Counted>(++built); });
  auto first = c.resolve<Counted>();
  auto second = c.resolve<Counted>();
  EXPECT_NE(first, second);
  EXPECT_EQ(second->id, 2);
  Scope s = c.create_scope();
  EXPECT_NE(s.resolve<Counted>(), s.resolve<Counted>());
}

TEST(DiContainer, ScopedIsOncePerScopeAndNeedsAScope) {
  Container c;
  c.add_scoped<ditest::Session>();
  Scope one = c.create_scope();
  Scope two = c.create_scope();
  EXPECT_EQ(one.resolve<ditest::Session>(), one.resolve<ditest::Session>());
  EXPECT_NE(one.resolve<ditest::Session>(), two.resolve<ditest::Session>());
  try {
    c.resolve<ditest::Session>();
    FAIL() << "resolved a scoped type outside a scope";
  } catch (const LifetimeError& e) {
    EXPECT_EQ(std::string(e.what()),
              "scoped ditest::Session resolved outside a scope; resolve it from Container::create_scope()");
  }
}

TEST(DiContainer, ResolvesDependenciesByType) {
  struct Repo {};
  struct Clock {};
  struct Service {
    std::shared_ptr<Repo> repo;
    std::shared_ptr<Clock> clock;
  };
  Container c;
  c.add_singleton<Repo>();
  c.add_transient<Clock>();
  c.add_transient<Service>([](Resolver& r) { return std::make_shared<Service>(r.resolve<Repo>(), r.resolve<Clock>()); });
  auto one = c.resolve<Service>();
  auto two = c.resolve<Service>();
  EXPECT_EQ(one->repo, c.resolve<Repo>());
  EXPECT_EQ(one->repo, two->repo);
  EXPECT_NE(one->clock, two->clock);
}

TEST(DiContainer, DependenciesOfATransientShareTheRequestScope) {
  struct Handler {
    std::shared_ptr<ditest::Session> session;
  };
  Container c;
  c.add_scoped<ditest::Session>();
  c.add_transient<Handler>([](Resolver& r) { return std::make_shared<Handler>(r.resolve<ditest::Session>()); });
  Scope s = c.create_scope();
  auto handler = s.resolve<Handler>();
  EXPECT_EQ(handler->session, s.resolve<ditest::Session>());
  EXPECT_NE(handler, s.resolve<Handler>());
  EXPECT_THROW(c.resolve<Handler>(), LifetimeError);
}

TEST(DiContainer, AddInstanceResolvesToThatInstance) {
  Container c;
  auto mine = std::make_shared<Counted>(7);
  c.add_instance(mine);
  EXPECT_EQ(c.resolve<Counted>(), mine);
}

TEST(DiContainer, RegisteringAgainReplacesTheProvider) {
  Container c;
  c.add_singleton<Counted>([](Resolver&) { return std::make_shared<Counted>(1); });
  auto old = c.resolve<Counted>();
  c.add_singleton<Counted>([](Resolver&) { return std::make_shared<Counted>(2); });
  EXPECT_EQ(c.resolve<Counted>()->id, 2);
  EXPECT_EQ(old->id, 1);  // still alive for whoever holds it
}

TEST(DiContainer, ContainsOnlyRegisteredTypes) {
  Container c;
  EXPECT_FALSE(c.contains<Counted>());
  c.add_transient<Counted>([](Resolver&) { return std::make_shared<Counted>(0); });
  EXPECT_TRUE(c.contains<Counted>());
  EXPECT_FALSE(c.contains<ditest::Missing>());
}

TEST(DiContainer, UnknownTypeErrorNamesTheTypeAndWhoNeedsIt) {
  Container c;
  EXPECT_EQ(error_of([&] { c.resolve<ditest::Missing>(); }), "no provider registered for ditest::Missing");
  c.add_transient<ditest::A>([](Resolver& r) {
    r.resolve<ditest::Missing>();
    return std::make_shared<ditest::A>();
  });
  EXPECT_EQ(error_of([&] { c.resolve<ditest::A>(); }),
            "no provider registered for ditest::Missing (needed by ditest::A -> ditest::Missing)");
  EXPECT_THROW(c.resolve<ditest::Missing>(), ProviderNotFoundError);
}

TEST(DiContainer, FactoryReturningNullIsAnError) {
  Container c;
  c.add_singleton<Counted>([](Resolver&) { return std::shared_ptr<Counted>(); });
  EXPECT_EQ(error_of([&] { c.resolve<Counted>(); }), "the factory for hawk::(anonymous namespace)::Counted returned null");
}

// A provider for T that resolves U first.
template <class T, class U>
Factory<T> needs() {
  return [](Resolver& r) {
    r.resolve<U>();
    return std::make_shared<T>();
  };
}

TEST(DiCycles, TwoTypeCycleNamesTheWholeCycle) {
  Container c;
  c.add_transient<ditest::A>(needs<ditest::A, ditest::B>());
  c.add_singleton<ditest::B>(needs<ditest::B, ditest::A>());
  EXPECT_EQ(error_of([&] { c.resolve<ditest::A>(); }), "dependency cycle: ditest::A -> ditest::B -> ditest::A");
  EXPECT_EQ(error_of([&] { c.resolve<ditest::B>(); }), "dependency cycle: ditest::B -> ditest::A -> ditest::B");
  EXPECT_THROW(c.resolve<ditest::A>(), DependencyCycleError);
}

TEST(DiCycles, ThreeTypeCycleInAScopeNamesOnlyTheCycle) {
  Container c;
  c.add_scoped<ditest::Handler>(needs<ditest::Handler, ditest::X>());
  c.add_scoped<ditest::X>(needs<ditest::X, ditest::Y>());
  c.add_transient<ditest::Y>(needs<ditest::Y, ditest::Z>());
  c.add_scoped<ditest::Z>(needs<ditest::Z, ditest::X>());
  Scope s = c.create_scope();
  EXPECT_EQ(error_of([&] { s.resolve<ditest::Handler>(); }),
            "dependency cycle: ditest::X -> ditest::Y -> ditest::Z -> ditest::X");
}

TEST(DiCycles, SelfDependency) {
  Container c;
  c.add_singleton<ditest::A>(needs<ditest::A, ditest::A>());
  EXPECT_EQ(error_of([&] { c.resolve<ditest::A>(); }), "dependency cycle: ditest::A -> ditest::A");
}

TEST(DiLifetimes, SingletonCannotCaptureAScopedDependency) {
  Container c;
  c.add_scoped<ditest::Session>();
  c.add_transient<ditest::Cache>(needs<ditest::Cache, ditest::Session>());
  c.add_singleton<ditest::A>(needs<ditest::A, ditest::Cache>());
  Scope s = c.create_scope();
  try {
    s.resolve<ditest::A>();
    FAIL() << "a singleton captured a scoped dependency";
  } catch (const LifetimeError& e) {
    EXPECT_EQ(std::string(e.what()),
              "captive dependency: singleton ditest::A cannot depend on scoped ditest::Session "
              "(ditest::A -> ditest::Cache -> ditest::Session)");
  }
  // The scope itself is fine, and the failed singleton was not half-built.
  EXPECT_NE(s.resolve<ditest::Cache>(), nullptr);
  EXPECT_THROW(c.resolve<ditest::A>(), LifetimeError);
}

TEST(DiScope, TearsDownInReverseOrderOfCreationThenReleases) {
  std::vector<std::string> log;
  // Logs its destruction, to show teardown runs before release.
  struct Logged {
    Logged(std::vector<std::string>& to, std::string n) : sink(to), name(std::move(n)) {}
    ~Logged() { sink.push_back("~" + name); }
    std::vector<std::string>& sink;
    std::string name;
  };
  struct First : Logged {
    using Logged::Logged;
  };
  struct Second : Logged {
    using Logged::Logged;
  };
  struct Third : Logged {
    using Logged::Logged;
  };
  auto teardown = [&](Logged& l) { log.push_back("teardown " + l.name); };
  Container c;
  c.add_scoped<First>([&](Resolver&) { return std::make_shared<First>(log, "First"); }, teardown);
  // Third depends on Second, so Second is created (and finished) first.
  c.add_scoped<Second>([&](Resolver&) { return std::make_shared<Second>(log, "Second"); }, teardown);
  c.add_scoped<Third>(
      [&](Resolver& r) {
        r.resolve<Second>();
        return std::make_shared<Third>(log, "Third");
      },
      teardown);
  {
    Scope s = c.create_scope();
    s.resolve<First>();
    s.resolve<Third>();
    s.resolve<First>();
    Scope moved = std::move(s);  // tears down once, when `moved` ends
  }
  EXPECT_EQ(log, (std::vector<std::string>{"teardown Third", "~Third", "teardown Second", "~Second", "teardown First",
                                           "~First"}));
}

TEST(DiScope, InstanceHeldPastTheScopeIsTornDownButNotDestroyed) {
  int torn_down = 0;
  Container c;
  c.add_scoped<ditest::Session>([](Resolver&) { return std::make_shared<ditest::Session>(); },
                                [&](ditest::Session&) { ++torn_down; });
  std::shared_ptr<ditest::Session> kept;
  {
    Scope s = c.create_scope();
    kept = s.resolve<ditest::Session>();
  }
  EXPECT_EQ(torn_down, 1);
  EXPECT_EQ(kept.use_count(), 1);
}

TEST(DiFailures, ThrowingFactoryPropagatesAndALaterResolveRetries) {
  Container c;
  int attempts = 0;
  c.add_singleton<Counted>([&](Resolver&) {
    if (++attempts == 1) throw std::runtime_error("database down");
    return std::make_shared<Counted>(attempts);
  });
  EXPECT_THROW(c.resolve<Counted>(), std::runtime_error);
  auto built = c.resolve<Counted>();
  EXPECT_EQ(built->id, 2);
  EXPECT_EQ(c.resolve<Counted>(), built);
  EXPECT_EQ(attempts, 2);
}

TEST(DiFailures, ThrowingScopedFactoryLeavesNothingToTearDown) {
  Container c;
  int attempts = 0, torn_down = 0;
  c.add_scoped<Counted>(
      [&](Resolver&) {
        if (++attempts == 1) throw std::runtime_error("pool exhausted");
        return std::make_shared<Counted>(attempts);
      },
      [&](Counted&) { ++torn_down; });
  {
    Scope s = c.create_scope();
    EXPECT_THROW(s.resolve<Counted>(), std::runtime_error);
    EXPECT_EQ(s.resolve<Counted>()->id, 2);
    EXPECT_EQ(s.resolve<Counted>()->id, 2);
  }
  EXPECT_EQ(torn_down, 1);
}

TEST(DiOverrides, NestAndRestoreInAnyOrder) {
  Container c;
  c.add_singleton<Counted>([](Resolver&) { return std::make_shared<Counted>(0); });
  auto original = c.resolve<Counted>();
  {
    auto outer = c.override_with<Counted>([](Resolver&) { return std::make_shared<Counted>(1); });
    EXPECT_EQ(c.resolve<Counted>()->id, 1);
    EXPECT_EQ(c.resolve<Counted>(), c.resolve<Counted>());  // still a singleton
    auto inner = std::make_unique<OverrideGuard>(
        c.override_with<Counted>([](Resolver&) { return std::make_shared<Counted>(2); }));
    EXPECT_EQ(c.resolve<Counted>()->id, 2);
    {
      OverrideGuard moved = std::move(outer);  // removing the outer one first keeps the inner
    }
    EXPECT_EQ(c.resolve<Counted>()->id, 2);
    inner.reset();
  }
  EXPECT_EQ(c.resolve<Counted>(), original);
}

TEST(DiOverrides, ApplyToDependenciesAndScopedTypes) {
  struct Service {
    std::shared_ptr<ditest::Session> session;
  };
  Container c;
  c.add_scoped<ditest::Session>();
  c.add_scoped<Service>([](Resolver& r) { return std::make_shared<Service>(r.resolve<ditest::Session>()); });
  auto fake = std::make_shared<ditest::Session>();
  auto guard = c.override_with<ditest::Session>([&](Resolver&) { return fake; });
  Scope s = c.create_scope();
  EXPECT_EQ(s.resolve<Service>()->session, fake);
  EXPECT_EQ(s.resolve<ditest::Session>(), fake);
}

TEST(DiOverrides, UnregisteredTypeCannotBeOverridden) {
  Container c;
  EXPECT_THROW((void)c.override_with<ditest::Missing>([](Resolver&) { return std::make_shared<ditest::Missing>(); }),
               ProviderNotFoundError);
}

TEST(DiOverrides, VisibleFromOtherThreads) {
  Container c;
  c.add_singleton<Counted>([](Resolver&) { return std::make_shared<Counted>(0); });
  auto resolved_elsewhere = [&] {
    int id = -1;
    std::thread([&] { id = c.resolve<Counted>()->id; }).join();
    return id;
  };
  {
    auto guard = c.override_with<Counted>([](Resolver&) { return std::make_shared<Counted>(5); });
    EXPECT_EQ(resolved_elsewhere(), 5);
  }
  EXPECT_EQ(resolved_elsewhere(), 0);
}

// Real concurrency from here on. The singleton path locks a std::recursive_mutex in both
// builds and the registry is an atomic snapshot, so those tests run in the GIL build too;
// the tests that need ThreadLock (concurrent writers, one Scope shared by threads) skip there.

TEST(DiConcurrency, SlowSingletonIsBuiltExactlyOnceUnderConcurrentFirstUse) {
  constexpr int kThreads = 8;
  Container c;
  std::atomic<int> constructions{0};
  c.add_singleton<Counted>([&](Resolver&) {
    std::this_thread::sleep_for(5ms);  // widen the window in which others arrive
    return std::make_shared<Counted>(constructions.fetch_add(1) + 1);
  });
  std::vector<std::shared_ptr<Counted>> got(kThreads);
  run_together(kThreads, [&](int i) { got[i] = c.resolve<Counted>(); });
  EXPECT_EQ(constructions.load(), 1);
  for (const auto& p : got) {
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p, got[0]);
  }
}

TEST(DiConcurrency, MutuallyDependentSingletonsReportTheCycleInsteadOfDeadlocking) {
  for (int round = 0; round < 20; ++round) {
    Container c;
    c.add_singleton<ditest::A>([](Resolver& r) {
      std::this_thread::sleep_for(1ms);  // let the other thread start on B meanwhile
      r.resolve<ditest::B>();
      return std::make_shared<ditest::A>();
    });
    c.add_singleton<ditest::B>([](Resolver& r) {
      std::this_thread::sleep_for(1ms);
      r.resolve<ditest::A>();
      return std::make_shared<ditest::B>();
    });
    std::atomic<int> cycles{0};
    aborts_if_stuck([&] {
      run_together(2, [&](int i) {
        try {
          if (i == 0) {
            c.resolve<ditest::A>();
          } else {
            c.resolve<ditest::B>();
          }
        } catch (const DependencyCycleError&) {
          cycles.fetch_add(1);
        }
      });
    });
    ASSERT_EQ(cycles.load(), 2) << "round " << round;
  }
}

// Spins until `condition` holds; false after a generous deadline, so a bug fails, not hangs.
template <class Condition>
bool eventually(Condition condition) {
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(DiConcurrency, ResolvesSeeOverridesComeAndGo) {
  constexpr int kReaders = 3, kSwaps = 20;
  Container c;
  c.add_singleton<Counted>([](Resolver&) { return std::make_shared<Counted>(0); });
  auto original = c.resolve<Counted>();
  std::atomic<bool> done{false}, timed_out{false};
  std::atomic<int> last_seen{-1}, wrong{0};
  std::thread writer([&] {
    for (int swap = 1; swap <= kSwaps && !timed_out; ++swap) {
      {
        auto guard = c.override_with<Counted>([swap](Resolver&) { return std::make_shared<Counted>(swap); });
        // Keep it installed until a reader has seen it...
        if (!eventually([&] { return last_seen.load() == swap; })) timed_out = true;
      }
      // ...and removed until a reader has seen the original again.
      if (!eventually([&] { return last_seen.load() == 0; })) timed_out = true;
    }
    done.store(true);
  });
  run_together(kReaders, [&](int) {
    while (!done.load()) {
      auto got = c.resolve<Counted>();
      if (got->id < 0 || got->id > kSwaps || (got->id == 0 && got != original)) wrong.fetch_add(1);
      last_seen.store(got->id);
    }
  });
  writer.join();
  EXPECT_FALSE(timed_out.load()) << "an override was not seen by other threads, or not removed";
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(c.resolve<Counted>(), original);
}

template <int N>
struct Tag {};

template <int... Ns>
void register_tags(Container& c, std::integer_sequence<int, Ns...>) {
  (c.add_transient<Tag<Ns>>(), ...);
}

template <int... Ns>
bool contains_tags(const Container& c, std::integer_sequence<int, Ns...>) {
  return (c.contains<Tag<Ns>>() && ...);
}

TEST(DiConcurrency, RegistrationsWhileResolvingLoseNothingAndKeepSingletons) {
  if (!kFreeThreaded) GTEST_SKIP() << "concurrent registration needs the free-threaded build's ThreadLock";
  Container c;
  std::atomic<int> constructions{0};
  c.add_singleton<Counted>([&](Resolver&) { return std::make_shared<Counted>(constructions.fetch_add(1)); });
  std::atomic<int> writers_left{3};
  std::vector<std::shared_ptr<Counted>> first_seen(4);
  std::atomic<int> changed{0};
  run_together(7, [&](int i) {
    if (i == 0) register_tags(c, std::make_integer_sequence<int, 40>{});
    if (i == 1) register_tags(c, std::integer_sequence<int, 100, 101, 102, 103, 104, 105, 106, 107>{});
    if (i == 2) {
      for (int n = 0; n < 40; ++n) {
        auto guard = c.override_with<Counted>([](Resolver&) { return std::make_shared<Counted>(-1); });
      }
    }
    if (i < 3) {
      writers_left.fetch_sub(1);
      return;
    }
    // Readers: the singleton keeps its identity while the registry is copied around it.
    std::shared_ptr<Counted>& mine = first_seen[i - 3];
    do {
      auto got = c.resolve<Counted>();
      if (got->id == -1) continue;  // an override was installed at that moment
      if (mine == nullptr) mine = got;
      if (got != mine) changed.fetch_add(1);
    } while (writers_left.load() > 0);
  });
  EXPECT_EQ(constructions.load(), 1);
  EXPECT_EQ(changed.load(), 0);
  EXPECT_TRUE(contains_tags(c, std::make_integer_sequence<int, 40>{}));
  EXPECT_TRUE(contains_tags(c, std::integer_sequence<int, 100, 101, 102, 103, 104, 105, 106, 107>{}));
}

TEST(DiConcurrency, ThreadsOfOneRequestShareEachScopedInstance) {
  if (!kFreeThreaded) GTEST_SKIP() << "sharing one Scope across threads needs the free-threaded build's ThreadLock";
  constexpr int kThreads = 8;
  Container c;
  std::atomic<int> constructions{0};
  int torn_down = 0;
  c.add_scoped<Counted>(
      [&](Resolver&) {
        std::this_thread::sleep_for(2ms);
        return std::make_shared<Counted>(constructions.fetch_add(1));
      },
      [&](Counted&) { ++torn_down; });
  {
    Scope s = c.create_scope();
    std::vector<std::shared_ptr<Counted>> got(kThreads);
    run_together(kThreads, [&](int i) { got[i] = s.resolve<Counted>(); });
    for (const auto& p : got) EXPECT_EQ(p, got[0]);
  }
  EXPECT_EQ(constructions.load(), 1);
  EXPECT_EQ(torn_down, 1);
}

}  // namespace
}  // namespace hawk
