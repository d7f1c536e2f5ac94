#include "link/concurrency.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <set>
#include <tuple>

#include "link/lock_sets.h"

namespace hawk::audit {

Concurrency::Concurrency(const Program& program, const CallGraph& graph) {
  find_shared_classes(program);
  find_entries(program);
  reach_from_entries(program, graph);
  propagate_held_locks(program, graph);
}

namespace {

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

}  // namespace

void Concurrency::find_shared_classes(const Program& program) {
  for (const auto& [key, info] : program.classes)
    if (info.owns_lock || info.annotated) shared_classes_.insert(key);
  const auto own_lock_statics = statics_taking_own_lock(program);
  for (const auto& [key, function] : program.functions) {
    if (!function.acquires_lock) continue;
    // A lambda that takes a lock makes the class of the method it is written in shared.
    const Function* owner = &function;
    for (int depth = 0; owner && owner->is_lambda && depth < 64; ++depth) owner = program.function(owner->parent);
    // A static member function works on no instance: only a lock of its own class counts.
    if (owner && !owner->owner_class.empty() && (!owner->is_static || own_lock_statics.count(owner->key) != 0))
      shared_classes_.insert(owner->owner_class);
  }
}

void Concurrency::find_entries(const Program& program) {
  for (const auto& [key, function] : program.functions) {
    if (function.owner_class.empty() || function.is_lambda) continue;
    if (function.visibility == Visibility::Private || function.is_constructor || function.is_destructor) continue;
    if (is_shared_class(function.owner_class)) entries_.insert(key);
  }
  for (const ThreadStart& start : program.thread_starts) entries_.insert(start.entry);
}

void Concurrency::reach_from_entries(const Program& program, const CallGraph& graph) {
  // Multi-source BFS: every function gets the shortest chain from some entry. Entries
  // are seeded in name order so the chosen chain does not depend on USR spelling.
  std::vector<std::string> seeds(entries_.begin(), entries_.end());
  std::sort(seeds.begin(), seeds.end(), [&](const std::string& a, const std::string& b) {
    return std::tuple(program.function_name(a), a) < std::tuple(program.function_name(b), b);
  });
  std::deque<std::string> queue;
  for (const std::string& entry : seeds) {
    concurrent_.emplace(entry, std::vector<ViaStep>{});
    queue.push_back(entry);
  }
  auto drain = [&] {
    while (!queue.empty()) {
      const std::string caller = std::move(queue.front());
      queue.pop_front();
      for (const CallEdge& edge : graph.callees(caller)) {
        if (concurrent_.count(edge.callee)) continue;
        std::vector<ViaStep> via = concurrent_.find(caller)->second;
        via.push_back({program.function_name(caller), edge.pos.file, edge.pos.line});
        concurrent_.emplace(edge.callee, std::move(via));
        queue.push_back(edge.callee);
      }
    }
  };
  drain();
  // Then what the thread-starting code calls while its threads run: the creator's call
  // is the chain's first step. (Chains from real entries were preferred above.)
  for (const CallSite& call : program.calls) {
    if (!call.while_own_threads_run || concurrent_.count(call.caller) || concurrent_.count(call.callee)) continue;
    concurrent_.emplace(call.callee, std::vector<ViaStep>{{program.function_name(call.caller), call.pos.file,
                                                           call.pos.line}});
    queue.push_back(call.callee);
  }
  // And the lambdas it runs then without a call of its own (handed to an algorithm,
  // called through a std::function): where the lambda is written is the first step.
  for (const auto& [key, function] : program.functions) {
    if (!function.is_lambda || !function.runs_while_parent_threads_run || concurrent_.count(key) ||
        concurrent_.count(function.parent))
      continue;
    concurrent_.emplace(key, std::vector<ViaStep>{{program.function_name(function.parent), function.pos.file,
                                                   function.pos.line}});
    queue.push_back(key);
  }
  drain();
}

void Concurrency::propagate_held_locks(const Program& program, const CallGraph& graph) {
  // Greatest fixed point: start from "every lock" (nullopt) and shrink each function's
  // set to what all its concurrent callers hold at their calls. Entries start empty;
  // REQUIRES fixes a function's set (its callers must hold those locks: clang checks).
  auto declared = [&](std::string_view function) -> const std::vector<HeldLock>* {
    const Function* f = program.function(function);
    return f && !f->requires_locks.empty() ? &f->requires_locks : nullptr;
  };
  std::map<std::string, std::optional<std::vector<HeldLock>>, std::less<>> held;
  std::set<std::string, std::less<>> fixed;
  for (const auto& [function, via] : concurrent_) {
    if (const std::vector<HeldLock>* required = declared(function)) {
      std::vector<HeldLock> sorted = *required;
      std::sort(sorted.begin(), sorted.end());
      held[function] = std::move(sorted);
      fixed.insert(function);
    } else if (entries_.count(function)) {
      held[function] = std::vector<HeldLock>{};
      fixed.insert(function);
    } else {
      held[function] = std::nullopt;
    }
  }
  static const std::vector<HeldLock> none;
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& [function, state] : held) {
      if (fixed.count(function)) continue;
      const std::vector<CallEdge>& in = graph.callers(function);
      // A lambda that is only written (never called directly here) runs in its
      // parent's context with whatever that context holds; a directly called lambda
      // takes the locks of its calls, like any function.
      const bool has_calls =
          std::any_of(in.begin(), in.end(), [&](const CallEdge& e) { return !e.lambda_context && is_concurrent(e); });
      std::optional<std::vector<HeldLock>> next;
      for (const CallEdge& edge : in) {
        if ((has_calls && edge.lambda_context) || !is_concurrent(edge)) continue;
        const std::vector<HeldLock>* at_caller = nullptr;
        if (auto caller = held.find(edge.caller); caller != held.end()) {
          if (!caller->second) continue;  // not known yet
          at_caller = &*caller->second;
        } else {
          // The thread-starting code itself (not concurrent) calling while its threads
          // run: it holds what it declares on entry, plus the locks at the call.
          const std::vector<HeldLock>* required = declared(edge.caller);
          at_caller = required ? required : &none;
        }
        std::vector<HeldLock> at_call = union_locks(*at_caller, *edge.locks);
        next = next ? intersect_locks(*next, at_call) : std::move(at_call);
      }
      if (next && next != state) {
        state = std::move(next);
        changed = true;
      }
    }
  }
  for (auto& [function, state] : held)
    if (state && !state->empty()) held_on_entry_.emplace(function, std::move(*state));
}

bool Concurrency::is_shared_class(std::string_view class_key) const { return shared_classes_.count(class_key) > 0; }
bool Concurrency::is_entry(std::string_view function) const { return entries_.count(function) > 0; }
bool Concurrency::is_concurrent(std::string_view function) const { return concurrent_.count(function) > 0; }
bool Concurrency::is_concurrent(const Access& access) const {
  return access.while_own_threads_run || is_concurrent(access.function);
}
bool Concurrency::is_concurrent(const CallEdge& edge) const {
  return edge.while_own_threads_run || is_concurrent(edge.caller);
}

const std::vector<ViaStep>& Concurrency::via(std::string_view function) const {
  static const std::vector<ViaStep> none;
  auto it = concurrent_.find(function);
  return it == concurrent_.end() ? none : it->second;
}

const std::vector<HeldLock>& Concurrency::held_on_entry(std::string_view function) const {
  static const std::vector<HeldLock> none;
  auto it = held_on_entry_.find(function);
  return it == held_on_entry_.end() ? none : it->second;
}

}  // namespace hawk::audit
