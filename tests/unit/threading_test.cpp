#include <atomic>
#include <coroutine>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "hawk/threading/async_lock.h"
#include "hawk/threading/atomic_snapshot.h"
#include "hawk/threading/sharded_counter.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {
namespace {

// A coroutine that starts eagerly and owns nothing: enough to drive AsyncLock.
struct Detached {
  struct promise_type {
    Detached get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// Deliberately locks twice, which the thread-safety analysis rightly forbids elsewhere.
bool admits_second_owner(ThreadLock& lock) NO_THREAD_SAFETY_ANALYSIS {
  if (!lock.try_lock()) return false;
  bool second = lock.try_lock();
  if (second) lock.unlock();
  lock.unlock();
  return second;
}

TEST(ThreadLock, MatchesBuildMode) {
  ThreadLock lock = maybe_thread_lock();
  // A real mutex refuses a second owner; the GIL build's no-op lock does not.
  EXPECT_EQ(admits_second_owner(lock), !kFreeThreaded);
}

TEST(ThreadLock, NoLostUpdatesAcrossThreads) {
  if (!kFreeThreaded) GTEST_SKIP() << "the GIL build's thread lock is a no-op by design";
  ThreadLock lock = maybe_thread_lock();
  long counter = 0;
  constexpr int kThreads = 4, kIters = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIters; ++i) {
        ThreadLockGuard guard(lock);
        ++counter;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(counter, long{kThreads} * kIters);
}

Detached lock_and_record(AsyncLock& lock, std::vector<int>& order, int id, std::thread::id& resumed_on) {
  co_await lock.lock();
  resumed_on = std::this_thread::get_id();
  order.push_back(id);
  lock.unlock();
}

TEST(AsyncLock, WaitersAreResumedInOrderByTheUnlockingThread) {
  AsyncLock lock = maybe_async_lock();
  ASSERT_TRUE(lock.try_lock());
  std::vector<int> order;
  std::thread::id resumed[3];
  // Each waiter suspends on its own OS thread while the lock is held here.
  for (int id = 0; id < 3; ++id) {
    std::thread([&, id] { lock_and_record(lock, order, id, resumed[id]); }).join();
  }
  EXPECT_TRUE(order.empty());
  lock.unlock();  // resumes waiter 0, whose unlock resumes 1, then 2 — all on this thread
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
  for (auto& id : resumed) EXPECT_EQ(id, std::this_thread::get_id());
  EXPECT_TRUE(lock.try_lock());
  lock.unlock();
}

Detached scoped_increment(AsyncLock& lock, long& counter, std::atomic<int>& done) {
  {
    AsyncLockGuard guard = co_await lock.scoped();
    ++counter;
  }
  done.fetch_add(1);
}

TEST(AsyncLock, ScopedGuardExcludesCoroutinesOnManyThreads) {
  if (!kFreeThreaded) GTEST_SKIP() << "cross-thread use needs the free-threaded build";
  AsyncLock lock = maybe_async_lock();
  long counter = 0;
  std::atomic<int> done{0};
  constexpr int kThreads = 4, kIters = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIters; ++i) scoped_increment(lock, counter, done);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(done.load(), kThreads * kIters);
  ASSERT_TRUE(lock.try_lock());
  EXPECT_EQ(counter, long{kThreads} * kIters);
  lock.unlock();
}

TEST(ShardedCounter, SumsEveryThreadsAdds) {
  ShardedCounter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) counter.add();
    });
  }
  for (auto& th : threads) th.join();
  counter.add(-5);
  EXPECT_EQ(counter.value(), 8 * 10000 - 5);
}

TEST(AtomicSnapshot, ReadersKeepTheVersionTheyLoaded) {
  AtomicSnapshot<std::vector<int>> snap(std::make_shared<const std::vector<int>>(std::vector<int>{1, 2, 3}));
  auto held = snap.load();
  snap.store(std::make_shared<const std::vector<int>>(std::vector<int>{4}));
  EXPECT_EQ(held->size(), 3u);
  EXPECT_EQ(snap.load()->size(), 1u);
  auto expected = held;  // stale: the swap must fail and report the current value
  EXPECT_FALSE(snap.compare_exchange(expected, nullptr));
  EXPECT_EQ(expected->size(), 1u);
}

}  // namespace
}  // namespace hawk
