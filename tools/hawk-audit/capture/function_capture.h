// Capture of one function body: its Function fact, every access to a candidate location
// with the locks held there, its calls and thread starts, and — recursively — the
// lambdas written in it, each analysed as a function of its own.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "capture/capture_state.h"
#include "model/facts.h"

namespace clang {
class FunctionDecl;
}  // namespace clang

namespace hawk::audit {

struct FunctionRole {
  // Locks held when the body starts: those held where a lambda is written (it runs in
  // its writer's context), none for a thread's entry or a named function.
  std::vector<HeldLock> entry_locks;
  // The class whose concurrency a lock taken here declares: a method's class, and for
  // a lambda that of the method it is written in. Empty for free functions.
  std::string concurrency_owner;
  // A lambda run (called, or handed on to run) where threads the function it is written
  // in started may still run: it runs in parallel with them, as that code does. By start site.
  std::vector<SourcePos> threads_running_at_use;
  // For a lambda: the locals of the functions it is written in that a thread shares
  // (Location kind Local), null for none.
  const std::set<const clang::VarDecl*>* thread_shared_locals = nullptr;
};

// Analyses `function` (a definition, not a dependent template pattern) once per unit.
void capture_function(CaptureState& state, const clang::FunctionDecl& function, const FunctionRole& role);

}  // namespace hawk::audit
