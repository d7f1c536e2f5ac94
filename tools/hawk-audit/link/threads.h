// The program's threads (DESIGN "Race semantics"): which thread roots run each function,
// how many instances of each root may run at once, and whether two program points, each
// run by one root, may happen in parallel.
//
// Roots. `main` (one instance): the program's `main` and every function nothing calls
// (static constructors, callbacks nobody here calls, test bodies a framework runs one
// after another; a private method nothing calls never runs); each thread start site
// (std::thread, jthread, async, pthread_create, thrd_create): the function it runs; and,
// in a library (no `main` in the program, or --library: its callers are not seen),
// *unknown callers*: the non-private methods of a class that declares itself shared (owns
// a lock, takes one, or is annotated), which may be called from any thread at once. A
// program with a main is whole: what nothing calls runs on main. A function handed to a
// callee that calls it during the call (a synchronous callback) runs there.
//
// Multiplicity. A start runs *many* instances at once when it starts again while an
// earlier thread of its own still runs (a loop without a join in between), when its
// creator runs on several roots or on a root of many instances, or when its thread
// outlives the creator and the creator runs more than once. Unknown callers are many;
// main is one.
//
// May happen in parallel. Two points on one root: only when the root runs many
// instances. A root and a thread it started (directly or through the threads it
// started): only while that thread runs, between its start and its join, in the creating
// function or in what it calls then (capture's per-point `threads_running`, extended
// through the call graph). Two threads started by code of one root: only when one of
// them starts while the other may still run. Unknown callers run in parallel with
// everything, as do roots whose creator runs on several roots.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "link/call_graph.h"
#include "link/program.h"
#include "model/findings.h"

namespace hawk::audit {

enum class RootKind { Main, Start, UnknownCallers };
enum class Multiplicity { Once, Many };

struct ThreadRoot {
  RootKind kind = RootKind::Main;
  std::string entry;  // Function::key run by the thread (main: `main`'s, or ""); unknown callers: ""
  SourcePos started_at;  // Start roots: the start site
  std::string creator;   // Start roots: the function that starts it
  Multiplicity multiplicity = Multiplicity::Once;
  std::string many_because;  // for people, when Many: "started in a loop while earlier ones run"
  int parent = -1;           // Start roots: the one root its creator runs on; -1 for none or several
};

// Why two points may happen in parallel: one sentence for people, and, when one side runs
// in the window of a thread its root started (between its start and its join), which
// side and which thread: the call chain shown for that side is one through the window.
struct Parallel {
  std::string why;
  int windowed_side = -1;  // 0: the first point, 1: the second, -1: none
  SourcePos window;        // that thread's start site
};

// A program point as capture saw it: the function it is in, and the threads that
// function started that may run there.
struct ProgramPoint {
  std::string_view function;
  const std::vector<SourcePos>* threads_running = nullptr;  // never null when used
};

class Threads {
 public:
  // `library`: its public API has unknown callers even if the program has a main.
  Threads(const Program& program, const CallGraph& graph, bool library = false);

  // No `main` in the program (or asked for): its shared classes' methods are called by
  // unknown callers.
  bool library_mode() const { return library_mode_; }
  const std::vector<ThreadRoot>& roots() const { return roots_; }
  const ThreadRoot& root(int id) const { return roots_[static_cast<std::size_t>(id)]; }

  // The roots that run `function`, ascending. Every function that has a body has one.
  const std::vector<int>& roots_of(std::string_view function) const;
  // Whether `root`, one of roots_of(access.function), makes the access: not when the
  // access is bound to another start's thread (Access::on_thread_started_at).
  bool makes(const Access& access, int root) const;
  // The shortest chain from the root's entry down to `function` (empty for the entry).
  const std::vector<ViaStep>& via(int root, std::string_view function) const;
  // The shortest chain that reaches `function` in the window of the thread started at
  // `window` (through a call made while it runs, when `window` is not null) and through
  // no once region or once call of a flag in `avoid` (the onces the other access of a
  // pair is part of: a chain through one of them is no path on which the pair
  // overlaps); the shortest chain when there is none.
  std::vector<ViaStep> via_for_pair(int root, std::string_view function, const SourcePos* window,
                                    const std::vector<std::string_view>& avoid, const CallGraph& graph) const;
  // The entry of `root` that reaches `function` (for unknown callers: which method).
  std::string entry_of(int root, std::string_view function) const;
  // Locks every path of `root` into `function` holds when it starts; what REQUIRES
  // declares when it does. Paths of main before any thread runs do not count: nothing
  // runs beside them.
  const std::vector<HeldLock>& held_on_entry(int root, std::string_view function) const;
  // The locks held on entry on every root that runs `function` (annotate's REQUIRES).
  std::vector<HeldLock> held_on_entry_everywhere(std::string_view function) const;

