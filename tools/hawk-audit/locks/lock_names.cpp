#include "locks/lock_names.h"

#include <vector>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/Support/Path.h>

#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// One component of a qualified name, as written without template arguments.
std::string component_name(const clang::Decl& decl) {
  if (const auto* record = llvm::dyn_cast<clang::CXXRecordDecl>(&decl); record != nullptr && record->isLambda())
    return "(lambda)";
  if (const auto* named = llvm::dyn_cast<clang::NamedDecl>(&decl)) {
    if (const auto* tag = llvm::dyn_cast<clang::TagDecl>(named); tag != nullptr && named->getDeclName().isEmpty()) {
      if (const auto* typedef_decl = tag->getTypedefNameForAnonDecl()) return typedef_decl->getNameAsString();
      return "(anonymous)";
    }
    if (llvm::isa<clang::NamespaceDecl>(named) && named->getDeclName().isEmpty()) return "(anonymous namespace)";
    return named->getDeclName().getAsString();
  }
  return {};
}

const clang::Expr* strip(const clang::Expr* expr) {
  for (int depth = 0; expr != nullptr && depth < 64; ++depth) {
    const clang::Expr* next = expr->IgnoreParenImpCasts();
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(next);
        unary != nullptr && (unary->getOpcode() == clang::UO_AddrOf || unary->getOpcode() == clang::UO_Deref)) {
      next = unary->getSubExpr();
    } else if (const auto* cast = llvm::dyn_cast<clang::ExplicitCastExpr>(next)) {
      next = cast->getSubExpr();
    } else if (const auto* temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(next)) {
      next = temporary->getSubExpr();
    } else if (const auto* bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(next)) {
      next = bind->getSubExpr();
    } else if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(next);
               op != nullptr && op->getNumArgs() == 1 &&
               (op->getOperator() == clang::OO_Star || op->getOperator() == clang::OO_Amp)) {
      next = op->getArg(0);  // *smart_pointer names what the pointer is
    } else if (const auto* call = llvm::dyn_cast<clang::CallExpr>(next); call != nullptr && call->getNumArgs() == 1 &&
                                                                          !llvm::isa<clang::CXXOperatorCallExpr>(call)) {
      std::string_view callee = std_function_name(call->getDirectCallee());
      if (callee == "ref" || callee == "cref" || callee == "addressof") next = call->getArg(0);
    } else if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(next);
               construct != nullptr && construct->getNumArgs() == 1 && construct->getConstructor() != nullptr &&
               construct->getConstructor()->isCopyOrMoveConstructor()) {
      next = construct->getArg(0);  // a copied reference_wrapper / pointer wrapper
    }
    if (next == expr) return expr;
    expr = next;
  }
  return expr;
}

const clang::Decl* as_decl_context_decl(const clang::DeclContext* context) {
  return context == nullptr ? nullptr : llvm::dyn_cast<clang::Decl>(context);
}

std::string variable_name(const clang::VarDecl& var, const clang::Decl* enclosing_function) {
  if (var.hasGlobalStorage() && !var.isStaticLocal()) {
    // A file's own (`static` in C, an anonymous namespace): two files may each have
    // one of that name, and they are different locks.
    if (!var.isExternallyVisible()) {
      const clang::SourceManager& sources = var.getASTContext().getSourceManager();
      const llvm::StringRef file = sources.getFilename(sources.getSpellingLoc(var.getLocation()));
      if (!file.empty())
        return qualified_name_without_templates(var) + kFileScopeOpen + llvm::sys::path::filename(file).str() + ")";
    }
    return qualified_name_without_templates(var);
  }
  // Locals (also static locals) belong to the function that declares them, wherever
  // they are used from (a lambda capturing `mu` by reference names the same `mu`).
  const clang::Decl* owner = as_decl_context_decl(var.getParentFunctionOrMethod());
  if (owner == nullptr) owner = enclosing_function;
  std::string name = owner != nullptr ? qualified_name_without_templates(*owner) : std::string();
  if (!name.empty()) name += "::";
  return name + var.getNameAsString();
}

std::optional<std::string> field_name(const clang::ValueDecl& member, const clang::Decl* enclosing_function) {
  if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(&member))
    return qualified_name_without_templates(*field->getParent()) + "::" + field->getNameAsString();
  if (const auto* indirect = llvm::dyn_cast<clang::IndirectFieldDecl>(&member)) {
    if (const clang::FieldDecl* field = indirect->getAnonField())
      return qualified_name_without_templates(*field->getParent()) + "::" + field->getNameAsString();
  }
  if (const auto* var = llvm::dyn_cast<clang::VarDecl>(&member)) return variable_name(*var, enclosing_function);
  return std::nullopt;
}

}  // namespace

std::string qualified_name_without_templates(const clang::Decl& decl) {
  std::vector<std::string> parts;
  parts.push_back(component_name(decl));
  for (const clang::DeclContext* context = decl.getDeclContext(); context != nullptr; context = context->getParent()) {
    if (context->isTranslationUnit() || context->isExternCContext() || llvm::isa<clang::LinkageSpecDecl>(context))
      continue;
    // Inline ABI namespaces (std::__1) are an implementation detail of spelling.
    if (const auto* ns = llvm::dyn_cast<clang::NamespaceDecl>(context); ns != nullptr && ns->isInline()) continue;
    const auto* context_decl = llvm::dyn_cast<clang::Decl>(context);
    if (context_decl == nullptr) continue;
    std::string part = component_name(*context_decl);
    if (!part.empty()) parts.push_back(std::move(part));
  }
  std::string name;
  for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
    if (!name.empty()) name += "::";
    name += *part;
  }
  return name;
}

std::optional<std::string> lock_name_of(const clang::ValueDecl& decl, const clang::Decl* enclosing_function) {
  if (const auto* var = llvm::dyn_cast<clang::VarDecl>(&decl)) return variable_name(*var, enclosing_function);
  return field_name(decl, enclosing_function);
}

std::optional<std::string> lock_name(const clang::Expr& expr, const clang::Decl* enclosing_function) {
  const clang::Expr* stripped = strip(&expr);
  if (stripped == nullptr) return std::nullopt;
  if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(stripped)) {
    if (const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) return variable_name(*var, enclosing_function);
    return std::nullopt;
  }
  if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(stripped))
    return field_name(*member->getMemberDecl(), enclosing_function);
  if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(stripped)) {
    auto base = lock_name(*subscript->getBase(), enclosing_function);
    if (base) *base += "[]";
    return base;
  }
  if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(stripped)) {
    if (op->getOperator() == clang::OO_Subscript && op->getNumArgs() == 2) {
      auto base = lock_name(*op->getArg(0), enclosing_function);
      if (base) *base += "[]";
      return base;
    }
    return std::nullopt;
  }
  if (const auto* call = llvm::dyn_cast<clang::CallExpr>(stripped)) {
    // A function handing out a lock by reference or pointer: the same lock every call.
    const clang::Decl* callee = call->getCalleeDecl();
    if (callee == nullptr || !llvm::isa<clang::FunctionDecl>(callee)) return std::nullopt;
    clang::QualType result = call->getCallReturnType(callee->getASTContext());
    if (!result->isReferenceType() && !result->isPointerType()) return std::nullopt;
    return qualified_name_without_templates(*callee) + "()";
  }
  return std::nullopt;
}

}  // namespace hawk::audit
