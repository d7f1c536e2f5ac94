// Where a lambda written in a function may run, as far as that function shows: at each
// use of a local holding it (`bump()`, `std::for_each(.., .., bump)`, `f()` on a
// std::function initialised with it, `auto g = bump;`), or where it is written when no
// local holds it (it goes straight into a call, or is called on the spot). Code it is
// handed to may keep it and run it later: that stays unseen.
#pragma once

#include <vector>

#include "capture/stmt_parents.h"

namespace clang {
class Expr;
class LambdaExpr;
class Stmt;
}  // namespace clang

namespace hawk::audit {

// `references`: the variable references of the function body `lambda` is written in.
std::vector<const clang::Stmt*> lambda_run_points(const clang::LambdaExpr& lambda, const StmtParents& parents,
                                                  const std::vector<const clang::Expr*>& references);

}  // namespace hawk::audit
