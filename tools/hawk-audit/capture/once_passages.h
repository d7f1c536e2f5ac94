// Where a thread passes a once-initialisation (DESIGN "Race semantics": once-
// initialisation orders): after a call_once / pthread_once call, a once-enter or -leave
// call of a once region, the declaration of a function-local static with a dynamic
// initialiser, or a call of a function that does one of these on every path before it
// can return, the initialisation through that flag has completed — run by this thread
// or by another that the primitive made this one wait for. What the initialisation did
// happens before what follows. capture/sync_events.h counts each passage as a wait for
// the flag (named as locks are, as CallSite::once_flag and Access::once_initialiser
// name it); link/shared_state.h orders the once-run accesses of that flag before it.
//
// A called function counts when its body is in the unit and, before any statement that
// may return or branch around it, it passes the once at its top level (followed
// kMaxOnceCallDepth calls deep): `static void init_module(void) { if
// (ovsthread_once_start(&once)) { ...; ovsthread_once_done(&once); } }`.
#pragma once

#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
class Stmt;
}  // namespace clang

namespace hawk::audit {

// The once flags `stmt` (a CFG element of `function`) passes, sorted, unique; usually none.
std::vector<std::string> once_flags_passed(const clang::Stmt& stmt, const clang::FunctionDecl& function);

// What `function` certainly passes at its top level before `stop` (a statement of its body,
// or null: before it returns): its top-level statements in order, up to the first that
// may leave early. A once region among them counts with what its body passes at its own
// top level (run here, or by the thread the enter call waited for). `flags` as above,
// sorted and unique; `callees`, the functions those statements call, in order, for the
// link step to add what bodies in other units pass (Function::top_level_callees).
struct TopLevelPassages {
  std::vector<std::string> flags;
  std::vector<const clang::FunctionDecl*> callees;
};
TopLevelPassages top_level_passages(const clang::FunctionDecl& function, const clang::Stmt* stop);

}  // namespace hawk::audit
