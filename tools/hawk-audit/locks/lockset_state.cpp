#include "locks/lockset_state.h"

#include <algorithm>

namespace hawk::audit {
namespace {

bool associated(const LocksetState::Guard& guard, const std::string& lock) {
  return std::any_of(guard.locks.begin(), guard.locks.end(), [&](const HeldLock& held) { return held.lock == lock; });
}

}  // namespace

void LocksetState::acquire(const std::vector<HeldLock>& locks) {
  for (const HeldLock& lock : locks) {
    auto [it, inserted] = held.try_emplace(lock.lock, Hold{0, lock.shared});
    // Exclusive is the stronger hold: taking it upgrades a shared entry.
    if (!inserted) it->second.shared = it->second.shared && lock.shared;
    ++it->second.count;
  }
}

void LocksetState::release(const std::vector<HeldLock>& locks) {
  for (const HeldLock& lock : locks) {
    if (auto it = held.find(lock.lock); it != held.end()) {
      if (--it->second.count == 0) held.erase(it);
      continue;
    }
    // Unlocked by hand under a guard (`lk.release()` done by hand, or a mistake): that
    // guard's hold is gone and its destructor must not end another.
    for (auto& [var, guard] : guards) {
      if (guard.owns == Owns::No || !associated(guard, lock.lock)) continue;
      bool certain = guard.owns == Owns::Yes;
      guard.owns = Owns::No;
      if (certain) break;
    }
  }
}

void LocksetState::assert_held(const std::vector<HeldLock>& locks) {
  std::vector<HeldLock> current = held_locks();
  for (const HeldLock& lock : locks) {
    auto known = std::find_if(current.begin(), current.end(), [&](const HeldLock& h) { return h.lock == lock.lock; });
    if (known == current.end()) acquire({lock});
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
      if (guard != guards.end()) guard->second.owns = Owns::Yes;
      break;
    case Kind::GuardUnlock:
      if (guard != guards.end()) guard->second.owns = Owns::No;
      break;
    case Kind::GuardTryLock:
      // Owns only on the branch that reads success; until then it may.
      if (guard != guards.end() && guard->second.owns == Owns::No) guard->second.owns = Owns::Maybe;
      break;
    case Kind::GuardRelease:
      // The locks stay held, now by hand; a hold that was only possible is not certain.
      if (guard != guards.end()) {
        if (guard->second.owns == Owns::Yes) acquire(guard->second.locks);
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
  Guard guard{start.locks, Owns::No};
  std::sort(guard.locks.begin(), guard.locks.end());
  switch (start.mode) {
    case Mode::Lock: guard.owns = Owns::Yes; break;
    case Mode::Adopt:
      // Takes over a hold taken by hand rather than adding one.
      for (const HeldLock& lock : start.locks)
        if (auto it = held.find(lock.lock); it != held.end() && --it->second.count == 0) held.erase(it);
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
    if (auto it = guards.find(var); it != guards.end()) it->second.owns = Owns::Yes;
}

void LocksetState::try_failed(const std::vector<const clang::VarDecl*>& try_guards) {
  for (const clang::VarDecl* var : try_guards)
    if (auto it = guards.find(var); it != guards.end() && it->second.owns == Owns::Maybe) it->second.owns = Owns::No;
}

void LocksetState::meet(const LocksetState& other) {
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
