#include "capture/lambda_run_points.h"

#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>

#include "capture/thread_starts.h"

namespace hawk::audit {
namespace {

// True when `lambda` initialises a local variable (`auto f = [..] {..};`, also through
// a std::function): then it runs where that variable is used, not where it is written.
bool held_by_local(const clang::LambdaExpr& lambda, const StmtParents& parents) {
  const clang::Stmt* node = &lambda;
  for (int depth = 0; depth < 16; ++depth) {
    const clang::Stmt* parent = parents.parent(node);
    if (parent == nullptr) return false;
    if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(parent)) {
      for (const clang::Decl* decl : declaration->decls())
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
            var != nullptr && var->isLocalVarDecl() && var->getInit() == node)
          return true;
      return false;
    }
    if (!llvm::isa<clang::ExprWithCleanups, clang::MaterializeTemporaryExpr, clang::CXXBindTemporaryExpr,
                   clang::ImplicitCastExpr, clang::CXXConstructExpr, clang::CXXFunctionalCastExpr>(parent))
      return false;
    node = parent;
  }
  return false;
}

}  // namespace

std::vector<const clang::Stmt*> lambda_run_points(const clang::LambdaExpr& lambda, const StmtParents& parents,
                                                  const std::vector<const clang::Expr*>& references) {
  if (!held_by_local(lambda, parents)) return {&lambda};
  std::vector<const clang::Stmt*> points;
  for (const clang::Expr* reference : references)
    if (llvm::isa<clang::DeclRefExpr>(reference) && callable_target(*reference).lambda == &lambda)
      points.push_back(reference);
  return points;
}

}  // namespace hawk::audit
