#include "link/program.h"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "link/lock_sets.h"

namespace hawk::audit {

const Location* Program::location(std::string_view key) const {
  auto it = locations.find(key);
  return it == locations.end() ? nullptr : &it->second;
}

const Function* Program::function(std::string_view key) const {
  auto it = functions.find(key);
  return it == functions.end() ? nullptr : &it->second;
}

std::string Program::function_name(std::string_view key) const {
  const Function* f = function(key);
  return f && !f->name.empty() ? f->name : std::string(key);
}

namespace {

// Locks held on every copy of the same code: a lock only some copies hold is not
// certainly held (copies differ only when e.g. `if constexpr` differs per instantiation).
std::vector<HeldLock> common_locks(const std::vector<HeldLock>& a, const std::vector<HeldLock>& b) {
  return intersect_locks(a, b);
}

void merge_location(Location& into, const Location& from) {
  if (!into.declared_guard) into.declared_guard = from.declared_guard;
  into.is_atomic = into.is_atomic || from.is_atomic;
  into.is_synchronised = into.is_synchronised || from.is_synchronised;
  into.is_const = into.is_const || from.is_const;
  into.is_thread_local = into.is_thread_local || from.is_thread_local;
  if (into.owner_class.empty()) into.owner_class = from.owner_class;
  if (into.type.empty()) into.type = from.type;
  into.guards_pointee = into.guards_pointee || from.guards_pointee;
  if (into.annotation_pos.file.empty()) into.annotation_pos = from.annotation_pos;
}

void merge_function(Function& into, const Function& from) {
  into.acquires_lock = into.acquires_lock || from.acquires_lock;
  into.no_thread_safety_analysis = into.no_thread_safety_analysis || from.no_thread_safety_analysis;
  into.this_escapes = into.this_escapes || from.this_escapes;
  for (unsigned index : from.escaping_parameters)
    if (std::find(into.escaping_parameters.begin(), into.escaping_parameters.end(), index) == into.escaping_parameters.end())
      into.escaping_parameters.push_back(index);
  // A declaration seen in one unit and the definition in another: keep what is known.
  if (into.requires_locks.empty()) into.requires_locks = from.requires_locks;
  if (into.acquires_on_return.empty()) into.acquires_on_return = from.acquires_on_return;
  if (into.releases_on_return.empty()) into.releases_on_return = from.releases_on_return;
  if (into.parameter_locks.empty()) into.parameter_locks = from.parameter_locks;
  if (into.member_lock_sources.empty()) into.member_lock_sources = from.member_lock_sources;
  if (into.annotation_pos.file.empty()) into.annotation_pos = from.annotation_pos;
  if (into.owner_class.empty()) into.owner_class = from.owner_class;
  if (into.parent.empty()) into.parent = from.parent;
  if (into.fields_only_parameters.empty()) into.fields_only_parameters = from.fields_only_parameters;
  add_positions(into.threads_running_at_use, from.threads_running_at_use);
  if (into.overrides.empty()) into.overrides = from.overrides;
  if (into.leaves_running.empty()) into.leaves_running = from.leaves_running;
  if (into.joins_threads.empty()) into.joins_threads = from.joins_threads;
  if (into.sync_signals.empty()) into.sync_signals = from.sync_signals;
  if (into.visibility == Visibility::None) into.visibility = from.visibility;
}

void merge_class(ClassInfo& into, const ClassInfo& from) {
  into.owns_lock = into.owns_lock || from.owns_lock;
  into.annotated = into.annotated || from.annotated;
}

template <class T, class Merge>
void merge_keyed(std::map<std::string, T, std::less<>>& into, const std::vector<T>& from, Merge merge) {
  for (const T& item : from) {
    auto [it, inserted] = into.try_emplace(item.key, item);
    if (!inserted) merge(it->second, item);
  }
}

// Sorts `items` by `identity` and folds each run of equal identities into its first item
// with `merge(kept, duplicate)`: inline and template code in headers is captured once per
// unit that includes it.
template <class T, class Identity, class Merge>
void dedupe(std::vector<T>& items, Identity identity, Merge merge) {
  std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return identity(a) < identity(b); });
  std::vector<T> unique;
  for (T& item : items) {
    if (!unique.empty() && identity(unique.back()) == identity(item)) {
      merge(unique.back(), item);
      continue;
    }
    unique.push_back(std::move(item));
  }
  items = std::move(unique);
}

