#include "link/shared_state.h"

#include "link/lock_sets.h"

namespace hawk::audit {

bool SharedAccess::holds(std::string_view lock, bool for_write) const {
  const HeldLock* held = find_lock(locks, lock);
  return held && (!for_write || !held->shared);
}

SharedState::SharedState(const Program& program, const Concurrency& concurrency) {
  for (const auto& [key, location] : program.locations) {
    LocationState state;
    state.location = &location;
    // Only a class that takes part in concurrency has fields that may be shared; its
    // static members are plain globals in a class scope.
    state.field_may_be_shared = location.kind == LocationKind::Field && !location.owner_class.empty() &&
                                  concurrency.is_shared_class(location.owner_class);
    locations_.emplace(key, std::move(state));
  }
  // A field that concurrent code touches while holding a lock is shared state whatever
  // its class declares: the lock says someone expects other threads to reach it.
  for (const Access& access : program.accesses) {
    auto it = locations_.find(access.location);
    if (it == locations_.end() || it->second.location->kind != LocationKind::Field) continue;
    if (!concurrency.is_concurrent(access.function)) continue;
    if (!access.locks.empty() || !concurrency.held_on_entry(access.function).empty())
      it->second.field_may_be_shared = true;
  }
  for (const Access& access : program.accesses) {
    auto it = locations_.find(access.location);
    if (it == locations_.end()) continue;  // capture described no such location
    LocationState& state = it->second;
    ++state.accesses;
    const Location& location = *state.location;
    // A field of a class that takes no part in concurrency belongs to whichever object
    // one thread uses; without the instance we cannot tell it is shared, so it is not.
    const bool field_of_unshared_class =
        location.kind == LocationKind::Field && !location.owner_class.empty() && !state.field_may_be_shared;
    const bool concurrent = concurrency.is_concurrent(access.function) && !field_of_unshared_class;
    state.touched_from_concurrent_code = state.touched_from_concurrent_code || concurrent;
    if (!concurrent || access.in_own_constructor_or_destructor) {
      if (is_write(access.kind)) ++state.writes_not_shared;
      continue;
    }
    state.shared.push_back({&access, union_locks(access.locks, concurrency.held_on_entry(access.function))});
  }
  for (auto& [key, state] : locations_) state.guard = infer_guard(*state.location, state.shared);
}

const LocationState* SharedState::find(std::string_view location_key) const {
  auto it = locations_.find(location_key);
  return it == locations_.end() ? nullptr : &it->second;
}

}  // namespace hawk::audit
