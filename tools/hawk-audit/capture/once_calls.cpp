#include "capture/once_calls.h"

#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>
#include <clang/Basic/Builtins.h>
#include <llvm/ADT/StringSwitch.h>

namespace hawk::audit {

std::optional<OnceCall> once_call(const clang::Stmt& stmt) {
  const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  if (call == nullptr || llvm::isa<clang::CXXOperatorCallExpr, clang::CXXMemberCallExpr>(call) ||
      call->getNumArgs() < 2)
    return std::nullopt;
  const clang::FunctionDecl* callee = call->getDirectCallee();
  if (callee == nullptr || callee->getIdentifier() == nullptr) return std::nullopt;
  // By name in any namespace: std::, C11's global one, absl::, boost::, folly::, llvm::
  // all take the flag first and the callable second.
  const llvm::StringRef name = callee->getName();
  if (name == "call_once") return OnceCall{call->getArg(0), call->getArg(1), OnceVia::CallOnce};
  if (name == "pthread_once" && callee->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return OnceCall{call->getArg(0), call->getArg(1), OnceVia::PthreadOnce};
  return std::nullopt;
}

namespace {

// The once-enter functions of the built-in models: they take the flag first and return
// true to the one caller that must run the region.
bool is_once_enter(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("ovsthread_once_start", "g_once_init_enter", "g_once_init_enter_pointer", "g_once_init_enter_impl", true)
      .Default(false);
}

bool is_once_leave(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("ovsthread_once_done", "g_once_init_leave", "g_once_init_leave_pointer", "g_once_init_leave_impl", true)
      .Default(false);
}

// The flag of a once-enter call that must be true for `condition` to be.
const clang::Expr* once_enter_flag(const clang::Expr* condition, int depth = 0) {
  if (condition == nullptr || depth > 8) return nullptr;
  condition = condition->IgnoreParenImpCasts();
  if (const auto* statement = llvm::dyn_cast<clang::StmtExpr>(condition)) {  // GNU ({ ...; value; })
    const clang::CompoundStmt* body = statement->getSubStmt();
    if (body == nullptr || body->body_empty()) return nullptr;
    return once_enter_flag(llvm::dyn_cast<clang::Expr>(body->body_back()), depth + 1);
  }
  if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(condition)) {
    if (binary->getOpcode() != clang::BO_LAnd) return nullptr;
    if (const clang::Expr* flag = once_enter_flag(binary->getLHS(), depth + 1)) return flag;
    return once_enter_flag(binary->getRHS(), depth + 1);
  }
  const auto* call = llvm::dyn_cast<clang::CallExpr>(condition);
  if (call == nullptr || call->getNumArgs() == 0) return nullptr;
  const clang::FunctionDecl* callee = call->getDirectCallee();
  if (callee == nullptr) return nullptr;
  if (callee->getBuiltinID() == clang::Builtin::BI__builtin_expect) return once_enter_flag(call->getArg(0), depth + 1);
  if (callee->getIdentifier() == nullptr || !is_once_enter(callee->getName())) return nullptr;
  return call->getArg(0);
}

}  // namespace

const clang::Expr* once_region_flag(const clang::IfStmt& branch) {
  if (branch.getConditionVariable() != nullptr) return nullptr;
  return once_enter_flag(branch.getCond());
}

const clang::Expr* once_api_flag(const clang::Stmt& stmt) {
  const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  if (call == nullptr || call->getNumArgs() == 0) return nullptr;
  const clang::FunctionDecl* callee = call->getDirectCallee();
  if (callee == nullptr || callee->getIdentifier() == nullptr) return nullptr;
  const llvm::StringRef name = callee->getName();
  return is_once_enter(name) || is_once_leave(name) ? call->getArg(0) : nullptr;
}

bool is_once_initialised_static(const clang::VarDecl& var) {
  if (!var.isStaticLocal() || var.getTLSKind() != clang::VarDecl::TLS_None || var.isInvalidDecl()) return false;
  const clang::Expr* init = var.getInit();
  if (init == nullptr || init->isValueDependent()) return false;
  // C has only constant initialisers for statics; C++ tells whether Sema found one.
  return var.getASTContext().getLangOpts().CPlusPlus && !var.hasConstantInitialization();
}

}  // namespace hawk::audit
