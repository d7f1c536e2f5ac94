#include "locks/lock_operations.h"

#include <array>
#include <string_view>

#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>

#include "locks/lock_names.h"
#include "locks/lock_types.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

using Kind = LockOperation::Kind;
using Success = LockOperation::Success;

Success success_when(bool nonzero) { return nonzero ? Success::NonZero : Success::Zero; }

LockOperation operation_of(Kind kind, std::vector<HeldLock> locks, const clang::VarDecl* guard,
                           Success success = Success::NonZero) {
  LockOperation operation;
  operation.kind = kind;
  operation.locks = std::move(locks);
  operation.guard = guard;
  operation.success = success;
  return operation;
}

// Looks through the wrapping that does not change which object is meant.
const clang::Expr* strip_object(const clang::Expr* expr) {
  for (int depth = 0; expr != nullptr && depth < 32; ++depth) {
    const clang::Expr* next = expr->IgnoreParenImpCasts();
    if (const auto* cleanups = llvm::dyn_cast<clang::ExprWithCleanups>(next)) next = cleanups->getSubExpr();
    else if (const auto* temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(next)) next = temporary->getSubExpr();
    else if (const auto* bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(next)) next = bind->getSubExpr();
    else if (const auto* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(next)) next = cast->getSubExpr();
    else if (const auto* named_cast = llvm::dyn_cast<clang::CXXNamedCastExpr>(next)) next = named_cast->getSubExpr();
    else if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(next);
             unary != nullptr && unary->getOpcode() == clang::UO_Deref)
      next = unary->getSubExpr();
    else if (const auto* call = llvm::dyn_cast<clang::CallExpr>(next);
             call != nullptr && call->getNumArgs() == 1 && !llvm::isa<clang::CXXOperatorCallExpr>(call) &&
             std_function_name(call->getDirectCallee()) == "move")
      next = call->getArg(0);
    if (next == expr) return expr;
    expr = next;
  }
  return expr;
}

// The guard variable `object` denotes, when it is one (lk in lk.unlock()).
const clang::VarDecl* guard_variable(const clang::Expr* object) {
  const auto* ref = llvm::dyn_cast_or_null<clang::DeclRefExpr>(strip_object(object));
  if (ref == nullptr) return nullptr;
  const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
  if (var == nullptr || !is_guard_type(var->getType())) return nullptr;
  return var;
}

// A call seen as callee + object + arguments, whatever its syntax.
struct CallShape {
  const clang::FunctionDecl* callee = nullptr;
  const clang::Expr* object = nullptr;  // `this` of a member call
  std::vector<const clang::Expr*> args;
};

CallShape shape_of(const clang::CallExpr& call) {
  CallShape shape;
  shape.callee = call.getDirectCallee();
  unsigned first_arg = 0;
  if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
    shape.object = member_call->getImplicitObjectArgument();
  } else if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&call)) {
    const auto* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(shape.callee);
    if (method != nullptr && method->isInstance() && op->getNumArgs() > 0) {
      shape.object = op->getArg(0);
      first_arg = 1;
    }
  }
  for (unsigned i = first_arg; i < call.getNumArgs(); ++i) shape.args.push_back(call.getArg(i));
  return shape;
}

// A capability written in an attribute (`ACQUIRE(mu)`), resolved at a call: parameters
// become the call's arguments, `this` (or no argument) the call's object.
std::optional<std::string> resolve_capability(const clang::Expr* written, const CallShape& call,
                                              const clang::Decl* function) {
  if (written == nullptr) return call.object != nullptr ? lock_name(*call.object, function) : std::nullopt;
  const clang::Expr* stripped = strip_object(written);
  if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(stripped);
      unary != nullptr && unary->getOpcode() == clang::UO_AddrOf)
    stripped = strip_object(unary->getSubExpr());
  if (llvm::isa<clang::CXXThisExpr>(stripped))
    return call.object != nullptr ? lock_name(*call.object, function) : std::nullopt;
  if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(stripped)) {
    if (const auto* param = llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl())) {
      unsigned index = param->getFunctionScopeIndex();
      if (index < call.args.size()) return lock_name(*call.args[index], function);
      return std::nullopt;
    }
  }
  if (llvm::isa<clang::StringLiteral>(stripped)) return std::nullopt;  // legacy "mu" spelling: no object
  return lock_name(*stripped, call.callee);
}

