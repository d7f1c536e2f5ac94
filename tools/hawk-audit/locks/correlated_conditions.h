// Correlated conditions: one condition read by several branches of a function with
// nothing in between that may change it, so the branches agree —
//
//     if (need_lock) pthread_mutex_lock(&m);
//     if (need_lock) counter++;            // m is held here
//     if (need_lock) pthread_mutex_unlock(&m);
//
// A condition is tracked when it is a side-effect-free expression over local variables and
// parameters, fields reached from `this` or from a local pointer (`p->locked`), globals
// and constants (`!c`, `c == 0`, `mode != NONE`, `p->flags & F` ...), two reads being one
// condition when they are the same expression (structurally: the same declarations, the
// same member path, the same operators and constants). `!c` and `c == 0` are c read with
// the other value. What may change a condition, after which the lockset analysis forgets
// it (LocksetState::forget):
//   - a write to a variable it reads (assignment, ++/--, its declaration run again), or to
//     a field it reads through whatever object; a write through a pointer or reference
//     (`*p = v`, `a[i] = v` on a pointer, a reference variable) to any condition that
//     reads memory (globals, fields, locals whose address is taken);
//   - for conditions that read memory: a call, a constructor or a destructor, unless its
//     body in the unit (and the bodies it calls, a few levels deep) writes none of the
//     condition's variables and fields nor anything through a pointer, or it is a known
//     lock operation of the standard, POSIX or C11 libraries, or is declared const/pure.
//     Virtual calls, calls through pointers and functions without a body change anything.
// A local variable or parameter whose address is never taken nor bound to a reference
// (nor captured by reference) changes only by its own writes: calls do not change it.
// Volatile, atomic and reference variables, captures in a lambda and anything else
// (calls, dereferences, subscripts in the condition) are not tracked: there the analysis
// stays as before, a lock held on one path only is not held after the join.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "locks/lockset_state.h"

namespace clang {
class ASTContext;
class CFG;
class CFGElement;
class Decl;
class Expr;
}  // namespace clang

namespace hawk::audit {

class CorrelatedConditions {
 public:
  CorrelatedConditions(const clang::Decl& function, clang::ASTContext& context);
  ~CorrelatedConditions();
  CorrelatedConditions(const CorrelatedConditions&) = delete;
  CorrelatedConditions& operator=(const CorrelatedConditions&) = delete;

  // The literal that holds where the branch condition `condition` (as a two-way CFG
  // terminator reads it) is true: its condition's id and value. nullopt when the
  // condition is not one that can be tracked. Registers the condition.
  std::optional<ConditionLiteral> read_by(const clang::Expr& condition);

  // Once every branch is registered: which elements of `cfg` may change which conditions.
  void find_changes(const clang::CFG& cfg);

  // The conditions `element` (an element of the CFG given to find_changes) may change;
  // nullptr when none.
  const std::vector<unsigned>* changed_by(const clang::CFGElement& element) const;

  bool empty() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::audit
