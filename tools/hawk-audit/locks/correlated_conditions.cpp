#include "locks/correlated_conditions.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/ParentMap.h>
#include <clang/AST/Stmt.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Analysis/CFG.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/ADT/FoldingSet.h>

#include "locks/lock_operations.h"
#include "locks/lock_types.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// How deep calls are followed to see what they write; deeper, a call may write anything.
constexpr int kMaxCallDepth = 4;

// What a piece of code may write, as far as conditions care.
struct Writes {
  bool anything = false;                   // through a pointer or reference, or code not seen
  std::set<const clang::VarDecl*> vars;    // variables written by name
  std::set<const clang::FieldDecl*> fields;  // fields written, of whatever object

  void add(const Writes& other) {
    anything = anything || other.anything;
    vars.insert(other.vars.begin(), other.vars.end());
    fields.insert(other.fields.begin(), other.fields.end());
  }
  static Writes everything() {
    Writes writes;
    writes.anything = true;
    return writes;
  }
};

struct Condition {
  llvm::FoldingSetNodeID profile;
  std::set<const clang::VarDecl*> vars;      // a write to one of these changes it
  std::set<const clang::FieldDecl*> fields;  // likewise, through any object
  bool memory = false;  // reads memory that writes through pointers, and calls, may change

  bool changed_by(const Writes& writes) const {
    if (writes.anything && memory) return true;
    for (const clang::VarDecl* var : writes.vars)
      if (vars.count(var) != 0) return true;
    for (const clang::FieldDecl* field : writes.fields)
      if (fields.count(field) != 0) return true;
    return false;
  }
};

bool is_unchangeable_by_others(clang::QualType type) {
  return !type.isVolatileQualified() && !type->isAtomicType();
}

bool is_zero_constant(const clang::Expr* expr, clang::ASTContext& context) {
  if (expr == nullptr || expr->isValueDependent() || expr->isTypeDependent()) return false;
  if (expr->isNullPointerConstant(context, clang::Expr::NPC_ValueDependentIsNotNull) != clang::Expr::NPCK_NotNull)
    return true;
  clang::Expr::EvalResult result;
  return expr->EvaluateAsInt(result, context) && result.Val.getInt().isZero();
}

// Locals of `body` whose address is taken, or that are bound to a reference or captured
// by reference: something else may write them.
class EscapeFinder {
 public:
  explicit EscapeFinder(const clang::Stmt* body) : parents_(const_cast<clang::Stmt*>(body)) { visit(body); }
  std::unordered_set<const clang::VarDecl*> escaped;

 private:
  void visit(const clang::Stmt* stmt) {
    if (stmt == nullptr) return;
    if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(stmt)) {
      for (const clang::LambdaCapture& capture : lambda->captures())
        if (capture.capturesVariable() && capture.getCaptureKind() == clang::LCK_ByRef)
          if (const auto* var = llvm::dyn_cast<clang::VarDecl>(capture.getCapturedVar())) escaped.insert(var);
      for (const clang::Expr* init : lambda->capture_inits()) visit(init);
      return;  // its body is a function of its own; by-copy captures are copies
    }
    if (const auto* block = llvm::dyn_cast<clang::BlockExpr>(stmt)) {
      for (const clang::BlockDecl::Capture& capture : block->getBlockDecl()->captures())
        if (capture.isByRef()) escaped.insert(capture.getVariable());
      return;
    }
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(stmt)) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (var != nullptr && var->hasLocalStorage() && escapes(ref)) escaped.insert(var);
    }
    if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(stmt))
      for (const clang::Decl* decl : declaration->decls())
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(decl); var != nullptr && var->hasAttr<clang::BlocksAttr>())
          escaped.insert(var);  // __block
    for (const clang::Stmt* child : stmt->children()) visit(child);
  }

  // Whether the use `ref` of a local may let something else write it: anything but a
  // read of its value, a write to it, or a member of it used so.
  bool escapes(const clang::DeclRefExpr* ref) {
    const clang::Stmt* current = ref;
    for (int depth = 0; depth < 64; ++depth) {
      const clang::Stmt* parent = parents_.getParent(const_cast<clang::Stmt*>(current));
      if (parent == nullptr) return false;  // a discarded expression
      if (llvm::isa<clang::ParenExpr>(parent)) {
        current = parent;
        continue;
      }
      if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent)) {
        if (cast->getCastKind() == clang::CK_LValueToRValue) return false;
        return true;
      }
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(parent)) {
        if (member->isArrow() || member->getBase()->IgnoreParens() != current) return true;
        current = parent;
        continue;
      }
      if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(parent)) {
        if (binary->isAssignmentOp() && binary->getLHS()->IgnoreParens() == current) return false;
        if (binary->getOpcode() == clang::BO_Comma && binary->getLHS()->IgnoreParens() == current) return false;
        return true;
      }
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(parent))
        return !unary->isIncrementDecrementOp();
      if (llvm::isa<clang::UnaryExprOrTypeTraitExpr>(parent)) return false;  // sizeof: not evaluated
      return true;
    }
    return true;
  }

  clang::ParentMap parents_;
};

}  // namespace

