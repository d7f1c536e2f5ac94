// The parent of each statement in one function body, built while walking it: cheaper
// and more predictable than ASTContext's whole-TU ParentMapContext, and it sees exactly
// the children clang's Stmt::children() gives (variable initialisers of a DeclStmt too).
#pragma once

#include <clang/AST/Stmt.h>
#include <llvm/ADT/DenseMap.h>

namespace hawk::audit {

class StmtParents {
 public:
  void set(const clang::Stmt* child, const clang::Stmt* parent) { parents_[child] = parent; }
  const clang::Stmt* parent(const clang::Stmt* child) const {
    auto found = parents_.find(child);
    return found == parents_.end() ? nullptr : found->second;
  }
  // True when `inner` is `outer` or lies inside it.
  bool within(const clang::Stmt* inner, const clang::Stmt* outer) const {
    for (int depth = 0; inner != nullptr && depth < 256; ++depth, inner = parent(inner))
      if (inner == outer) return true;
    return false;
  }

 private:
  llvm::DenseMap<const clang::Stmt*, const clang::Stmt*> parents_;
};

}  // namespace hawk::audit
