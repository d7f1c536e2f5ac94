// The dataflow fact of the lockset analysis at one program point: the holds of locks
// that are certain. A lock is held while it has a hold: a recursive mutex (or a lock taken
// again through another guard) is released only when its last hold ends. Holds are kept
// apart by owner: those taken by hand (lock(), std::lock, ...) are counted per lock, and
// each live guard variable records the locks it is associated with and whether it owns
// them, so its unlock() or destructor ends its own hold and no other.
//
// Besides the certain holds, a state keeps what it knows under *correlated conditions*
// (locks/correlated_conditions.h): the conditions whose value the path branched on and
// that nothing changed since (`known`), and holds that are certain whenever a condition
// has a given value (`held_if`: after `if (c) m.lock();` m is held if c). Such a hold is
// not held (held_locks() leaves it out) until a branch on the same condition makes it
// certain on its edge (assume()); anything that may change the condition forgets it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "locks/lock_operations.h"
#include "model/facts.h"

namespace clang {
class VarDecl;
}

namespace hawk::audit {

// A condition of the function being analysed (an id given by CorrelatedConditions)
// having a value.
struct ConditionLiteral {
  unsigned condition = 0;
  bool value = true;
  friend auto operator<=>(const ConditionLiteral&, const ConditionLiteral&) = default;
  friend bool operator==(const ConditionLiteral&, const ConditionLiteral&) = default;
};

struct LocksetState {
  struct Hold {
    unsigned count = 0;   // holds certain on every path; > 0 in `held`
    bool shared = false;  // held shared only
    friend bool operator==(const Hold&, const Hold&) = default;
  };
  // Whether a guard owns its locks: Maybe after a try whose result was not branched on,
  // or where paths disagree. Only a guard that certainly owns counts as a hold.
  enum class Owns { No, Yes, Maybe };
  struct Guard {
    std::vector<HeldLock> locks;  // sorted
    Owns owns = Owns::No;
    // Only with owns == Maybe: the guard owns whenever one of these holds (sorted).
    std::vector<ConditionLiteral> owns_if;
    friend bool operator==(const Guard&, const Guard&) = default;
  };

  std::map<std::string, Hold> held;  // lock name -> holds taken by hand (owned by no guard variable)
  std::map<const clang::VarDecl*, Guard> guards;
  // Conditions with a value known on this path (condition id -> value).
  std::map<unsigned, bool> known;
  // Holds by hand that are certain when a literal holds: at least `count` holds (more than
  // `held` has), for a literal whose condition is not in `known`.
  std::map<std::pair<std::string, ConditionLiteral>, Hold> held_if;

  void acquire(const std::vector<HeldLock>& locks);  // one more hold each, by hand
  void release(const std::vector<HeldLock>& locks);  // one hold less each, whatever the mode
  // Known held (assert_capability): a hold unless there is one already.
  void assert_held(const std::vector<HeldLock>& locks);

  // The effect of a call, a guard's declaration, and a guard's destructor.
  void apply(const LockOperation& operation);
  void apply(const GuardStart& start);
  void guard_destroyed(const clang::VarDecl& guard);

  // The outcome of a try read by a branch: on success `locks` are taken and `guards`
  // own theirs; on failure nothing is taken and a guard whose try failed owns nothing.
  void try_succeeded(const std::vector<HeldLock>& locks, const std::vector<const clang::VarDecl*>& try_guards);
  void try_failed(const std::vector<const clang::VarDecl*>& try_guards);

  // A branch's edge on which `literal` holds: the holds under it become certain, those
  // under its negation are dropped (they say nothing here), and its value is known.
  void assume(ConditionLiteral literal);
  // Something may have changed `condition`: nothing known about it or under it remains.
  void forget(unsigned condition);

  // Must-analysis join: per lock the fewest holds by hand of any incoming path (shared if
  // shared on any); a guard owns after the join only when it owns on every path. What
  // every path implies under a literal is kept under it: joining the path that took
  // `if (c) m.lock();` (c known true) with the one that skipped it (c known false) gives
  // m held if c.
  void meet(const LocksetState& other);

  std::vector<HeldLock> held_locks() const;  // sorted, unique: each lock with a certain hold

  friend bool operator==(const LocksetState&, const LocksetState&) = default;
};

}  // namespace hawk::audit
