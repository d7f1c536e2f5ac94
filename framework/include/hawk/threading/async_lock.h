#pragma once

#include <coroutine>
#include <deque>
#include <utility>

#include "hawk/thread_annotations.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {

class AsyncLockGuard;

// A mutex for coroutine handlers, mirroring HawkAPI's maybe_async_lock(). Unlike asyncio's
// lock it is safe across OS threads: a coroutine may suspend waiting for it on one thread
// and be resumed by the unlocking thread. Waiters are served first-in, first-out; unlock()
// hands ownership straight to the next waiter and resumes it inline.
//
//   co_await lock.lock(); ...; lock.unlock();
//   { AsyncLockGuard g = co_await lock.scoped(); ... }
class AsyncLock {
 public:
  AsyncLock() = default;
  AsyncLock(const AsyncLock&) = delete;
  AsyncLock& operator=(const AsyncLock&) = delete;
  ~AsyncLock();

  class LockAwaiter {
   public:
    explicit LockAwaiter(AsyncLock& lock) : lock_(lock) {}
    bool await_ready() { return lock_.try_lock(); }
    bool await_suspend(std::coroutine_handle<> waiter) { return lock_.enqueue_or_acquire(waiter); }
    void await_resume() {}

   protected:
    AsyncLock& lock_;
  };

  class ScopedAwaiter : public LockAwaiter {
   public:
    using LockAwaiter::LockAwaiter;
    AsyncLockGuard await_resume();
  };

  // Awaitable that completes once the lock is held by the awaiting coroutine.
  LockAwaiter lock() { return LockAwaiter(*this); }
  // Like lock(), but completes with a guard that unlocks when it goes out of scope.
  ScopedAwaiter scoped() { return ScopedAwaiter(*this); }
  bool try_lock();
  // Releases the lock, or passes it to the oldest waiter and resumes that coroutine here.
  void unlock();

 private:
  // Returns false when the lock was free and is now held (the caller must not suspend).
  bool enqueue_or_acquire(std::coroutine_handle<> waiter);

  ThreadLock state_mu_ = maybe_thread_lock();
  bool locked_ GUARDED_BY(state_mu_) = false;
  std::deque<std::coroutine_handle<>> waiters_ GUARDED_BY(state_mu_);
};

// Owns a held AsyncLock and unlocks it on destruction; movable, so it can be returned.
class AsyncLockGuard {
 public:
  explicit AsyncLockGuard(AsyncLock& lock) : lock_(&lock) {}
  AsyncLockGuard(AsyncLockGuard&& other) noexcept : lock_(std::exchange(other.lock_, nullptr)) {}
  AsyncLockGuard& operator=(AsyncLockGuard&&) = delete;
  AsyncLockGuard(const AsyncLockGuard&) = delete;
  ~AsyncLockGuard() {
    if (lock_ != nullptr) lock_->unlock();
  }

 private:
  AsyncLock* lock_;
};

inline AsyncLockGuard AsyncLock::ScopedAwaiter::await_resume() { return AsyncLockGuard(lock_); }

// Mirrors HawkAPI's maybe_async_lock(). Its internal state lock follows maybe_thread_lock().
inline AsyncLock maybe_async_lock() { return AsyncLock{}; }

}  // namespace hawk
