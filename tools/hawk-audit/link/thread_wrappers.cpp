#include "link/thread_wrappers.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

namespace hawk::audit {

namespace {

// A start that runs `parameter` of its creator (the start's creator is the wrapper).
struct WrappedStart {
  ThreadStart start;
  unsigned parameter = 0;
  // The wrapper starts a routine while another it started may still run (`run_pair(f,
  // g)` starting both before joining either): one call runs two threads at once.
  bool overlapping = false;
};

// A callable kept in a queue (ThreadStart::queued_in) runs where the code that takes it
// from the queue and calls it runs (Function::invoked_queues): a pool's worker loop, a
// trampoline a thread runs, a callback list fired on main. So it is no thread of its own
// but a call from each such function: it runs on their threads, in as many instances,
// and ends when they are joined. A queue nothing here calls from leaves it to what
// reaches it otherwise.
void run_queued_where_taken(Program& program) {
  std::map<std::string, std::vector<const Function*>, std::less<>> takers;
  for (const auto& [key, function] : program.functions)
    for (const std::string& queue : function.invoked_queues) takers[queue].push_back(&function);
  // Trampolines: a wrapper that keeps the routine in a struct and starts a thread whose
  // entry calls it from there (`ovs_thread_create`): each call starts a thread of its
  // own running that routine, ordered and joined as that start is (capture gives the
  // store the start's handle). Those stay starts.
  std::set<std::string, std::less<>> trampoline_queues;
  for (const ThreadStart& store : program.thread_starts) {
    if (store.queued_in.empty() || store.entry_parameter < 0) continue;
    for (const ThreadStart& start : program.thread_starts) {
      if (start.creator != store.creator || !start.queued_in.empty()) continue;
      const Function* entry = program.function(start.entry);
      if (entry != nullptr && std::find(entry->invoked_queues.begin(), entry->invoked_queues.end(), store.queued_in) !=
                                  entry->invoked_queues.end())
        trampoline_queues.insert(store.queued_in);
    }
  }
  std::vector<ThreadStart> starts;
  std::set<std::pair<std::string, std::string>> called;  // {taker, task}
  for (ThreadStart& start : program.thread_starts) {
    if (trampoline_queues.count(start.queued_in)) {
      start.how = "wrapper";
      start.queued_in.clear();
    }
    if (start.queued_in.empty()) {
      starts.push_back(std::move(start));
      continue;
    }
    if (start.entry.empty()) continue;  // a wrapper's: its callers' starts carry the task
    auto found = takers.find(start.queued_in);
    if (found == takers.end()) continue;
    Program::QueuedTask& task = program.queued_tasks[start.entry];
    task.submitters.insert(start.creator);
    ++task.submissions;
    task.resubmitted = task.resubmitted || std::find(start.running_at_start.begin(), start.running_at_start.end(),
                                                     start.pos) != start.running_at_start.end();
    for (const Function* taker : found->second) {
      if (!called.emplace(taker->key, start.entry).second) continue;
      CallSite call;
      call.caller = taker->key;
      call.callee = start.entry;
      call.pos = taker->pos;
      call.in_loop = true;  // a worker runs task after task
      call.runs_queued_task = true;
      program.calls.push_back(std::move(call));
    }
  }
  program.thread_starts = std::move(starts);
}

}  // namespace

void resolve_thread_wrappers(Program& program) {
  std::map<std::string, std::vector<const CallSite*>, std::less<>> calls_of;
  for (const CallSite& call : program.calls)
    if (!call.by_address) calls_of[call.callee].push_back(&call);

  // The starts of each wrapper that run a parameter, by position.
  std::map<std::string, std::vector<SourcePos>, std::less<>> parameter_starts;
  for (const ThreadStart& start : program.thread_starts)
    if (start.entry_parameter >= 0) parameter_starts[start.creator].push_back(start.pos);
  std::deque<WrappedStart> pending;
  for (const ThreadStart& start : program.thread_starts) {
    if (start.entry_parameter < 0) continue;
    const std::vector<SourcePos>& own = parameter_starts[start.creator];
    const bool overlapping = std::any_of(start.running_at_start.begin(), start.running_at_start.end(),
                                         [&](const SourcePos& running) {
                                           return std::find(own.begin(), own.end(), running) != own.end();
                                         });
    pending.push_back({start, static_cast<unsigned>(start.entry_parameter), overlapping});
  }
  std::set<std::tuple<SourcePos, std::string, unsigned>> done;  // {start site, wrapper, parameter}
  std::map<std::tuple<SourcePos, std::string, std::string>, ThreadStart> derived;  // {site, creator, routine}
  while (!pending.empty()) {
    WrappedStart wrapped = std::move(pending.front());
    pending.pop_front();
    const ThreadStart& inner = wrapped.start;
    if (!done.emplace(inner.pos, inner.creator, wrapped.parameter).second) continue;
    auto callers = calls_of.find(inner.creator);
    if (callers == calls_of.end()) continue;
    for (const CallSite* call : callers->second) {
      for (const auto& [index, routine] : call->function_arguments) {
        if (index != wrapped.parameter) continue;
        const auto key = std::make_tuple(call->pos, call->caller, routine);
        ThreadStart start = inner;
        start.pos = call->pos;  // the call names the thread in its caller (capture/thread_phases.h)
        start.creator = call->caller;
        start.entry = routine;
        start.entry_parameter = -1;
        if (start.how == "start") start.how = "wrapper";
        // The threads the caller's earlier starts left running when it starts this one,
        // an earlier thread of this very start among them when one may still run (a loop
        // without a join, a second call before the join): capture's thread phases.
        start.running_at_start = call->threads_running;
        // The call starts two threads at once: each may start while the other runs.
        if (wrapped.overlapping) add_positions(start.running_at_start, {call->pos});
        // It outlives the caller when the caller leaves it running (its summary names the
        // thread by this call); the wrapper's own locks say nothing of the caller's.
        const Function* caller = program.function(call->caller);
        start.outlives_creator =
            caller == nullptr || std::any_of(caller->leaves_running.begin(), caller->leaves_running.end(),
                                             [&](const RunningThreadFact& running) { return running.start == call->pos; });
        start.held_across_life.clear();
        auto [it, inserted] = derived.try_emplace(key, start);
        if (!inserted) add_positions(it->second.running_at_start, start.running_at_start);
      }
      // A wrapper of the wrapper: the caller passes its own parameter on.
      auto forward = [&](const std::vector<std::pair<unsigned, unsigned>>& forwarded) {
        for (const auto& [index, own] : forwarded) {
          if (index != wrapped.parameter) continue;
          WrappedStart outer{inner, own, wrapped.overlapping};
          outer.start.pos = call->pos;
          outer.start.creator = call->caller;
          pending.push_back(std::move(outer));
        }
      };
      forward(call->forwarded_parameters);
      forward(call->forwarded_callables);
    }
  }
  for (auto& [key, start] : derived) program.thread_starts.push_back(std::move(start));
  run_queued_where_taken(program);
}

}  // namespace hawk::audit
