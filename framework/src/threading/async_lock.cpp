#include "hawk/threading/async_lock.h"

#include <cassert>

namespace hawk {

AsyncLock::~AsyncLock() {
  // No lock: nobody may use the lock any more once its destructor runs.
  assert(waiters_.empty() && "AsyncLock destroyed while coroutines wait for it");
}

bool AsyncLock::try_lock() {
  ThreadLockGuard guard(state_mu_);
  if (locked_) return false;
  locked_ = true;
  return true;
}

bool AsyncLock::enqueue_or_acquire(std::coroutine_handle<> waiter) {
  ThreadLockGuard guard(state_mu_);
  if (!locked_) {
    locked_ = true;
    return false;
  }
  waiters_.push_back(waiter);
  return true;
}

void AsyncLock::unlock() {
  std::coroutine_handle<> next;
  {
    ThreadLockGuard guard(state_mu_);
    assert(locked_ && "AsyncLock::unlock() without holding it");
    if (waiters_.empty()) {
      locked_ = false;
      return;
    }
    next = waiters_.front();  // ownership passes to `next`: locked_ stays true
    waiters_.pop_front();
  }
  next.resume();  // outside state_mu_, so the resumed coroutine may lock or unlock again
}

}  // namespace hawk
