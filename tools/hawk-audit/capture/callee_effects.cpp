#include "capture/callee_effects.h"

#include <vector>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/Basic/SourceManager.h>

#include "capture/access_classifier.h"
#include "capture/local_aliases.h"
#include "capture/stmt_parents.h"
#include "locks/per_ast.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// How deep callee bodies are followed from the access being classified.
constexpr int kMaxCalleeDepth = 4;

// The definition to read, or null when what it does cannot be seen here. A virtual method
// reached through a call may run an override instead; asked about itself (`own`), its
// body is what runs.
const clang::FunctionDecl* visible_body(const clang::FunctionDecl& function, const clang::ASTContext& context,
                                        bool own = false) {
  const clang::FunctionDecl* definition = function.getDefinition();
  if (definition == nullptr || !definition->hasBody() || definition->isDependentContext() || is_in_std(*definition))
    return nullptr;
  if (context.getSourceManager().isInSystemHeader(definition->getLocation())) return nullptr;
  if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(definition);
      !own && method != nullptr && method->isVirtual())
    return nullptr;
  return definition;
}

// Every statement of a body with its parent, for the classifier; and the nodes `keep` picks.
template <class Keep>
std::vector<const clang::Stmt*> walk(const clang::Stmt* body, StmtParents& parents, Keep keep) {
  std::vector<const clang::Stmt*> kept;
  std::vector<std::pair<const clang::Stmt*, const clang::Stmt*>> stack{{body, nullptr}};
  while (!stack.empty()) {
    auto [node, parent] = stack.back();
    stack.pop_back();
    parents.set(node, parent);
    if (keep(*node)) kept.push_back(node);
    for (const clang::Stmt* child : node->children())
      if (child != nullptr) stack.emplace_back(child, node);
  }
  return kept;
}

bool modifies(const std::optional<AccessUse>& use) { return use && is_write(use->kind); }

// The references that stand for `parameter` in `definition`'s body: its own, but for one
// that initialises a local copy of it, and those of such copies (capture/local_aliases.h).
std::vector<const clang::Stmt*> parameter_uses(const clang::FunctionDecl& definition,
                                               const clang::ParmVarDecl& parameter, StmtParents& parents) {
  const std::vector<const clang::Stmt*> references = walk(
      definition.getBody(), parents, [](const clang::Stmt& node) { return llvm::isa<clang::DeclRefExpr>(node); });
  const LocalAliases aliases(definition, parents);
  std::vector<const clang::Stmt*> uses;
  for (const clang::Stmt* node : references) {
    const auto* ref = llvm::cast<clang::DeclRefExpr>(node);
    if (ref->getDecl() == &parameter ? !aliases.makes_parameter_copy(*ref) : aliases.parameter_of(*ref) == &parameter)
      uses.push_back(ref);
  }
  return uses;
}

// Up from `expr` through casts and parentheses.
const clang::Expr* through_casts(const clang::Expr* expr, const StmtParents& parents) {
  for (int depth = 0; depth < 16; ++depth) {
    const clang::Stmt* parent = parents.parent(expr);
    if (!llvm::isa_and_nonnull<clang::ImplicitCastExpr, clang::ParenExpr>(parent)) return expr;
    expr = llvm::cast<clang::Expr>(parent);
  }
  return expr;
}

// `use` names a field of what it designates (`p->f`, `r.f`): capture records what is done
// to the field as an access through the parameter (Access::through_parameter).
bool reaches_field(const clang::Expr& use, const StmtParents& parents) {
  const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(parents.parent(through_casts(&use, parents)));
  return member != nullptr && llvm::isa<clang::FieldDecl>(member->getMemberDecl());
}

