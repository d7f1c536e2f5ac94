// Which functions run only once: the callables of once primitives (std::call_once and
// the other call_once functions, pthread_once; see capture/once_calls.h), what a
// function-local static's initialiser calls, and what only those call. The primitive
// orders that one run before every caller's return from the once call, so the writes it
// makes need no lock against the reads that follow the call.
//
// A function is once-run when every edge into it that runs beside other threads (its
// calls, or for a lambda only written there, the code it is written in) is a once call or comes from a once-run
// function, made while no thread of the caller's own runs, and all of them are once per
// the same flag (two flags may each run it, at the same time). A thread entry never is
// (it runs as often as it is started), nor a public method of a shared class unless it
// is itself handed to a once primitive (`call_once(flag_, &C::load, this)`: the class's
// initialiser by design, not an operation others call).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "link/call_graph.h"
#include "link/threads.h"
#include "link/program.h"

namespace hawk::audit {

// How a function (or an access) runs once: the primitive and where it is called (for a
// local static's initialiser, where the initialiser is).
struct OnceEvidence {
  OnceVia via = OnceVia::None;
  SourcePos pos;
  std::string flag;  // CallSite::once_flag: what it is once per
};

class OnceRuns {
 public:
  OnceRuns(const Program& program, const CallGraph& graph, const Threads& threads);

  // The once call `function` runs through when it is once-run; null otherwise.
  const OnceEvidence* runs_once(std::string_view function) const;

 private:
  std::map<std::string, OnceEvidence, std::less<>> once_run_;
};

}  // namespace hawk::audit
