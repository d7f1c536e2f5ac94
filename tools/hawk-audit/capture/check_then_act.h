// Check-then-act: the code a condition decides. A read inside the condition of an `if`
// (also inside `&&` / `||` / `!` / comparisons / calls that make up the condition, and
// an `if (auto* p = x_)` condition variable or an `if (init; cond)` init statement) or of `?:` decides its branches; when a
// branch writes the same location (`if (!inst_) inst_ = new T;`), the read controls
// that write. An `if` whose then-branch always leaves (return / throw / break /
// continue) and has no else also decides the statements after it in the same block:
// `if (cache_) return cache_; cache_ = build();`.
#pragma once

#include <vector>

#include "capture/stmt_parents.h"

namespace clang {
class Expr;
class Stmt;
}  // namespace clang

namespace hawk::audit {

// The statements whose execution the condition around `read` decides, innermost
// condition first; empty when `read` is in no condition.
std::vector<const clang::Stmt*> statements_decided_by(const clang::Expr& read, const StmtParents& parents);

}  // namespace hawk::audit
