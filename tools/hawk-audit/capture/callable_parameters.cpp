#include "capture/callable_parameters.h"

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>

#include "locks/std_names.h"

namespace hawk::audit {

namespace {

// How far through casts and copies an expression is followed.
constexpr int kMaxPeel = 8;

}  // namespace

bool is_callable_type(clang::QualType type) {
  type = type.getNonReferenceType();
  if (type->isFunctionPointerType() || type->isMemberFunctionPointerType() || std_class_name(type) == "function")
    return true;
  const clang::CXXRecordDecl* record = type->getAsCXXRecordDecl();
  return record != nullptr && record->isLambda();
}

const clang::ParmVarDecl* own_parameter_through_copies(const clang::Expr& expr, const clang::FunctionDecl& function) {
  const clang::Expr* e = &expr;
  for (int depth = 0; depth < kMaxPeel; ++depth) {
    e = e->IgnoreImplicit()->IgnoreParenCasts();
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(e);
        construct != nullptr && construct->getNumArgs() == 1) {
      e = construct->getArg(0);  // a copy or a conversion (`std::function<void()>(fn)`)
      continue;
    }
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(e); call != nullptr && call->getNumArgs() == 1) {
      const std::string_view name = std_function_name(call->getDirectCallee());
      if (name == "move" || name == "forward") {
        e = call->getArg(0);
        continue;
      }
    }
    break;
  }
  const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e);
  const auto* parameter = ref == nullptr ? nullptr : llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl());
  return parameter != nullptr && parameter->getParentFunctionOrMethod() == &function ? parameter : nullptr;
}

}  // namespace hawk::audit
