// Which locks a branch condition proves held: the result of a try-lock read by a CFG
// terminator (`if (m.try_lock())`, `if (pthread_mutex_trylock(&m) != 0) return;`,
// `if (!lk) return;`, `while (!m.try_lock()) {}`). A try takes effect only here: on the
// success edge the locks are held, on the failure edge they are not.
#pragma once

#include <optional>
#include <vector>

#include "locks/lockset_state.h"
#include "model/facts.h"

namespace clang {
class ASTContext;
class Decl;
class Expr;
class VarDecl;
}  // namespace clang

namespace hawk::audit {

// The try a branch condition reads: on the success edge `locks` are taken and `guards`
// own what they wrap (LocksetState::try_succeeded), on the other the guards own nothing.
struct BranchLocks {
  std::optional<bool> success_when;  // the value of `condition` on the success edge; nullopt: no try
  std::vector<HeldLock> locks;
  std::vector<const clang::VarDecl*> guards;
};

// `state` is the lockset at the end of the block that branches (which guards are alive).
BranchLocks locks_proven_by(const clang::Expr& condition, const LocksetState& state, const clang::Decl* function,
                            clang::ASTContext& context);

}  // namespace hawk::audit
