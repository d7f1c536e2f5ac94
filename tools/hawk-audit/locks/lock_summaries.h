// Lock wrappers without annotations, within one translation unit. A call to a function
// whose body the unit has (headers included, system headers excluded) does to its
// caller's locks what the function's *summary* says: the locks it leaves held on every
// return (acquires) and the locks it releases that it did not take (releases), both
// computed by running LocksetAnalysis on it. A local variable of a class whose
// constructor acquires locks that its destructor releases is a scoped guard, like
// std::lock_guard. Summaries are computed on demand, memoised per AST, and a call cycle
// (or a chain deeper than a fixed bound) is summarised as doing nothing.
//
// Summaries name locks as the callee does (lock_names.h). At a call they are renamed into
// the caller's names: a parameter lock `lock_it::m` becomes the argument's lock (`g_mu` in
// `lock_it(&g_mu)`), and in a constructor a reference or pointer member initialised from
// something nameable (`Guard::m_` in `Guard(Mutex& m) : m_(m)`) becomes what it was
// initialised from. A lock member of the object a method is called on is that object's
// (`a_.Lock()` in Outer takes `Outer::a_`, not every SpinLock's `SpinLock::mu_`); called
// on `this`, inside the class, it keeps the class's name.
//
// A callee whose body is in another unit has its summary from an ExternalLockLookup when
// one is set (a later capture round, driver/summary_rounds.h), renamed the same way
// through the parameter and member names recorded with it.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "locks/lock_operations.h"
#include "locks/lock_summary_table.h"
#include "model/facts.h"

namespace clang {
class ASTContext;
class CallExpr;
class CXXConstructorDecl;
class Decl;
class FunctionDecl;
class VarDecl;
}  // namespace clang

namespace hawk::audit {

// What a function does to its caller's locks, in the function's own lock names.
struct LockSummary {
  std::vector<HeldLock> acquires;  // held on every return, not held on entry (sorted, unique)
  std::vector<HeldLock> releases;  // released and not taken again (sorted, unique)
  bool empty() const { return acquires.empty() && releases.empty(); }
};

// A local variable of an unannotated RAII lock class, seen from the function declaring it.
struct WrapperGuard {
  std::vector<HeldLock> locks;          // owned from the declaration until scope exit (caller's names)
  std::vector<HeldLock> also_acquired;  // taken by the constructor but not given back by the destructor
  std::vector<HeldLock> released;       // released by the constructor (a scoped *unlock*)
  // The wrapper's lock names that stand for the caller's locks (Guard::m_ -> mu; nullopt:
  // an argument with no lock name), to rename the summaries of its methods called on the
  // variable (g.Unlock()).
  std::vector<std::pair<std::string, std::optional<std::string>>> renames;
};

class LockSummaries {
 public:
  // The summaries of one AST, created on first use and freed with the ASTContext.
  static LockSummaries& of(clang::ASTContext& context);

  explicit LockSummaries(clang::ASTContext& context) : context_(context) {}

  // Where summaries of functions without a body here come from; nullptr: nowhere. Set
  // before the first summary is asked for; `lookup` must outlive the AST.
  void set_external(ExternalLockLookup* lookup) { external_ = lookup; }

  // What other units need of a wrapper's summary to rename it at their calls
  // (Function::parameter_locks / member_lock_sources).
  static std::vector<std::string> parameter_lock_names(const clang::FunctionDecl& definition);
  static std::vector<std::pair<std::string, std::string>> member_lock_sources(
      const clang::CXXConstructorDecl& definition);

  // The summary of `callee` (any declaration of it); nullptr when it has no body in the
  // unit, lives in a system header or std, or summarises to nothing.
  const LockSummary* summary(const clang::FunctionDecl& callee);

  // The effects of `call` by the callee's summary, in the caller's names: Release then
  // Acquire; GuardLock / GuardUnlock for a method of a wrapper guard in `guards` that
  // acts on exactly that guard's locks. Empty when there is no summary.
  std::vector<LockOperation> call_operations(const clang::CallExpr& call, const clang::Decl* caller,
                                             const std::unordered_map<const clang::VarDecl*, WrapperGuard>& guards);

  // `callee_locks`, named as `call`'s callee names them, in the caller's names: its
  // parameters as the arguments, the object's own lock members as that object. Locks the
  // caller cannot name (an argument with no lock name) are dropped.
  std::vector<HeldLock> in_caller_names(const clang::CallExpr& call, const clang::Decl* caller,
                                        const std::vector<HeldLock>& callee_locks);

  // What a std guard locks when given `object`, a user class with lock() (lock_shared()
  // when `shared`): that method's summary, for that object. Empty when it has none.
  std::vector<HeldLock> lockable_locks(const clang::Expr& object, bool shared, const clang::Decl* caller);

  // `var`, a std or scoped guard initialised by a call (`auto lk = registry.locked();`),
  // as the guard the callee returns: every return of its body hands back a guard made
  // there or a local guard, with the same locks and mode. In the caller's names; nullopt
  // otherwise.
  std::optional<GuardStart> returned_guard(const clang::VarDecl& var, const clang::Decl* caller);

  // `var` as an RAII wrapper guard; nullopt when its constructor does nothing to locks.
  std::optional<WrapperGuard> wrapper_guard(const clang::VarDecl& var, const clang::Decl* caller);

 private:
  const LockSummary* external_summary(const clang::FunctionDecl& callee);
  const ExternalLockSummary* external_entry(const clang::FunctionDecl& callee);

  clang::ASTContext& context_;
  ExternalLockLookup* external_ = nullptr;
  // By canonical declaration: the entry found (nullptr: none) and its effects.
  std::unordered_map<const clang::FunctionDecl*, const ExternalLockSummary*> external_entries_;
  std::unordered_map<const clang::FunctionDecl*, LockSummary> external_done_;
  std::unordered_map<const clang::FunctionDecl*, LockSummary> done_;
  std::unordered_set<const clang::FunctionDecl*> in_progress_;  // the recursion guard
};

}  // namespace hawk::audit
