// Threading primitives under ThreadSanitizer: maybe_thread_lock() guarding plain data,
// maybe_async_lock() taken by coroutines that suspend on one OS thread and are resumed
// (and unlock) on another, AtomicSnapshot, ShardedCounter and ShardedMap.
#include <gtest/gtest.h>

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness/activity.h"
#include "harness/per_thread.h"
#include "harness/stress_run.h"
#include "hawk/thread_annotations.h"
#include "hawk/threading/async_lock.h"
#include "hawk/threading/atomic_snapshot.h"
#include "hawk/threading/free_threaded.h"
#include "hawk/threading/sharded_counter.h"
#include "hawk/threading/sharded_map.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {
namespace {

using namespace std::chrono_literals;
using stress::PerThread;
using stress::Worker;

// Two fields that must move together: a reader that sees them differ saw a torn update.
struct Pair {
  ThreadLock mu = maybe_thread_lock();
  long a GUARDED_BY(mu) = 0;
  long b GUARDED_BY(mu) = 0;
};

TEST(ThreadingStress, ThreadLockKeepsPlainDataConsistent) {
  if (!kFreeThreaded) GTEST_SKIP() << "the GIL build's thread lock is a no-op by design";
  constexpr int kThreads = 4;
  Pair pair;
  struct Stats {
    long increments = 0;
    long found_held = 0;  // try_lock() failures: the lock was really contended
  };
  PerThread<Stats> stats(kThreads);
  const auto report = stress::run_stress(
      {.name = "threading: maybe_thread_lock", .threads = kThreads, .budget = 1000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        while (w.next()) {
          if (w.random().chance(0.3)) {
            if (!pair.mu.try_lock()) {
              ++s.found_held;
              continue;
            }
          } else {
            pair.mu.lock();
          }
          w.check(pair.a == pair.b, "torn pair: " + std::to_string(pair.a) + " vs " + std::to_string(pair.b));
          ++pair.a;
          w.maybe_yield();  // sometimes hold the lock across a yield: others pile up
          ++pair.b;
          ++s.increments;
          pair.mu.unlock();
        }
      });
  report.expect_healthy();
  ThreadLockGuard guard(pair.mu);
  EXPECT_EQ(pair.a, stats.sum([](const Stats& s) { return s.increments; })) << "an increment was lost";
  EXPECT_EQ(pair.b, pair.a);
  EXPECT_GT(stats.sum([](const Stats& s) { return s.found_held; }), 0) << "the lock was never contended";
}

// A coroutine that starts eagerly and frees itself at the end.
struct Detached {
  struct promise_type {
    Detached get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// One inbox per OS thread: `co_await pool.hop(t)` moves the coroutine to thread t, which
// resumes it when it next drains its inbox. (The inbox's mutex orders the hand-over, as
// any executor must; the lock's own hand-overs in AsyncLock::unlock() are not helped by it.)
class Pool {
 public:
  explicit Pool(int threads) : inboxes_(static_cast<std::size_t>(threads)) {}

  auto hop(int thread) {
    struct Awaiter {
      Pool& pool;
      int thread;
      bool await_ready() { return false; }
      void await_suspend(std::coroutine_handle<> h) { pool.post(thread, h); }
      void await_resume() {}
    };
    return Awaiter{*this, thread};
  }

  // Resumes what was posted to `thread`; returns how many.
  int drain(int thread) {
    std::deque<std::coroutine_handle<>> ready;
    {
      Inbox& in = inboxes_[static_cast<std::size_t>(thread)];
      std::lock_guard<std::mutex> lock(in.mu);
      ready.swap(in.handles);
    }
    for (auto h : ready) h.resume();
    return static_cast<int>(ready.size());
  }

 private:
  struct Inbox {
    std::mutex mu;
    std::deque<std::coroutine_handle<>> handles;
  };
  void post(int thread, std::coroutine_handle<> h) {
    Inbox& in = inboxes_[static_cast<std::size_t>(thread)];
    std::lock_guard<std::mutex> lock(in.mu);
    in.handles.push_back(h);
  }
  std::vector<Inbox> inboxes_;
};

// What the coroutines share. `counter` and `order` are plain: only the async lock guards
// them. Everything else is a relaxed atomic, since a coroutine may finish on any thread.
struct Shared {
  AsyncLock lock = maybe_async_lock();
  long counter = 0;  // guarded by `lock`
  ThreadLock tl = maybe_thread_lock();
  long tl_counter GUARDED_BY(tl) = 0;  // bumped under maybe_thread_lock() after a cross-thread resume