// A use of a pointer (`p`, or `this`) modifies what it points to: through `*p`, `p->f`,
// `p[i]`, `p->method()`, or by letting the pointer go where it cannot be followed.
// Modes other than Writes: what is done to its fields (`p->f = 1`) does not count; with
// Uses, a read of the pointee counts as a modification does.
bool modifies_pointee(const clang::Expr& use, const StmtParents& parents, ParameterUse mode = ParameterUse::Writes) {
  const clang::Expr* pointer = through_casts(&use, parents);
  const clang::Stmt* parent = parents.parent(pointer);
  if (parent == nullptr) return false;
  if (mode != ParameterUse::Writes && reaches_field(use, parents)) return false;
  const auto modifies = [mode](const std::optional<AccessUse>& access) {
    return mode == ParameterUse::UsesBeyondFields ? access.has_value() : hawk::audit::modifies(access);
  };
  if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(parent); unary && unary->getOpcode() == clang::UO_Deref) {
    const std::optional<AccessUse> access = classify_access(*unary, parents);
    // `*p` read or written on the spot: the callee records it as an access through the
    // parameter (function_capture's parameter objects), as it does its fields.
    if (mode != ParameterUse::Writes && access && recorded_in_callee(*unary, parents)) return false;
    return modifies(access);
  }
  if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(parent); member && member->isArrow()) {
    // A reference member designates another object: using it reads the member only.
    if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
        field != nullptr && field->getType()->isReferenceType())
      return false;
    // A field or a method of the object, classified as any access to it.
    return modifies(classify_access(*member->getBase(), parents));
  }
  if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(parent); subscript && subscript->getBase() == pointer)
    return modifies(classify_access(*subscript, parents));
  if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(parent);
      binary && (binary->isComparisonOp() || binary->isLogicalOp()))
    return false;  // p == nullptr, p && ...
  if (llvm::isa<clang::IfStmt, clang::WhileStmt, clang::ForStmt, clang::DoStmt>(parent)) return false;  // if (p)
  if (const auto* conditional = llvm::dyn_cast<clang::ConditionalOperator>(parent);
      conditional && conditional->getCond() == pointer)
    return false;  // p ? a : b
  if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(parent); unary && unary->getOpcode() == clang::UO_LNot)
    return false;
  // Handed on to a call: what that parameter does.
  if (const auto* call = llvm::dyn_cast<clang::CallExpr>(parent)) {
    const clang::FunctionDecl* callee = call->getDirectCallee();
    for (unsigned i = 0; callee != nullptr && i < call->getNumArgs(); ++i) {
      if (call->getArg(i) != pointer) continue;
      unsigned index = i;
      if (llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa<clang::CXXMethodDecl>(callee)) {
        if (i == 0) return true;
        index = i - 1;
      }
      if (index >= callee->getNumParams()) return true;
      clang::QualType type = callee->getParamDecl(index)->getType();
      if (mode == ParameterUse::Writes && type->isPointerType() && type->getPointeeType().isConstQualified())
        return false;
      return CalleeEffects::of(callee->getASTContext()).parameter_use(*callee, index, mode);
    }
    return true;
  }
  return true;  // stored, returned, converted: it goes where it cannot be followed
}

}  // namespace

CalleeEffects& CalleeEffects::of(clang::ASTContext& context) { return per_ast<CalleeEffects>(context); }

bool CalleeEffects::writes_object(const clang::CXXMethodDecl& method) {
  if (method.isStatic()) return false;
  const auto* definition = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(visible_body(method, context_));
  if (definition == nullptr || depth_ >= kMaxCalleeDepth) return true;
  auto [it, inserted] = objects_.try_emplace(definition->getCanonicalDecl(), State::InProgress);
  if (!inserted) return it->second != State::Reads;  // in progress: a cycle, assume it writes
  ++depth_;
  StmtParents parents;
  const std::vector<const clang::Stmt*> uses = walk(definition->getBody(), parents, [](const clang::Stmt& node) {
    return llvm::isa<clang::CXXThisExpr>(node);
  });
  bool writes = false;
  for (const clang::Stmt* use : uses) {
    if (modifies_pointee(*llvm::cast<clang::Expr>(use), parents)) {
      writes = true;
      break;
    }
  }
  --depth_;
  objects_[definition->getCanonicalDecl()] = writes ? State::Writes : State::Reads;
  return writes;
}

