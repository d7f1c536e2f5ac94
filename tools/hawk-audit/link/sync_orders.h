// Orderings beyond starts and joins (DESIGN "Race semantics"): two points that
// Threads::parallel() lets run in parallel may still be ordered by synchronisation.
//
// Signal before wait. Point P on root A and point Q on root B are ordered when Q follows,
// on every path of its function, a wait for an object X (capture/sync_events.h), and
// every signal that can release that wait comes after P:
//   - no path of P's function F may have signalled X before P, and F signals X itself;
//   - a barrier (all of X's signals are arrivals): F runs at most once per instance of A
//     and no other function A runs arrives at X. Every participant's arrival ends the
//     phase, so this holds for any multiplicity of A and B (the count of the barrier is
//     taken to be its number of participants);
//   - anything else (a condition variable, latch, semaphore, promise, atomic flag): F is
//     the only function that signals X, it runs on A alone, once, and A runs once. With a
//     root of many instances, one instance's signal would release a wait that another
//     instance's P does not precede.
// A wait in a caller counts for its callee too: Q's function has waited for X on entry
// when every call into it on Q's root is made after a wait for X (or from a function
// that has, on entry), as locks held on entry are carried (link/threads.h). A lambda
// written somewhere and a function whose address is taken have waited for nothing.
// No ordering through X at all when some signal of X is unordered (a relaxed store of the
// flag, a semaphore that starts above zero), or X mixes barrier arrivals with other
// signals. A condition variable's wait counts only where its predicate holds (a wait with
// a predicate, or the exit of a loop around the wait), and capture counts every place
// where the notifying function may set the predicate's state as a signal, so P precedes
// the state the waiter saw. Assumed, not checked: a flag starts at zero, a barrier's
// count equals its participants, and only code that notifies a condition variable makes
// its predicate true.
//
// Lock held across a thread's life. When the creator holds lock L from a thread T's start
// to its join without letting go (ThreadStart::held_across_life), a point on another root
// that holds L (not both shared) cannot run while T does, unless it runs in T's window
// itself (the creator's own code between the start and the join, which holds L already).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "link/call_graph.h"
#include "link/program.h"
#include "link/threads.h"

namespace hawk::audit {

// A program point with what it has seen of synchronisation and the locks held there.
struct SyncPoint {
  ProgramPoint point;
  const std::vector<std::string>* waited = nullptr;     // never null when used
  const std::vector<std::string>* signalled = nullptr;  // never null when used
  const std::vector<HeldLock>* locks = nullptr;         // never null when used
};

class SyncOrders {
 public:
  SyncOrders(const Program& program, const Threads& threads, const CallGraph& graph);

  // Why `a` on `root_a` and `b` on `root_b` cannot happen in parallel by the rules above
  // (one sentence for people), or nullopt.
  std::optional<std::string> ordered(const SyncPoint& a, int root_a, const SyncPoint& b, int root_b) const;
  // Whether every path to `point` on `root` has waited for `object` (at the point itself,
  // or in every call into its function).
  bool has_waited(const SyncPoint& point, int root, std::string_view object) const;

 private:
  // The functions that signal one object, and how.
  struct Signals {
    std::set<std::string, std::less<>> functions;
    bool unordered = false;
    bool barrier = false;
    bool single = false;
  };

  void propagate_waits(const Program& program, const CallGraph& graph);
  // What every call into `function` on `root` has waited for (sorted), empty if nothing.
  const std::vector<std::string>& waited_on_entry(int root, std::string_view function) const;
  std::optional<std::string> signal_before_wait(const SyncPoint& p, int root_p, const SyncPoint& q, int root_q) const;
  std::optional<std::string> lock_across_life(const SyncPoint& p, int root_p, const SyncPoint& q, int root_q) const;

  const Threads& threads_;
  std::map<std::string, Signals, std::less<>> signals_;
  // Per start site: the locks its creator holds across the thread's life.
  std::map<SourcePos, std::vector<HeldLock>> held_across_life_;
  std::map<std::string, std::map<int, std::vector<std::string>>, std::less<>> waited_on_entry_;
};

}  // namespace hawk::audit
