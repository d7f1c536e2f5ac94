#include "locks/cfg_positions.h"

#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/ExprObjC.h>
#include <clang/Analysis/CFG.h>

namespace hawk::audit {
namespace {

void map_children(const clang::Stmt& stmt, CfgPosition position, CfgPositions& positions) {
  for (const clang::Stmt* child : stmt.children()) {
    if (child == nullptr || positions.count(child) != 0) continue;
    positions.emplace(child, position);
    if (llvm::isa<clang::LambdaExpr, clang::BlockExpr>(child)) continue;
    map_children(*child, position, positions);
  }
}

}  // namespace

CfgPositions map_cfg_positions(const clang::CFG& cfg) {
  CfgPositions positions;
  // The CFG lists sub-expressions as elements of their own: those go first, so each
  // statement keeps its innermost element when the enclosing ones are walked below.
  for (const clang::CFGBlock* block : cfg) {
    unsigned index = 0;
    for (const clang::CFGElement& element : *block) {
      if (auto statement = element.getAs<clang::CFGStmt>())
        positions.emplace(statement->getStmt(), CfgPosition{block->getBlockID(), index});
      ++index;
    }
  }
  for (const clang::CFGBlock* block : cfg) {
    unsigned index = 0;
    for (const clang::CFGElement& element : *block) {
      const clang::Stmt* stmt = nullptr;
      if (auto statement = element.getAs<clang::CFGStmt>()) stmt = statement->getStmt();
      else if (auto initializer = element.getAs<clang::CFGInitializer>()) stmt = initializer->getInitializer()->getInit();
      if (stmt != nullptr && !llvm::isa<clang::LambdaExpr, clang::BlockExpr>(stmt)) {
        positions.emplace(stmt, CfgPosition{block->getBlockID(), index});
        map_children(*stmt, CfgPosition{block->getBlockID(), index}, positions);
      }
      ++index;
    }
    if (const clang::Stmt* terminator = block->getTerminatorStmt())
      positions.emplace(terminator, CfgPosition{block->getBlockID(), static_cast<unsigned>(block->size())});
  }
  return positions;
}

}  // namespace hawk::audit