bool CalleeEffects::lets_this_escape(const clang::CXXMethodDecl& method, bool own) {
  // A compiler-written or defaulted member (copy and move assignment, ...) copies fields.
  if (method.isStatic() || method.isImplicit() || method.isDefaulted()) return false;
  const auto* definition = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(visible_body(method, context_, own));
  if (definition == nullptr || depth_ >= kMaxCalleeDepth) return true;
  auto [it, inserted] = escapes_.try_emplace(definition->getCanonicalDecl(), State::InProgress);
  if (!inserted) return it->second == State::Writes;  // a cycle adds nothing new
  ++depth_;
  StmtParents parents;
  const std::vector<const clang::Stmt*> uses = walk(definition->getBody(), parents, [](const clang::Stmt& node) {
    return llvm::isa<clang::CXXThisExpr>(node);
  });
  bool escapes = false;
  for (const clang::Stmt* use : uses) {
    const clang::Expr* self = through_casts(llvm::cast<clang::Expr>(use), parents);
    const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(parents.parent(self));
    if (member == nullptr) {
      escapes = true;  // stored, passed, returned, captured by a lambda, dereferenced whole
      break;
    }
    if (const auto* called = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl());
        called != nullptr && lets_this_escape(*called)) {
      escapes = true;
      break;
    }
  }
  --depth_;
  escapes_[definition->getCanonicalDecl()] = escapes ? State::Writes : State::Reads;
  return escapes;
}

bool CalleeEffects::calls_parameter(const clang::FunctionDecl& function, unsigned index) {
  const clang::FunctionDecl* definition = visible_body(function, context_);
  if (definition == nullptr || index >= definition->getNumParams() || depth_ >= kMaxCalleeDepth) return false;
  const clang::ParmVarDecl* parameter = definition->getParamDecl(index);
  auto [it, inserted] = calls_.try_emplace(parameter, State::InProgress);
  if (!inserted) return it->second == State::Writes;
  ++depth_;
  StmtParents parents;
  const std::vector<const clang::Stmt*> uses = parameter_uses(*definition, *parameter, parents);
  bool calls = false;
  for (const clang::Stmt* use : uses) {
    const clang::Expr* held = through_casts(llvm::cast<clang::Expr>(use), parents);
    const clang::Stmt* parent = parents.parent(held);
    if (const auto* deref = llvm::dyn_cast_or_null<clang::UnaryOperator>(parent);
        deref != nullptr && deref->getOpcode() == clang::UO_Deref) {
      held = through_casts(deref, parents);  // (*fn)(..)
      parent = parents.parent(held);
    }
    if (const auto* binary = llvm::dyn_cast_or_null<clang::BinaryOperator>(parent);
        binary != nullptr && binary->isPtrMemOp() && binary->getRHS() == held) {
      held = through_casts(binary, parents);  // (obj.*fn)(..), (p->*fn)(..)
      parent = parents.parent(held);
    }
    const auto* call = llvm::dyn_cast_or_null<clang::CallExpr>(parent);
    if (call == nullptr) continue;
    if (call->getCallee() == held) {
      calls = true;
      break;
    }
    // Handed on to a callee that calls it (std::invoke and the like are not seen: std).
    const clang::FunctionDecl* next = call->getDirectCallee();
    for (unsigned i = 0; next != nullptr && i < call->getNumArgs(); ++i)
      if (call->getArg(i) == held && i < next->getNumParams() && calls_parameter(*next, i)) calls = true;
    if (calls) break;
  }
  --depth_;
  calls_[parameter] = calls ? State::Writes : State::Reads;
  return calls;
}