template <typename Attribute>
std::vector<HeldLock> capabilities(const Attribute& attribute, const CallShape& call, const clang::Decl* function,
                                   bool shared) {
  std::vector<HeldLock> locks;
  if (attribute.args_size() == 0) {
    if (auto name = resolve_capability(nullptr, call, function)) locks.push_back({*name, shared});
    return locks;
  }
  for (const clang::Expr* written : attribute.args())
    if (auto name = resolve_capability(written, call, function)) locks.push_back({*name, shared});
  return locks;
}

bool is_true_value(const clang::Expr* value, const clang::ASTContext& context) {
  if (value == nullptr) return true;
  clang::Expr::EvalResult result;
  if (value->isValueDependent() || !value->EvaluateAsRValue(result, context) || !result.Val.isInt()) return true;
  return result.Val.getInt().getBoolValue();
}

// Effects declared with thread-safety attributes; empty when the callee carries none.
std::vector<LockOperation> annotated_operations(const CallShape& call, const clang::Decl* function) {
  std::vector<LockOperation> operations;
  const clang::FunctionDecl* callee = call.callee;
  const clang::VarDecl* guard = call.object != nullptr ? guard_variable(call.object) : nullptr;
  // On a guard (no capability argument, or `this`), the operation acts on what the guard holds.
  auto on_guard = [&](const auto& attribute) {
    if (guard == nullptr) return false;
    if (attribute.args_size() == 0) return true;
    for (const clang::Expr* written : attribute.args())
      if (!llvm::isa<clang::CXXThisExpr>(strip_object(written))) return false;
    return true;
  };
  for (const auto* attribute : callee->specific_attrs<clang::AcquireCapabilityAttr>()) {
    if (on_guard(*attribute)) operations.push_back(operation_of(Kind::GuardLock, {}, guard));
    else operations.push_back(operation_of(Kind::Acquire, capabilities(*attribute, call, function, attribute->isShared()), nullptr));
  }
  for (const auto* attribute : callee->specific_attrs<clang::ReleaseCapabilityAttr>()) {
    if (on_guard(*attribute)) operations.push_back(operation_of(Kind::GuardUnlock, {}, guard));
    else operations.push_back(operation_of(Kind::Release, capabilities(*attribute, call, function, attribute->isShared()), nullptr));
  }
  for (const auto* attribute : callee->specific_attrs<clang::TryAcquireCapabilityAttr>()) {
    bool success = is_true_value(attribute->getSuccessValue(), callee->getASTContext());
    if (on_guard(*attribute))
      operations.push_back(operation_of(Kind::GuardTryLock, {}, guard, success_when(success)));
    else
      operations.push_back(operation_of(Kind::TryAcquire, capabilities(*attribute, call, function, attribute->isShared()),
                                        nullptr, success_when(success)));
  }
  // assert_capability: the caller is known to hold it from here on (no hold of its own).
  for (const auto* attribute : callee->specific_attrs<clang::AssertCapabilityAttr>())
    operations.push_back(operation_of(Kind::Assert, capabilities(*attribute, call, function, attribute->isShared()), nullptr));
  // The older spellings exclusive_trylock_function / shared_trylock_function.
  for (const auto* attribute : callee->specific_attrs<clang::ExclusiveTrylockFunctionAttr>())
    operations.push_back(operation_of(Kind::TryAcquire, capabilities(*attribute, call, function, false), nullptr,
                          success_when(is_true_value(attribute->getSuccessValue(), callee->getASTContext()))));
  for (const auto* attribute : callee->specific_attrs<clang::SharedTrylockFunctionAttr>())
    operations.push_back(operation_of(Kind::TryAcquire, capabilities(*attribute, call, function, true), nullptr,
                          success_when(is_true_value(attribute->getSuccessValue(), callee->getASTContext()))));
  return operations;
}

struct NamedOperation {
  std::string_view name;
  Kind kind;
  bool shared;
};

// Methods of std mutexes (and of unannotated capability classes with the same interface).
constexpr std::array<NamedOperation, 10> kLockMethods = {{
    {"lock", Kind::Acquire, false},
    {"unlock", Kind::Release, false},
    {"try_lock", Kind::TryAcquire, false},
    {"try_lock_for", Kind::TryAcquire, false},
    {"try_lock_until", Kind::TryAcquire, false},
    {"lock_shared", Kind::Acquire, true},
    {"unlock_shared", Kind::Release, true},
    {"try_lock_shared", Kind::TryAcquire, true},
    {"try_lock_shared_for", Kind::TryAcquire, true},
    {"try_lock_shared_until", Kind::TryAcquire, true},
}};

