#include "locks/lockset_state.h"

#include <algorithm>
#include <optional>
#include <set>

namespace hawk::audit {
namespace {

bool associated(const LocksetState::Guard& guard, const std::string& lock) {
  return std::any_of(guard.locks.begin(), guard.locks.end(), [&](const HeldLock& held) { return held.lock == lock; });
}

// What a guard owns, certainly or not at all: whatever it owned under a condition is moot.
void set_owns(LocksetState::Guard& guard, LocksetState::Owns owns) {
  guard.owns = owns;
  guard.owns_if.clear();
}

using ConditionalHolds = std::map<std::pair<std::string, ConditionLiteral>, LocksetState::Hold>;

// The first conditional hold of `lock` (they are contiguous, ordered by literal).
ConditionalHolds::iterator first_conditional(ConditionalHolds& held_if, const std::string& lock) {
  return held_if.lower_bound({lock, ConditionLiteral{0, false}});
}

// One hold of `lock` less under every literal: a release or an adoption happens on every path.
void drop_conditional_hold(ConditionalHolds& held_if, const std::string& lock) {
  for (auto it = first_conditional(held_if, lock); it != held_if.end() && it->first.first == lock;) {
    if (--it->second.count == 0) it = held_if.erase(it);
    else ++it;
  }
}

}  // namespace

void LocksetState::acquire(const std::vector<HeldLock>& locks) {
  for (const HeldLock& lock : locks) {
    auto [it, inserted] = held.try_emplace(lock.lock, Hold{0, lock.shared});
    // Exclusive is the stronger hold: taking it upgrades a shared entry.
    if (!inserted) it->second.shared = it->second.shared && lock.shared;
    ++it->second.count;
    // Taken on every path: one more hold under every literal too.
    for (auto cond = first_conditional(held_if, lock.lock); cond != held_if.end() && cond->first.first == lock.lock;
         ++cond) {
      cond->second.shared = cond->second.shared && lock.shared;
      ++cond->second.count;
    }
  }
}

void LocksetState::release(const std::vector<HeldLock>& locks) {
  for (const HeldLock& lock : locks) {
    drop_conditional_hold(held_if, lock.lock);
    if (auto it = held.find(lock.lock); it != held.end()) {
      if (--it->second.count == 0) held.erase(it);
      continue;
    }
    // Unlocked by hand under a guard (`lk.release()` done by hand, or a mistake): that
    // guard's hold is gone and its destructor must not end another.
    for (auto& [var, guard] : guards) {
      if (guard.owns == Owns::No || !associated(guard, lock.lock)) continue;
      bool certain = guard.owns == Owns::Yes;
      set_owns(guard, Owns::No);
      if (certain) break;
    }
  }
}

void LocksetState::assert_held(const std::vector<HeldLock>& locks) {
  std::vector<HeldLock> current = held_locks();
  for (const HeldLock& lock : locks) {
    auto known_held = std::find_if(current.begin(), current.end(), [&](const HeldLock& h) { return h.lock == lock.lock; });
    if (known_held != current.end()) continue;
    // One certain hold; a path that held it under a literal held it already, no more.
    held[lock.lock] = Hold{1, lock.shared};
    for (auto cond = first_conditional(held_if, lock.lock); cond != held_if.end() && cond->first.first == lock.lock;)
      cond = cond->second.count <= 1 ? held_if.erase(cond) : std::next(cond);
  }
}

void LocksetState::apply(const LockOperation& operation) {
  using Kind = LockOperation::Kind;
  auto guard = guards.find(operation.guard);
  switch (operation.kind) {
    case Kind::Acquire: acquire(operation.locks); break;
    case Kind::Release: release(operation.locks); break;
    case Kind::Assert: assert_held(operation.locks); break;
    case Kind::GuardLock:
      if (guard != guards.end()) set_owns(guard->second, Owns::Yes);
      break;
    case Kind::GuardUnlock:
      if (guard != guards.end()) set_owns(guard->second, Owns::No);
      break;
    case Kind::GuardTryLock:
      // Owns only on the branch that reads success; until then it may.
      if (guard != guards.end() && guard->second.owns == Owns::No) guard->second.owns = Owns::Maybe;
      break;
    case Kind::GuardRelease:
      // The locks stay held, now by hand; a hold that was only possible is not certain.
      if (guard != guards.end()) {
        if (guard->second.owns == Owns::Yes) acquire(guard->second.locks);
        // Owned under a literal: held by hand under it.
        if (guard->second.owns == Owns::Maybe)
          for (const ConditionLiteral& literal : guard->second.owns_if)
            for (const HeldLock& lock : guard->second.locks) {
              Hold more{1, lock.shared};
              if (auto certain = held.find(lock.lock); certain != held.end())
                more = Hold{certain->second.count + 1, certain->second.shared && lock.shared};
              auto [it, inserted] = held_if.try_emplace({lock.lock, literal}, more);
              if (!inserted) it->second = Hold{it->second.count + 1, it->second.shared && lock.shared};
            }
        guards.erase(guard);
      }
      break;
    // Tries and tests take effect on the branches that read their result.
    case Kind::TryAcquire:
    case Kind::GuardTest: break;
  }
}

void LocksetState::apply(const GuardStart& start) {
  using Mode = GuardStart::Mode;
  if (start.guard == nullptr) return;
  if (start.mode == Mode::MoveFrom) {
    Guard taken;
    if (auto it = guards.find(start.moved_from); it != guards.end()) {
      taken = std::move(it->second);
      guards.erase(it);  // a moved-from guard owns nothing
    }
    guards[start.guard] = std::move(taken);
    return;
  }
  Guard guard{start.locks, Owns::No, {}};
  std::sort(guard.locks.begin(), guard.locks.end());
  switch (start.mode) {
    case Mode::Lock: guard.owns = Owns::Yes; break;
    case Mode::Adopt:
      // Takes over a hold taken by hand rather than adding one.
      for (const HeldLock& lock : start.locks) {
        drop_conditional_hold(held_if, lock.lock);
        if (auto it = held.find(lock.lock); it != held.end() && --it->second.count == 0) held.erase(it);
      }
      guard.owns = Owns::Yes;
      break;
    case Mode::TryLock: guard.owns = Owns::Maybe; break;
    case Mode::Defer:
    case Mode::MoveFrom: break;
  }
  guards[start.guard] = std::move(guard);
}

void LocksetState::guard_destroyed(const clang::VarDecl& guard) { guards.erase(&guard); }  // its hold ends with it

void LocksetState::try_succeeded(const std::vector<HeldLock>& locks,
                                 const std::vector<const clang::VarDecl*>& try_guards) {
  acquire(locks);
  for (const clang::VarDecl* var : try_guards)
    if (auto it = guards.find(var); it != guards.end()) set_owns(it->second, Owns::Yes);
}

void LocksetState::try_failed(const std::vector<const clang::VarDecl*>& try_guards) {
  for (const clang::VarDecl* var : try_guards)
    if (auto it = guards.find(var); it != guards.end() && it->second.owns == Owns::Maybe) set_owns(it->second, Owns::No);
}

void LocksetState::assume(ConditionLiteral literal) {
  for (auto it = held_if.begin(); it != held_if.end();) {
    if (it->first.second.condition != literal.condition) {
      ++it;
      continue;
    }
    // Under the literal: certain. Under its negation: this edge is not where it holds.
    if (it->first.second.value == literal.value) {
      auto [certain, inserted] = held.try_emplace(it->first.first, it->second);
      if (!inserted) {
        certain->second.count = std::max(certain->second.count, it->second.count);
        certain->second.shared = certain->second.shared && it->second.shared;
      }
    }
    it = held_if.erase(it);
  }
  for (auto& [var, guard] : guards) {
    if (guard.owns == Owns::Maybe &&
        std::find(guard.owns_if.begin(), guard.owns_if.end(), literal) != guard.owns_if.end()) {
      set_owns(guard, Owns::Yes);
      continue;
    }
    std::erase_if(guard.owns_if, [&](const ConditionLiteral& l) { return l.condition == literal.condition; });
  }
  known[literal.condition] = literal.value;
}

void LocksetState::forget(unsigned condition) {
  known.erase(condition);
  std::erase_if(held_if, [&](const auto& entry) { return entry.first.second.condition == condition; });
  for (auto& [var, guard] : guards)
    std::erase_if(guard.owns_if, [&](const ConditionLiteral& l) { return l.condition == condition; });
}

namespace {

// What `state` says under `literal` about holds of `lock` by hand; nullopt when the literal
// cannot hold there (its condition is known to have the other value): it says anything.
std::optional<LocksetState::Hold> hold_under(const LocksetState& state, const std::string& lock,
                                             ConditionLiteral literal) {
  if (auto known = state.known.find(literal.condition); known != state.known.end() && known->second != literal.value)
    return std::nullopt;
  LocksetState::Hold hold;
  if (auto certain = state.held.find(lock); certain != state.held.end()) hold = certain->second;
  if (auto conditional = state.held_if.find({lock, literal});
      conditional != state.held_if.end() && conditional->second.count > hold.count)
    hold = conditional->second;
  return hold;
}

// Whether `guard` (nullptr: not alive in `state`) owns its locks under `literal`; nullopt
// when the literal cannot hold in `state`.
std::optional<bool> owns_under(const LocksetState& state, const LocksetState::Guard* guard, ConditionLiteral literal) {
  if (auto known = state.known.find(literal.condition); known != state.known.end() && known->second != literal.value)
    return std::nullopt;
  if (guard == nullptr) return false;
  return guard->owns == LocksetState::Owns::Yes ||
         (guard->owns == LocksetState::Owns::Maybe &&
          std::find(guard->owns_if.begin(), guard->owns_if.end(), literal) != guard->owns_if.end());
}

}  // namespace

void LocksetState::meet(const LocksetState& other) {
  // What both sides imply under each literal of a condition either knows something about,
  // worked out before this state changes.
  std::set<unsigned> conditions;
  for (const LocksetState* side : {static_cast<const LocksetState*>(this), &other}) {
    for (const auto& [condition, value] : side->known) conditions.insert(condition);
    for (const auto& [key, hold] : side->held_if) conditions.insert(key.second.condition);
    for (const auto& [var, guard] : side->guards)
      for (const ConditionLiteral& literal : guard.owns_if) conditions.insert(literal.condition);
  }
  ConditionalHolds joined_if;
  std::map<const clang::VarDecl*, std::vector<ConditionLiteral>> joined_owns_if;
  if (!conditions.empty()) {
    std::set<std::string> locks;
    for (const LocksetState* side : {static_cast<const LocksetState*>(this), &other}) {
      for (const auto& [lock, hold] : side->held) locks.insert(lock);
      for (const auto& [key, hold] : side->held_if) locks.insert(key.first);
    }
    for (const std::string& lock : locks)
      for (unsigned condition : conditions)
        for (bool value : {false, true}) {
          ConditionLiteral literal{condition, value};
          auto mine = hold_under(*this, lock, literal);
          auto theirs = hold_under(other, lock, literal);
          if (!mine && !theirs) continue;
          Hold hold = !mine ? *theirs : !theirs ? *mine : Hold{std::min(mine->count, theirs->count), mine->shared || theirs->shared};
          if (hold.count > 0) joined_if.emplace(std::pair{lock, literal}, hold);
        }
    std::set<const clang::VarDecl*> vars;
    for (const LocksetState* side : {static_cast<const LocksetState*>(this), &other})
      for (const auto& [var, guard] : side->guards) vars.insert(var);
    for (const clang::VarDecl* var : vars) {
      auto mine = guards.find(var);
      auto theirs = other.guards.find(var);
      const Guard* my_guard = mine == guards.end() ? nullptr : &mine->second;
      const Guard* their_guard = theirs == other.guards.end() ? nullptr : &theirs->second;
      // Owning under a literal means owning the same locks on either side.
      if (my_guard != nullptr && their_guard != nullptr && my_guard->locks != their_guard->locks) continue;
      for (unsigned condition : conditions)
        for (bool value : {false, true}) {
          ConditionLiteral literal{condition, value};
          auto a = owns_under(*this, my_guard, literal);
          auto b = owns_under(other, their_guard, literal);
          if ((a || b) && a.value_or(true) && b.value_or(true)) joined_owns_if[var].push_back(literal);
        }
    }
  }
  for (auto it = held.begin(); it != held.end();) {
    auto theirs = other.held.find(it->first);
    if (theirs == other.held.end()) {
      it = held.erase(it);
    } else {
      it->second.count = std::min(it->second.count, theirs->second.count);
      it->second.shared = it->second.shared || theirs->second.shared;
      ++it;
    }
  }
  // A guard alive on one path only, or owning different things, is no certain hold.
  for (auto& [var, mine] : guards)
    if (other.guards.count(var) == 0) mine.owns = Owns::Maybe;
  for (const auto& [var, theirs] : other.guards) {
    auto [it, inserted] = guards.try_emplace(var, theirs);
    Guard& mine = it->second;
    if (inserted || mine.owns != theirs.owns || mine.locks != theirs.locks) mine.owns = Owns::Maybe;
    for (const HeldLock& lock : theirs.locks)
      if (std::find(mine.locks.begin(), mine.locks.end(), lock) == mine.locks.end()) mine.locks.push_back(lock);
    std::sort(mine.locks.begin(), mine.locks.end());
  }
  for (auto& [var, guard] : guards) {
    guard.owns_if.clear();
    if (guard.owns != Owns::Maybe) continue;
    if (auto owns_if = joined_owns_if.find(var); owns_if != joined_owns_if.end()) guard.owns_if = owns_if->second;
  }
  // A conditional hold is kept only where it says more than the certain holds.
  for (auto it = joined_if.begin(); it != joined_if.end();) {
    auto certain = held.find(it->first.first);
    if (certain != held.end() && certain->second.count >= it->second.count) it = joined_if.erase(it);
    else ++it;
  }
  held_if = std::move(joined_if);
  for (auto it = known.begin(); it != known.end();) {
    auto theirs = other.known.find(it->first);
    if (theirs == other.known.end() || theirs->second != it->second) it = known.erase(it);
    else ++it;
  }
}

std::vector<HeldLock> LocksetState::held_locks() const {
  std::map<std::string, bool> shared_only;  // lock -> every certain hold of it is shared
  for (const auto& [name, hold] : held) shared_only.emplace(name, hold.shared);
  for (const auto& [var, guard] : guards) {
    if (guard.owns != Owns::Yes) continue;
    for (const HeldLock& lock : guard.locks) {
      auto [it, inserted] = shared_only.emplace(lock.lock, lock.shared);
      if (!inserted) it->second = it->second && lock.shared;
    }
  }
  std::vector<HeldLock> locks;
  locks.reserve(shared_only.size());
  for (const auto& [name, shared] : shared_only) locks.push_back({name, shared});
  return locks;  // std::map iterates in name order, one entry per name
}

}  // namespace hawk::audit
