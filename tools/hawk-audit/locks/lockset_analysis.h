// The locks certainly held at each point of one function body: a forward must-dataflow
// over clang's CFG (intersection at joins), so a lock counts only when every path to the
// point holds it — through branches, loops, early returns and scope exits of RAII guards.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "model/facts.h"

namespace clang {
class ASTContext;
class Decl;
class Stmt;
}  // namespace clang

namespace hawk::audit {

class LocksetAnalysis {
 public:
  // Analyses `body` of `function` (a FunctionDecl, or a lambda's call operator / block),
  // starting with `entry_locks` held (e.g. a lambda analysed where it is written).
  LocksetAnalysis(const clang::Decl& function, clang::ASTContext& context, std::vector<HeldLock> entry_locks = {});
  ~LocksetAnalysis();
  LocksetAnalysis(const LocksetAnalysis&) = delete;
  LocksetAnalysis& operator=(const LocksetAnalysis&) = delete;

  // The locks held just before `stmt` runs (sorted, unique), for any expression or
  // statement inside the body. nullopt when the statement is unreachable (no path from
  // the entry reaches it: code that never runs produces no finding) or has no CFG.
  std::optional<std::vector<HeldLock>> locks_at(const clang::Stmt& stmt) const;

  // True when the body acquires any lock (RAII guard, lock(), pthread_*_lock, ...).
  bool acquires_any_lock() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::audit
