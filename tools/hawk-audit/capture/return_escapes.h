// Whether a reference, pointer or iterator to an accessed location leaves the function
// through its return value: `return x_;` from `T& get()` / `const T& get()`,
// `return &x_;`, `return x_.data();`, `return x_.begin();`, `return x_.find(k);`,
// `return x_[i];` / `x_.at(i)` / `x_.front()` by reference, `return std::ref(x_);`.
// Returns by value (a copy) are not escapes.
#pragma once

#include "capture/stmt_parents.h"

namespace clang {
class Expr;
class FunctionDecl;
}  // namespace clang

namespace hawk::audit {

// `top` is the outermost expression designating the location (as for classify_access).
bool escapes_by_return(const clang::Expr& top, const StmtParents& parents, const clang::FunctionDecl& function);

}  // namespace hawk::audit
