#include "link/shared_state.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "link/lock_sets.h"

namespace hawk::audit {

namespace {

// Two accesses of one variable touch the same memory unless they reach different members
// of it: one member path must be a prefix of the other (Access::subobject). A field's
// accesses come through objects of different types, whose paths do not compare.
bool same_memory(const Access& a, const Access& b) {
  // "items.*" covers what "items" does.
  auto known = [](std::string_view path) {
    if (path.ends_with(kAnyPart)) path.remove_suffix(1);
    if (path.ends_with('.')) path.remove_suffix(1);
    return path;
  };
  const std::string_view first = known(a.subobject);
  const std::string_view second = known(b.subobject);
  const std::string_view shorter = first.size() <= second.size() ? first : second;
  const std::string_view longer = first.size() <= second.size() ? second : first;
  if (shorter.empty()) return true;
  return longer.compare(0, shorter.size(), shorter) == 0 && (longer.size() == shorter.size() || longer[shorter.size()] == '.');
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() > prefix.size() && text.substr(0, prefix.size()) == prefix;
}

bool exempt(const Program& program, const Access& access) {
  const Function* function = program.function(access.written_in.empty() ? access.function : access.written_in);
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

// How an access runs once, when it is a write that does. Not while threads its own
// function started run: the once primitive orders nothing with those.
std::optional<OnceEvidence> runs_once(const Access& access, const OnceRuns& once_runs) {
  if (!is_write(access.kind)) return std::nullopt;
  const bool own_threads_run = !access.threads_running.empty();
  if (access.initialises_local_static || (!access.once_initialiser.empty() && !own_threads_run))
    return OnceEvidence{access.once_via == OnceVia::None ? OnceVia::StaticInitialiser : access.once_via, access.pos,
                        access.once_initialiser};
  if (own_threads_run) return std::nullopt;
  if (const OnceEvidence* once = once_runs.runs_once(access.function)) return *once;
  return std::nullopt;
}

// The flag of the once-initialisation an access (read or write) is part of; empty when
// none. Views into the program or `once_runs`, which outlive the state.
std::string_view once_flag_of(const Access& access, const OnceRuns& once_runs) {
  if (!access.threads_running.empty()) return {};
  if (!access.once_initialiser.empty()) return access.once_initialiser;
  if (const OnceEvidence* once = once_runs.runs_once(access.function)) return once->flag;
  return {};
}

struct OnceWrite {
  SharedAccess access;
  OnceEvidence once;
};

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

std::vector<Partner> LocationState::races(std::size_t i) const {
  const SharedAccess& access = shared[i];
  std::vector<Partner> out;
  for (const Partner& partner : partners[i]) {
    const SharedAccess& other = shared[partner.other];
    if (!access.is_write() && !other.is_write()) continue;
    if (access.is_atomic() && other.is_atomic()) continue;
    if (access.excludes(other)) continue;
    out.push_back(partner);
  }
  std::sort(out.begin(), out.end(), [&](const Partner& a, const Partner& b) {
    return std::make_tuple(!shared[a.other].is_write(), a.other) < std::make_tuple(!shared[b.other].is_write(), b.other);
  });
  return out;
}

std::vector<SharedAccess> LocationState::distinct_accesses() const {
  std::vector<SharedAccess> distinct;
  for (const SharedAccess& instance : shared) {
    if (!distinct.empty() && distinct.back().access == instance.access) {
      distinct.back().locks = intersect_locks(distinct.back().locks, instance.locks);
      continue;
    }
    distinct.push_back(instance);
  }
  return distinct;
}

int SharedState::context_of(const SharedAccess& access) {
  Context key{access.root,   access.access->function, access.access->threads_running, access.access->waited,
              access.access->signalled, access.locks, access.once_flag};
  return contexts_.try_emplace(std::move(key), static_cast<int>(contexts_.size())).first->second;
}

const Parallel* SharedState::parallel(const SharedAccess& a, const SharedAccess& b) {
  const int x = context_of(a);
  const int y = context_of(b);
  auto [it, inserted] = verdicts_.try_emplace({x, y}, nullptr);
  if (!inserted) return it->second;
  // A once-initialisation runs on one thread, once; it happens before every passage of
  // its once that follows it. An access is part of one when it is made in the once's body
  // (once_flag) or its root reaches it only through that body (Threads::enclosing_onces).
  const std::vector<std::string_view> a_onces = onces_of(a);
  const std::vector<std::string_view> b_onces = onces_of(b);
  for (std::string_view flag : a_onces)
    if (std::find(b_onces.begin(), b_onces.end(), flag) != b_onces.end()) return nullptr;
  auto passed_after = [&](const std::vector<std::string_view>& flags, const SharedAccess& other) {
    return std::any_of(flags.begin(), flags.end(), [&](std::string_view flag) {
      return sync_orders_.has_waited(other.sync_point(), other.root, flag);
    });
  };
  if (passed_after(a_onces, b) || passed_after(b_onces, a)) return nullptr;
  std::optional<Parallel> why = threads_.parallel(a.point(), a.root, b.point(), b.root);
  // Synchronisation beyond starts and joins may order what the threads alone do not.
  if (why && sync_orders_.ordered(a.sync_point(), a.root, b.sync_point(), b.root)) why.reset();
  if (why) {
    reasons_.push_back(std::move(*why));
    it->second = &reasons_.back();
  }
  return it->second;
}

SharedState::SharedState(const Program& program, const Threads& threads, const OnceRuns& once_runs,
                         const ObjectOwnership& ownership, const CallGraph& graph)
    : threads_(threads), sync_orders_(program, threads, graph) {
  for (const auto& [key, location] : program.locations) {
    LocationState state;
    state.location = &location;
    // Only a class that takes part in concurrency has fields that may be shared; its
    // static members are plain globals in a class scope.
    state.field_may_be_shared = location.kind == LocationKind::Field && !location.owner_class.empty() &&
                                threads.is_shared_class(location.owner_class);
    locations_.emplace(key, std::move(state));
  }
  auto alongside = [&](const Access& access, int root) {
    return threads.runs_alongside({access.function, &access.threads_running}, root);
  };
  // A field that code running beside other threads touches while holding a lock is
  // shared state whatever its class declares: the lock says someone expects other
  // threads to reach it. So is the pointee of a shared class's pointer member.
  for (const Access& access : program.accesses) {
    auto it = locations_.find(access.location);
    if (it == locations_.end() || it->second.location->kind != LocationKind::Field) continue;
    if (exempt(program, access)) continue;
    for (int root : threads.roots_of(access.function)) {
      if (!threads.makes(access, root) || !alongside(access, root)) continue;
      if (access.through_pointer_member || !access.locks.empty() ||
          !threads.held_on_entry(root, access.function).empty())
        it->second.field_may_be_shared = true;
    }
  }

  std::map<std::string, std::vector<SharedAccess>, std::less<>> candidates;
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
    const bool object_being_built = access.in_own_constructor_or_destructor ||
                                    (access.on_this && ownership.runs_on_unshared_object(access.function)) ||
                                    ownership.owned_parameter(access.function, access.through_parameter);
    if (field_of_unshared_class || object_being_built) {
      if (is_write(access.kind)) ++state.writes_not_shared;
      continue;
    }
    const std::optional<OnceEvidence> once = runs_once(access, once_runs);
    const std::string_view once_flag = once_flag_of(access, once_runs);
    for (int root : threads.roots_of(access.function)) {
      if (!threads.makes(access, root)) continue;
      // A once initialisation its thread's creator finished before starting it.
      if (threads.passed_before_start(root, access.once_initialiser) ||
          !threads.runs_past_passages(root, access.function))
        continue;
      state.touched_alongside = state.touched_alongside || alongside(access, root);
      SharedAccess instance{&access, root, union_locks(access.locks, threads.held_on_entry(root, access.function)),
                            once_flag};
      if (once) once_writes[access.location].push_back({std::move(instance), *once});
      else candidates[access.location].push_back(std::move(instance));
    }
  }

  for (auto& [key, state] : locations_) {
    std::vector<SharedAccess>& instances = candidates[key];
    // Once writes race only when something else writes the location beside other
    // threads, or they are once per different flags (each flag runs its own once, at
    // the same time as the others). A local static's own initialisation never does.
    if (auto found = once_writes.find(key); found != once_writes.end()) {
      std::set<std::string, std::less<>> flags;
      for (const OnceWrite& write : found->second)
        if (!write.access.access->initialises_local_static) flags.insert(write.once.flag);
      const bool written_elsewhere =
          flags.size() > 1 || std::any_of(instances.begin(), instances.end(), [&](const SharedAccess& a) {
            return a.is_write() && alongside(*a.access, a.root);
          });
      for (OnceWrite& write : found->second) {
        if (written_elsewhere && !write.access.access->initialises_local_static) {
          instances.push_back(std::move(write.access));
          continue;
        }
        ++state.once_writes;
        if (!state.once) state.once = write.once;
      }
      // Back in source order: every access points into Program::accesses, which is sorted.
      std::sort(instances.begin(), instances.end(), [](const SharedAccess& a, const SharedAccess& b) {
        return std::tie(a.access, a.root) < std::tie(b.access, b.root);
      });
    }
    // Every pair that may happen in parallel, the same instance with itself included
    // (two threads running one statement). Locks are the checks' business, not this one's.
    std::vector<std::vector<Partner>> partners(instances.size());
    for (std::size_t i = 0; i < instances.size(); ++i) {
      for (std::size_t j = i; j < instances.size(); ++j) {
        if (state.location->kind != LocationKind::Field && !same_memory(*instances[i].access, *instances[j].access))
          continue;
        if (const Parallel* why = parallel(instances[i], instances[j])) {
          partners[i].push_back({j, why, false});
          if (j != i) partners[j].push_back({i, why, true});
        }
      }
    }
    std::vector<std::size_t> index(instances.size(), 0);
    for (std::size_t i = 0; i < instances.size(); ++i) {
      if (partners[i].empty()) {
        if (instances[i].is_write()) {
          ++state.writes_not_shared;
          if (alongside(*instances[i].access, instances[i].root)) ++state.writes_by_one_thread;
        }
        continue;
      }
      index[i] = state.shared.size();
      state.shared.push_back(std::move(instances[i]));
    }
    for (std::size_t i = 0; i < instances.size(); ++i) {
      if (partners[i].empty()) continue;
      for (Partner& partner : partners[i]) partner.other = index[partner.other];
      std::sort(partners[i].begin(), partners[i].end(),
                [](const Partner& a, const Partner& b) { return a.other < b.other; });
      state.partners.push_back(std::move(partners[i]));
    }
  }
  assign_declared_guards(locations_);
  for (auto& [key, state] : locations_) state.guard = infer_guard(state.declared_guard, state.distinct_accesses());
}

std::vector<std::string_view> SharedState::onces_of(const SharedAccess& access) const {
  std::vector<std::string_view> flags;
  if (!access.once_flag.empty()) flags.push_back(access.once_flag);
  for (const std::string& flag : threads_.enclosing_onces(access.root, access.access->function)) flags.push_back(flag);
  return flags;
}

const LocationState* SharedState::find(std::string_view location_key) const {
  auto it = locations_.find(location_key);
  return it == locations_.end() ? nullptr : &it->second;
}

}  // namespace hawk::audit
