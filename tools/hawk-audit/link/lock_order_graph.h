// The whole-program lock-order graph: an edge A -> B when B is acquired while A is held,
// in code that may run concurrently. Edges come from capture's LockOrderEdges, and from
// calls made holding A that reach (transitively) a function acquiring B. Cycles in it
// are possible deadlocks (the lock-order-inversion check).
//
// "Acquires B" for a function h: a LockOrderEdge in h acquiring B, B in h's
// acquires_on_return, or B held at one of h's own accesses or calls without being held
// on entry to h (capture records no edge for a lock taken with nothing else held; the
// first such access stands for the acquisition). An edge counts when its function is
// concurrent, or lies in the creator's thread phase: after its first thread start, with
// the nearest preceding access or call of that function marked while_own_threads_run.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "link/call_graph.h"
#include "link/concurrency.h"
#include "link/program.h"
#include "model/findings.h"

namespace hawk::audit {

// Why held -> acquired: the acquisition of `acquired`, in `function`, reached by `via`.
struct LockOrderEvidence {
  std::string held;
  std::string acquired;
  std::string function;      // Function::key where `acquired` is taken
  SourcePos pos;             // that acquisition
  std::vector<ViaStep> via;  // entry (or thread creator) down to `function`
  bool through_call = false;
};

class LockOrderGraph {
 public:
  LockOrderGraph(const Program& program, const CallGraph& graph, const Concurrency& concurrency);

  // One piece of evidence per edge: a direct acquisition before one through calls, then
  // the earliest in source order.
  const std::map<std::pair<std::string, std::string>, LockOrderEvidence>& edges() const { return edges_; }

  // Cycles to report, each as its locks in order [A, B, ...] (A -> B -> ... -> A),
  // starting at its smallest lock: every two-lock cycle, and for a strongly connected
  // set of locks with none, one shortest cycle through its smallest lock. Self-edges
  // (two instances of one lock member) are not cycles here.
  std::vector<std::vector<std::string>> cycles() const;

 private:
  struct Acquisition {
    std::string lock;
    std::string function;
    SourcePos pos;
    std::vector<ViaStep> chain;  // from the called function down to `function`
  };
  const std::vector<Acquisition>& reachable_acquisitions(const std::string& function);
  void index_acquisitions();
  void index_thread_phases();
  bool in_thread_phase(const std::string& function, const SourcePos& pos) const;
  void add(LockOrderEvidence evidence);

  struct PhaseItem {
    SourcePos pos;
    bool while_own_threads_run = false;
  };
  struct Phases {
    SourcePos first_start;
    std::vector<PhaseItem> items;  // the creator's accesses and calls after it, sorted
  };

  const Program& program_;
  const CallGraph& graph_;
  std::map<std::string, std::vector<Acquisition>> own_;        // function -> what it takes itself
  std::map<std::string, Phases> phases_;                        // thread creators
  std::map<std::string, std::vector<Acquisition>> reachable_;  // memo
  std::map<std::pair<std::string, std::string>, LockOrderEvidence> edges_;
};

}  // namespace hawk::audit
