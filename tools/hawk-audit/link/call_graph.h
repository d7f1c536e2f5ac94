// Who runs whom: direct calls, the calls of a virtual method that reach its overrides,
// plus the edge from the function a lambda is written in to the lambda (a lambda runs in
// the context of the code that created it) — except a lambda a thread runs: its creator
// does not run it.
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
  // Threads the caller started that may run at the call (CallSite::threads_running; for a
  // lambda edge, Function::threads_running_at_use): the callee runs in parallel with them.
  const std::vector<SourcePos>* threads_running = nullptr;
  bool in_loop = false;          // CallSite::in_loop
  OnceVia once = OnceVia::None;  // CallSite::once: the callee runs once through this call
  std::string once_flag{};       // CallSite::once_flag
  bool dispatch = false;         // a call of a virtual method reaching an override of it
  bool on_this = false;          // CallSite::on_this
  bool on_owned_object = false;  // CallSite::on_owned_object
  bool by_address = false;       // CallSite::by_address: the callee's address taken, not a call
  const CallSite* site = nullptr;  // the call it comes from; null for lambda edges
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
