#include "link/concurrency.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <tuple>

#include "link/lock_sets.h"

namespace hawk::audit {

Concurrency::Concurrency(const Program& program, const CallGraph& graph) {
  find_shared_classes(program);
  find_entries(program);
  reach_from_entries(program, graph);
  propagate_held_locks(graph);
}

void Concurrency::find_shared_classes(const Program& program) {
  for (const auto& [key, info] : program.classes)
    if (info.owns_lock || info.annotated) shared_classes_.insert(key);
  for (const auto& [key, function] : program.functions) {
    if (!function.acquires_lock) continue;
    // A lambda that takes a lock makes the class of the method it is written in shared.
    const Function* owner = &function;
    for (int depth = 0; owner && owner->is_lambda && depth < 64; ++depth) owner = program.function(owner->parent);
    if (owner && !owner->owner_class.empty()) shared_classes_.insert(owner->owner_class);
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
}

void Concurrency::propagate_held_locks(const CallGraph& graph) {
  // Greatest fixed point: start from "every lock" (nullopt) and shrink each function's
  // set to what all its concurrent callers hold at their calls.
  std::map<std::string, std::optional<std::vector<HeldLock>>, std::less<>> held;
  for (const auto& [function, via] : concurrent_) {
    if (entries_.count(function))
      held[function] = std::vector<HeldLock>{};
    else
      held[function] = std::nullopt;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& [function, state] : held) {
      if (entries_.count(function)) continue;
      const std::vector<CallEdge>& in = graph.callers(function);
      // A lambda that is only written (never called directly here) runs in its
      // parent's context with whatever that context holds; a directly called lambda
      // takes the locks of its calls, like any function.
      const bool has_calls = std::any_of(
          in.begin(), in.end(), [&](const CallEdge& e) { return !e.lambda_context && concurrent_.count(e.caller); });
      std::optional<std::vector<HeldLock>> next;
      for (const CallEdge& edge : in) {
        if (has_calls && edge.lambda_context) continue;
        auto caller = held.find(edge.caller);
        if (caller == held.end() || !caller->second) continue;  // not concurrent, or not known yet
        std::vector<HeldLock> at_call = union_locks(*caller->second, *edge.locks);
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