bool CalleeEffects::parameter_escapes(const clang::FunctionDecl& function, unsigned index, bool own) {
  const clang::FunctionDecl* definition = visible_body(function, context_, own);
  if (definition == nullptr || index >= definition->getNumParams() || depth_ >= kMaxCalleeDepth) return true;
  const clang::ParmVarDecl* parameter = definition->getParamDecl(index);
  auto [it, inserted] = parameter_escapes_.try_emplace(parameter, State::InProgress);
  if (!inserted) return it->second == State::Writes;
  ++depth_;
  const bool escapes = escapes_in(*definition, *parameter, /*follow_calls=*/true);
  --depth_;
  parameter_escapes_[parameter] = escapes ? State::Writes : State::Reads;
  return escapes;
}

bool CalleeEffects::parameter_escapes_here(const clang::FunctionDecl& function, unsigned index) {
  const clang::FunctionDecl* definition = visible_body(function, context_, /*own=*/true);
  if (definition == nullptr || index >= definition->getNumParams()) return true;
  return escapes_in(*definition, *definition->getParamDecl(index), /*follow_calls=*/false);
}

bool CalleeEffects::escapes_in(const clang::FunctionDecl& definition, const clang::ParmVarDecl& parameter,
                               bool follow_calls) {
  const clang::QualType type = parameter.getType();
  if (!type->isReferenceType() && !type->isPointerType()) return false;  // a copy
  StmtParents parents;
  const std::vector<const clang::Stmt*> uses = parameter_uses(definition, parameter, parents);
  for (const clang::Stmt* use : uses) {
    const clang::Expr* held = through_casts(llvm::cast<clang::Expr>(use), parents);
    const clang::Stmt* parent = parents.parent(held);
    if (const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(parent)) {
      // A field of it, or a method of it that keeps its object to itself.
      const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl());
      if (method != nullptr && lets_this_escape(*method)) return true;
      continue;
    }
    if (const auto* binary = llvm::dyn_cast_or_null<clang::BinaryOperator>(parent);
        binary != nullptr && (binary->isComparisonOp() || binary->isLogicalOp()))
      continue;
    if (llvm::isa_and_nonnull<clang::IfStmt, clang::WhileStmt, clang::ForStmt, clang::DoStmt>(parent)) continue;
    if (const auto* unary = llvm::dyn_cast_or_null<clang::UnaryOperator>(parent)) {
      if (unary->getOpcode() == clang::UO_LNot) continue;
      if (unary->getOpcode() == clang::UO_Deref &&
          llvm::isa_and_nonnull<clang::MemberExpr, clang::ImplicitCastExpr>(parents.parent(through_casts(unary, parents))))
        continue;  // (*p).x, a read of *p
      return true;
    }
    if (const auto* call = llvm::dyn_cast_or_null<clang::CallExpr>(parent)) {
      const clang::FunctionDecl* next = call->getDirectCallee();
      // `p.op(..)` written as an operator: a method of it.
      const bool member_operator = llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa_and_nonnull<clang::CXXMethodDecl>(next);
      if (member_operator && call->getArg(0) == held) {
        if (lets_this_escape(*llvm::cast<clang::CXXMethodDecl>(next))) return true;
        continue;
      }
      const unsigned skip = member_operator ? 1 : 0;
      bool passed = false;
      for (unsigned i = skip; i < call->getNumArgs(); ++i) {
        if (call->getArg(i) != held) continue;
        passed = true;
        const unsigned index = i - skip;
        if (next == nullptr || index >= next->getNumParams()) return true;
        const clang::QualType to = next->getParamDecl(index)->getType();
        if (!to->isReferenceType() && !to->isPointerType() && !type->isPointerType()) continue;  // a copy
        // Not followed here: a body seen, or a virtual method (the link step has the overrides).
        const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(next);
        const bool followed_later = visible_body(*next, context_, /*own=*/true) != nullptr ||
                                    (method != nullptr && method->isVirtual());
        if (follow_calls ? parameter_escapes(*next, index) : !followed_later) return true;
      }
      if (!passed) return true;  // called through: not an object
      continue;
    }
    return true;  // stored, returned, captured, its address taken
  }
  return false;
}

