#include "capture/return_escapes.h"

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>

#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// Member functions that hand out an iterator or pointer into the object.
bool yields_handle(llvm::StringRef name) {
  return name == "begin" || name == "end" || name == "cbegin" || name == "cend" || name == "rbegin" ||
         name == "rend" || name == "crbegin" || name == "crend" || name == "find" || name == "lower_bound" ||
         name == "upper_bound" || name == "equal_range" || name == "data" || name == "c_str";
}

// Member functions that return a reference to a part of the object.
bool yields_reference(llvm::StringRef name) {
  return name == "at" || name == "front" || name == "back" || name == "value" || name == "top";
}

}  // namespace

bool escapes_by_return(const clang::Expr& top, const StmtParents& parents, const clang::FunctionDecl& function) {
  const clang::Stmt* node = &top;
  bool handle_value = false;  // an iterator, pointer or reference_wrapper into the location
  for (int depth = 0; depth < 32; ++depth) {
    const clang::Stmt* parent = parents.parent(node);
    if (parent == nullptr) return false;
    if (llvm::isa<clang::ReturnStmt>(parent)) {
      clang::QualType type = function.getReturnType();
      if (type->isReferenceType() || type->isPointerType()) return true;
      return handle_value && type->isRecordType();  // an iterator / reference_wrapper by value
    }
    if (llvm::isa<clang::ParenExpr, clang::ExprWithCleanups, clang::MaterializeTemporaryExpr, clang::CXXBindTemporaryExpr>(
            parent)) {
      node = parent;
      continue;
    }
    if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent)) {
      auto kind = cast->getCastKind();
      bool keeps = kind == clang::CK_NoOp || kind == clang::CK_DerivedToBase || kind == clang::CK_UncheckedDerivedToBase ||
                   kind == clang::CK_ArrayToPointerDecay || (handle_value && kind == clang::CK_LValueToRValue) ||
                   (kind == clang::CK_ConstructorConversion && handle_value);
      if (!keeps) return false;
      node = parent;
      continue;
    }
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(parent)) {
      if (unary->getOpcode() != clang::UO_AddrOf) return false;
      node = parent;
      continue;
    }
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(parent)) {
      // Copying an iterator (or converting iterator -> const_iterator) keeps it pointing in.
      if (!handle_value || construct->getNumArgs() != 1) return false;
      node = parent;
      continue;
    }
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(parent)) {
      const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl());
      const auto* call = llvm::dyn_cast_or_null<clang::CXXMemberCallExpr>(parents.parent(member));
      if (method == nullptr || call == nullptr || method->getIdentifier() == nullptr || handle_value) return false;
      if (yields_handle(method->getName())) handle_value = true;
      else if (!yields_reference(method->getName()) || !call->isGLValue()) return false;
      node = call;
      continue;
    }
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(parent)) {
      // x_[i] by reference (a map's or a vector's element).
      if (op->getOperator() != clang::OO_Subscript || op->getArg(0) != node || !op->isGLValue() || handle_value)
        return false;
      node = parent;
      continue;
    }
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(parent)) {
      std::string_view name = std_function_name(call->getDirectCallee());
      if (name != "ref" && name != "cref" && name != "addressof") return false;
      handle_value = handle_value || name != "addressof";
      node = parent;
      continue;
    }
    if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(parent)) {
      if (subscript->getBase() != node || handle_value) return false;  // arr_[i]: an element of it
      node = parent;
      continue;
    }
    return false;
  }
  return false;
}

}  // namespace hawk::audit
