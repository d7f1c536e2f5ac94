#pragma once

#include <memory>
#include <utility>

#include "hawk/thread_annotations.h"
#include "hawk/threading/mutex.h"

namespace hawk {

// An immutable value published for readers: writers build a new T (outside any lock) and
// swap it in; a reader's load() keeps the version it got alive for as long as it holds it,
// so it never sees a half-built value and never waits for a writer's rebuild — only, at
// most, for another thread's pointer copy.
//
// Why not std::atomic<std::shared_ptr>: libstdc++ 12's load() releases its internal spin
// bit with a relaxed store, which is formally a data race with a concurrent store() (and
// ThreadSanitizer reports it). A mutex held for one pointer copy is correct and visible.
template <class T>
class AtomicSnapshot {
 public:
  AtomicSnapshot() = default;
  explicit AtomicSnapshot(std::shared_ptr<const T> initial) : ptr_(std::move(initial)) {}
  AtomicSnapshot(const AtomicSnapshot&) = delete;
  AtomicSnapshot& operator=(const AtomicSnapshot&) = delete;

  std::shared_ptr<const T> load() const {
    MutexLock lock(mu_);
    return ptr_;
  }

  void store(std::shared_ptr<const T> next) {
    {
      MutexLock lock(mu_);
      ptr_.swap(next);
    }
    // `next` now holds the old value: it may be the last reference, so free it unlocked.
  }

  // Publishes `next` only if the current value is still `expected`; otherwise `expected`
  // receives the current value.
  bool compare_exchange(std::shared_ptr<const T>& expected, std::shared_ptr<const T> next) {
    MutexLock lock(mu_);
    if (ptr_ != expected) {
      expected = ptr_;
      return false;
    }
    ptr_.swap(next);
    return true;
  }

 private:
  mutable Mutex mu_;
  std::shared_ptr<const T> ptr_ GUARDED_BY(mu_);
};

}  // namespace hawk
