#include "link/program_analysis.h"

#include "link/parameter_contexts.h"
#include "link/thread_wrappers.h"

namespace hawk::audit {

namespace {

Program with_thread_wrappers(Program program) {
  resolve_thread_wrappers(program);
  return program;
}

// The graph and threads are built from calls, which taking accesses into their callers
// leaves alone: they stay valid for the program it changes.
Program& with_parameter_contexts(Program& program, const CallGraph& graph, const Threads& threads) {
  take_parameter_accesses_into_callers(program, graph, threads);
  return program;
}

}  // namespace

ProgramAnalysis::ProgramAnalysis(const std::vector<TuFacts>& units, bool library)
    : program(with_thread_wrappers(merge_units(units))),
      graph(program),
      threads(program, graph, library),
      once_runs(with_parameter_contexts(program, graph, threads), graph, threads),
      ownership(program, graph, threads),
      state(program, threads, once_runs, ownership, graph) {}

}  // namespace hawk::audit
