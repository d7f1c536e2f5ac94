// The walk over a unit that finds the audited code: every function definition (template
// instantiations, not patterns), skipping system headers whole — their code is not the
// audited code and is most of the unit. Capture and the mutate layer both walk this way.
#pragma once

#include <clang/AST/ASTContext.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>

namespace hawk::audit {

// CRTP: Derived gets visit_definition(FunctionDecl&, method or null) for each definition
// with a body that is analysable (not dependent, defaulted, deleted or implicit). Lambda
// call operators are left out: a Derived finds them from their LambdaExpr.
template <class Derived>
class AuditedFunctionVisitor : public clang::RecursiveASTVisitor<Derived> {
 public:
  explicit AuditedFunctionVisitor(const clang::SourceManager& sources) : sources_(sources) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(clang::Decl* decl) {
    if (decl == nullptr) return true;
    if (!llvm::isa<clang::TranslationUnitDecl>(decl) && in_system_header(decl->getLocation())) return true;
    return clang::RecursiveASTVisitor<Derived>::TraverseDecl(decl);
  }

  bool VisitFunctionDecl(clang::FunctionDecl* function) {
    if (function->isInvalidDecl() || !function->doesThisDeclarationHaveABody() || function->isDependentContext() ||
        function->isDefaulted() || function->isDeleted() || function->isImplicit())
      return true;
    const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(function);
    if (method != nullptr && method->getParent()->isLambda()) return true;  // from its LambdaExpr
    static_cast<Derived*>(this)->visit_definition(*function, method);
    return true;
  }

 private:
  bool in_system_header(clang::SourceLocation location) const {
    return location.isValid() && sources_.isInSystemHeader(sources_.getFileLoc(location));
  }

  const clang::SourceManager& sources_;
};

}  // namespace hawk::audit
