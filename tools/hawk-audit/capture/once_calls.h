// Recognising once-initialisation: the once primitives (std::call_once and every other
// `call_once(flag, f, args...)`, C11 call_once, pthread_once) with the callable they run,
// and the function-local statics whose initialiser runs once at run time (C++11 "magic
// statics": the first thread to reach the declaration initialises, the others wait).
#pragma once

#include <optional>

#include "model/facts.h"

namespace clang {
class Expr;
class IfStmt;
class Stmt;
class VarDecl;
}  // namespace clang

namespace hawk::audit {

struct OnceCall {
  const clang::Expr* flag = nullptr;      // the once_flag / pthread_once_t argument
  const clang::Expr* callable = nullptr;  // what runs once (see callable_target)
  OnceVia via = OnceVia::None;
};

// The callable `stmt` runs through a once primitive; nullopt when it is no such call.
std::optional<OnceCall> once_call(const clang::Stmt& stmt);

// The flag argument when `branch` is the then-branch of a once region: `if` whose
// condition is (a conjunct of, or __builtin_expect of) a call to a once-enter function;
// null otherwise.
const clang::Expr* once_region_flag(const clang::IfStmt& branch);

// The flag of a once-enter or once-leave call (`&once` in `ovsthread_once_start(&once)`,
// `ovsthread_once_done(&once)`, glib's enter/leave): the API synchronises on it itself,
// so handing it over is no access of the caller's. Null for any other call.
const clang::Expr* once_api_flag(const clang::Stmt& stmt);

// A function-local static (not thread_local) whose initialisation runs code when control
// first reaches its declaration: a constructor or a non-constant initialiser. Constant
// initialisation happens before anything runs and needs no once.
bool is_once_initialised_static(const clang::VarDecl& var);

}  // namespace hawk::audit