struct CorrelatedConditions::Impl {
  const clang::Decl& function;
  clang::ASTContext& context;
  std::unordered_set<const clang::VarDecl*> escaped;
  std::vector<Condition> conditions;
  std::unordered_map<const clang::CFGElement*, std::vector<unsigned>> changes;
  // What each function's body may write (by canonical declaration), and those in progress.
  std::unordered_map<const clang::FunctionDecl*, Writes> function_writes_done;
  std::unordered_set<const clang::FunctionDecl*> in_progress;

  Impl(const clang::Decl& function_decl, clang::ASTContext& ast_context)
      : function(function_decl), context(ast_context) {
    if (const clang::Stmt* body = function.getBody()) escaped = EscapeFinder(body).escaped;
  }

  bool in_library(const clang::Decl& decl) const {
    return is_in_std(decl) || context.getSourceManager().isInSystemHeader(decl.getLocation());
  }

  // ---- Conditions ----

  // A variable read by a condition, by name.
  bool collect_variable(const clang::VarDecl& var, Condition& condition, bool& private_root) const {
    clang::QualType type = var.getType();
    if (!is_unchangeable_by_others(type.getNonReferenceType())) return false;
    if (type->isReferenceType()) {
      // The object a reference denotes is memory; the binding itself never changes.
      if (!type.getNonReferenceType()->isRecordType()) return false;
      condition.memory = true;
      private_root = false;
      return true;
    }
    condition.vars.insert(&var);
    // Its own local whose address never escapes, or a const that nothing may write.
    private_root = (var.hasLocalStorage() && escaped.count(&var) == 0) || type.isConstQualified();
    if (!private_root) condition.memory = true;
    return true;
  }

