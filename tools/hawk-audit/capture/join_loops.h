// Whether a loop that joins one element of a container (or array) of threads per
// iteration has joined every element when it exits normally (its condition turns false).
// Every iteration must reach the join before it loops back, or ask about the element's
// thread on the way (`if (!t.joinable()) continue;`, `if (tids[i]) pthread_join(..)`):
// a `continue`, a goto or a branch that skips the join leaves that element running. And
// no break or goto may leave a loop nested inside the joining one on the way to the join
// (`for (i..) for (j..) { if (stop) break; pthread_join(t[i][j], 0); }`): the rest of
// that inner loop's elements are skipped, yet the outer loop still exits normally.
// Leaving the joining loop itself by break, goto or return needs no rule here: that path
// never takes the normal exit, so the threads stay running along it.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "capture/stmt_parents.h"
#include "locks/cfg_positions.h"

namespace clang {
class CFG;
class Expr;
class Stmt;
}  // namespace clang

namespace hawk::audit {

class JoinLoops {
 public:
  // `positions` and `parents` describe the body `cfg` was built from.
  JoinLoops(clang::CFG& cfg, const CfgPositions& positions, const StmtParents& parents);
  ~JoinLoops();
  JoinLoops(const JoinLoops&) = delete;
  JoinLoops& operator=(const JoinLoops&) = delete;

  // `loops`: the loops around `join`, innermost first, the joining loop last.
  // `asks_about_thread`: whether a branch condition tests the joined element's thread.
  bool joins_every_element(const clang::Stmt& join, const std::vector<const clang::Stmt*>& loops,
                           const std::function<bool(const clang::Expr&)>& asks_about_thread) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::audit
