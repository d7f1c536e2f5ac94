// The whole-program analysis both `check` and `annotate` run: the merged program, its
// call graph and threads, each access seen from its callers (link/parameter_contexts.h),
// once runs, object ownership and the shared state built on them. Members refer to each
// other, so it is built in place and never moved.
#pragma once

#include <vector>

#include "link/call_graph.h"
#include "link/object_ownership.h"
#include "link/once_runs.h"
#include "link/program.h"
#include "link/shared_state.h"
#include "link/threads.h"
#include "model/facts.h"

namespace hawk::audit {

struct ProgramAnalysis {
  ProgramAnalysis(const std::vector<TuFacts>& units, bool library);
  ProgramAnalysis(const ProgramAnalysis&) = delete;
  ProgramAnalysis& operator=(const ProgramAnalysis&) = delete;

  Program program;
  const CallGraph graph;
  const Threads threads;
  const OnceRuns once_runs;
  const ObjectOwnership ownership;
  const SharedState state;
};

}  // namespace hawk::audit