void merge_access(Access& kept, const Access& a) {
  kept.locks = common_locks(kept.locks, a.locks);
  // Shared if any copy is: only the object's own constructor makes it private.
  kept.in_own_constructor_or_destructor = kept.in_own_constructor_or_destructor && a.in_own_constructor_or_destructor;
  kept.on_this = kept.on_this && a.on_this;
  if (kept.through_parameter != a.through_parameter) kept.through_parameter = -1;
  kept.parameter_let_go = kept.parameter_let_go || a.parameter_let_go;
  kept.parameter_object_only = kept.parameter_object_only && a.parameter_object_only;
  // Run once only if every copy says so.
  if (kept.once_initialiser != a.once_initialiser || kept.once_via != a.once_via) {
    kept.once_initialiser.clear();
    kept.once_via = OnceVia::None;
  }
  kept.initialises_local_static = kept.initialises_local_static && a.initialises_local_static;
  kept.split_atomic_update = kept.split_atomic_update || a.split_atomic_update;
  // Any copy's phase, check-then-act, escape or pointer path makes it so.
  add_positions(kept.threads_running, a.threads_running);
  if (!kept.controls_write_at) kept.controls_write_at = a.controls_write_at;
  kept.escapes_by_return = kept.escapes_by_return || a.escapes_by_return;
  kept.through_pointer_member = kept.through_pointer_member || a.through_pointer_member;
}

void merge_call(CallSite& kept, const CallSite& c) {
  kept.locks = common_locks(kept.locks, c.locks);
  add_positions(kept.threads_running, c.threads_running);
  kept.in_loop = kept.in_loop || c.in_loop;
  kept.dying = kept.dying && c.dying;
  kept.on_this = kept.on_this && c.on_this;
  kept.by_address = kept.by_address && c.by_address;
  kept.on_owned_object = kept.on_owned_object && c.on_owned_object;
  if (kept.receiver_parameter != c.receiver_parameter) kept.receiver_parameter = -1;
  // Owned, or passed on, only where every copy says so.
  std::erase_if(kept.owned_arguments, [&](unsigned i) {
    return std::find(c.owned_arguments.begin(), c.owned_arguments.end(), i) == c.owned_arguments.end();
  });
  std::erase_if(kept.forwarded_parameters, [&](const std::pair<unsigned, unsigned>& f) {
    return std::find(c.forwarded_parameters.begin(), c.forwarded_parameters.end(), f) == c.forwarded_parameters.end();
  });
  std::vector<unsigned> let_go;  // let go where any copy says so
  std::set_union(kept.let_go_parameters.begin(), kept.let_go_parameters.end(), c.let_go_parameters.begin(),
                 c.let_go_parameters.end(), std::back_inserter(let_go));
  kept.let_go_parameters = std::move(let_go);
  std::erase_if(kept.argument_objects, [&](const ArgumentObject& o) {
    return std::find(c.argument_objects.begin(), c.argument_objects.end(), o) == c.argument_objects.end();
  });
  if (c.once != kept.once || c.once_flag != kept.once_flag) {  // an ordinary call in some copy
    kept.once = OnceVia::None;
    kept.once_flag.clear();
  }
}

}  // namespace

// The union of two sorted, unique position lists.
void add_positions(std::vector<SourcePos>& into, const std::vector<SourcePos>& from) {
  into.insert(into.end(), from.begin(), from.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

Program merge_units(const std::vector<TuFacts>& units) {
  Program program;
  program.translation_units = units.size();
  for (const TuFacts& unit : units) {
    if (!unit.main_file.empty()) program.main_files.push_back(unit.main_file);
    merge_keyed(program.locations, unit.locations, merge_location);
    merge_keyed(program.functions, unit.functions, merge_function);
    merge_keyed(program.classes, unit.classes, merge_class);
    program.accesses.insert(program.accesses.end(), unit.accesses.begin(), unit.accesses.end());
    program.calls.insert(program.calls.end(), unit.calls.begin(), unit.calls.end());
    program.thread_starts.insert(program.thread_starts.end(), unit.thread_starts.begin(), unit.thread_starts.end());
    program.lock_orders.insert(program.lock_orders.end(), unit.lock_orders.begin(), unit.lock_orders.end());
    program.errors.insert(program.errors.end(), unit.errors.begin(), unit.errors.end());
  }
  dedupe(program.accesses, [](const Access& a) { return std::tie(a.pos, a.location, a.function, a.kind); },
         merge_access);
  dedupe(program.calls, [](const CallSite& c) { return std::tie(c.pos, c.caller, c.callee); }, merge_call);
  dedupe(program.thread_starts, [](const ThreadStart& s) { return std::tie(s.pos, s.creator, s.entry); },
         [](ThreadStart& kept, const ThreadStart& s) {
           add_positions(kept.running_at_start, s.running_at_start);
           kept.outlives_creator = kept.outlives_creator || s.outlives_creator;
         });
  dedupe(program.lock_orders,
         [](const LockOrderEdge& e) {
           return std::tie(e.pos, e.function, e.held, e.held_shared, e.acquired, e.acquired_shared);
         },
         [](LockOrderEdge& kept, const LockOrderEdge& e) { add_positions(kept.threads_running, e.threads_running); });
  return program;
}

}  // namespace hawk::audit
