#include "capture/access_classifier.h"

#include <vector>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Basic/Builtins.h>

#include "capture/atomic_types.h"
#include "capture/callee_effects.h"
#include "capture/class_concurrency.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

AccessKind atomic_form(AccessKind kind) {
  switch (kind) {
    case AccessKind::Read: return AccessKind::AtomicRead;
    case AccessKind::Write: return AccessKind::AtomicWrite;
    case AccessKind::ReadModifyWrite: return AccessKind::AtomicReadModifyWrite;
    default: return kind;
  }
}

// Whether a reference or pointer lets the callee modify what it refers to.
bool refers_to_const(clang::QualType type) {
  if (type->isReferenceType() || type->isPointerType()) return type->getPointeeType().isConstQualified();
  return true;
}

// A forwarding reference (`T&&` of a template parameter) passes along whatever it gets:
// what happens to the object is decided where it is forwarded to, usually a copy.
// A pack (`Args&&... args`) stands for every argument from its position on.
bool is_forwarding_reference(const clang::FunctionDecl* callee, unsigned index) {
  if (callee == nullptr) return false;
  const clang::FunctionDecl* pattern = callee->getTemplateInstantiationPattern(false);
  if (pattern == nullptr) return false;
  const clang::ParmVarDecl* parameter = nullptr;
  for (unsigned i = 0; i < pattern->getNumParams() && parameter == nullptr; ++i) {
    const clang::ParmVarDecl* candidate = pattern->getParamDecl(i);
    if (candidate->isParameterPack() ? index >= i : index == i) parameter = candidate;
  }
  if (parameter == nullptr) return false;
  clang::QualType type = parameter->getType();
  if (const auto* expansion = type->getAs<clang::PackExpansionType>()) type = expansion->getPattern();
  const auto* rvalue = type->getAs<clang::RValueReferenceType>();
  return rvalue != nullptr && !rvalue->getPointeeType().hasQualifiers() &&
         rvalue->getPointeeType()->getAs<clang::TemplateTypeParmType>() != nullptr;
}

// The parameter type argument `index` binds to, or null (variadic, unknown callee).
clang::QualType parameter_type(const clang::Expr& callee_expr, const clang::FunctionDecl* callee, unsigned index) {
  if (callee != nullptr) return index < callee->getNumParams() ? callee->getParamDecl(index)->getType() : clang::QualType();
  clang::QualType type = callee_expr.getType();
  if (const auto* pointer = type->getAs<clang::PointerType>()) type = pointer->getPointeeType();
  if (const auto* proto = type->getAs<clang::FunctionProtoType>(); proto != nullptr && index < proto->getNumParams())
    return proto->getParamType(index);
  return {};
}

// Standard containers: what a member function does to the container is its meaning,
// not the constness of the overload chosen (a non-const begin() only reads).
enum class ContainerFamily { None, Map, Sequence, Other };

ContainerFamily container_family(const clang::CXXMethodDecl& method) {
  const clang::CXXRecordDecl* record = method.getParent();
  if (record == nullptr) return ContainerFamily::None;
  std::string_view name = std_class_name(clang::QualType(record->getTypeForDecl(), 0));
  if (name == "map" || name == "unordered_map") return ContainerFamily::Map;
  if (name == "vector" || name == "deque" || name == "array" || name == "basic_string" || name == "list" ||
      name == "forward_list")
    return ContainerFamily::Sequence;
  if (name == "set" || name == "multiset" || name == "unordered_set" || name == "unordered_multiset" ||
      name == "multimap" || name == "unordered_multimap" || name == "queue" || name == "stack" ||
      name == "priority_queue" || name == "bitset")
    return ContainerFamily::Other;
  return ContainerFamily::None;
}

enum class ContainerUse { Unknown, Read, Write, Element };