// Methods of std::unique_lock / shared_lock (and unannotated scoped_lockable classes).
constexpr std::array<NamedOperation, 7> kGuardMethods = {{
    {"lock", Kind::GuardLock, false},
    {"unlock", Kind::GuardUnlock, false},
    {"try_lock", Kind::GuardTryLock, false},
    {"try_lock_for", Kind::GuardTryLock, false},
    {"try_lock_until", Kind::GuardTryLock, false},
    {"release", Kind::GuardRelease, false},
    {"owns_lock", Kind::GuardTest, false},
}};

// pthread and C11 threads: the lock is the first argument; 0 (thrd_success) is success.
constexpr std::array<NamedOperation, 25> kCFunctions = {{
    {"pthread_mutex_lock", Kind::Acquire, false},
    {"pthread_mutex_unlock", Kind::Release, false},
    {"pthread_mutex_trylock", Kind::TryAcquire, false},
    {"pthread_mutex_timedlock", Kind::TryAcquire, false},
    {"pthread_mutex_clocklock", Kind::TryAcquire, false},
    {"pthread_rwlock_rdlock", Kind::Acquire, true},
    {"pthread_rwlock_wrlock", Kind::Acquire, false},
    {"pthread_rwlock_unlock", Kind::Release, false},
    {"pthread_rwlock_tryrdlock", Kind::TryAcquire, true},
    {"pthread_rwlock_trywrlock", Kind::TryAcquire, false},
    {"pthread_rwlock_timedrdlock", Kind::TryAcquire, true},
    {"pthread_rwlock_timedwrlock", Kind::TryAcquire, false},
    {"pthread_rwlock_clockrdlock", Kind::TryAcquire, true},
    {"pthread_rwlock_clockwrlock", Kind::TryAcquire, false},
    {"pthread_spin_lock", Kind::Acquire, false},
    {"pthread_spin_unlock", Kind::Release, false},
    {"pthread_spin_trylock", Kind::TryAcquire, false},
    {"mtx_lock", Kind::Acquire, false},
    {"mtx_unlock", Kind::Release, false},
    {"mtx_trylock", Kind::TryAcquire, false},
    {"mtx_timedlock", Kind::TryAcquire, false},
    // The glibc-internal spellings some code calls directly.
    {"__pthread_mutex_lock", Kind::Acquire, false},
    {"__pthread_mutex_unlock", Kind::Release, false},
    {"__pthread_mutex_trylock", Kind::TryAcquire, false},
    {"__pthread_rwlock_unlock", Kind::Release, false},
}};

template <std::size_t N>
const NamedOperation* find_operation(const std::array<NamedOperation, N>& table, llvm::StringRef name) {
  for (const NamedOperation& entry : table)
    if (entry.name == std::string_view(name.data(), name.size())) return &entry;
  return nullptr;
}

bool is_free_c_function(const clang::FunctionDecl& callee) {
  return callee.getIdentifier() != nullptr && callee.getDeclContext()->getRedeclContext()->isTranslationUnit();
}

bool has_lock_attributes(const clang::FunctionDecl& callee) {
  return callee.hasAttr<clang::AcquireCapabilityAttr>() || callee.hasAttr<clang::ReleaseCapabilityAttr>() ||
         callee.hasAttr<clang::TryAcquireCapabilityAttr>() || callee.hasAttr<clang::ExclusiveTrylockFunctionAttr>() ||
         callee.hasAttr<clang::SharedTrylockFunctionAttr>() || callee.hasAttr<clang::AssertCapabilityAttr>();
}

std::optional<GuardStart> start_from_construct(const clang::VarDecl* var, const clang::CXXConstructExpr& construct,
                                               const clang::Decl* function, int depth);

// A guard member (`std::unique_lock<std::mutex> lk_{mu_, std::defer_lock};`) is associated
// with the locks its initialiser names, in the class's names: from its default member
// initialiser, or else from the constructors' initialisers when they all agree.
std::vector<HeldLock> member_guard_locks(const clang::FieldDecl& field) {
  auto locks_of = [&](const clang::Expr* init, const clang::Decl* context) -> std::optional<std::vector<HeldLock>> {
    const auto* construct = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(strip_object(init));
    if (construct == nullptr) return std::nullopt;
    auto start = start_from_construct(nullptr, *construct, context, 0);
    if (!start || start->mode == GuardStart::Mode::MoveFrom) return std::nullopt;
    return start->locks;
  };
  if (field.hasInClassInitializer())
    if (auto locks = locks_of(field.getInClassInitializer(), &field)) return *locks;
  const auto* record = llvm::dyn_cast<clang::CXXRecordDecl>(field.getParent());
  if (record == nullptr) return {};
  std::optional<std::vector<HeldLock>> agreed;
  for (const clang::CXXConstructorDecl* constructor : record->ctors()) {
    const clang::CXXConstructorDecl* definition =
        llvm::dyn_cast_or_null<clang::CXXConstructorDecl>(constructor->getDefinition());
    if (definition == nullptr || definition->isCopyOrMoveConstructor()) continue;
    for (const clang::CXXCtorInitializer* init : definition->inits()) {
      if (init->getAnyMember() != &field || !init->isWritten()) continue;
      auto locks = locks_of(init->getInit(), definition);
      if (!locks || (agreed && *agreed != *locks)) return {};
      agreed = std::move(locks);
    }
  }
  return agreed.value_or(std::vector<HeldLock>{});
}

