#include "link/call_graph.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace hawk::audit {

CallGraph::CallGraph(const Program& program) {
  static const std::vector<HeldLock> no_locks;
  std::set<std::string, std::less<>> thread_entries;
  for (const ThreadStart& start : program.thread_starts) thread_entries.insert(start.entry);
  // Overrides by the method they override, transitively (a call of Base::f may run any).
  std::map<std::string, std::vector<std::string>, std::less<>> overriders;
  for (const auto& [key, function] : program.functions)
    for (const std::string& base : function.overrides) overriders[base].push_back(key);
  std::vector<CallEdge> edges;
  for (const CallSite& call : program.calls) {
    edges.push_back({call.caller, call.callee, call.pos, &call.locks, false, &call.threads_running, call.in_loop,
                     call.once, call.once_flag, false, call.on_this, call.on_owned_object, call.by_address, &call});
    if (call.no_dispatch) continue;
    std::set<std::string> seen{call.callee};
    std::vector<std::string> pending{call.callee};
    while (!pending.empty()) {
      const std::string method = std::move(pending.back());
      pending.pop_back();
      auto found = overriders.find(method);
      if (found == overriders.end()) continue;
      for (const std::string& override_key : found->second) {
        if (!seen.insert(override_key).second) continue;
        edges.push_back({call.caller, override_key, call.pos, &call.locks, false, &call.threads_running, call.in_loop,
                         OnceVia::None, "", true, call.on_this, call.on_owned_object, call.by_address, &call});
        pending.push_back(override_key);
      }
    }
  }
  for (const auto& [key, function] : program.functions) {
    if (function.is_lambda && !function.parent.empty() && function.parent != key && !thread_entries.count(key))
      edges.push_back({function.parent, key, function.pos, &no_locks, true, &function.threads_running_at_use});
  }
  std::sort(edges.begin(), edges.end(), [](const CallEdge& a, const CallEdge& b) {
    return std::tie(a.pos, a.caller, a.callee) < std::tie(b.pos, b.caller, b.callee);
  });
  for (const CallEdge& edge : edges) {
    out_[edge.caller].push_back(edge);
    in_[edge.callee].push_back(edge);
  }
}

static const std::vector<CallEdge>& edges_of(const std::map<std::string, std::vector<CallEdge>, std::less<>>& map,
                                             std::string_view key) {
  static const std::vector<CallEdge> none;
  auto it = map.find(key);
  return it == map.end() ? none : it->second;
}

const std::vector<CallEdge>& CallGraph::callees(std::string_view caller) const { return edges_of(out_, caller); }
const std::vector<CallEdge>& CallGraph::callers(std::string_view callee) const { return edges_of(in_, callee); }

}  // namespace hawk::audit
