// Who runs whom: direct calls, plus the edge from the function a lambda is written in to
// the lambda (a lambda runs in the context of the code that created it).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "link/program.h"

namespace hawk::audit {

struct CallEdge {
  std::string caller;
  std::string callee;
  SourcePos pos;                       // the call, or where the lambda is written
  const std::vector<HeldLock>* locks;  // held by the caller there; empty for lambda edges
  bool lambda_context = false;         // caller -> a lambda written in it, not a call
  // The call is made while threads the caller started may run (CallSite's flag; for a
  // lambda edge, Function::runs_while_parent_threads_run): the callee runs concurrently
  // with them from here, even when the caller does not.
  bool while_own_threads_run = false;
  OnceVia once = OnceVia::None;  // CallSite::once: the callee runs once through this call
  std::string once_flag{};       // CallSite::once_flag
};

// Edges point into the program's call sites: the program must outlive the graph.
class CallGraph {
 public:
  explicit CallGraph(const Program& program);
  // Sorted by position, so walks are deterministic.
  const std::vector<CallEdge>& callees(std::string_view caller) const;
  const std::vector<CallEdge>& callers(std::string_view callee) const;

 private:
  std::map<std::string, std::vector<CallEdge>, std::less<>> out_;
  std::map<std::string, std::vector<CallEdge>, std::less<>> in_;
};

}  // namespace hawk::audit
