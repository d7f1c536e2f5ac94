#include "capture/once_passages.h"

#include <algorithm>
#include <map>
#include <optional>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/Stmt.h>
#include <clang/Basic/SourceManager.h>

#include "capture/once_calls.h"
#include "locks/lock_names.h"
#include "locks/per_ast.h"

namespace hawk::audit {

namespace {

constexpr int kMaxOnceCallDepth = 4;

void add_flag(const clang::Expr& flag, const clang::FunctionDecl& function, std::vector<std::string>& out) {
  if (std::optional<std::string> name = lock_name(flag, &function); name && !name->empty()) out.push_back(*name);
}

void passed_by(const clang::Stmt& stmt, const clang::FunctionDecl& function, int depth, std::vector<std::string>& out);

// Whether `stmt` may leave the function or skip what follows it: a return, a goto, a
// break or continue out of it, or a call that may long-jump is not looked for.
bool may_leave(const clang::Stmt& stmt) {
  if (llvm::isa<clang::ReturnStmt, clang::GotoStmt, clang::IndirectGotoStmt>(stmt)) return true;
  for (const clang::Stmt* child : stmt.children())
    if (child != nullptr && may_leave(*child)) return true;
  return false;
}

// The function a top-level statement calls (`f(..)`, `x = f(..)`, `T x = f(..)`), or null.
const clang::FunctionDecl* statement_callee(const clang::Stmt& statement) {
  const clang::Stmt* s = &statement;
  if (const auto* expr = llvm::dyn_cast<clang::Expr>(s)) s = expr->IgnoreParenImpCasts();
  if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(s); binary && binary->isAssignmentOp())
    s = binary->getRHS()->IgnoreParenImpCasts();
  if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(s); declaration && declaration->isSingleDecl())
    if (const auto* var = llvm::dyn_cast<clang::VarDecl>(declaration->getSingleDecl()); var && var->getInit())
      s = var->getInit()->IgnoreParenImpCasts();
  const auto* call = llvm::dyn_cast<clang::CallExpr>(s);
  return call == nullptr ? nullptr : call->getDirectCallee();
}

// The top-level statements of `body` in order, up to `stop` or the first that may leave
// early: the flags they pass (`depth` calls deep into bodies of this unit) and the
// functions they call. A once region counts with its body's own top level.
void walk_top_level(const clang::CompoundStmt& body, const clang::FunctionDecl& function, int depth,
                    const clang::Stmt* stop, TopLevelPassages& out) {
  for (const clang::Stmt* statement : body.body()) {
    if (statement == nullptr) continue;
    if (statement == stop) break;
    if (const auto* branch = llvm::dyn_cast<clang::IfStmt>(statement)) {
      // A once region: either this thread runs it, or the enter call found it done. What
      // its body does before anything that may leave it ran before it was done.
      if (const clang::Expr* flag = once_region_flag(*branch)) {
        add_flag(*flag, function, out.flags);
        if (const auto* region = llvm::dyn_cast_or_null<clang::CompoundStmt>(branch->getThen()))
          walk_top_level(*region, function, depth, nullptr, out);
      }
      if (may_leave(*statement)) break;
      continue;
    }
    if (may_leave(*statement)) break;
    passed_by(*statement, function, depth, out.flags);
    if (const clang::FunctionDecl* callee = statement_callee(*statement)) out.callees.push_back(callee);
  }
}

// The flags the body of a callee passes on every path to its return: its top-level
// statements in order, up to the first that may leave early. Memoised per unit.
class BodyPassages {
 public:
  explicit BodyPassages(clang::ASTContext& context) : context_(context) {}

  const std::vector<std::string>& of(const clang::FunctionDecl& callee, int depth) {
    static const std::vector<std::string> none;
    const clang::FunctionDecl* definition = callee.getDefinition();
    if (definition == nullptr || !definition->hasBody() || definition->isDependentContext() ||
        context_.getSourceManager().isInSystemHeader(definition->getLocation()))
      return none;
    auto [it, inserted] = memo_.try_emplace(definition);
    if (!inserted) return it->second;  // done, or in progress (a cycle: none so far)
    TopLevelPassages out;
    if (const auto* body = llvm::dyn_cast_or_null<clang::CompoundStmt>(definition->getBody()))
      walk_top_level(*body, *definition, depth, nullptr, out);
    std::vector<std::string>& kept = memo_[definition];
    kept = std::move(out.flags);
    return kept;
  }

 private:
  clang::ASTContext& context_;
  std::map<const clang::FunctionDecl*, std::vector<std::string>> memo_;
};

void passed_by(const clang::Stmt& stmt, const clang::FunctionDecl& function, int depth, std::vector<std::string>& out) {
  if (std::optional<OnceCall> once = once_call(stmt)) {
    add_flag(*once->flag, function, out);
    return;
  }
  if (const clang::Expr* flag = once_api_flag(stmt)) {
    add_flag(*flag, function, out);
    return;
  }
  if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(&stmt)) {
    for (const clang::Decl* decl : declaration->decls())
      if (const auto* var = llvm::dyn_cast<clang::VarDecl>(decl); var != nullptr && is_once_initialised_static(*var))
        if (std::optional<std::string> name = lock_name_of(*var, &function)) out.push_back(*name);
    return;
  }
  const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  if (call == nullptr || depth >= kMaxOnceCallDepth) return;
  const clang::FunctionDecl* callee = call->getDirectCallee();
  if (callee == nullptr) return;
  const std::vector<std::string>& flags =
      per_ast<BodyPassages>(callee->getASTContext()).of(*callee, depth + 1);
  out.insert(out.end(), flags.begin(), flags.end());
}

}  // namespace

TopLevelPassages top_level_passages(const clang::FunctionDecl& function, const clang::Stmt* stop) {
  TopLevelPassages out;
  if (const auto* body = llvm::dyn_cast_or_null<clang::CompoundStmt>(function.getBody()))
    walk_top_level(*body, function, 0, stop, out);
  std::sort(out.flags.begin(), out.flags.end());
  out.flags.erase(std::unique(out.flags.begin(), out.flags.end()), out.flags.end());
  return out;
}

std::vector<std::string> once_flags_passed(const clang::Stmt& stmt, const clang::FunctionDecl& function) {
  std::vector<std::string> out;
  passed_by(stmt, function, 0, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace hawk::audit
