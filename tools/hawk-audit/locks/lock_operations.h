// What a single call or guard declaration does to locks, read from the AST alone: the
// std:: mutexes and guards, pthread / C11 threads functions, and any function carrying
// Clang's thread-safety attributes (acquire/release/try_acquire_capability). The lockset
// dataflow applies these effects in CFG order; nothing here depends on program state.
#pragma once

#include <optional>
#include <vector>

#include "model/facts.h"

namespace clang {
class CallExpr;
class CXXConstructExpr;
class FunctionDecl;
class Decl;
class Expr;
class VarDecl;
}  // namespace clang

namespace hawk::audit {

struct LockOperation {
  enum class Kind {
    Acquire,       // `locks` become held (one more hold each)
    Assert,        // `locks` are known held (assert_capability): no new hold
    Release,       // `locks` stop being held
    TryAcquire,    // `locks` held (and `guards` own) only where the call's result says success
    GuardLock,     // `guard` acquires again what it is associated with
    GuardUnlock,   // `guard` releases what it owns and stays associated
    GuardTryLock,  // like TryAcquire, on what `guard` is associated with
    GuardRelease,  // guard.release(): the locks stay held, the guard forgets them
    GuardTest,     // lk.owns_lock() / bool(lk): true exactly when the guard owns
  };
  Kind kind = Kind::Acquire;
  std::vector<HeldLock> locks;
  const clang::VarDecl* guard = nullptr;
  // How a try's result reads: nonzero for `bool try_lock()`, zero for pthread's error
  // codes, -1 for std::try_lock(a, b, ...) (otherwise the index of the one that failed).
  enum class Success { NonZero, Zero, MinusOne };
  Success success = Success::NonZero;
  // Guards a TryAcquire locks besides `locks`: std::try_lock(lk1, lk2) on unique_locks.
  std::vector<const clang::VarDecl*> guards;
};

// The effects of `call`, in order (usually zero or one). `function` is the body the call
// is in: it names local locks.
std::vector<LockOperation> lock_operations(const clang::CallExpr& call, const clang::Decl* function);

// The locks a function declares its callers hold (REQUIRES / REQUIRES_SHARED): held on
// entry to its body.
std::vector<HeldLock> required_locks(const clang::FunctionDecl& function);

// A guard variable coming to life (its declaration): what it is associated with, and
// whether it locks now, later (defer_lock), tries (try_to_lock, a timeout), or adopts
// locks already held. `moved_from` is the guard it takes over (unique_lock(std::move(o))).
struct GuardStart {
  enum class Mode { Lock, Defer, TryLock, Adopt, MoveFrom };
  Mode mode = Mode::Lock;
  const clang::VarDecl* guard = nullptr;
  std::vector<HeldLock> locks;
  const clang::VarDecl* moved_from = nullptr;
  // Arguments of a std guard that are no lock type but a user class handed to it as its
  // mutex (std::lock_guard<SpinLock>): what they lock is their lock()'s summary, which
  // the lockset analysis adds to `locks` (locks/lock_summaries.h).
  std::vector<const clang::Expr*> lockables;
};

// nullopt when `var` is not a guard or not started from something understood.
std::optional<GuardStart> guard_start(const clang::VarDecl& var, const clang::Decl* function);

// The same for a guard made by `construct` (a returned temporary `return std::unique_lock(mu_);`),
// with no variable yet (`guard` null).
std::optional<GuardStart> guard_start_of(const clang::CXXConstructExpr& construct, const clang::Decl* function);

}  // namespace hawk::audit