ContainerUse container_use(llvm::StringRef name) {
  static const llvm::StringRef writes[] = {
      "insert", "emplace", "emplace_hint", "emplace_back", "emplace_front", "push_back", "push_front", "push",
      "pop", "pop_back", "pop_front", "erase", "clear", "resize", "reserve", "assign", "swap", "try_emplace",
      "insert_or_assign", "extract", "merge", "shrink_to_fit", "append", "replace", "rehash", "splice", "remove",
      "remove_if", "unique", "sort", "reverse", "fill", "insert_after", "emplace_after", "erase_after",
      "append_range", "insert_range", "prepend_range", "assign_range", "push_range", "set", "reset", "flip"};
  static const llvm::StringRef reads[] = {
      "find", "count", "contains", "size", "empty", "capacity", "max_size", "lower_bound", "upper_bound",
      "equal_range", "bucket_count", "bucket_size", "bucket", "load_factor", "c_str", "substr", "compare",
      "starts_with", "ends_with", "get_allocator", "key_comp", "value_comp", "hash_function", "key_eq", "length",
      "top", "begin", "end", "cbegin", "cend", "rbegin", "rend", "crbegin", "crend", "data", "copy", "rfind",
      "find_first_of", "find_last_of", "find_first_not_of", "find_last_not_of", "test", "all", "any", "none",
      "to_string", "to_ulong", "to_ullong"};
  for (llvm::StringRef write : writes)
    if (name == write) return ContainerUse::Write;
  for (llvm::StringRef read : reads)
    if (name == read) return ContainerUse::Read;
  if (name == "at" || name == "front" || name == "back") return ContainerUse::Element;
  return ContainerUse::Unknown;
}

class Classifier {
 public:
  Classifier(const clang::Expr& object, const StmtParents& parents)
      : parents_(parents),
        atomic_(is_internally_synchronised(object.getType())),
        atomic_type_(is_atomic_type(object.getType())),
        object_(&object) {}

  std::optional<AccessUse> run() { return use_of(object_); }

 private:
  // `use`, noting the callee it is handed to when that callee's body is not in the unit.
  static std::optional<AccessUse> passed(std::optional<AccessUse> use, const clang::FunctionDecl& callee,
                                         unsigned index) {
    const clang::FunctionDecl* definition = callee.getDefinition();
    if (use && (definition == nullptr || !definition->hasBody())) {
      use->passed_to = &callee;
      use->passed_index = index;
    }
    return use;
  }

  std::optional<AccessUse> result(AccessKind kind, const clang::Expr* stored = nullptr) const {
    return AccessUse{atomic_ ? atomic_form(kind) : kind, stored};
  }

