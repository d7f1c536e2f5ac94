#include "link/call_graph.h"

#include <algorithm>
#include <tuple>

namespace hawk::audit {

CallGraph::CallGraph(const Program& program) {
  static const std::vector<HeldLock> no_locks;
  std::vector<CallEdge> edges;
  for (const CallSite& call : program.calls)
    edges.push_back({call.caller, call.callee, call.pos, &call.locks, false, call.while_own_threads_run, call.once,
                     call.once_flag});
  for (const auto& [key, function] : program.functions) {
    if (function.is_lambda && !function.parent.empty() && function.parent != key)
      edges.push_back({function.parent, key, function.pos, &no_locks, true, function.runs_while_parent_threads_run});
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