// The guard member `object` denotes, when it is one (lk_ in lk_.unlock()).
const clang::FieldDecl* guard_member(const clang::Expr* object) {
  const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(strip_object(object));
  if (member == nullptr) return nullptr;
  const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
  if (field == nullptr || !is_guard_type(field->getType()) || field->getType()->isReferenceType()) return nullptr;
  return field;
}

std::vector<LockOperation> method_operations(const clang::CallExpr& call, const CallShape& shape,
                                             const clang::Decl* function) {
  const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call);
  if (member_call == nullptr || shape.object == nullptr) return {};
  clang::QualType object_type = member_call->getObjectType();
  if (const clang::VarDecl* guard = guard_variable(shape.object)) {
    if (llvm::isa<clang::CXXConversionDecl>(shape.callee)) return {operation_of(Kind::GuardTest, {}, guard)};
    if (shape.callee->getIdentifier() == nullptr) return {};
    if (const NamedOperation* entry = find_operation(kGuardMethods, shape.callee->getName()))
      return {operation_of(entry->kind, {}, guard)};
    return {};
  }
  // A guard member outlives the call: its lock() and unlock() act on its locks by hand,
  // with no scope exit to release them.
  if (const clang::FieldDecl* field = guard_member(shape.object)) {
    if (shape.callee->getIdentifier() == nullptr) return {};
    const NamedOperation* entry = find_operation(kGuardMethods, shape.callee->getName());
    if (entry == nullptr) return {};
    std::vector<HeldLock> locks = member_guard_locks(*field);
    if (locks.empty()) return {};
    if (entry->kind == Kind::GuardLock) return {operation_of(Kind::Acquire, std::move(locks), nullptr)};
    if (entry->kind == Kind::GuardUnlock) return {operation_of(Kind::Release, std::move(locks), nullptr)};
    if (entry->kind == Kind::GuardTryLock) return {operation_of(Kind::TryAcquire, std::move(locks), nullptr)};
    return {};
  }
  if (!is_lock_type(object_type) || shape.callee->getIdentifier() == nullptr) return {};
  const NamedOperation* entry = find_operation(kLockMethods, shape.callee->getName());
  if (entry == nullptr) return {};
  // An unnameable lock (locks_[i % n]->lock() through a pointer) is still an acquire.
  LockOperation operation = operation_of(entry->kind, {}, nullptr);
  if (auto name = lock_name(*shape.object, function)) operation.locks.push_back({*name, entry->shared});
  return {operation};
}

}  // namespace

std::vector<HeldLock> required_locks(const clang::FunctionDecl& function) {
  // Seen from inside the function: its parameters and fields name themselves.
  std::vector<HeldLock> locks;
  for (const auto* attribute : function.specific_attrs<clang::RequiresCapabilityAttr>()) {
    for (const clang::Expr* written : attribute->args()) {
      const clang::Expr* stripped = strip_object(written);
      if (llvm::isa<clang::CXXThisExpr>(stripped) || llvm::isa<clang::StringLiteral>(stripped)) continue;
      if (auto name = lock_name(*stripped, &function)) locks.push_back({*name, attribute->isShared()});
    }
  }
  return locks;
}