  std::optional<AccessUse> use_of(const clang::Expr* expr) {
    for (int depth = 0; depth < 64; ++depth) {
      const clang::Stmt* parent = parents_.parent(expr);
      if (parent == nullptr) return result(AccessKind::Read);
      if (llvm::isa<clang::ParenExpr, clang::ExprWithCleanups, clang::MaterializeTemporaryExpr,
                    clang::CXXBindTemporaryExpr>(parent)) {
        expr = llvm::cast<clang::Expr>(parent);
        continue;
      }
      if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent)) {
        switch (cast->getCastKind()) {
          case clang::CK_NoOp:
          case clang::CK_DerivedToBase:
          case clang::CK_UncheckedDerivedToBase:
          case clang::CK_AtomicToNonAtomic:
          case clang::CK_NonAtomicToAtomic:
          case clang::CK_LValueBitCast:
            expr = cast;
            continue;
          case clang::CK_ArrayToPointerDecay: return use_of_address(cast);
          case clang::CK_UserDefinedConversion: expr = cast; continue;
          default: return result(AccessKind::Read);  // LValueToRValue and friends load it
        }
      }
      if (const auto* cast = llvm::dyn_cast<clang::ExplicitCastExpr>(parent)) {
        // (T&)x and const_cast<T&>(x) still designate x, as T(x) does a constructed
        // object; a cast to a value type loads it.
        if (cast->getType()->isReferenceType() || cast->isGLValue() ||
            cast->getCastKind() == clang::CK_ConstructorConversion || cast->getCastKind() == clang::CK_NoOp) {
          expr = cast;
          continue;
        }
        if (cast->getCastKind() == clang::CK_ToVoid) return std::nullopt;  // (void)x: no access
        return result(AccessKind::Read);
      }
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(parent)) {
        if (unary->isIncrementDecrementOp()) return result(AccessKind::ReadModifyWrite);
        if (unary->getOpcode() == clang::UO_AddrOf) return use_of_address(unary);
        return result(AccessKind::Read);
      }
      if (const auto* compound = llvm::dyn_cast<clang::CompoundAssignOperator>(parent)) {
        if (compound->getLHS()->IgnoreParens() == expr->IgnoreParens()) return result(AccessKind::ReadModifyWrite);
        return result(AccessKind::Read);
      }
      if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(parent)) {
        if (binary->isAssignmentOp() && binary->getLHS()->IgnoreParens() == expr->IgnoreParens())
          return result(AccessKind::Write, binary->getRHS());
        if (binary->getOpcode() == clang::BO_Comma && binary->getRHS() == expr && binary->isGLValue()) {
          expr = binary;
          continue;
        }
        return result(AccessKind::Read);
      }
      if (const auto* conditional = llvm::dyn_cast<clang::AbstractConditionalOperator>(parent)) {
        if (conditional->isGLValue() && conditional->getCond() != expr) {
          expr = conditional;
          continue;
        }
        return result(AccessKind::Read);
      }
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(parent)) {
        if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl()))
          return use_by_method(*method, llvm::dyn_cast_or_null<clang::CallExpr>(parents_.parent(member)));
        if (llvm::isa<clang::FieldDecl>(member->getMemberDecl())) {
          expr = member;  // a subobject of it: what happens to the part happens to it
          continue;
        }
        return std::nullopt;  // a static member or enumerator named through the object
      }
      if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(parent)) {
        if (subscript->getBase() == expr) {
          expr = subscript;
          continue;
        }
        return result(AccessKind::Read);
      }
      if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(parent)) return use_by_operator(*op, expr);
      if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(parent)) return use_by_construct(*construct, expr);
      if (const auto* call = llvm::dyn_cast<clang::CallExpr>(parent)) return use_by_call(*call, expr);
      if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(parent)) return use_by_declaration(*declaration, expr);
      if (llvm::isa<clang::UnaryExprOrTypeTraitExpr, clang::CXXNoexceptExpr>(parent)) return std::nullopt;
      if (const auto* type_id = llvm::dyn_cast<clang::CXXTypeidExpr>(parent);
          type_id != nullptr && !type_id->isPotentiallyEvaluated())
        return std::nullopt;
      return result(AccessKind::Read);
    }
    return result(AccessKind::Read);
  }

  // `&x` or an array decaying to a pointer: what is done through the pointer.
  std::optional<AccessUse> use_of_address(const clang::Expr* pointer) {
    bool to_const = false;
    for (int depth = 0; depth < 16; ++depth) {
      const clang::Stmt* parent = parents_.parent(pointer);
      if (const auto* cast = llvm::dyn_cast_or_null<clang::CastExpr>(parent)) {
        if (cast->getType()->isPointerType() && cast->getType()->getPointeeType().isConstQualified()) to_const = true;
        pointer = cast;
        continue;
      }
      if (llvm::isa_and_nonnull<clang::ParenExpr>(parent)) {
        pointer = llvm::cast<clang::Expr>(parent);
        continue;
      }
      if (const auto* atomic = llvm::dyn_cast_or_null<clang::AtomicExpr>(parent)) {
        if (atomic->getPtr() != pointer) return result(AccessKind::Read);
        AccessKind kind = atomic_operation_kind(atomic->getOpAsString());
        const clang::Expr* stored = kind == AccessKind::AtomicWrite && atomic->getNumSubExprs() > 2 ? atomic->getVal1() : nullptr;
        return AccessUse{kind, stored};
      }
      if (const auto* call = llvm::dyn_cast_or_null<clang::CallExpr>(parent);
          call != nullptr && !llvm::isa<clang::CXXOperatorCallExpr>(call)) {
        const clang::FunctionDecl* callee = call->getDirectCallee();
        if (callee != nullptr && callee->getIdentifier() != nullptr) {
          llvm::StringRef name = callee->getName();
          bool atomic_function = (callee->getBuiltinID() != 0 && name.starts_with("__sync_")) ||
                                 (!std_function_name(callee).empty() && name.starts_with("atomic_"));
          if (atomic_function && call->getNumArgs() > 0 && call->getArg(0) == pointer) {
            AccessKind kind = atomic_operation_kind(name);
            const clang::Expr* stored = kind == AccessKind::AtomicWrite && call->getNumArgs() > 1 ? call->getArg(1) : nullptr;
            return AccessUse{kind, stored};
          }
        }
        return by_parameter(*call->getCallee(), callee, call, pointer, /*address=*/true, to_const);
      }
      if (const auto* construct = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(parent))
        return by_constructor_parameter(*construct, pointer, /*address=*/true, to_const);
      return result(AccessKind::Read);  // compared, stored or returned: an escape, not an access
    }
    return result(AccessKind::Read);
  }

  std::optional<AccessUse> by_parameter(const clang::Expr& callee_expr, const clang::FunctionDecl* callee,
                                        const clang::CallExpr* call, const clang::Expr* argument, bool address,
                                        bool to_const, unsigned first_parameter_argument = 0) {
    for (unsigned index = first_parameter_argument; index < call->getNumArgs(); ++index) {
      if (call->getArg(index) != argument) continue;
      unsigned parameter = index - first_parameter_argument;
      return by_parameter_type(parameter_type(callee_expr, callee, parameter), is_forwarding_reference(callee, parameter),
                               address, to_const, callee, parameter);
    }
    return result(AccessKind::Read);
  }

  std::optional<AccessUse> by_constructor_parameter(const clang::CXXConstructExpr& construct,
                                                    const clang::Expr* argument, bool address, bool to_const) {
    const clang::CXXConstructorDecl* constructor = construct.getConstructor();
    for (unsigned index = 0; index < construct.getNumArgs(); ++index) {
      if (construct.getArg(index) != argument) continue;
      clang::QualType type;
      if (constructor != nullptr && index < constructor->getNumParams())
        type = constructor->getParamDecl(index)->getType();
      return by_parameter_type(type, is_forwarding_reference(constructor, index), address, to_const, constructor, index);
    }
    return result(AccessKind::Read);
  }

  // `push(&g_queue, v)` where the queue owns its lock: the object is handed over, with
  // the lock that protects it, to code whose own accesses are what count.
  bool hands_over_self_locking_object() const {
    const clang::RecordDecl* record = object_->getType()->getAsRecordDecl();
    return record != nullptr && (owns_lock(*record) || is_annotated(*record));
  }

  // Bound to parameter `index` of `callee` (null: not known) of type `type`.
  std::optional<AccessUse> by_parameter_type(clang::QualType type, bool forwarding, bool address, bool to_const,
                                             const clang::FunctionDecl* callee, unsigned index) {
    if (hands_over_self_locking_object() && (address || (!type.isNull() && type->isReferenceType())))
      return std::nullopt;
    // A callee whose body is seen, taking a reference or pointer it may modify through:
    // what the body does decides (callee_effects.h).
    const bool modifiable = !type.isNull() && (type->isReferenceType() || type->isPointerType()) &&
                            !refers_to_const(type) && !forwarding;
    // What the callee does to the object's fields, capture records in the callee and link
    // takes into this call (link/parameter_contexts.h): only the rest is this call's.
    const bool by_reference = !type.isNull() && (type->isReferenceType() || type->isPointerType());
    if (callee != nullptr && by_reference && !forwarding && (address || type->isReferenceType())) {
      CalleeEffects& effects = CalleeEffects::of(callee->getASTContext());
      if (!effects.parameter_use(*callee, index, ParameterUse::UsesBeyondFields)) return std::nullopt;
      if (modifiable && !to_const)
        return passed(result(effects.parameter_use(*callee, index, ParameterUse::WritesBeyondFields)
                                 ? AccessKind::Write
                                 : AccessKind::Read),
                      *callee, index);
    }
    if (address) {
      if (to_const) return result(AccessKind::Read);
      // Variadic (scanf("%d", &x)) or a pointer to non-const: the callee may write it.
      if (type.isNull()) return result(AccessKind::Write);
      if (type->isReferenceType()) type = type.getNonReferenceType();
      return result(refers_to_const(type) ? AccessKind::Read : AccessKind::Write);
    }
    if (type.isNull() || !type->isReferenceType() || forwarding) return result(AccessKind::Read);
    return result(refers_to_const(type) ? AccessKind::Read : AccessKind::Write);
  }

  std::optional<AccessUse> use_by_method(const clang::CXXMethodDecl& method, const clang::CallExpr* call) {
    if (method.isStatic()) return std::nullopt;
    if (atomic_) {
      if (llvm::isa<clang::CXXConversionDecl>(method)) return AccessUse{AccessKind::AtomicRead, nullptr};
      // std::atomic's operations by name; a self-synchronised class's by constness.
      if (atomic_type_ && method.getIdentifier() != nullptr) {
        AccessKind kind = atomic_operation_kind(method.getName());
        const clang::Expr* stored =
            kind == AccessKind::AtomicWrite && call != nullptr && call->getNumArgs() > 0 ? call->getArg(0) : nullptr;
        return AccessUse{kind, stored};
      }
    }
    if (container_family(method) != ContainerFamily::None && method.getIdentifier() != nullptr) {
      switch (container_use(method.getName())) {
        case ContainerUse::Read: return result(AccessKind::Read);
        case ContainerUse::Write: return result(AccessKind::Write);
        case ContainerUse::Element:
          if (call != nullptr) return use_of_element(call);
          break;
        case ContainerUse::Unknown: break;
      }
    }
    if (method.isConst()) return result(AccessKind::Read);
    // A method whose body is seen writes only if it modifies its object (callee_effects.h).
    return result(CalleeEffects::of(method.getASTContext()).writes_object(method) ? AccessKind::Write
                                                                                   : AccessKind::Read);
  }

  // An element reference handed out by the container (`v_[i]`, `v_.at(i)`, `q_.front()`):
  // what is done through it is done to the container. An element that synchronises
  // itself (a vector of atomics) leaves the container only read.
  std::optional<AccessUse> use_of_element(const clang::Expr* element) {
    if (is_internally_synchronised(element->getType().getNonReferenceType())) return result(AccessKind::Read);
    return use_of(element);
  }

  std::optional<AccessUse> use_by_operator(const clang::CXXOperatorCallExpr& op, const clang::Expr* expr) {
    const auto* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(op.getDirectCallee());
    bool is_object = op.getNumArgs() > 0 && op.getArg(0) == expr;
    if (method == nullptr || method->isStatic() || !is_object) {
      // A free operator (operator<<(ostream&, const T&)), or `expr` is an operand.
      if (method != nullptr && !method->isStatic())
        return by_parameter(*op.getCallee(), method, &op, expr, false, false, /*first_parameter_argument=*/1);
      return by_parameter(*op.getCallee(), op.getDirectCallee(), &op, expr, false, false);
    }
    switch (op.getOperator()) {
      case clang::OO_Equal:
        return result(AccessKind::Write, op.getNumArgs() > 1 ? op.getArg(1) : nullptr);
      case clang::OO_PlusEqual: case clang::OO_MinusEqual: case clang::OO_StarEqual: case clang::OO_SlashEqual:
      case clang::OO_PercentEqual: case clang::OO_CaretEqual: case clang::OO_AmpEqual: case clang::OO_PipeEqual:
      case clang::OO_LessLessEqual: case clang::OO_GreaterGreaterEqual: case clang::OO_PlusPlus:
      case clang::OO_MinusMinus:
        return result(AccessKind::ReadModifyWrite);
      case clang::OO_Subscript:
        // map[k] inserts when k is missing; a sequence's [] hands out an element.
        if (container_family(*method) == ContainerFamily::Map) return result(AccessKind::Write);
        if (container_family(*method) == ContainerFamily::Sequence) return use_of_element(&op);
        return result(method->isConst() ? AccessKind::Read : AccessKind::Write);
      default: return result(method->isConst() ? AccessKind::Read : AccessKind::Write);
    }
  }

  std::optional<AccessUse> use_by_construct(const clang::CXXConstructExpr& construct, const clang::Expr* expr) {
    // std::atomic_ref<T>(x).op(): an atomic operation on the plain object x.
    if (is_atomic_ref_type(construct.getType())) {
      Classifier through_ref(construct, parents_);
      through_ref.atomic_ = true;
      through_ref.atomic_type_ = true;
      // Binding a named `std::atomic_ref r(x)` touches nothing: the operations through r
      // are x's accesses (function_capture follows r back to x).
      if (through_ref.is_named(construct)) return std::nullopt;
      return through_ref.use_of(&construct);
    }
    return by_constructor_parameter(construct, expr, false, false);
  }

  std::optional<AccessUse> use_by_call(const clang::CallExpr& call, const clang::Expr* expr) {
    if (call.getCallee() == expr) return result(AccessKind::Read);  // calling a function pointer it holds
    const clang::FunctionDecl* callee = call.getDirectCallee();
    // std::move(x) / std::forward<T>(x) designate x: what consumes the result decides.
    std::string_view std_name = std_function_name(callee);
    if ((std_name == "move" || std_name == "forward" || std_name == "as_const") && call.getNumArgs() == 1) {
      if (std_name == "as_const") return result(AccessKind::Read);
      return use_of(&call);
    }
    return by_parameter(*call.getCallee(), callee, &call, expr, false, false);
  }

  std::optional<AccessUse> use_by_declaration(const clang::DeclStmt& declaration, const clang::Expr* expr) {
    // for (auto& item : items_): iterating through non-const references writes when the
    // body modifies an item through one.
    if (const auto* range_for = llvm::dyn_cast_or_null<clang::CXXForRangeStmt>(parents_.parent(&declaration));
        range_for != nullptr && range_for->getRangeStmt() == &declaration) {
      const clang::VarDecl* loop_variable = range_for->getLoopVariable();
      clang::QualType item = loop_variable->getType();
      bool writes = item->isReferenceType() && !item.getNonReferenceType().isConstQualified() &&
                    modifies_item(*loop_variable, *range_for->getBody());
      return result(writes ? AccessKind::Write : AccessKind::Read);
    }
    for (const clang::Decl* decl : declaration.decls()) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
      if (var == nullptr || var->getInit() != expr) continue;
      // `auto& r = x_;` hands out a way to modify x_, as passing it by reference does.
      if (var->getType()->isReferenceType() && !refers_to_const(var->getType())) return result(AccessKind::Write);
    }
    return result(AccessKind::Read);
  }

  // Whether `body` modifies the object the range-for's reference `item` is bound to.
  bool modifies_item(const clang::VarDecl& item, const clang::Stmt& body) const {
    StmtParents parents;
    std::vector<const clang::Expr*> uses;
    std::vector<std::pair<const clang::Stmt*, const clang::Stmt*>> stack{{&body, nullptr}};
    while (!stack.empty()) {
      auto [node, parent] = stack.back();
      stack.pop_back();
      parents.set(node, parent);
      if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(node); ref != nullptr && ref->getDecl() == &item)
        uses.push_back(ref);
      for (const clang::Stmt* child : node->children())
        if (child != nullptr) stack.emplace_back(child, node);
    }
    for (const clang::Expr* use : uses) {
      std::optional<AccessUse> done = classify_access(*use, parents);
      if (done && is_write(done->kind)) return true;
    }
    return false;
  }

  // `std::atomic_ref r(x);`: a named reference, whose later operations are x's accesses.
  bool is_named(const clang::Expr& expr) const {
    const clang::Stmt* node = &expr;
    for (int depth = 0; depth < 16; ++depth) {
      node = parents_.parent(node);
      if (llvm::isa_and_nonnull<clang::ParenExpr, clang::ExprWithCleanups, clang::MaterializeTemporaryExpr,
                                clang::CXXBindTemporaryExpr, clang::CastExpr>(node))
        continue;
      return llvm::isa_and_nonnull<clang::DeclStmt>(node);
    }
    return false;
  }

  const StmtParents& parents_;
  bool atomic_;       // every operation on the object is atomic
  bool atomic_type_;  // std::atomic / atomic_ref / _Atomic: operations known by name
  const clang::Expr* object_;
};

}  // namespace

AccessKind atomic_operation_kind(llvm::StringRef name) {
  if (name.contains("test_and_set") || name.contains("exchange") || name.contains("fetch")) return AccessKind::AtomicReadModifyWrite;
  if (name.contains("load") || name.ends_with("test") || name.contains("wait") || name.contains("notify") ||
      name.contains("lock_free"))
    return AccessKind::AtomicRead;
  if (name.contains("store") || name.contains("init") || name.contains("clear") || name.contains("release"))
    return AccessKind::AtomicWrite;
  return AccessKind::AtomicReadModifyWrite;
}

std::optional<AccessUse> classify_access(const clang::Expr& object, const StmtParents& parents) {
  return Classifier(object, parents).run();
}

}  // namespace hawk::audit
