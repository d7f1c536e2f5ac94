// Accesses through a parameter, seen from each call (DESIGN "Phases and ownership": which
// object an access reaches decides whether it is shared).
//
// Capture records `p->next = n` in `list_push(struct list *p, ...)` as an access of the
// field `list::next` through parameter 0: it cannot tell which list. Merged over every
// call, all lists of the program become one location with the locks common to all of
// them. Here, as RacerD does with its access paths, such an access is taken into each of
// its function's callers instead:
//   - the call passes an object the caller owns (a local, CallSite::owned_arguments): no
//     other thread reaches it, the access is dropped for that call — unless the callee
//     (or a callee further down, for a parameter passed on) may have let the object go
//     before the access (Access::parameter_let_go, CallSite::let_go_parameters): `add(n)`
//     that pushes n on a shared list and then writes n->x publishes first;
//   - it names the object (CallSite::argument_objects): a global or static variable
//     (`list_push(&g_threads, ..)`: an access to g_threads, as `g_threads.next` written in
//     the caller would be) or a field (`list_push(&dp->ports, ..)`: to `dp_netdev::ports`,
//     and through the caller's parameter when `dp` is one);
//   - it passes its own parameter on (CallSite::forwarded_parameters): the access is
//     through that parameter of the caller, and is taken into the caller's callers in turn;
//   - anything else (a pointer read from somewhere): still the field of any object, but
//     with the caller's locks, threads and orderings at that call — unless capture kept
//     the access only for a call to name its object (Access::parameter_object_only: a
//     field of a class nothing says is shared), which is then dropped, as are those no
//     call names at all.
// An access to the function's own object (`this->x_`, Access::on_this) is taken into each
// call the same way, `this` being the object the call is made on: none for a call on an
// object the caller owns (CallSite::on_owned_object) when the method lets `this` go
// nowhere; through the caller's parameter for `p->m()` (CallSite::receiver_parameter,
// with its let-go state at the call), so a `shared_ptr` its caller made and the function
// has not registered yet is still owned; on the caller's own object for `m()` (in a
// constructor or destructor, the object being built or torn down); else with the
// caller's locks, the field of whichever object.
// The copy stays where the access is written, runs in the caller (Access::function, with
// the calls down to the access in Access::through_calls) and holds the locks held at the
// call as well as those the callee holds at the access; it runs in once regions and
// waits as the call does.
//
// A caller's own access that hands an object to a callee of another unit
// (Access::passed_to) is dropped when that callee uses the parameter only through its
// fields (Function::fields_only_parameters): those accesses stand for it, as capture
// decides for a callee in the same unit.
//
// Only a function reached by direct calls alone is taken into its callers: a thread's
// entry, a method unknown callers call, a function whose address is taken or a lambda
// keeps its accesses as they are, as does an access made while threads the function
// itself started still run. Past kMaxCallDepth callers up, or kMaxCopies copies of one
// access, the access stays as it is.
#pragma once

#include "link/call_graph.h"
#include "link/program.h"
#include "link/threads.h"

namespace hawk::audit {

// Replaces program.accesses with the accesses seen from each call (above), sorted and
// without duplicates. The call graph and threads must be those of `program`.
void take_parameter_accesses_into_callers(Program& program, const CallGraph& graph, const Threads& threads);

}  // namespace hawk::audit
