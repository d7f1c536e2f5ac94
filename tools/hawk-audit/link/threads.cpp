#include "link/threads.h"

#include <algorithm>
#include <deque>
#include <tuple>

#include "link/lock_sets.h"

namespace hawk::audit {

namespace {

bool contains(const std::vector<SourcePos>& positions, const SourcePos& pos) {
  return std::binary_search(positions.begin(), positions.end(), pos);
}

// Static member functions that take one of their own class's static locks (`Pool::mu_` in
// Pool::retain): the class's static state is shared. A lock elsewhere (a global registry
// taken by a static factory) says nothing about the class.
std::set<std::string, std::less<>> statics_taking_own_lock(const Program& program) {
  std::set<std::string, std::less<>> functions;
  auto note = [&](const std::string& function_key, const std::vector<HeldLock>& locks) {
    const Function* function = program.function(function_key);
    if (function == nullptr || !function->is_static || locks.empty()) return;
    const std::size_t scope_end = function->name.rfind("::");
    if (scope_end == std::string::npos) return;
    const std::string prefix = function->name.substr(0, scope_end + 2);
    for (const HeldLock& lock : locks)
      if (lock.lock.rfind(prefix, 0) == 0) functions.insert(function_key);
  };
  for (const Access& access : program.accesses) note(access.function, access.locks);
  for (const CallSite& call : program.calls) note(call.caller, call.locks);
  return functions;
}

bool is_program_main(const Function& function) {
  return function.name == "main" && function.owner_class.empty() && !function.is_lambda;
}

}  // namespace

Threads::Threads(const Program& program, const CallGraph& graph, bool library) : program_(program) {
  library_mode_ = library;
  find_shared_classes();
  find_roots(graph);
  compute_windows(graph);
  compute_multiplicity(graph);
  propagate_held_locks(graph);
  find_queued_tasks(graph);
}

void Threads::find_queued_tasks(const CallGraph& graph) {
  if (program_.queued_tasks.empty()) return;
  auto walk = [&](const std::vector<std::string>& from, std::set<std::string, std::less<>>& seen) {
    std::deque<std::string> pending(from.begin(), from.end());
    seen.insert(from.begin(), from.end());
    while (!pending.empty()) {
      const std::string function = std::move(pending.front());
      pending.pop_front();
      for (const CallEdge& edge : graph.callees(function)) {
        if (edge.site != nullptr && edge.site->runs_queued_task) continue;
        if (seen.insert(edge.callee).second) pending.push_back(edge.callee);
      }
    }
  };
  for (const auto& [task, how] : program_.queued_tasks) {
    std::set<std::string, std::less<>> seen;
    walk({task}, seen);
    for (const std::string& function : seen) tasks_reaching_[function].insert(task);
  }
  for (std::size_t id = 0; id < roots_.size(); ++id) {
    if (roots_[id].multiplicity != Multiplicity::Many || id >= root_entries_.size()) continue;
    walk(root_entries_[id], reached_directly_[static_cast<int>(id)]);
  }
}

bool Threads::within_one_task_run(const ProgramPoint& a, const ProgramPoint& b, int id) const {
  auto direct = reached_directly_.find(id);
  if (direct == reached_directly_.end()) return false;
  auto only_task = [&](std::string_view function) -> const std::string* {
    if (direct->second.count(function)) return nullptr;
    auto tasks = tasks_reaching_.find(function);
    return tasks != tasks_reaching_.end() && tasks->second.size() == 1 ? &*tasks->second.begin() : nullptr;
  };
  const std::string* task = only_task(a.function);
  const std::string* other = only_task(b.function);
  if (task == nullptr || other == nullptr || *other != *task) return false;
  auto it = program_.queued_tasks.find(*task);
  if (it == program_.queued_tasks.end() || it->second.resubmitted || it->second.submissions != 1) return false;
  // Submitted by code that itself runs once.
  for (const std::string& submitter : it->second.submitters) {
    const std::vector<int>& roots = roots_of(submitter);
    if (roots.size() != 1 || root(roots.front()).multiplicity == Multiplicity::Many) return false;
  }
  return true;
}


void Threads::find_shared_classes() {
  for (const auto& [key, info] : program_.classes)
    if (info.owns_lock || info.annotated) shared_classes_.insert(key);
  const auto own_lock_statics = statics_taking_own_lock(program_);
  for (const auto& [key, function] : program_.functions) {
    if (!function.acquires_lock) continue;
    // A lambda that takes a lock makes the class of the method it is written in shared.
    const Function* owner = &function;
    for (int depth = 0; owner && owner->is_lambda && depth < 64; ++depth) owner = program_.function(owner->parent);
    // A static member function works on no instance: only a lock of its own class counts.
    if (owner && !owner->owner_class.empty() && (!owner->is_static || own_lock_statics.count(owner->key) != 0))
      shared_classes_.insert(owner->owner_class);
  }
}

void Threads::find_roots(const CallGraph& graph) {
  std::string main_key;
  for (const auto& [key, function] : program_.functions)
    if (is_program_main(function)) main_key = key;
  library_mode_ = library_mode_ || main_key.empty();

  // Root 0: main. Its entries are settled last: whatever nothing else reaches.
  ThreadRoot main_root;
  main_root.entry = main_key;
  roots_.push_back(std::move(main_root));
  for (const ThreadStart& start : program_.thread_starts) {
    // A wrapper's start runs what its callers pass: those are roots (link/thread_wrappers.h).
    if (start.entry.empty()) continue;
    start_of_root_.emplace(static_cast<int>(roots_.size()), &start);
    ThreadRoot root;
    root.kind = RootKind::Start;
    root.entry = start.entry;
    root.started_at = start.pos;
    root.creator = start.creator;
    if (start.many) {
      root.multiplicity = Multiplicity::Many;
      root.many_because = start.how == "executor" ? "its executor runs what it is given on several threads at once"
                                                  : "the library runs what it is given on several threads at once";
    }
    roots_.push_back(std::move(root));
    entries_.insert(start.entry);
  }
  // Unknown callers: in a library, the non-private methods of shared classes, whoever
  // else calls them. A program with a main shows its callers: what nothing here calls
  // runs on main (see below). Entries in name order, so the chosen chains are stable.
  std::vector<std::string> unknown_entries;
  for (const auto& [key, function] : program_.functions) {
    if (!library_mode_ || function.owner_class.empty() || function.is_lambda) continue;
    if (function.visibility == Visibility::Private || function.is_constructor || function.is_destructor) continue;
    if (!is_shared_class(function.owner_class)) continue;
    unknown_entries.push_back(key);
  }
  std::sort(unknown_entries.begin(), unknown_entries.end(), [&](const std::string& a, const std::string& b) {
    return std::tie(program_.function(a)->name, a) < std::tie(program_.function(b)->name, b);
  });
  if (!unknown_entries.empty()) {
    unknown_root_ = static_cast<int>(roots_.size());
    ThreadRoot unknown;
    unknown.kind = RootKind::UnknownCallers;
    unknown.multiplicity = Multiplicity::Many;
    unknown.many_because = "unknown callers may call it from several threads at once";
    roots_.push_back(std::move(unknown));
    entries_.insert(unknown_entries.begin(), unknown_entries.end());
  }

  find_passed_before_starts(graph);
  if (!main_key.empty()) reach(0, {main_key}, graph);
  for (std::size_t id = 1; id < roots_.size(); ++id) {
    if (roots_[id].kind == RootKind::Start) reach(static_cast<int>(id), {roots_[id].entry}, graph);
  }
  if (unknown_root_ >= 0) reach(unknown_root_, unknown_entries, graph);
  // What no root reaches runs on main: functions nothing here calls (callbacks, static
  // constructors, test bodies), and what only they call. Callers first, in name order.
  // A private method nothing calls never runs.
  std::vector<std::string> unreached;
  for (const auto& [key, function] : program_.functions)
    if (!reached_.count(key) && !(function.visibility == Visibility::Private && graph.callers(key).empty()))
      unreached.push_back(key);
  std::sort(unreached.begin(), unreached.end(), [&](const std::string& a, const std::string& b) {
    return std::make_tuple(!graph.callers(a).empty(), a) < std::make_tuple(!graph.callers(b).empty(), b);
  });
  for (const std::string& key : unreached)
    if (!reached_.count(key)) reach(0, {key}, graph);

  for (const auto& [function, by_root] : reached_) {
    std::vector<int>& ids = roots_of_[function];
    for (const auto& [id, how] : by_root) ids.push_back(id);
  }
  // In name order: the chains via_for_pair picks among equally short ones stay stable.
  for (std::vector<std::string>& entries : root_entries_) std::sort(entries.begin(), entries.end());
  find_enclosing_onces(graph);
}

// Per root, forward over the calls from its entries: a function's enclosing flags are the
// intersection, over the calls into it on the root, of the caller's flags plus the call's
// own once flag. A callback whose address is taken, or a lambda written there, runs
// wherever it is later called: it inherits nothing. Greatest fixed point by a worklist.
void Threads::find_enclosing_onces(const CallGraph& graph) {
  using Flags = std::vector<std::string>;
  auto single_instance = [&](const std::string& flag) {
    const Location* location = program_.location(flag);
    return location == nullptr || location->kind != LocationKind::Field;
  };
  enclosing_onces_.assign(roots_.size(), {});
  for (std::size_t id = 0; id < roots_.size() && id < root_entries_.size(); ++id) {
    std::map<std::string, Flags, std::less<>> flags;  // reached so far, with their flags
    std::deque<std::string> queue;
    for (const std::string& entry : root_entries_[id])
      if (flags.try_emplace(entry).second) queue.push_back(entry);
    const std::set<std::string, std::less<>> entries(root_entries_[id].begin(), root_entries_[id].end());
    while (!queue.empty()) {
      const std::string caller = std::move(queue.front());
      queue.pop_front();
      const Flags from = flags.at(caller);
      for (const CallEdge& edge : graph.callees(caller)) {
        if (entries.count(edge.callee) != 0) continue;  // an entry runs outside any once
        Flags contribution;
        if (edge.once != OnceVia::None) {
          contribution = from;
          if (!edge.once_flag.empty() && single_instance(edge.once_flag)) contribution.push_back(edge.once_flag);
          std::sort(contribution.begin(), contribution.end());
          contribution.erase(std::unique(contribution.begin(), contribution.end()), contribution.end());
        } else if (!edge.by_address && !edge.lambda_context) {
          contribution = from;
        }
        auto [it, first] = flags.try_emplace(edge.callee, contribution);
        if (!first) {
          Flags common;
          std::set_intersection(it->second.begin(), it->second.end(), contribution.begin(), contribution.end(),
                                std::back_inserter(common));
          if (common == it->second) continue;
          it->second = std::move(common);
        }
        queue.push_back(edge.callee);
      }
    }
    for (auto& [function, found] : flags)
      if (!found.empty()) enclosing_onces_[id].emplace(function, std::move(found));
  }
}

const std::vector<std::string>& Threads::enclosing_onces(int root, std::string_view function) const {
  static const std::vector<std::string> none;
  if (root < 0 || static_cast<std::size_t>(root) >= enclosing_onces_.size()) return none;
  const auto& by_function = enclosing_onces_[static_cast<std::size_t>(root)];
  auto it = by_function.find(function);
  return it == by_function.end() ? none : it->second;
}

// What `function` passes on every path to its return: its own top level's passages and
// those of the functions its top level calls, in any unit. A cycle, or past kMaxDepth
// calls, passes nothing more.
const std::set<std::string, std::less<>>& Threads::passes(const std::string& function, int depth) {
  static const std::set<std::string, std::less<>> none;
  constexpr int kMaxDepth = 8;
  if (auto it = passes_.find(function); it != passes_.end()) return it->second;
  const Function* f = program_.function(function);
  if (f == nullptr || depth >= kMaxDepth) return none;
  passes_[function];  // in progress: a cycle adds nothing
  std::set<std::string, std::less<>> out(f->passes_once.begin(), f->passes_once.end());
  for (const std::string& callee : f->top_level_callees) {
    const std::set<std::string, std::less<>>& more = passes(callee, depth + 1);
    out.insert(more.begin(), more.end());
  }
  return passes_[function] = std::move(out);
}

void Threads::find_passed_before_starts(const CallGraph& graph) {
  passed_before_start_.assign(roots_.size(), {});
  for (std::size_t id = 0; id < roots_.size(); ++id) {
    if (roots_[id].kind != RootKind::Start) continue;
    const ThreadStart* start = start_of(static_cast<int>(id));
    if (start == nullptr) continue;
    std::set<std::string, std::less<>>& passed = passed_before_start_[id];
    passed.insert(start->passed_once.begin(), start->passed_once.end());
    for (const std::string& callee : start->passed_callees) {
      const std::set<std::string, std::less<>>& more = passes(callee, 0);
      passed.insert(more.begin(), more.end());
    }
    if (passed.empty()) continue;
    // What the thread runs without going through those initialisations: they were done
    // before it existed, and it only passes them.
    std::set<std::string, std::less<>>& runs = runs_past_passages_[static_cast<int>(id)];
    std::deque<std::string> queue{roots_[id].entry};
    runs.insert(roots_[id].entry);
    while (!queue.empty()) {
      const std::string caller = std::move(queue.front());
      queue.pop_front();
      for (const CallEdge& edge : graph.callees(caller)) {
        if (edge.once != OnceVia::None && passed.count(edge.once_flag) != 0) continue;
        if (runs.insert(edge.callee).second) queue.push_back(edge.callee);
      }
    }
  }
}

bool Threads::runs_past_passages(int root, std::string_view function) const {
  auto it = runs_past_passages_.find(root);
  return it == runs_past_passages_.end() || it->second.count(function) != 0;
}

bool Threads::passed_before_start(int root, std::string_view flag) const {
  if (flag.empty() || root < 0 || static_cast<std::size_t>(root) >= passed_before_start_.size()) return false;
  return passed_before_start_[static_cast<std::size_t>(root)].count(flag) != 0;
}

void Threads::reach(int root, const std::vector<std::string>& entries, const CallGraph& graph) {
  // Breadth first: every function gets the shortest chain from one of the entries.
  std::deque<std::string> queue;
  if (root_entries_.size() <= static_cast<std::size_t>(root)) root_entries_.resize(static_cast<std::size_t>(root) + 1);
  for (const std::string& entry : entries) {
    if (!reached_[entry].try_emplace(root, Reach{{}, entry}).second) continue;
    root_entries_[static_cast<std::size_t>(root)].push_back(entry);
    queue.push_back(entry);
  }
  while (!queue.empty()) {
    const std::string caller = std::move(queue.front());
    queue.pop_front();
    const Reach& from = reached_[caller].at(root);
    for (const CallEdge& edge : graph.callees(caller)) {
      auto& by_root = reached_[edge.callee];
      if (by_root.count(root)) continue;
      Reach next{from.via, from.entry};
      next.via.push_back({program_.function_name(caller), edge.pos.file, edge.pos.line});
      by_root.emplace(root, std::move(next));
      queue.push_back(edge.callee);
    }
  }
}

void Threads::compute_windows(const CallGraph& graph) {
  // window(f) = the union, over the calls into f, of the threads running at the call and
  // the caller's own window: a least fixed point, by a worklist.
  std::deque<std::string> queue;
  auto add = [&](const std::string& function, const auto& positions) {
    std::set<SourcePos>& window = window_[function];
    const std::size_t before = window.size();
    window.insert(positions.begin(), positions.end());
    if (window.size() != before) queue.push_back(function);
  };
  for (const auto& [key, function] : program_.functions)
    for (const CallEdge& edge : graph.callers(key)) add(key, *edge.threads_running);
  while (!queue.empty()) {
    const std::string caller = std::move(queue.front());
    queue.pop_front();
    const std::set<SourcePos> window = window_[caller];
    for (const CallEdge& edge : graph.callees(caller)) add(edge.callee, window);
  }
}

void Threads::compute_multiplicity(const CallGraph& graph) {
  // A function may run more than once per run of its root: called from two places, in a
  // loop, or by a caller that may.
  std::set<std::string, std::less<>>& rerun = rerun_;
  std::deque<std::string> queue;
  for (const auto& [key, function] : program_.functions) {
    const std::vector<CallEdge>& in = graph.callers(key);
    std::set<std::pair<std::string, SourcePos>> sites;
    bool looped = false;
    for (const CallEdge& edge : in) {
      sites.emplace(edge.caller, edge.pos);
      looped = looped || edge.in_loop;
    }
    if (looped || sites.size() > 1) {
      rerun.insert(key);
      queue.push_back(key);
    }
  }
  while (!queue.empty()) {
    const std::string caller = std::move(queue.front());
    queue.pop_front();
    for (const CallEdge& edge : graph.callees(caller))
      if (rerun.insert(edge.callee).second) queue.push_back(edge.callee);
  }

  for (ThreadRoot& root : roots_) {
    if (root.kind != RootKind::Start) continue;
    const std::vector<int>& creators = roots_of(root.creator);
    if (creators.size() == 1) root.parent = creators.front();
  }
  // A root of many instances makes the threads its code starts many: to a fixed point.
  for (bool changed = true; changed;) {
    changed = false;
    for (ThreadRoot& root : roots_) {
      if (root.kind != RootKind::Start || root.multiplicity == Multiplicity::Many) continue;
      const ThreadStart* start = start_of(static_cast<int>(&root - roots_.data()));
      const std::vector<int>& creators = roots_of(root.creator);
      const std::string creator = program_.function_name(root.creator);
      std::string because;
      if (start != nullptr && contains(start->running_at_start, start->pos)) {
        because = "started again (in a loop, or by several calls of its start wrapper) while the threads it "
                  "started before may still run";
      } else if (creators.size() > 1) {
        because = "its creator " + creator + " runs on several threads";
      } else if (!creators.empty() && roots_[static_cast<std::size_t>(creators.front())].multiplicity ==
                                          Multiplicity::Many) {
        because = "its creator " + creator + " runs on " + describe(creators.front(), root.creator) +
                  ", of many instances";
      } else if (start != nullptr && start->outlives_creator && rerun.count(root.creator)) {
        because = "its creator " + creator + " runs more than once and does not join it";
      }
      if (because.empty()) continue;
      root.multiplicity = Multiplicity::Many;
      root.many_because = std::move(because);
      changed = true;
    }
  }
}

bool Threads::sequential(const CallEdge& edge) const {
  // A call main makes while no thread runs beside it: nothing else can be holding or
  // wanting a lock then, so it says nothing about which locks guard the callee.
  if (unknown_root_ >= 0 || !edge.threads_running->empty()) return false;
  const std::vector<int>& roots = roots_of(edge.caller);
  if (roots.size() != 1 || roots.front() != 0) return false;
  auto window = window_.find(edge.caller);
  return window == window_.end() || window->second.empty();
}

void Threads::propagate_held_locks(const CallGraph& graph) {
  auto declared = [&](std::string_view function) -> const std::vector<HeldLock>* {
    const Function* f = program_.function(function);
    return f && !f->requires_locks.empty() ? &f->requires_locks : nullptr;
  };
  // Per root, a greatest fixed point: each function starts at "every lock" (nullopt) and
  // shrinks to what all the root's calls into it hold. A root's entries start with what
  // they declare. A lambda only written somewhere (never called directly) runs in its
  // writer's context, whose locks its own analysis already started with.
  for (int root = 0; root < static_cast<int>(roots_.size()); ++root) {
    std::map<std::string, std::optional<std::vector<HeldLock>>, std::less<>> held;
    std::set<std::string, std::less<>> fixed;
    std::map<std::string, std::vector<const CallEdge*>, std::less<>> incoming;
    for (const auto& [function, by_root] : reached_) {
      auto how = by_root.find(root);
      if (how == by_root.end()) continue;
      std::vector<const CallEdge*> calls, written;
      for (const CallEdge& edge : graph.callers(function)) {
        auto caller = reached_.find(edge.caller);
        if (caller == reached_.end() || !caller->second.count(root) || (root == 0 && sequential(edge))) continue;
        (edge.lambda_context ? written : calls).push_back(&edge);
      }
      if (const std::vector<HeldLock>* required = declared(function)) {
        std::vector<HeldLock> sorted = *required;
        std::sort(sorted.begin(), sorted.end());
        held[function] = std::move(sorted);
        fixed.insert(function);
      } else if (how->second.via.empty() || (calls.empty() && written.empty())) {
        held[function] = std::vector<HeldLock>{};  // an entry, or reached only sequentially
        fixed.insert(function);
      } else {
        held[function] = std::nullopt;
        incoming[function] = calls.empty() ? written : calls;
      }
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (auto& [function, edges] : incoming) {
        if (fixed.count(function)) continue;
        std::optional<std::vector<HeldLock>> next;
        for (const CallEdge* edge : edges) {
          const std::optional<std::vector<HeldLock>>& at_caller = held[edge->caller];
          if (!at_caller) continue;  // not known yet
          std::vector<HeldLock> at_call = union_locks(*at_caller, *edge->locks);
          next = next ? intersect_locks(*next, at_call) : std::move(at_call);
        }
        std::optional<std::vector<HeldLock>>& state = held[function];
        if (next && next != state) {
          state = std::move(next);
          changed = true;
        }
      }
    }
    for (auto& [function, state] : held)
      if (state && !state->empty()) held_on_entry_[function][root] = std::move(*state);
  }
}

const std::vector<int>& Threads::roots_of(std::string_view function) const {
  static const std::vector<int> none;
  auto it = roots_of_.find(function);
  return it == roots_of_.end() ? none : it->second;
}

const std::vector<ViaStep>& Threads::via(int root, std::string_view function) const {
  static const std::vector<ViaStep> none;
  auto it = reached_.find(function);
  if (it == reached_.end()) return none;
  auto how = it->second.find(root);
  return how == it->second.end() ? none : how->second.via;
}

std::vector<ViaStep> Threads::via_for_pair(int root_id, std::string_view function, const SourcePos* window,
                                          const std::vector<std::string_view>& avoid, const CallGraph& graph) const {
  if (window == nullptr && avoid.empty()) return via(root_id, function);
  // Breadth first over (function, inside the window yet): a call made while the thread
  // runs (its running set, or the caller's own window) puts the callee inside. Without
  // a window every state is inside.
  using State = std::pair<std::string, bool>;
  std::map<State, std::vector<ViaStep>> seen;
  std::deque<State> queue;
  auto it = reached_.find(function);
  if (it == reached_.end() || !it->second.count(root_id)) return via(root_id, function);
  for (const std::string& entry : root_entries_.at(static_cast<std::size_t>(root_id))) {
    State start{entry, window == nullptr};
    seen.emplace(start, std::vector<ViaStep>{});
    queue.push_back(start);
  }
  while (!queue.empty()) {
    const State state = queue.front();
    queue.pop_front();
    if (state.first == function && state.second) return seen[state];
    for (const CallEdge& edge : graph.callees(state.first)) {
      if (edge.once != OnceVia::None && std::find(avoid.begin(), avoid.end(), edge.once_flag) != avoid.end()) continue;
      const bool inside = state.second || contains(*edge.threads_running, *window);
      State next{edge.callee, inside};
      if (seen.count(next)) continue;
      std::vector<ViaStep> chain = seen[state];
      chain.push_back({program_.function_name(state.first), edge.pos.file, edge.pos.line});
      seen.emplace(next, std::move(chain));
      queue.push_back(next);
    }
  }
  return via(root_id, function);
}

std::string Threads::entry_of(int root, std::string_view function) const {
  auto it = reached_.find(function);
  if (it == reached_.end()) return std::string(function);
  auto how = it->second.find(root);
  return how == it->second.end() ? std::string(function) : how->second.entry;
}

const std::vector<HeldLock>& Threads::held_on_entry(int root, std::string_view function) const {
  static const std::vector<HeldLock> none;
  auto it = held_on_entry_.find(function);
  if (it == held_on_entry_.end()) return none;
  auto on_root = it->second.find(root);
  return on_root == it->second.end() ? none : on_root->second;
}

std::vector<HeldLock> Threads::held_on_entry_everywhere(std::string_view function) const {
  std::optional<std::vector<HeldLock>> common;
  for (int root : roots_of(function)) {
    const std::vector<HeldLock>& held = held_on_entry(root, function);
    common = common ? intersect_locks(*common, held) : held;
  }
  return common.value_or(std::vector<HeldLock>{});
}

bool Threads::makes(const Access& access, int id) const {
  if (access.on_thread_started_at.file.empty()) return true;
  const ThreadRoot& r = root(id);
  return r.kind == RootKind::Start && r.started_at == access.on_thread_started_at;
}

const ThreadStart* Threads::start_of(int root) const {
  auto it = start_of_root_.find(root);
  return it == start_of_root_.end() ? nullptr : it->second;
}

bool Threads::before_main(const ProgramPoint& point, int id) const {
  if (root(id).kind != RootKind::Main) return false;
  const Function* entry = program_.function(entry_of(id, point.function));
  return entry != nullptr && entry->runs_before_main;
}

bool Threads::in_window(const ProgramPoint& point, int start_root) const {
  const SourcePos& start = root(start_root).started_at;
  if (contains(*point.threads_running, start)) return true;
  auto window = window_.find(point.function);
  return window != window_.end() && window->second.count(start) != 0;
}

bool Threads::starts_overlap(int x, int y) const {
  // Thread y starts while x may still run, or the other way round.
  auto running_at_start_of = [&](int id, int other) {
    const ThreadRoot& r = root(id);
    const ThreadStart* start = start_of(id);
    if (start != nullptr && contains(start->running_at_start, root(other).started_at)) return true;
    auto window = window_.find(r.creator);
    return window != window_.end() && window->second.count(root(other).started_at) != 0;
  };
  return running_at_start_of(y, x) || running_at_start_of(x, y);
}

std::vector<int> Threads::ancestors(int id) const {
  std::vector<int> chain{id};
  while (chain.size() < roots_.size()) {
    const int parent = root(chain.back()).parent;
    if (parent < 0 || std::find(chain.begin(), chain.end(), parent) != chain.end()) break;
    chain.push_back(parent);
  }
  return chain;
}

std::string Threads::where(const SourcePos& pos) const {
  std::string file = pos.file;
  if (auto slash = file.rfind('/'); slash != std::string::npos) file = file.substr(slash + 1);
  return file + ":" + std::to_string(pos.line);
}

std::optional<Parallel> Threads::parallel(const ProgramPoint& a, int root_a, const ProgramPoint& b,
                                          int root_b) const {
  const ThreadRoot& ra = root(root_a);
  const ThreadRoot& rb = root(root_b);
  auto plain = [](std::string why) { return std::optional<Parallel>(Parallel{std::move(why), -1, {}}); };
  // A loader-run constructor's code (and what it calls there) happens before any thread.
  if (before_main(a, root_a) || before_main(b, root_b)) return std::nullopt;
  if (root_a == root_b) {
    if (ra.multiplicity != Multiplicity::Many || within_one_task_run(a, b, root_a)) return std::nullopt;
    return plain(describe(root_a, a.function) + " may run in several instances at once (" + ra.many_because + ")");
  }
  if (ra.kind == RootKind::UnknownCallers || rb.kind == RootKind::UnknownCallers) {
    const bool a_unknown = ra.kind == RootKind::UnknownCallers;
    return plain(describe(a_unknown ? root_a : root_b, a_unknown ? a.function : b.function) +
                 " may call it at any time, also while " +
                 describe(a_unknown ? root_b : root_a, a_unknown ? b.function : a.function) + " runs");
  }
  const std::vector<int> up_a = ancestors(root_a);
  const std::vector<int> up_b = ancestors(root_b);
  // One root started (through its threads) the other: in parallel only while that runs.
  auto started_by = [&](const std::vector<int>& up, int ancestor, const ProgramPoint& at,
                        int side) -> std::optional<std::optional<Parallel>> {
    auto found = std::find(up.begin(), up.end(), ancestor);
    if (found == up.end()) return std::nullopt;
    const int child = *std::prev(found);  // the thread the ancestor's own code started
    const ThreadRoot& parent = root(ancestor);
    const std::string child_name = describe(child, root(child).entry);
    if (parent.multiplicity == Multiplicity::Many)
      return plain(describe(ancestor, at.function) + " runs in several instances (" + parent.many_because +
                   "), and another may run while " + child_name + " does");
    if (!in_window(at, child)) return std::optional<Parallel>();
    return std::optional<Parallel>(Parallel{describe(ancestor, at.function) + " runs this after starting " +
                                                child_name + " and before joining it",
                                            side, root(child).started_at});
  };
  if (auto verdict = started_by(up_b, root_a, a, 0)) return *verdict;
  if (auto verdict = started_by(up_a, root_b, b, 1)) return *verdict;
  // Threads started by one root: in parallel when one starts while the other may run.
  for (std::size_t i = 1; i < up_a.size(); ++i) {
    auto common = std::find(up_b.begin(), up_b.end(), up_a[i]);
    if (common == up_b.end()) continue;
    const int z = up_a[i];
    const int x = up_a[i - 1];
    const int y = *std::prev(common);
    const std::string x_name = describe(x, root(x).entry);
    const std::string y_name = describe(y, root(y).entry);
    if (root(z).multiplicity == Multiplicity::Many)
      return plain(describe(z, root(x).creator) + " runs in several instances (" + root(z).many_because +
                   "): one may start " + x_name + " while another runs " + y_name);
    if (!starts_overlap(x, y)) return std::nullopt;
    return plain(x_name + " and " + y_name + " are started by " + describe(z, root(x).creator) +
                 " and may run at the same time (one starts before the other is joined)");
  }
  // No root starts both: nothing orders them.
  return plain(describe(root_a, a.function) + " and " + describe(root_b, b.function) +
               " are not ordered by any start or join");
}

bool Threads::runs_alongside(const ProgramPoint& point, int id) const {
  const ThreadRoot& r = root(id);
  if (r.kind != RootKind::Main || r.multiplicity == Multiplicity::Many || unknown_root_ >= 0) return true;
  if (!point.threads_running->empty()) return true;
  auto window = window_.find(point.function);
  return window != window_.end() && !window->second.empty();
}

bool Threads::runs_alongside(const CallEdge& edge) const {
  const ProgramPoint point{edge.caller, edge.threads_running};
  for (int id : roots_of(edge.caller))
    if (runs_alongside(point, id)) return true;
  return false;
}

ThreadReport Threads::report(int id, std::string_view function) const {
  const ThreadRoot& r = root(id);
  ThreadReport report;
  report.multiplicity = r.multiplicity == Multiplicity::Many ? "many" : "once";
  report.many_because = r.many_because;
  switch (r.kind) {
    case RootKind::Main:
      report.how = "main";
      report.root = program_.function_name(r.entry.empty() ? entry_of(id, function) : r.entry);
      break;
    case RootKind::Start:
      report.how = start_of(id) != nullptr ? start_of(id)->how : "start";
      report.root = program_.function_name(r.entry);
      report.started_at = r.started_at;
      break;
    case RootKind::UnknownCallers:
      report.how = "unknown-callers";
      report.root = program_.function_name(entry_of(id, function));
      break;
  }
  return report;
}

std::string Threads::describe(int id, std::string_view function) const {
  const ThreadRoot& r = root(id);
  switch (r.kind) {
    case RootKind::Main: {
      if (!r.entry.empty()) return "main";
      return "the thread running " + program_.function_name(entry_of(id, function));
    }
    case RootKind::Start: {
      const ThreadStart* start = start_of(id);
      const std::string how = start != nullptr ? start->how : "start";
      if (how == "executor")
        return program_.function_name(r.entry) + " run by an executor (posted at " + where(r.started_at) + ")";
      if (how == "model")
        return program_.function_name(r.entry) + " run by the library on its threads (handed over at " +
               where(r.started_at) + ")";
      return "the thread of " + program_.function_name(r.entry) + " started at " + where(r.started_at);
    }
    case RootKind::UnknownCallers:
      return "unknown callers of public " + program_.function_name(entry_of(id, function));
  }
  return "?";
}

}  // namespace hawk::audit
