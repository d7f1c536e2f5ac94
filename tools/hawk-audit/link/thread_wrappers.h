// Thread-start wrappers, across translation units: a function that hands a routine its
// caller gave it to a thread start starts that routine at each of its calls.
//
//   - Direct: `spawn(fn, arg) { pthread_create(&t, 0, fn, arg); }` (also std::thread /
//     std::async on a callable parameter).
//   - A wrapper of a wrapper: a call that passes the caller's own parameter on
//     (CallSite::forwarded_parameters, forwarded_callables).
//   - Through a queue: a function that keeps the routine where a worker takes it from
//     (`submit(f) { tasks_.push(std::move(f)); }`, `aux->start = start;` for a trampoline
//     that calls `aux.start(aux.arg)`): capture makes the store a start of the parameter
//     (ThreadStart::queued_in). Once each call has named the routine, it becomes a call
//     from every function that takes a callable from that queue and calls it
//     (Function::invoked_queues): the routine runs on the worker's threads.
// Capture marks such a start with the parameter it runs (ThreadStart::entry_parameter)
// and names the thread, in each caller, by the call of the wrapper
// (capture/thread_phases.h). Here, at each call that passes a function or lambda
// (CallSite::function_arguments), the wrapper's start becomes a start of that routine,
// made by the caller at the call: a thread root of its own (link/threads.h). A call made
// while an earlier thread of the same call still runs (a loop with no join) starts
// another instance beside it, as a start in a loop does.
#pragma once

#include "link/program.h"

namespace hawk::audit {

// Adds to program.thread_starts a start for each routine a wrapper's call passes, and
// marks the starts that run a parameter; wrappers of wrappers to a fixed point.
void resolve_thread_wrappers(Program& program);

}  // namespace hawk::audit
