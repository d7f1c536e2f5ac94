#include "capture/once_calls.h"

#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>

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

bool is_once_initialised_static(const clang::VarDecl& var) {
  if (!var.isStaticLocal() || var.getTLSKind() != clang::VarDecl::TLS_None || var.isInvalidDecl()) return false;
  const clang::Expr* init = var.getInit();
  if (init == nullptr || init->isValueDependent()) return false;
  // C has only constant initialisers for statics; C++ tells whether Sema found one.
  return var.getASTContext().getLangOpts().CPlusPlus && !var.hasConstantInitialization();
}

}  // namespace hawk::audit
