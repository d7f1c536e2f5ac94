// The locks certainly held at each point of one function body: a forward must-dataflow
// over clang's CFG (intersection at joins), so a lock counts only when every path to the
// point holds it — through branches, loops, early returns and scope exits of RAII guards.
// Calls to functions whose body is in the translation unit act by their summaries (lock
// wrappers, RAII wrapper classes: locks/lock_summaries.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <clang/Basic/SourceLocation.h>

#include "model/facts.h"

namespace clang {
class ASTContext;
class Decl;
class Stmt;
}  // namespace clang

namespace hawk::audit {

// Lock `acquired` taken while lock `held` is certainly held: an edge of the lock-order
// graph (capture turns it into a LockOrderEdge).
struct LockOrder {
  std::string held;
  std::string acquired;
  bool held_shared = false;  // HeldLock::shared of each
  bool acquired_shared = false;
  const clang::Stmt* where = nullptr;  // the call or declaration that acquires
  clang::SourceLocation location;      // where->getBeginLoc()
  friend bool operator==(const LockOrder&, const LockOrder&) = default;
};

class LocksetAnalysis {
 public:
  // Analyses `body` of `function` (a FunctionDecl, or a lambda's call operator / block),
  // starting with `entry_locks` held (e.g. a lambda analysed where it is written).
  LocksetAnalysis(const clang::Decl& function, clang::ASTContext& context, std::vector<HeldLock> entry_locks = {});
  ~LocksetAnalysis();
  LocksetAnalysis(const LocksetAnalysis&) = delete;
  LocksetAnalysis& operator=(const LocksetAnalysis&) = delete;

  // The locks held just before `stmt` runs (sorted, unique), for any expression or
  // statement inside the body. nullopt when the statement is unreachable (no path from
  // the entry reaches it: code that never runs produces no finding) or has no CFG.
  std::optional<std::vector<HeldLock>> locks_at(const clang::Stmt& stmt) const;

  // False when no path from `stmt` returns from the function: every one ends in a
  // [[noreturn]] call (abort(), exit(), a fatal-error helper). True when unknown.
  bool returns_after(const clang::Stmt& stmt) const;

  // True when the body acquires any lock (RAII guard, lock(), pthread_*_lock, ...).
  bool acquires_any_lock() const;

  // The function's summary, as its callers see it, in its own lock names (a parameter
  // lock is `<function>::<param>`, a member `Class::field`; see locks/lock_names.h).
  // Locks held on every normal return (throws and [[noreturn]] paths excluded) that were
  // not held on entry: Lock() { mu_.lock(); } acquires Class::mu_. Sorted, unique.
  const std::vector<HeldLock>& acquires_on_return() const;
  // Locks the function releases without having taken them (Unlock() { mu_.unlock(); }),
  // or that it held on entry (REQUIRES, `entry_locks`) and no longer holds on every
  // return; a lock released and taken again (a hand-written wait) is in neither list.
  // Sorted, unique. Both are empty when the function never returns.
  const std::vector<HeldLock>& releases_on_return() const;

  // REQUIRES / REQUIRES_SHARED on the function: held on entry to its body. Sorted, unique.
  std::vector<HeldLock> requires_locks() const;

  // NO_THREAD_SAFETY_ANALYSIS on the function: its accesses are not to be reported.
  bool no_thread_safety_analysis() const;

  // Every blocking acquisition of a lock B (lock(), a guard, a wrapper's Lock(), ...) at a
  // reachable point where a lock A != B is certainly held, shared or not: one edge per
  // A, B and place, in CFG order. Taking a lock already held (recursively) adds none, and
  // the locks one std::lock / scoped_lock takes together have no edges among themselves.
  // Try-locks never block and add none. Each blocking acquisition also appears once with
  // `held` empty: where the function takes the lock, whatever its callers hold.
  const std::vector<LockOrder>& lock_order_edges() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::audit