std::vector<LockOperation> lock_operations(const clang::CallExpr& call, const clang::Decl* function) {
  CallShape shape = shape_of(call);
  if (shape.callee == nullptr || call.isTypeDependent() || call.isValueDependent()) return {};
  if (has_lock_attributes(*shape.callee)) return annotated_operations(shape, function);
  if (auto methods = method_operations(call, shape, function); !methods.empty()) return methods;
  if (llvm::isa<clang::CXXMethodDecl>(shape.callee)) return {};
  // std::lock(a, b, ...): all of them, deadlock-free; released by hand or adopting guards.
  // std::try_lock(a, b, ...): all of them when it returns -1, none otherwise. Either may
  // be given guards (deferred unique_locks): those lock what they wrap and then own it.
  if (std::string_view name = std_function_name(shape.callee); name == "lock" || name == "try_lock") {
    bool is_try = name == "try_lock";
    LockOperation mutexes = operation_of(is_try ? Kind::TryAcquire : Kind::Acquire, {}, nullptr, Success::MinusOne);
    std::vector<LockOperation> operations;
    for (const clang::Expr* arg : shape.args) {
      if (const clang::VarDecl* guard = guard_variable(arg)) {
        if (is_try) mutexes.guards.push_back(guard);
        else operations.push_back(operation_of(Kind::GuardLock, {}, guard));
      } else if (is_guard_type(arg->getType())) {
        continue;  // a guard not held in a local variable: what it wraps is unknown
      } else if (auto lock = lock_name(*arg, function)) {
        mutexes.locks.push_back({*lock, false});
      }
    }
    operations.insert(operations.begin(), std::move(mutexes));
    return operations;
  }
  if (!is_free_c_function(*shape.callee) || shape.args.empty()) return {};
  const NamedOperation* entry = find_operation(kCFunctions, shape.callee->getName());
  if (entry == nullptr) return {};
  LockOperation operation = operation_of(entry->kind, {}, nullptr, Success::Zero);
  if (auto name = lock_name(*shape.args.front(), function)) operation.locks.push_back({*name, entry->shared});
  return {operation};
}

namespace {

std::optional<GuardStart> start_from_construct(const clang::VarDecl* var, const clang::CXXConstructExpr& construct,
                                               const clang::Decl* function, int depth) {
  const clang::CXXConstructorDecl* constructor = construct.getConstructor();
  if (constructor == nullptr || !is_guard_type(construct.getType())) return std::nullopt;
  GuardStart start;
  start.guard = var;
  if (constructor->isCopyOrMoveConstructor() && construct.getNumArgs() >= 1) {
    const clang::Expr* source = strip_object(construct.getArg(0));
    if (const clang::VarDecl* other = guard_variable(source)) {
      start.mode = GuardStart::Mode::MoveFrom;
      start.moved_from = other;
      return start;
    }
    // Before C++17 a guard made from a temporary guard is a move of that temporary.
    if (const auto* inner = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(source); inner != nullptr && depth < 4)
      return start_from_construct(var, *inner, function, depth + 1);
    return std::nullopt;
  }
  CallShape shape;
  shape.callee = constructor;
  for (const clang::Expr* arg : construct.arguments()) shape.args.push_back(arg);
  if (has_lock_attributes(*constructor)) {
    // A SCOPED_CAPABILITY constructor says what it takes: ACQUIRE(mu) / ACQUIRE_SHARED(mu).
    for (const auto* attribute : constructor->specific_attrs<clang::AcquireCapabilityAttr>())
      for (HeldLock& lock : capabilities(*attribute, shape, function, attribute->isShared()))
        start.locks.push_back(std::move(lock));
    if (constructor->hasAttr<clang::ReleaseCapabilityAttr>()) return std::nullopt;  // a scoped *unlock*
    return start;
  }
  bool shared = std_class_name(construct.getType()) == "shared_lock";
  for (const clang::Expr* arg : shape.args) {
    std::string_view tag = std_class_name(arg->getType());
    if (tag == "defer_lock_t") start.mode = GuardStart::Mode::Defer;
    else if (tag == "try_to_lock_t") start.mode = GuardStart::Mode::TryLock;
    else if (tag == "adopt_lock_t") start.mode = GuardStart::Mode::Adopt;
    else if (tag == "duration" || tag == "time_point") start.mode = GuardStart::Mode::TryLock;  // try_lock_for/until
    else if (is_lock_type(arg->getType()) || is_lock_type(arg->getType()->getPointeeType())) {
      if (auto name = lock_name(*arg, function)) start.locks.push_back({*name, shared});
    } else if (arg->getType()->getAsCXXRecordDecl() != nullptr) {
      start.lockables.push_back(arg);
    }
  }
  return start;
}

}  // namespace

std::optional<GuardStart> guard_start(const clang::VarDecl& var, const clang::Decl* function) {
  if (!is_guard_type(var.getType()) || var.getType()->isReferenceType() || var.getInit() == nullptr) return std::nullopt;
  const auto* construct = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(strip_object(var.getInit()));
  if (construct == nullptr) return std::nullopt;
  return start_from_construct(&var, *construct, function, 0);
}

std::optional<GuardStart> guard_start_of(const clang::CXXConstructExpr& construct, const clang::Decl* function) {
  return start_from_construct(nullptr, construct, function, 0);
}

}  // namespace hawk::audit
