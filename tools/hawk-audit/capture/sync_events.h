// Synchronisation in one function body beyond locks, starts and joins (DESIGN "Race
// semantics": the sides of a condition-variable wait/notify, barrier, latch, semaphore,
// future::get(), and an atomic release store read by an acquire load), and what each
// point of the body has seen of it. Objects are named as locks are (locks/lock_names.h).
//
// Two forward dataflows over the CFG: `waited`, the objects every path to a point has
// waited for (intersection at merges), and `signalled`, those some path may already have
// signalled (union). The link step orders an access after a wait with the accesses that
// precede every signal of the same object (link/sync_orders.h).
//
// Waits, each counted only where it cannot return before a signal:
//   cv.wait(lock, predicate), or the normal exit of a loop around cv.wait / wait_for /
//     wait_until / pthread_cond_(timed)wait / cnd_(timed)wait (`while (!ready) ...`):
//     the predicate holds, and the signaller makes it hold (see below);
//   barrier.arrive_and_wait(), barrier.wait(token), pthread_barrier_wait: a barrier;
//   latch.wait(), latch.arrive_and_wait();
//   semaphore.acquire(), sem_wait: only a std semaphore declared with a count of 0 (a
//     sem_t's sem_init with a count other than 0 makes its posts unordered);
//   future.get() / wait() of a future taken from promise.get_future() (named by the
//     promise; std::async's futures are joins, capture/thread_phases.h);
//   the branch of a condition that can only be taken when an acquire (or seq_cst) load
//     of an atomic flag found it non-zero (`while (!f.load(acquire)) {}` exits, `if (f)`).
// Signals: notify_one/all, pthread_cond_signal/broadcast, cnd_signal/broadcast; barrier
// arrivals; latch.count_down(); semaphore.release(), sem_post; promise.set_value /
// set_exception (also *_at_thread_exit); any atomic modification of a flag (a release,
// acq_rel or seq_cst one orders, any other is unordered). A function that notifies a
// condition variable also signals it, conservatively, wherever it may set the
// predicate's state: at every write or call made under a lock, every call of a function
// of the project, and every atomic modification — so only what precedes all of those
// counts as preceding the notify.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "capture/stmt_parents.h"
#include "model/facts.h"

namespace clang {
class ASTContext;
class FunctionDecl;
class Stmt;
}  // namespace clang

namespace hawk::audit {

class LocksetAnalysis;
class SourcePositions;

// A condition variable's wait (any form): it lets go of its lock while it waits.
bool waits_on_condition_variable(const clang::Stmt& stmt);

class SyncEvents {
 public:
  SyncEvents(const clang::FunctionDecl& function, clang::ASTContext& context, const StmtParents& parents,
             const LocksetAnalysis& locks, const SourcePositions& positions);
  ~SyncEvents();
  SyncEvents(const SyncEvents&) = delete;
  SyncEvents& operator=(const SyncEvents&) = delete;

  // What the body has waited for on every path, and may have signalled, just before
  // `stmt` runs (sorted, unique). Empty where the body synchronises nothing.
  struct Seen {
    std::vector<std::string> waited;
    std::vector<std::string> signalled;
  };
  Seen seen_at(const clang::Stmt& stmt) const;
  // The objects the body signals (sorted, unique).
  const std::vector<SyncSignal>& signals() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::audit
