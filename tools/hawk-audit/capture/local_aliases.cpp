#include "capture/local_aliases.h"

#include <vector>

#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>

namespace hawk::audit {

namespace {

// What `value` takes the address of: `x` in `&x`, `arr` in a decayed `arr`; else null.
const clang::Expr* addressed_object(const clang::Expr& value) {
  const clang::Expr* e = value.IgnoreParens();
  while (const auto* cast = llvm::dyn_cast<clang::CastExpr>(e)) {
    if (cast->getCastKind() == clang::CK_ArrayToPointerDecay) return cast->getSubExpr()->IgnoreParens();
    if (cast->getCastKind() != clang::CK_NoOp && cast->getCastKind() != clang::CK_BitCast) return nullptr;
    e = cast->getSubExpr()->IgnoreParens();
  }
  if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(e); unary != nullptr && unary->getOpcode() == clang::UO_AddrOf)
    return unary->getSubExpr()->IgnoreParens();
  return nullptr;
}

// The parameter `value` is, through casts that keep the pointer and the right side of a
// comma (`(check, (T *) p)`, as a type-checked cast macro expands); else null.
const clang::DeclRefExpr* copied_parameter(const clang::Expr& value) {
  const clang::Expr* e = &value;
  for (int depth = 0; depth < 8; ++depth) {
    e = e->IgnoreParens();
    if (const auto* comma = llvm::dyn_cast<clang::BinaryOperator>(e); comma != nullptr && comma->getOpcode() == clang::BO_Comma) {
      e = comma->getRHS();
      continue;
    }
    if (const auto* cast = llvm::dyn_cast<clang::CastExpr>(e)) {
      const clang::CastKind kind = cast->getCastKind();
      if (kind != clang::CK_NoOp && kind != clang::CK_BitCast && kind != clang::CK_LValueToRValue) return nullptr;
      e = cast->getSubExpr();
      continue;
    }
    break;
  }
  const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e);
  const auto* parameter = ref == nullptr ? nullptr : llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl());
  return parameter != nullptr && parameter->getType()->isPointerType() ? ref : nullptr;
}

// The object named without any call or pointer read on the way (`g`, `g.part`,
// `g.items[i]`, `this->field_`): the same object wherever the pointer is used.
bool names_fixed_object(const clang::Expr& object) {
  const clang::Expr* e = &object;
  for (int depth = 0; depth < 16; ++depth) {
    e = e->IgnoreParenImpCasts();
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      return var != nullptr && !var->getType()->isReferenceType();
    }
    if (llvm::isa<clang::CXXThisExpr>(e)) return true;
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(e)) {
      if (!llvm::isa<clang::FieldDecl>(member->getMemberDecl()) || member->getMemberDecl()->getType()->isReferenceType())
        return false;
      if (member->isArrow() && !llvm::isa<clang::CXXThisExpr>(member->getBase()->IgnoreParenImpCasts())) return false;
      e = member->getBase();
      continue;
    }
    if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(e)) {
      const auto* decay = llvm::dyn_cast<clang::ImplicitCastExpr>(subscript->getBase()->IgnoreParens());
      if (decay == nullptr || decay->getCastKind() != clang::CK_ArrayToPointerDecay) return false;
      e = decay->getSubExpr();
      continue;
    }
    return false;
  }
  return false;
}

}  // namespace

LocalAliases::LocalAliases(const clang::FunctionDecl& function, const StmtParents& parents) {
  if (function.getBody() == nullptr) return;
  std::map<const clang::VarDecl*, std::vector<const clang::Expr*>> assigned;  // each value given
  std::set<const clang::VarDecl*> excluded;
  std::vector<const clang::Stmt*> stack{function.getBody()};
  while (!stack.empty()) {
    const clang::Stmt* stmt = stack.back();
    stack.pop_back();
    if (stmt == nullptr) continue;
    if (const auto* decl = llvm::dyn_cast<clang::DeclStmt>(stmt)) {
      for (const clang::Decl* d : decl->decls())
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(d); var != nullptr && var->getInit() != nullptr)
          assigned[var].push_back(var->getInit());
    }
    if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(stmt)) {
      for (const clang::LambdaCapture& capture : lambda->captures())
        if (capture.capturesVariable() && capture.getCaptureKind() == clang::LCK_ByRef)
          if (const auto* var = llvm::dyn_cast<clang::VarDecl>(capture.getCapturedVar())) excluded.insert(var);
      continue;  // its body is a function of its own
    }
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(stmt)) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (var != nullptr && var->getType()->isPointerType()) {
        // Any use but reading its value modifies the pointer or lets it be modified.
        const clang::Stmt* parent = parents.parent(ref);
        while (llvm::isa_and_nonnull<clang::ParenExpr>(parent)) parent = parents.parent(parent);
        const auto* cast = llvm::dyn_cast_or_null<clang::ImplicitCastExpr>(parent);
        const auto* binary = llvm::dyn_cast_or_null<clang::BinaryOperator>(parent);
        if (binary != nullptr && binary->getOpcode() == clang::BO_Assign && binary->getLHS()->IgnoreParens() == ref)
          assigned[var].push_back(binary->getRHS());
        else if (cast == nullptr || cast->getCastKind() != clang::CK_LValueToRValue)
          excluded.insert(var);
      }
    }
    for (const clang::Stmt* child : stmt->children()) stack.push_back(child);
  }
  for (const auto& [var, values] : assigned) {
    if (values.size() != 1 || excluded.count(var) || !var->hasLocalStorage() || llvm::isa<clang::ParmVarDecl>(var) ||
        var->getParentFunctionOrMethod() != &function || !var->getType()->isPointerType())
      continue;
    if (const clang::DeclRefExpr* source = values.front() == var->getInit() ? copied_parameter(*values.front()) : nullptr) {
      const auto* parameter = llvm::cast<clang::ParmVarDecl>(source->getDecl());
      if (parameter->getParentFunctionOrMethod() == &function && !assigned.count(parameter) &&
          !excluded.count(parameter)) {
        parameter_copies_.emplace(var, parameter);
        copy_sources_.insert(source);
      }
      continue;
    }
    const clang::Expr* object = addressed_object(*values.front());
    if (object == nullptr || !names_fixed_object(*object)) continue;
    aliases_.emplace(var, object);
    targets_.insert(object);
  }
}

const clang::Expr* LocalAliases::target_of(const clang::Expr& pointer) const {
  const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(pointer.IgnoreParenImpCasts());
  const auto* var = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
  auto it = var == nullptr ? aliases_.end() : aliases_.find(var);
  return it == aliases_.end() ? nullptr : it->second;
}

const clang::ParmVarDecl* LocalAliases::parameter_of(const clang::Expr& pointer) const {
  const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(pointer.IgnoreParenImpCasts());
  const auto* var = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
  auto it = var == nullptr ? parameter_copies_.end() : parameter_copies_.find(var);
  return it == parameter_copies_.end() ? nullptr : it->second;
}

}  // namespace hawk::audit