  // An lvalue read by a condition (a scalar) or holding what it reads (a record).
  bool collect_lvalue(const clang::Expr* expr, Condition& condition, bool& private_root, int depth) const {
    if (expr == nullptr || depth > 32) return false;
    expr = expr->IgnoreParens();
    if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(expr); cast != nullptr && cast->getCastKind() == clang::CK_NoOp)
      return collect_lvalue(cast->getSubExpr(), condition, private_root, depth + 1);
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
      if (ref->refersToEnclosingVariableOrCapture()) return false;
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      return var != nullptr && collect_variable(*var, condition, private_root);
    }
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(expr)) {
      if (const auto* var = llvm::dyn_cast<clang::VarDecl>(member->getMemberDecl()))  // a static member
        return collect_variable(*var, condition, private_root);
      const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
      if (field == nullptr || field->getType()->isReferenceType() || !is_unchangeable_by_others(field->getType()) ||
          field->getParent()->isUnion())
        return false;
      if (member->isArrow()) {
        if (!collect_value(member->getBase(), condition, depth + 1)) return false;
        private_root = false;
      } else if (!collect_lvalue(member->getBase(), condition, private_root, depth + 1)) {
        return false;
      }
      // A member of a private local changes only by writes naming that local; a const
      // member never changes once constructed.
      if (!private_root && !field->getType().isConstQualified()) {
        condition.fields.insert(field);
        condition.memory = true;
      }
      return true;
    }
    return false;  // *p, a[i], calls returning references, ...
  }

  // A side-effect-free value read by a condition.
  bool collect_value(const clang::Expr* expr, Condition& condition, int depth) const {
    if (expr == nullptr || depth > 32 || expr->isValueDependent() || expr->isTypeDependent()) return false;
    expr = expr->IgnoreParens();
    if (const auto* cast = llvm::dyn_cast<clang::CastExpr>(expr)) {
      if (!llvm::isa<clang::ImplicitCastExpr, clang::CStyleCastExpr, clang::CXXStaticCastExpr, clang::CXXFunctionalCastExpr>(cast))
        return false;
      switch (cast->getCastKind()) {
        case clang::CK_UserDefinedConversion:
        case clang::CK_ConstructorConversion:
        case clang::CK_Dynamic: return false;
        default: break;
      }
      if (cast->getSubExpr()->isGLValue()) {
        if (cast->getCastKind() != clang::CK_LValueToRValue || !cast->getSubExpr()->getType()->isScalarType()) return false;
        bool private_root = true;
        return collect_lvalue(cast->getSubExpr(), condition, private_root, depth + 1);
      }
      return collect_value(cast->getSubExpr(), condition, depth + 1);
    }
    if (llvm::isa<clang::IntegerLiteral, clang::CharacterLiteral, clang::FloatingLiteral, clang::CXXBoolLiteralExpr,
                  clang::CXXNullPtrLiteralExpr, clang::GNUNullExpr, clang::CXXThisExpr, clang::UnaryExprOrTypeTraitExpr>(expr))
      return true;
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr))
      return llvm::isa<clang::EnumConstantDecl, clang::FunctionDecl>(ref->getDecl());
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(expr)) {
      switch (unary->getOpcode()) {
        case clang::UO_LNot:
        case clang::UO_Minus:
        case clang::UO_Plus:
        case clang::UO_Not: return collect_value(unary->getSubExpr(), condition, depth + 1);
        default: return false;
      }
    }
    if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(expr)) {
      if (binary->isAssignmentOp() || binary->isLogicalOp() || binary->isCommaOp() || binary->isPtrMemOp())
        return false;
      return collect_value(binary->getLHS(), condition, depth + 1) && collect_value(binary->getRHS(), condition, depth + 1);
    }
    return false;
  }

  std::optional<ConditionLiteral> read_by(const clang::Expr& branch) {
    const clang::Expr* expr = &branch;
    bool value = true;
    // `!c`, `c == 0`, `c != nullptr`: c, with the value each reads.
    for (int depth = 0; depth < 32; ++depth) {
      expr = expr->IgnoreParenImpCasts();
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(expr); unary != nullptr && unary->getOpcode() == clang::UO_LNot) {
        value = !value;
        expr = unary->getSubExpr();
        continue;
      }
      if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(expr);
          binary != nullptr && (binary->getOpcode() == clang::BO_EQ || binary->getOpcode() == clang::BO_NE)) {
        bool zero_right = is_zero_constant(binary->getRHS(), context);
        bool zero_left = is_zero_constant(binary->getLHS(), context);
        if (zero_right != zero_left) {
          if (binary->getOpcode() == clang::BO_EQ) value = !value;
          expr = zero_right ? binary->getLHS() : binary->getRHS();
          continue;
        }
      }
      break;
    }
    if (expr->isValueDependent() || expr->isTypeDependent() || !expr->getType()->isScalarType()) return std::nullopt;
    if (expr->isEvaluatable(context)) return std::nullopt;  // a constant: the CFG knows already
    Condition condition;
    bool private_root = true;
    if (!(expr->isGLValue() ? collect_lvalue(expr, condition, private_root, 0) : collect_value(expr, condition, 0)))
      return std::nullopt;
    expr->Profile(condition.profile, context, /*Canonical=*/true);
    for (unsigned id = 0; id < conditions.size(); ++id)
      if (conditions[id].profile == condition.profile) return ConditionLiteral{id, value};
    conditions.push_back(std::move(condition));
    return ConditionLiteral{static_cast<unsigned>(conditions.size() - 1), value};
  }

  // ---- What code may write ----

  // The write to the lvalue `target`. Locals of the function being analysed count when
  // `own_locals`; a callee's own locals are nobody else's business.
  static void write_to(const clang::Expr* target, Writes& writes, bool own_locals, int depth = 0) {
    if (target == nullptr || depth > 32) {
      writes.anything = true;
      return;
    }
    target = target->IgnoreParens();
    if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(target); cast != nullptr && cast->getCastKind() == clang::CK_NoOp)
      return write_to(cast->getSubExpr(), writes, own_locals, depth + 1);
    // A whole struct (a C assignment): every field of it, however reached, and its variable.
    if (depth == 0 && (target->getType()->isRecordType() || target->getType()->isArrayType())) writes.anything = true;
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(target)) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (var == nullptr || var->getType()->isReferenceType() || ref->refersToEnclosingVariableOrCapture()) {
        writes.anything = true;  // through a reference: whatever it denotes
        return;
      }
      if (own_locals || !var->hasLocalStorage()) writes.vars.insert(var);
      return;
    }
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(target)) {
      if (const auto* var = llvm::dyn_cast<clang::VarDecl>(member->getMemberDecl())) {
        writes.vars.insert(var);
        return;
      }
      const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
      if (field == nullptr || field->getParent()->isUnion()) {
        writes.anything = true;
        return;
      }
      writes.fields.insert(field);
      if (!member->isArrow()) write_to(member->getBase(), writes, own_locals, depth + 1);
      return;
    }
    if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(target)) {
      const clang::Expr* base = subscript->getBase()->IgnoreParenImpCasts();
      if (base->getType()->isArrayType()) return write_to(base, writes, own_locals, depth + 1);
    }
    writes.anything = true;  // *p, p[i], f() returning a reference, ...
  }

  Writes call_writes(const clang::CallExpr& call, int depth) {
    const clang::FunctionDecl* callee = call.getDirectCallee();
    if (callee == nullptr) return Writes::everything();
    if (callee->hasAttr<clang::ConstAttr>() || callee->hasAttr<clang::PureAttr>()) return {};
    if (unsigned builtin = callee->getBuiltinID()) {
      if (context.BuiltinInfo.isConst(builtin) || context.BuiltinInfo.isPure(builtin)) return {};
      return Writes::everything();
    }
    const clang::FunctionDecl* definition = callee->getDefinition();
    bool library = definition == nullptr || in_library(*definition);
    // pthread_mutex_lock, m.lock(), lk.unlock(), ...: they write no condition.
    if (library && !lock_operations(call, &function).empty()) return {};
    if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(callee); method != nullptr && method->isVirtual()) {
      bool qualified = false;
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(call.getCallee()->IgnoreParens()))
        qualified = member->hasQualifier();
      if (!qualified && !method->hasAttr<clang::FinalAttr>() && !method->getParent()->hasAttr<clang::FinalAttr>())
        return Writes::everything();
    }
    return function_writes(callee, depth);
  }

  Writes destructor_writes(const clang::CXXDestructorDecl* destructor, int depth) {
    if (destructor == nullptr) return Writes::everything();
    if (destructor->isTrivial()) return {};
    const clang::CXXRecordDecl* record = destructor->getParent();
    if (is_sync_type(context.getRecordType(record)) && in_library(*destructor)) return {};  // guards, mutexes
    return function_writes(destructor, depth);
  }

  Writes construct_writes(const clang::CXXConstructExpr& construct, int depth) {
    const clang::CXXConstructorDecl* constructor = construct.getConstructor();
    if (constructor == nullptr) return Writes::everything();
    if (constructor->isTrivial()) return {};
    if (is_sync_type(construct.getType()) && in_library(*constructor)) return {};
    return function_writes(constructor, depth);
  }

  // Everything `callee`'s body may write, following its calls `kMaxCallDepth` deep.
  Writes function_writes(const clang::FunctionDecl* callee, int depth) {
    const clang::FunctionDecl* definition = callee->getDefinition();
    if (definition == nullptr || in_library(*definition) || depth >= kMaxCallDepth || definition->isDependentContext())
      return Writes::everything();
    // A copy or move assignment the compiler provides writes every field of its object
    // whether or not it has a body to show it (a trivial one has none).
    if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(definition);
        method != nullptr && (method->isCopyAssignmentOperator() || method->isMoveAssignmentOperator()) &&
        !method->isUserProvided())
      return Writes::everything();
    const clang::FunctionDecl* key = definition->getCanonicalDecl();
    if (auto done = function_writes_done.find(key); done != function_writes_done.end()) return done->second;
    if (!in_progress.insert(key).second) return Writes::everything();  // recursion
    Writes writes;
    const clang::Stmt* body = definition->getBody();
    if (body == nullptr && !definition->isTrivial()) writes.anything = true;
    scan(body, nullptr, writes, /*own_locals=*/false, depth + 1);
    if (const auto* constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(definition))
      for (const clang::CXXCtorInitializer* init : constructor->inits())
        scan(init->getInit(), nullptr, writes, false, depth + 1);  // the new object's fields are nobody's yet
    if (const auto* destructor = llvm::dyn_cast<clang::CXXDestructorDecl>(definition)) {
      const clang::CXXRecordDecl* record = destructor->getParent();
      for (const clang::FieldDecl* field : record->fields())
        if (const auto* member = field->getType()->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
            member != nullptr && member->hasDefinition() && !member->hasTrivialDestructor())
          writes.add(destructor_writes(member->getDestructor(), depth + 1));
      for (const clang::CXXBaseSpecifier& base : record->bases())
        if (const auto* base_record = base.getType()->getAsCXXRecordDecl();
            base_record != nullptr && base_record->hasDefinition() && !base_record->hasTrivialDestructor())
          writes.add(destructor_writes(base_record->getDestructor(), depth + 1));
    }
    in_progress.erase(key);
    function_writes_done[key] = writes;
    return writes;
  }

  // What `stmt` and its sub-expressions may write; sub-statements in `elements` other than
  // `stmt` itself are left to their own CFG element.
  void scan(const clang::Stmt* stmt, const std::unordered_set<const clang::Stmt*>* elements, Writes& writes,
            bool own_locals, int depth, const clang::Stmt* root = nullptr) {
    if (stmt == nullptr) return;
    if (root == nullptr) root = stmt;
    if (stmt != root && elements != nullptr && elements->count(stmt) != 0) return;
    if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(stmt)) {
      for (const clang::Expr* init : lambda->capture_inits()) scan(init, elements, writes, own_locals, depth, root);
      return;  // the body runs when called
    }
    if (llvm::isa<clang::BlockExpr, clang::UnaryExprOrTypeTraitExpr, clang::CXXNoexceptExpr>(stmt)) return;
    if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(stmt); binary != nullptr && binary->isAssignmentOp()) {
      write_to(binary->getLHS(), writes, own_locals);
    } else if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(stmt);
               unary != nullptr && unary->isIncrementDecrementOp()) {
      write_to(unary->getSubExpr(), writes, own_locals);
    } else if (const auto* call = llvm::dyn_cast<clang::CallExpr>(stmt)) {
      writes.add(call_writes(*call, depth));
    } else if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(stmt)) {
      writes.add(construct_writes(*construct, depth));
    } else if (const auto* allocation = llvm::dyn_cast<clang::CXXNewExpr>(stmt)) {
      if (allocation->getNumPlacementArgs() > 0) writes.anything = true;  // constructs where a pointer points
      else if (const clang::FunctionDecl* new_operator = allocation->getOperatorNew();
               new_operator != nullptr && !new_operator->isImplicit() && !in_library(*new_operator))
        writes.add(function_writes(new_operator, depth));
    } else if (const auto* deletion = llvm::dyn_cast<clang::CXXDeleteExpr>(stmt)) {
      const auto* record = deletion->getDestroyedType()->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
      if (record != nullptr && record->hasDefinition() && !record->hasTrivialDestructor()) {
        const clang::CXXDestructorDecl* destructor = record->getDestructor();
        if (destructor == nullptr || destructor->isVirtual()) writes.anything = true;
        else writes.add(destructor_writes(destructor, depth));
      }
      if (const clang::FunctionDecl* delete_operator = deletion->getOperatorDelete();
          delete_operator != nullptr && !delete_operator->isImplicit() && !in_library(*delete_operator))
        writes.add(function_writes(delete_operator, depth));
    } else if (const auto* temporary = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(stmt)) {
      writes.add(destructor_writes(temporary->getTemporary()->getDestructor(), depth));
    } else if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(stmt)) {
      for (const clang::Decl* decl : declaration->decls()) {
        const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
        if (var == nullptr) continue;
        if (own_locals || !var->hasLocalStorage()) writes.vars.insert(var);  // (re)initialised
        if (!own_locals && var->hasLocalStorage())  // a callee's local dies at its scope's end
          if (const auto* record = var->getType()->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
              record != nullptr && !var->getType()->isReferenceType() && record->hasDefinition() &&
              !record->hasTrivialDestructor())
            writes.add(destructor_writes(record->getDestructor(), depth));
      }
    } else if (llvm::isa<clang::AsmStmt, clang::AtomicExpr, clang::CoroutineSuspendExpr, clang::CoreturnStmt>(stmt)) {
      writes.anything = true;
    }
    if (const auto* default_argument = llvm::dyn_cast<clang::CXXDefaultArgExpr>(stmt))
      scan(default_argument->getExpr(), elements, writes, own_locals, depth, root);
    else if (const auto* default_init = llvm::dyn_cast<clang::CXXDefaultInitExpr>(stmt))
      scan(default_init->getExpr(), elements, writes, own_locals, depth, root);
    for (const clang::Stmt* child : stmt->children()) scan(child, elements, writes, own_locals, depth, root);
  }

  void find_changes(const clang::CFG& cfg) {
    std::unordered_set<const clang::Stmt*> elements;
    for (const clang::CFGBlock* block : cfg)
      for (const clang::CFGElement& element : *block)
        if (auto statement = element.getAs<clang::CFGStmt>()) elements.insert(statement->getStmt());
    for (const clang::CFGBlock* block : cfg)
      for (const clang::CFGElement& element : *block) {
        Writes writes;
        if (auto statement = element.getAs<clang::CFGStmt>()) {
          scan(statement->getStmt(), &elements, writes, /*own_locals=*/true, 0);
        } else if (auto initializer = element.getAs<clang::CFGInitializer>()) {
          const clang::CXXCtorInitializer* init = initializer->getInitializer();
          if (const clang::FieldDecl* field = init->getAnyMember()) writes.fields.insert(field);
          else writes.anything = true;  // a base or delegating constructor
          scan(init->getInit(), &elements, writes, true, 0);
        } else if (auto destructor = element.getAs<clang::CFGImplicitDtor>()) {
          if (auto deleted = element.getAs<clang::CFGDeleteDtor>()) {
            const clang::CXXDestructorDecl* decl = destructor->getDestructorDecl(context);
            if (decl != nullptr && decl->isVirtual()) writes.anything = true;
            else writes.add(destructor_writes(decl, 0));
          } else {
            writes.add(destructor_writes(destructor->getDestructorDecl(context), 0));
          }
        } else {
          continue;
        }
        std::vector<unsigned> changed;
        for (unsigned id = 0; id < conditions.size(); ++id)
          if (conditions[id].changed_by(writes)) changed.push_back(id);
        if (!changed.empty()) changes.emplace(&element, std::move(changed));
      }
  }
};

CorrelatedConditions::CorrelatedConditions(const clang::Decl& function, clang::ASTContext& context)
    : impl_(std::make_unique<Impl>(function, context)) {}

CorrelatedConditions::~CorrelatedConditions() = default;

std::optional<ConditionLiteral> CorrelatedConditions::read_by(const clang::Expr& condition) {
  return impl_->read_by(condition);
}

void CorrelatedConditions::find_changes(const clang::CFG& cfg) { impl_->find_changes(cfg); }

const std::vector<unsigned>* CorrelatedConditions::changed_by(const clang::CFGElement& element) const {
  if (impl_->changes.empty()) return nullptr;
  auto found = impl_->changes.find(&element);
  return found == impl_->changes.end() ? nullptr : &found->second;
}

bool CorrelatedConditions::empty() const { return impl_->conditions.empty(); }

}  // namespace hawk::audit