  std::atomic<int> inside{0};
  std::atomic<long> overlaps{0};            // two coroutines inside the lock at once
  std::atomic<long> resumed_elsewhere{0};   // got the lock on another thread than they asked on
  std::atomic<long> unlocked_elsewhere{0};  // released it on another thread than they got it on
  std::atomic<long> launched{0};
  std::atomic<long> completed{0};
  std::atomic<int> outstanding{0};
};

Detached critical_section(Shared& sh, Pool& pool, int threads, int hop_to, bool scoped) {
  const std::thread::id asked_on = std::this_thread::get_id();
  auto body = [&]() {
    if (sh.inside.fetch_add(1, std::memory_order_relaxed) != 0) sh.overlaps.fetch_add(1, std::memory_order_relaxed);
    ++sh.counter;
  };
  auto bump_thread_locked = [&]() {
    ThreadLockGuard g(sh.tl);
    ++sh.tl_counter;
  };
  if (scoped) {
    AsyncLockGuard guard = co_await sh.lock.scoped();
    if (std::this_thread::get_id() != asked_on) sh.resumed_elsewhere.fetch_add(1, std::memory_order_relaxed);
    body();
    bump_thread_locked();
    sh.inside.fetch_sub(1, std::memory_order_relaxed);
    // The guard unlocks at the end of this block, on whatever thread runs it.
  } else {
    co_await sh.lock.lock();
    const std::thread::id got_on = std::this_thread::get_id();
    if (got_on != asked_on) sh.resumed_elsewhere.fetch_add(1, std::memory_order_relaxed);
    body();
    if (hop_to >= 0 && hop_to < threads) co_await pool.hop(hop_to);  // holding the lock
    bump_thread_locked();
    if (std::this_thread::get_id() != got_on) sh.unlocked_elsewhere.fetch_add(1, std::memory_order_relaxed);
    sh.inside.fetch_sub(1, std::memory_order_relaxed);
    sh.lock.unlock();  // may resume the next waiter right here, on this thread
  }
  sh.completed.fetch_add(1, std::memory_order_relaxed);
  sh.outstanding.fetch_sub(1, std::memory_order_relaxed);
}

TEST(ThreadingStress, AsyncLockAcrossThreads) {
  if (!kFreeThreaded) GTEST_SKIP() << "cross-thread use needs the free-threaded build";
  constexpr int kThreads = 4;
  // Bounds the waiters, hence the depth of unlock() resuming waiters inline.
  constexpr int kMaxOutstanding = 32;
  Shared sh;
  Pool pool(kThreads);
  std::atomic<int> stopped{0};
  const auto report = stress::run_stress(
      {.name = "threading: maybe_async_lock coroutines", .threads = kThreads, .budget = 1500ms}, [&](Worker& w) {
        while (w.next()) {
          if (sh.outstanding.load(std::memory_order_relaxed) < kMaxOutstanding) {
            sh.outstanding.fetch_add(1, std::memory_order_relaxed);
            sh.launched.fetch_add(1, std::memory_order_relaxed);
            const int hop_to = w.random().chance(0.3) ? static_cast<int>(w.random().below(kThreads)) : -1;
            critical_section(sh, pool, kThreads, hop_to, w.random().chance(0.4));
          }
          pool.drain(w.index());
          w.maybe_yield();
        }
        // Out of time: launch nothing more, but keep resuming what is posted here until
        // every coroutine (some may be waiting to hop onto this thread) has finished.
        // Release/acquire on `stopped` (the run is over, no race left to hide): seeing every
        // thread stopped then guarantees seeing every launch counted in `outstanding`.
        stopped.fetch_add(1, std::memory_order_release);
        while (stopped.load(std::memory_order_acquire) < kThreads ||
               sh.outstanding.load(std::memory_order_relaxed) > 0) {
          if (pool.drain(w.index()) == 0) std::this_thread::yield();
        }
      });
  report.expect_healthy();

  EXPECT_EQ(sh.overlaps.load(), 0) << "two coroutines held the async lock at once";
  EXPECT_EQ(sh.completed.load(), sh.launched.load());
  ASSERT_TRUE(sh.lock.try_lock()) << "the async lock was left held";
  EXPECT_EQ(sh.counter, sh.completed.load()) << "an update under the async lock was lost";
  sh.lock.unlock();
  {
    ThreadLockGuard g(sh.tl);
    EXPECT_EQ(sh.tl_counter, sh.completed.load()) << "an update under maybe_thread_lock() was lost";
  }
  std::printf("[stress]   %ld coroutines; %ld got the lock on another thread, %ld released it on another\n",
              sh.completed.load(), sh.resumed_elsewhere.load(), sh.unlocked_elsewhere.load());
  EXPECT_GT(sh.resumed_elsewhere.load(), 0) << "no coroutine was resumed by another thread's unlock()";
  EXPECT_GT(sh.unlocked_elsewhere.load(), 0) << "no coroutine released the lock on another thread";
}

// An immutable value whose fields agree; a reader seeing them disagree saw a torn value.
struct Versioned {
  long version;
  long twice;
};

TEST(ThreadingStress, AtomicSnapshotLosesNoUpdate) {
  constexpr int kThreads = 4;
  AtomicSnapshot<Versioned> snap(std::make_shared<const Versioned>(Versioned{0, 0}));
  // Published with store() by thread 0 alone, read by all: versions only go up.
  AtomicSnapshot<Versioned> published(std::make_shared<const Versioned>(Versioned{0, 0}));
  struct Stats {
    long increments = 0;
    long cas_failures = 0;  // a compare_exchange lost to another thread: real contention
  };
  PerThread<Stats> stats(kThreads);
  const auto report =
      stress::run_stress({.name = "threading: AtomicSnapshot", .threads = kThreads, .budget = 1000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        long last = 0;
        long last_published = 0;
        while (w.next()) {
          if (w.index() == 0) {
            // The publisher never loads `published`: a load of its own would take the
            // snapshot's lock after each store and order the readers' loads after it.
            ++last_published;
            published.store(std::make_shared<const Versioned>(Versioned{last_published, 2 * last_published}));
          } else {
            const std::shared_ptr<const Versioned> pub = published.load();
            w.check(pub->twice == 2 * pub->version && pub->version >= last_published,
                    "published snapshot torn or older");
            last_published = pub->version;
          }
          std::shared_ptr<const Versioned> seen = snap.load();
          const long loaded = seen->version;
          w.check(seen->twice == 2 * loaded, "torn snapshot");
          w.check(loaded >= last, "snapshot went back in time");
          last = loaded;
          // Read-copy-update: bump the version unless someone else did first.
          w.maybe_yield();
          auto next = std::make_shared<const Versioned>(Versioned{seen->version + 1, 2 * (seen->version + 1)});
          if (snap.compare_exchange(seen, std::move(next))) {
            ++s.increments;
          } else {
            ++s.cas_failures;
            w.check(seen != nullptr && seen->version > loaded,
                    "failed compare_exchange did not return the newer value");
          }
        }
      });
  report.expect_healthy();
  EXPECT_EQ(snap.load()->version, stats.sum([](const Stats& s) { return s.increments; })) << "an update was lost";
  EXPECT_GT(stats.sum([](const Stats& s) { return s.cas_failures; }), 0) << "compare_exchange never raced";
}

TEST(ThreadingStress, ShardedCounterAndMapCountExactly) {
  // More threads than the counter has shards: some threads share one, so its adds must be
  // atomic read-modify-writes, not just per-thread stores.
  constexpr int kThreads = 20;
  constexpr int kKeys = 40;
  ShardedCounter counter;
  ShardedMap<long> map(16 * kKeys);  // every shard has room for all keys: nothing is evicted
  // Keys only ever added, one fresh per insert, and counted by size() meanwhile.
  ShardedMap<long> growing(std::size_t{1} << 24);
  struct Stats {
    long adds = 0;
    long fresh_keys = 0;
    std::vector<long> per_key = std::vector<long>(kKeys);
    long contended = 0;  // updates of a key while another thread was updating it
  };
  PerThread<Stats> stats(kThreads);
  std::vector<stress::Activity> updating(kKeys);
  const auto report = stress::run_stress(
      {.name = "threading: ShardedCounter, ShardedMap", .threads = kThreads, .budget = 1000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        std::int64_t last = 0;
        while (w.next()) {
          // Bursts of adds: threads sharing a shard collide inside them far more often.
          for (int i = 0; i < 64; ++i) counter.add();
          s.adds += 64;
          const std::int64_t now = counter.value();
          w.check(now >= last, "counter went back");
          last = now;
          const std::size_t k = w.random().below(kKeys);
          const std::string key = "key-" + std::to_string(k);
          const auto active = updating[k].enter();
          if (updating[k].others(true) > 0) ++s.contended;
          map.update(
              key, [] { return 0L; }, [](long& v) { return ++v; }, [](const long&) { return false; });
          ++s.per_key[k];
          if (w.random().chance(0.2)) w.check(map.get(key).value_or(0) > 0, key + " vanished");
          if (w.random().chance(0.2)) {
            growing.update(
                "t" + std::to_string(w.index()) + "-" + std::to_string(s.fresh_keys), [] { return 0L; },
                [](long& v) { return ++v; }, [](const long&) { return false; });
            ++s.fresh_keys;
            const std::size_t size = growing.size();
            w.check(size >= static_cast<std::size_t>(s.fresh_keys),
                    "size() " + std::to_string(size) + " below this thread's own " + std::to_string(s.fresh_keys) + " keys");
          }
          w.maybe_yield();
        }
      });
  report.expect_healthy();
  EXPECT_EQ(counter.value(), stats.sum([](const Stats& s) { return s.adds; }));
  for (int k = 0; k < kKeys; ++k) {
    EXPECT_EQ(map.get("key-" + std::to_string(k)).value_or(0), stats.sum([k](const Stats& s) {
      return s.per_key[static_cast<std::size_t>(k)];
    })) << "key-"
        << k << " lost an update";
  }
  EXPECT_EQ(map.size(), static_cast<std::size_t>(kKeys));
  EXPECT_EQ(growing.size(), static_cast<std::size_t>(stats.sum([](const Stats& s) { return s.fresh_keys; })))
      << "a fresh key was lost";
  EXPECT_GT(stats.sum([](const Stats& s) { return s.contended; }), 0)
      << "no key was ever updated by two threads at once";
}

}  // namespace
}  // namespace hawk