  // Whether `a` on `root_a` and `b` on `root_b` may happen in parallel, and why (one
  // sentence for people). The same point twice asks whether two instances may run it.
  std::optional<Parallel> parallel(const ProgramPoint& a, int root_a, const ProgramPoint& b, int root_b) const;
  // Whether some other thread may run beside `point` on `root` (the point is not in
  // main's sequential phases).
  bool runs_alongside(const ProgramPoint& point, int root) const;
  // The same for a call: on any root that runs its caller.
  bool runs_alongside(const CallEdge& edge) const;

  // Whether `point` runs while the thread of `start_root` (a Start root) may run: after
  // its start and before its join, in the creating function or in what that calls then.
  bool in_window(const ProgramPoint& point, int start_root) const;
  // The point runs on main through a loader-run constructor (Function::runs_before_main).
  bool before_main(const ProgramPoint& point, int id) const;
  // Whether the creator of `root` (a Start root) certainly passed the once flag `flag`
  // before starting it: that initialisation was done before the thread existed, and the
  // thread never runs it (its once calls and once regions of that flag are passages).
  bool passed_before_start(int root, std::string_view flag) const;
  // Whether `root` runs `function` other than inside such an initialisation. (roots_of
  // still counts those paths: they say the class takes part in concurrency at all.)
  bool runs_past_passages(int root, std::string_view function) const;

  // The once flags whose initialisation every path of `root` into `function` runs
  // inside (a call made in a once region or by a once primitive, `function` itself or a
  // caller of it): on that root the function runs only as part of those once bodies,
  // each of which runs one time in all. Flags of a variable only: a field's once is one
  // per object. Sorted.
  const std::vector<std::string>& enclosing_onces(int root, std::string_view function) const;

  // Whether `function` may run more than once per run of a root that runs it: called
  // from two places, in a loop, or by a caller that may.
  bool runs_more_than_once(std::string_view function) const { return rerun_.count(function) != 0; }

  // Owns a lock, is annotated, or one of its methods takes a lock.
  bool is_shared_class(std::string_view class_key) const { return shared_classes_.count(class_key) > 0; }
  // A thread's entry, or a method unknown callers call.
  bool is_entry(std::string_view function) const { return entries_.count(function) > 0; }

  // The contract's `thread` object for a point of `function` on `root`.
  ThreadReport report(int root, std::string_view function) const;
  // For people: "main", "the thread of worker started at a.c:12", "unknown callers of public C::m".
  std::string describe(int root, std::string_view function) const;

 private:
  void find_shared_classes();
  void find_passed_before_starts(const CallGraph& graph);
  void find_enclosing_onces(const CallGraph& graph);
  const std::set<std::string, std::less<>>& passes(const std::string& function, int depth);
  void find_roots(const CallGraph& graph);
  void reach(int root, const std::vector<std::string>& entries, const CallGraph& graph);
  void compute_windows(const CallGraph& graph);
  void compute_multiplicity(const CallGraph& graph);
  void propagate_held_locks(const CallGraph& graph);
  bool starts_overlap(int x, int y) const;
  void find_queued_tasks(const CallGraph& graph);
  // Both points run only inside one queued task that is submitted once, on a root of
  // many instances (a pool's workers): one instance of the task runs them, in order.
  bool within_one_task_run(const ProgramPoint& a, const ProgramPoint& b, int id) const;
  bool sequential(const CallEdge& edge) const;
  std::vector<int> ancestors(int root) const;  // the root, its parent, ... up to one without
  std::string where(const SourcePos& pos) const;
  const ThreadStart* start_of(int root) const;  // a Start root's start

  struct Reach {
    std::vector<ViaStep> via;
    std::string entry;
  };

  const Program& program_;
  bool library_mode_ = false;
  int unknown_root_ = -1;
  std::vector<ThreadRoot> roots_;
  std::set<std::string, std::less<>> shared_classes_;
  std::set<std::string, std::less<>> entries_;
  std::map<std::string, std::map<int, Reach>, std::less<>> reached_;  // function -> root -> how
  std::map<std::string, std::vector<int>, std::less<>> roots_of_;
  // Threads (by start site) that may run whenever the function runs, because a caller
  // calls it (directly or further up) while they run.
  std::map<std::string, std::set<SourcePos>, std::less<>> window_;
  std::map<int, const ThreadStart*> start_of_root_;
  // Per root: what it reaches without running a queued task; per function: the queued
  // tasks it is reached from (find_queued_tasks).
  std::map<int, std::set<std::string, std::less<>>> reached_directly_;
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> tasks_reaching_;
  std::map<std::string, std::map<int, std::vector<HeldLock>>, std::less<>> held_on_entry_;
  std::set<std::string, std::less<>> rerun_;
  // Per root (Start roots only): ThreadStart::passed_once with what its passed_callees pass.
  std::vector<std::set<std::string, std::less<>>> passed_before_start_;
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> passes_;  // memo
  std::map<int, std::set<std::string, std::less<>>> runs_past_passages_;  // roots with passages
  std::vector<std::vector<std::string>> root_entries_;  // per root: where reach() started, by name
  // Per root, the functions with enclosing once flags (enclosing_onces), and those flags.
  std::vector<std::map<std::string, std::vector<std::string>, std::less<>>> enclosing_onces_;
};

}  // namespace hawk::audit
