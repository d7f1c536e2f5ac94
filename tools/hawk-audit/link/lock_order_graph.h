// The whole-program lock-order graph: an edge A -> B when B is acquired while A is held,
// in code that runs beside other threads. Edges come from capture's LockOrderEdges, and
// from calls made holding A that reach (transitively) a function acquiring B. Cycles in
// it are possible deadlocks (the lock-order-inversion check) when the acquisitions may
// happen in parallel (link/threads.h) and each lock of the cycle can block its taker: a
// reader-writer lock held for reading blocks another reader only while a writer waits
// (a writer-preferring lock, as POSIX allows and std::shared_mutex may be), so there a
// writer on a third thread, in parallel with both, is needed too.
//
// "Acquires B" for a function h: a LockOrderEdge in h acquiring B (capture records every
// blocking acquisition, also with nothing held) or B in h's acquires_on_return. A lock
// held in h only after a try (or adopted) is no acquisition: h never waits for it, so it
// closes no cycle. An edge counts where another thread may run beside it
// (Threads::runs_alongside), and not on a thread that never runs it: inside a once body
// the thread's creator finished before starting it (Threads::passed_before_start,
// runs_past_passages). Two orders each set up only inside one once's body
// (Threads::enclosing_onces) never overlap.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "link/call_graph.h"
#include "link/threads.h"
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
  // Where the order is established on which thread: the acquisition, or the call made
  // holding `held`, as a point of its function, and the root running it.
  std::string point_function;
  const std::vector<SourcePos>* threads_running = nullptr;
  int root = 0;
  // Whether `held` is held, and `acquired` taken, for reading only.
  bool held_shared = false;
  bool acquired_shared = false;
  ProgramPoint point() const { return {point_function, threads_running}; }
};

class LockOrderGraph {
 public:
  LockOrderGraph(const Program& program, const CallGraph& graph, const Threads& threads);

  // The evidence of each edge: direct acquisitions before ones through calls, then in
  // source order; one per root and place.
  const std::map<std::pair<std::string, std::string>, std::vector<LockOrderEvidence>>& edges() const {
    return edges_;
  }

  // Cycles to report, each as its locks in order [A, B, ...] (A -> B -> ... -> A),
  // starting at its smallest lock: every two-lock cycle, and for a strongly connected
  // set of locks with none, one shortest cycle through its smallest lock. Self-edges
  // (two instances of one lock member) are not cycles here. A two-lock cycle counts only
  // when some evidence of one order may happen in parallel with some of the other.
  std::vector<std::vector<std::string>> cycles() const;

  // For a cycle, the evidence to report for each edge: for two locks, a pair that may
  // happen in parallel; otherwise each edge's first.
  std::vector<const LockOrderEvidence*> evidence(const std::vector<std::string>& cycle) const;

 private:
  struct Acquisition {
    std::string lock;
    std::string function;
    SourcePos pos;
    std::vector<ViaStep> chain;  // from the called function down to `function`
    bool shared = false;         // taken for reading only, wherever `function` takes it
  };
  // A place that takes a lock for writing, on a root that runs it.
  struct WriteAcquisition {
    const std::vector<SourcePos>* threads_running;
    std::string function;
    int root;
  };
  const std::vector<Acquisition>& reachable_acquisitions(const std::string& function);
  void index_acquisitions();
  void add(LockOrderEvidence evidence);
  std::optional<std::pair<const LockOrderEvidence*, const LockOrderEvidence*>> parallel_pair(
      const std::string& a, const std::string& b) const;
  // Whether the thread of `waiting`, taking `lock`, can wait for the thread of `holding`,
  // which holds it: always, unless both read it; then only behind a writer on a third thread.
  bool waits_for(const std::string& lock, const LockOrderEvidence& waiting, const LockOrderEvidence& holding) const;
  // Each edge's evidence chosen so that every lock of a longer cycle can block its taker.
  std::optional<std::vector<const LockOrderEvidence*>> blocking_choice(const std::vector<std::string>& cycle) const;

  const Program& program_;
  const CallGraph& graph_;
  const Threads& threads_;
  std::map<std::string, std::vector<Acquisition>> own_;        // function -> what it takes itself
  std::map<std::string, std::vector<Acquisition>> reachable_;  // memo
  std::map<std::string, std::vector<WriteAcquisition>> writers_;  // lock -> where it is write-locked
  std::map<std::pair<std::string, std::string>, std::vector<LockOrderEvidence>> edges_;
};

}  // namespace hawk::audit
