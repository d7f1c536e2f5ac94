#include "link/shared_state.h"

#include <algorithm>
#include <set>

#include "link/lock_sets.h"

namespace hawk::audit {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() > prefix.size() && text.substr(0, prefix.size()) == prefix;
}

bool exempt(const Program& program, const Access& access) {
  const Function* function = program.function(access.function);
  return function && function->no_thread_safety_analysis;
}

// GUARDED_BY on the location itself; PT_GUARDED_BY on a pointer, for what it points to.
void assign_declared_guards(std::map<std::string, LocationState, std::less<>>& locations) {
  for (auto& [key, state] : locations)
    if (state.location->declared_guard && !state.location->guards_pointee)
      state.declared_guard = state.location->declared_guard;
  for (const auto& [pointer_key, pointer] : locations) {
    const Location& p = *pointer.location;
    if (!p.guards_pointee || !p.declared_guard) continue;
    const std::string key_prefix = p.key + "->";
    const std::string name_prefix = p.name + "->";
    for (auto& [key, state] : locations) {
      if (state.declared_guard) continue;  // its own GUARDED_BY wins
      if (starts_with(key, key_prefix) || starts_with(state.location->name, name_prefix))
        state.declared_guard = p.declared_guard;
    }
  }
}

struct OnceWrite {
  SharedAccess access;
  OnceEvidence once;
};

// How a concurrent access runs once, when it is a write that does. Not while threads its
// own function started run: the once primitive orders nothing with those.
std::optional<OnceEvidence> runs_once(const Access& access, const OnceRuns& once_runs) {
  if (!is_write(access.kind)) return std::nullopt;
  if (access.initialises_local_static || (!access.once_initialiser.empty() && !access.while_own_threads_run))
    return OnceEvidence{OnceVia::StaticInitialiser, access.pos, access.once_initialiser};
  if (access.while_own_threads_run) return std::nullopt;
  if (const OnceEvidence* once = once_runs.runs_once(access.function)) return *once;
  return std::nullopt;
}

// Once writes stay out of `shared` unless something else writes the location
// concurrently, or they are once per different flags (each flag runs its own once, at
// the same time as the others): then they race like any write. A local static's own
// initialisation races with nothing: nothing can name the static before it.
void settle_once_writes(LocationState& state, const std::vector<OnceWrite>& writes) {
  std::set<std::string, std::less<>> flags;
  for (const OnceWrite& write : writes)
    if (!write.access.access->initialises_local_static) flags.insert(write.once.flag);
  const bool written_elsewhere =
      flags.size() > 1 ||
      std::any_of(state.shared.begin(), state.shared.end(), [](const SharedAccess& a) { return a.is_write(); });
  for (const OnceWrite& write : writes) {
    if (written_elsewhere && !write.access.access->initialises_local_static) {
      state.shared.push_back(write.access);
      continue;
    }
    ++state.once_writes;
    if (!state.once) state.once = write.once;
  }
  // Back in source order: every access points into Program::accesses, which is sorted.
  std::sort(state.shared.begin(), state.shared.end(),
            [](const SharedAccess& a, const SharedAccess& b) { return a.access < b.access; });
}

}  // namespace

bool SharedAccess::holds(std::string_view lock, bool for_write) const {
  const HeldLock* held = find_lock(locks, lock);
  return held && (!for_write || !held->shared);
}

bool SharedAccess::excludes(const SharedAccess& other) const {
  for (const HeldLock& held : locks)
    if (const HeldLock* theirs = find_lock(other.locks, held.lock); theirs && !(held.shared && theirs->shared))
      return true;
  return false;
}

SharedState::SharedState(const Program& program, const Concurrency& concurrency, const OnceRuns& once_runs) {
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
  // So is the pointee of a concurrent class's pointer member (capture marks the path).
  for (const Access& access : program.accesses) {
    auto it = locations_.find(access.location);
    if (it == locations_.end() || it->second.location->kind != LocationKind::Field) continue;
    if (!concurrency.is_concurrent(access) || exempt(program, access)) continue;
    if (access.through_pointer_member || !access.locks.empty() ||
        !concurrency.held_on_entry(access.function).empty())
      it->second.field_may_be_shared = true;
  }
  // Once writes wait here until it is known whether the location is written elsewhere.
  std::map<std::string, std::vector<OnceWrite>, std::less<>> once_writes;
  for (const Access& access : program.accesses) {
    auto it = locations_.find(access.location);
    if (it == locations_.end()) continue;  // capture described no such location
    LocationState& state = it->second;
    ++state.accesses;
    if (exempt(program, access)) continue;
    const Location& location = *state.location;
    // A field of a class that takes no part in concurrency belongs to whichever object
    // one thread uses; without the instance we cannot tell it is shared, so it is not.
    const bool field_of_unshared_class =
        location.kind == LocationKind::Field && !location.owner_class.empty() && !state.field_may_be_shared;
    const bool concurrent = concurrency.is_concurrent(access) && !field_of_unshared_class;
    state.touched_from_concurrent_code = state.touched_from_concurrent_code || concurrent;
    if (!concurrent || access.in_own_constructor_or_destructor) {
      if (is_write(access.kind)) ++state.writes_not_shared;
      continue;
    }
    SharedAccess shared{&access, union_locks(access.locks, concurrency.held_on_entry(access.function))};
    if (std::optional<OnceEvidence> once = runs_once(access, once_runs)) {
      once_writes[access.location].push_back({shared, *once});
      continue;
    }
    state.shared.push_back(std::move(shared));
  }
  for (auto& [key, writes] : once_writes) settle_once_writes(locations_.find(key)->second, writes);
  assign_declared_guards(locations_);
  for (auto& [key, state] : locations_) state.guard = infer_guard(state.declared_guard, state.shared);
}

const LocationState* SharedState::find(std::string_view location_key) const {
  auto it = locations_.find(location_key);
  return it == locations_.end() ? nullptr : &it->second;
}

}  // namespace hawk::audit
