#include "capture/check_then_act.h"

#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>
#include <clang/AST/StmtCXX.h>

namespace hawk::audit {
namespace {

// A statement after which control never falls through to the next one.
bool always_leaves(const clang::Stmt* stmt) {
  if (stmt == nullptr) return false;
  if (const auto* compound = llvm::dyn_cast<clang::CompoundStmt>(stmt))
    return !compound->body_empty() && always_leaves(compound->body_back());
  if (const auto* expr = llvm::dyn_cast<clang::Expr>(stmt))
    return llvm::isa<clang::CXXThrowExpr>(expr->IgnoreImplicit());
  return llvm::isa<clang::ReturnStmt, clang::BreakStmt, clang::ContinueStmt, clang::GotoStmt>(stmt);
}

// The statements following `stmt` in its enclosing compound statement.
void append_following(const clang::Stmt* stmt, const StmtParents& parents, std::vector<const clang::Stmt*>& into) {
  const auto* compound = llvm::dyn_cast_or_null<clang::CompoundStmt>(parents.parent(stmt));
  if (compound == nullptr) return;
  bool after = false;
  for (const clang::Stmt* child : compound->body()) {
    if (after) into.push_back(child);
    if (child == stmt) after = true;
  }
}

}  // namespace

std::vector<const clang::Stmt*> statements_decided_by(const clang::Expr& read, const StmtParents& parents) {
  std::vector<const clang::Stmt*> decided;
  const clang::Stmt* node = &read;
  for (int depth = 0; node != nullptr && depth < 64; ++depth) {
    const clang::Stmt* parent = parents.parent(node);
    if (parent == nullptr) break;
    if (const auto* if_stmt = llvm::dyn_cast<clang::IfStmt>(parent)) {
      if (node != if_stmt->getCond() && node != if_stmt->getConditionVariableDeclStmt() && node != if_stmt->getInit())
        break;
      if (if_stmt->getThen() != nullptr) decided.push_back(if_stmt->getThen());
      if (if_stmt->getElse() != nullptr) decided.push_back(if_stmt->getElse());
      else if (always_leaves(if_stmt->getThen())) append_following(if_stmt, parents, decided);
      break;
    }
    if (const auto* conditional = llvm::dyn_cast<clang::AbstractConditionalOperator>(parent)) {
      if (node == conditional->getCond()) {
        decided.push_back(conditional->getTrueExpr());
        decided.push_back(conditional->getFalseExpr());
        break;
      }
      node = parent;  // a branch of an outer condition: `if (a ? x_ : y_)`
      continue;
    }
    // Anything an expression is part of may still make up the condition (a DeclStmt
    // only as an if's condition variable).
    if (!llvm::isa<clang::Expr>(parent) && !llvm::isa<clang::DeclStmt>(parent)) break;
    node = parent;
  }
  return decided;
}

}  // namespace hawk::audit