bool CalleeEffects::writes_parameter(const clang::FunctionDecl& function, unsigned index) {
  return parameter_use(function, index, ParameterUse::Writes);
}

bool CalleeEffects::parameter_use(const clang::FunctionDecl& function, unsigned index, ParameterUse mode) {
  const clang::FunctionDecl* definition = visible_body(function, context_);
  if (definition == nullptr || index >= definition->getNumParams() || depth_ >= kMaxCalleeDepth) return true;
  const clang::ParmVarDecl* parameter = definition->getParamDecl(index);
  const clang::QualType type = parameter->getType();
  const bool pointer = type->isPointerType();
  if (!pointer && !type->isReferenceType()) return false;  // a copy: the caller's object is untouched
  auto& states = parameters_[static_cast<int>(mode)];
  auto [it, inserted] = states.try_emplace(parameter, State::InProgress);
  if (!inserted) return it->second != State::Reads;
  ++depth_;
  StmtParents parents;
  const std::vector<const clang::Stmt*> uses = parameter_uses(*definition, *parameter, parents);
  bool writes = false;
  for (const clang::Stmt* use : uses) {
    const auto& ref = *llvm::cast<clang::Expr>(use);
    // A reference designates the object itself; a pointer is read to reach it.
    if (mode != ParameterUse::Writes && !pointer && reaches_field(ref, parents)) continue;
    const std::optional<AccessUse> access = pointer ? std::nullopt : classify_access(ref, parents);
    // A reference read or written on the spot: recorded by the callee (as `*p` above).
    const bool recorded_here = access && recorded_in_callee(ref, parents);
    const bool counts = pointer                                   ? modifies_pointee(ref, parents, mode)
                        : mode != ParameterUse::Writes && recorded_here ? false
                        : mode == ParameterUse::UsesBeyondFields        ? access.has_value()
                                                                        : modifies(access);
    if (counts) {
      writes = true;
      break;
    }
  }
  --depth_;
  states[parameter] = writes ? State::Writes : State::Reads;
  return writes;
}

bool recorded_in_callee(const clang::Expr& use, const StmtParents& parents) {
  return use.getType().getNonReferenceType()->isScalarType() && !handed_on_by_reference(use, parents);
}

bool handed_on_by_reference(const clang::Expr& use, const StmtParents& parents) {
  const clang::Expr* argument = through_casts(&use, parents);
  const clang::Stmt* parent = parents.parent(argument);
  while (llvm::isa_and_nonnull<clang::MaterializeTemporaryExpr, clang::CXXBindTemporaryExpr>(parent)) {
    argument = llvm::cast<clang::Expr>(parent);
    parent = parents.parent(argument);
  }
  const clang::FunctionDecl* callee = nullptr;
  llvm::ArrayRef<const clang::Expr*> arguments;
  unsigned skip = 0;
  if (const auto* call = llvm::dyn_cast_or_null<clang::CallExpr>(parent)) {
    if (call->getCallee() == argument) return false;
    callee = call->getDirectCallee();
    arguments = llvm::ArrayRef(call->getArgs(), call->getNumArgs());
    if (llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa_and_nonnull<clang::CXXMethodDecl>(callee)) skip = 1;
  } else if (const auto* construct = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(parent)) {
    callee = construct->getConstructor();
    arguments = llvm::ArrayRef(construct->getArgs(), construct->getNumArgs());
  } else {
    return false;
  }
  for (unsigned i = 0; i < arguments.size(); ++i) {
    if (arguments[i] != argument) continue;
    if (i < skip) return false;  // the object of a member operator: used on the spot
    if (callee == nullptr || i - skip >= callee->getNumParams()) return true;
    const clang::QualType type = callee->getParamDecl(i - skip)->getType();
    return type->isReferenceType() || type->isPointerType();
  }
  return false;
}

}  // namespace hawk::audit
