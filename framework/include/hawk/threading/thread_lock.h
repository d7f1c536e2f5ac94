#pragma once

#include <mutex>
#include <type_traits>

#include "hawk/thread_annotations.h"
#include "hawk/threading/free_threaded.h"

namespace hawk {

// The lock behind maybe_thread_lock(): a std::mutex in the free-threaded build and a
// no-op in the GIL build, where App's interpreter lock already serialises requests.
// It is an annotated capability either way, so the thread-safety analysis checks both.
class CAPABILITY("mutex") ThreadLock {
 public:
  ThreadLock() = default;
  ThreadLock(const ThreadLock&) = delete;
  ThreadLock& operator=(const ThreadLock&) = delete;

  void lock() ACQUIRE() { impl_.lock(); }
  void unlock() RELEASE() { impl_.unlock(); }
  bool try_lock() TRY_ACQUIRE(true) { return impl_.try_lock(); }

 private:
  struct NoopMutex {
    void lock() {}
    void unlock() {}
    bool try_lock() { return true; }
  };
  std::conditional_t<kFreeThreaded, std::mutex, NoopMutex> impl_;
};

// RAII holder for a ThreadLock (std::lock_guard carries no annotations in libstdc++).
class SCOPED_CAPABILITY ThreadLockGuard {
 public:
  explicit ThreadLockGuard(ThreadLock& lock) ACQUIRE(lock) : lock_(lock) { lock_.lock(); }
  ~ThreadLockGuard() RELEASE() { lock_.unlock(); }
  ThreadLockGuard(const ThreadLockGuard&) = delete;
  ThreadLockGuard& operator=(const ThreadLockGuard&) = delete;

 private:
  ThreadLock& lock_;
};

// Mirrors HawkAPI's maybe_thread_lock(): the lock to guard a piece of shared state with.
// Returned as a prvalue, so `ThreadLock mu_ = maybe_thread_lock();` needs no move.
inline ThreadLock maybe_thread_lock() { return ThreadLock{}; }

}  // namespace hawk
