// Where, in a function that starts threads, a thread it started may still be running:
// a forward may-dataflow over the function's CFG whose state is the set of threads that
// may be running, each the object holding it and the start that created it (union at
// merges). A start whose own thread may be running when it runs again (a loop with no
// join in between) starts threads that run at the same time as each other.
//
// Handles. A start is tied to the object that holds the thread: the variable or field
// it initialises or is assigned to (`std::thread t(f)`, `auto fut = std::async(f)`,
// `worker_ = std::thread(f)`), the container it is added to (`threads.emplace_back(f)`,
// `futures.push_back(std::async(f))`), or the handle pthread_create / thrd_create writes
// (`&tid`, `&tids[i]`, `&w->tid`: the array or the field). A thread with no such object
// (`std::thread(f).detach()`) is never joined. A discarded std::async future joins its
// thread before the statement ends: no phase at all. Moving a thread or future on
// (`pool.push_back(std::move(t))`, `pool[i] = std::move(t)`, `std::thread u(std::move(t))`)
// hands it to the object it is moved into; t holds none after. Moved somewhere nobody
// here can join it (a call's argument), it runs till the end.
//
// Joins. `h.join()`, `pthread_join(h, ..)`, `thrd_join(h, ..)`, `fut.get()` / `fut.wait()`
// and the automatic destruction of the handle (a std::jthread's or a future's scope
// exit, also of a container of them; a std::thread's would terminate) end h.
// `h.detach()` / `pthread_detach(h)` make it unjoinable: it runs till the end. A join of
// one element of a container or array (`threads[i].join()`, `for (auto& t : threads)
// t.join()`, `pthread_join(tids[i], 0)`) joins all of them when the outermost loop around
// the join that starts none of them exits normally (not at the join: the other elements
// still run inside the loop), and only when no iteration can skip the join (a `continue`
// or branch around it, a `break` out of a loop nested inside: see join_loops.h). Leaving
// that loop by break or goto is no normal exit: the threads still run after it.
// An element join outside such a loop, and a join of a single handle, end it at once.
// So: N starts then N joins; starts in one loop, joins in another; start and join in
// the same loop iteration; and detached threads all come out right.
//
// Across functions: a call whose callee starts threads it leaves running (`s.start()`,
// storing a std::thread in a member) starts them here, and one whose callee joins them
// (`s.stop()` joining that member) ends them here (thread_summaries.h). A thread whose
// handle the callee returns (`pthread_t start_worker(void) { ..; return t; }`) is held
// by the variable the call's result goes to (`t = start_worker();`), and joined with it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "capture/stmt_parents.h"
#include "capture/thread_summaries.h"
#include "model/facts.h"

namespace clang {
class ASTContext;
class FunctionDecl;
class Stmt;
class ValueDecl;
}  // namespace clang

namespace hawk::audit {

class SourcePositions;

class ThreadPhases {
 public:
  // `starts`: the statements of `function`'s body that start a thread. Calls of functions
  // that start or join threads (thread_summaries.h) do so here too.
  ThreadPhases(const clang::FunctionDecl& function, clang::ASTContext& context, const StmtParents& parents,
               SourcePositions& positions, const std::vector<const clang::Stmt*>& starts);
  ~ThreadPhases();
  ThreadPhases(const ThreadPhases&) = delete;
  ThreadPhases& operator=(const ThreadPhases&) = delete;

  // Whether the function starts, or calls something that starts or joins, any thread.
  bool any() const;
  // The threads (by start site) that may run just before `stmt` runs: those this function
  // started, or a callee started and left running, and not joined there. Empty where
  // `stmt` never runs.
  std::vector<SourcePos> running_at(const clang::Stmt& stmt) const;
  // The statements that run while the thread started at `start` may be running (after
  // the start, up to and including its join), in CFG order; nullopt when a scope exit
  // joins it (destructors, a guard's among them, are no statements).
  std::optional<std::vector<const clang::Stmt*>> statements_while_running(const SourcePos& start) const;
  // What the function does to its callers' threads: those still running when it returns,
  // and the handles it joins that it did not start.
  ThreadEffects effects() const;
  // The parameter whose routine the thread started at `start` runs (a start of this
  // function, or a call of a start wrapper): ThreadEffects::routine_parameters.
  std::optional<unsigned> routine_parameter(const SourcePos& start) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::audit
