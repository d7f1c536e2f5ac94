#pragma once

#include <mutex>

#include "hawk/threading/free_threaded.h"

namespace hawk {

// The GIL build's interpreter lock: while one is alive on a thread, no other thread's
// runs (as CPython's GIL serialises bytecode). App::handle holds one per request in the
// GIL build, which is the baseline the free-threaded build is measured against. In the
// free-threaded build it does nothing. Re-entrant, so a handler may call into a mounted app.
class InterpreterLockHolder {
 public:
  InterpreterLockHolder() {
    if constexpr (!kFreeThreaded) mutex().lock();
  }
  ~InterpreterLockHolder() {
    if constexpr (!kFreeThreaded) mutex().unlock();
  }
  InterpreterLockHolder(const InterpreterLockHolder&) = delete;
  InterpreterLockHolder& operator=(const InterpreterLockHolder&) = delete;

 private:
  static std::recursive_mutex& mutex() {
    static std::recursive_mutex interpreter;
    return interpreter;
  }
};

}  // namespace hawk
