#include "link/once_runs.h"

#include <deque>
#include <optional>
#include <set>
#include <vector>

namespace hawk::audit {

namespace {

using FunctionSet = std::set<std::string, std::less<>>;
using FlagSet = std::set<std::string, std::less<>>;

// The concurrent edges that decide how `function` runs: its calls, or when it has none,
// the lambda edge from where it is written (a lambda runs where it is called).
std::vector<const CallEdge*> deciding_edges(const CallGraph& graph, const Threads& threads,
                                            std::string_view function) {
  std::vector<const CallEdge*> calls, written;
  for (const CallEdge& edge : graph.callers(function)) {
    if (!threads.runs_alongside(edge)) continue;
    (edge.lambda_context ? written : calls).push_back(&edge);
  }
  return calls.empty() ? written : calls;
}

}  // namespace

OnceRuns::OnceRuns(const Program& program, const CallGraph& graph, const Threads& threads) {
  // Direct targets, each with its first once call (calls are sorted by position).
  std::map<std::string, OnceEvidence, std::less<>> targets;
  std::map<std::string, FlagSet, std::less<>> target_flags;
  std::vector<std::string> seeds;
  for (const CallSite& call : program.calls) {
    if (call.once == OnceVia::None) continue;
    target_flags[call.callee].insert(call.once_flag);
    if (targets.try_emplace(call.callee, OnceEvidence{call.once, call.pos, call.once_flag}).second)
      seeds.push_back(call.callee);
  }
  if (targets.empty()) return;

  FunctionSet thread_entries;
  for (const ThreadStart& start : program.thread_starts) thread_entries.insert(start.entry);

  // Candidates: the targets and all they reach. Then, until nothing changes, each gets
  // the flags it runs once per (its once calls', and its once-run callers'), and is
  // dropped when an edge into it is neither, or when it runs once per two flags.
  FunctionSet candidates;
  std::deque<std::string> queue(seeds.begin(), seeds.end());
  while (!queue.empty()) {
    std::string function = std::move(queue.front());
    queue.pop_front();
    if (!candidates.insert(function).second) continue;
    for (const CallEdge& edge : graph.callees(function)) queue.push_back(edge.callee);
  }
  std::erase_if(candidates, [&](const std::string& function) {
    return thread_entries.count(function) != 0 || (threads.is_entry(function) && targets.count(function) == 0);
  });
  std::map<std::string, FlagSet, std::less<>> flags;
  auto flags_of = [&](const std::string& function) -> std::optional<FlagSet> {
    const std::vector<const CallEdge*> edges = deciding_edges(graph, threads, function);
    // Not concurrent at all (or only as a shared class's entry): its own once calls say.
    if (edges.empty()) return target_flags.count(function) ? target_flags.at(function) : FlagSet{};
    FlagSet found;
    for (const CallEdge* edge : edges) {
      if (edge->once != OnceVia::None) {
        found.insert(edge->once_flag);
      } else if (candidates.count(edge->caller) != 0 && edge->threads_running->empty()) {
        const FlagSet& caller = flags[edge->caller];
        found.insert(caller.begin(), caller.end());
      } else {
        return std::nullopt;
      }
    }
    return found;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (auto it = candidates.begin(); it != candidates.end();) {
      std::optional<FlagSet> found = flags_of(*it);
      if (!found || found->size() > 1) {
        flags.erase(*it);
        it = candidates.erase(it);
        changed = true;
        continue;
      }
      if (flags[*it] != *found) {
        flags[*it] = std::move(*found);
        changed = true;
      }
      ++it;
    }
  }

  // Evidence: a target's own once call; what a target reaches inherits the target's,
  // breadth first from the targets in the order of their first once call.
  for (const std::string& seed : seeds)
    if (candidates.count(seed) != 0) once_run_.emplace(seed, targets.at(seed));
  queue.assign(seeds.begin(), seeds.end());
  while (!queue.empty()) {
    const std::string caller = std::move(queue.front());
    queue.pop_front();
    auto evidence = once_run_.find(caller);
    if (evidence == once_run_.end()) continue;
    for (const CallEdge& edge : graph.callees(caller)) {
      if (candidates.count(edge.callee) == 0 || once_run_.count(edge.callee) != 0) continue;
      once_run_.emplace(edge.callee, evidence->second);
      queue.push_back(edge.callee);
    }
  }
}

const OnceEvidence* OnceRuns::runs_once(std::string_view function) const {
  auto it = once_run_.find(function);
  return it == once_run_.end() ? nullptr : &it->second;
}

}  // namespace hawk::audit
