// Callables a function receives as parameters: what a thread-start wrapper hands to the
// start it makes (`spawn(fn, arg) { pthread_create(&t, 0, fn, arg); }`,
// `template <class F> std::thread launch(F f) { return std::thread(std::move(f)); }`),
// and passes on to a wrapper of its own (link/thread_wrappers.h).
#pragma once

#include <clang/AST/Type.h>

namespace clang {
class Expr;
class FunctionDecl;
class ParmVarDecl;
}  // namespace clang

namespace hawk::audit {

// A function pointer, a std::function, or a lambda's closure type.
bool is_callable_type(clang::QualType type);

// The parameter of `function` that `expr` is, through casts, copies, std::move and
// std::forward; null otherwise.
const clang::ParmVarDecl* own_parameter_through_copies(const clang::Expr& expr, const clang::FunctionDecl& function);

}  // namespace hawk::audit
