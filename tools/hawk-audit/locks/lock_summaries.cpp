#include "locks/lock_summaries.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/Basic/SourceManager.h>

#include "locks/lock_names.h"
#include "locks/per_ast.h"
#include "locks/lock_types.h"
#include "locks/lockset_analysis.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// A call chain deeper than this is summarised as doing nothing: it bounds the native
// stack (each level is a LocksetAnalysis) on pathological code.
constexpr std::size_t kMaxDepth = 32;

// Callee lock name -> caller lock name (nullopt: the caller's argument has no name).
using Renames = std::vector<std::pair<std::string, std::optional<std::string>>>;

// One summary registry per live ASTContext, dropped by the context's own destructor, so
// a new AST at a reused address never sees stale declarations.
// `name` in the caller's names: a renamed base keeps its `[]` suffix (f::locks[]).
std::optional<std::string> rename(const std::string& name, const Renames& renames) {
  for (const auto& [from, to] : renames) {
    bool whole = name == from;
    bool element = name.size() > from.size() && name.compare(0, from.size(), from) == 0 && name[from.size()] == '[';
    if (!whole && !element) continue;
    if (!to) return std::nullopt;
    return *to + name.substr(from.size());
  }
  return name;
}

std::vector<HeldLock> rename_all(const std::vector<HeldLock>& locks, const Renames& renames) {
  std::vector<HeldLock> renamed;
  for (const HeldLock& lock : locks)
    if (auto name = rename(lock.lock, renames)) renamed.push_back({*name, lock.shared});
  std::sort(renamed.begin(), renamed.end());
  renamed.erase(std::unique(renamed.begin(), renamed.end(),
                            [](const HeldLock& a, const HeldLock& b) { return a.lock == b.lock; }),
                renamed.end());
  return renamed;
}

bool names_lock(const std::vector<HeldLock>& locks, const std::string& name) {
  return std::any_of(locks.begin(), locks.end(), [&](const HeldLock& lock) { return lock.lock == name; });
}

bool all_named_in(const std::vector<HeldLock>& locks, const std::vector<HeldLock>& among) {
  return std::all_of(locks.begin(), locks.end(), [&](const HeldLock& lock) { return names_lock(among, lock.lock); });
}

// Each parameter of `definition` as its body names it, to the caller's argument.
Renames parameter_renames(const clang::FunctionDecl& definition, const std::vector<const clang::Expr*>& args,
                          const clang::Decl* caller) {
  Renames renames;
  unsigned count = std::min<unsigned>(definition.getNumParams(), static_cast<unsigned>(args.size()));
  for (unsigned i = 0; i < count; ++i) {
    auto from = lock_name_of(*definition.getParamDecl(i), &definition);
    if (from) renames.emplace_back(*from, lock_name(*args[i], caller));
  }
  return renames;
}

// The same from a summary made in another unit, which recorded its parameters' names.
Renames parameter_renames(const ExternalLockSummary& external, const std::vector<const clang::Expr*>& args,
                          const clang::Decl* caller) {
  Renames renames;
  std::size_t count = std::min(external.parameter_locks.size(), args.size());
  for (std::size_t i = 0; i < count; ++i)
    if (!external.parameter_locks[i].empty()) renames.emplace_back(external.parameter_locks[i], lock_name(*args[i], caller));
  return renames;
}

// Reference and pointer members a constructor initialises from something nameable
// (`m_(m)`, `m_(&m)`, `m_(g_mu)`), renamed through `parameters` into the caller's names.
Renames member_renames(const clang::CXXConstructorDecl& constructor, const Renames& parameters) {
  Renames renames;
  for (const clang::CXXCtorInitializer* init : constructor.inits()) {
    const clang::FieldDecl* member = init->getAnyMember();
    if (member == nullptr || init->getInit() == nullptr) continue;
    clang::QualType type = member->getType();
    if (!type->isReferenceType() && !type->isPointerType()) continue;
    auto from = lock_name_of(*member, &constructor);
    auto source = lock_name(*init->getInit(), &constructor);
    if (!from || !source) continue;
    renames.emplace_back(*from, rename(*source, parameters));
  }
  return renames;
}

// A lock, or an object with a lock inside (a wrapper around one).
bool holds_lock(clang::QualType type, int depth) {
  if (is_lock_type(type)) return true;
  const clang::CXXRecordDecl* record = type->getAsCXXRecordDecl();
  if (record == nullptr || !record->hasDefinition() || depth > 8) return false;
  for (const clang::FieldDecl* field : record->getDefinition()->fields())
    if (!field->getType()->isReferenceType() && !field->getType()->isPointerType() &&
        holds_lock(field->getType(), depth + 1))
      return true;
  return false;
}

// The members of `record` and its bases that are (or hold) locks, by the name summaries
// give them (`SpinLock::mu_`), with the field's own name. References and pointers to
// locks elsewhere are not the object's own: member_renames deals with those.
void own_lock_members(const clang::CXXRecordDecl& record, std::vector<std::pair<std::string, std::string>>& out,
                      int depth = 0) {
  const clang::CXXRecordDecl* definition = record.getDefinition();
  if (definition == nullptr || depth > 8) return;
  for (const clang::FieldDecl* field : definition->fields()) {
    clang::QualType type = field->getType();
    if (type->isReferenceType() || type->isPointerType() || !holds_lock(type, 0)) continue;
    if (auto name = lock_name_of(*field, nullptr)) out.emplace_back(*name, field->getNameAsString());
  }
  for (const clang::CXXBaseSpecifier& base : definition->bases())
    if (const clang::CXXRecordDecl* base_record = base.getType()->getAsCXXRecordDecl())
      own_lock_members(*base_record, out, depth + 1);
}

// A class whose whole state is locks: an unannotated lock (`class Mutex { std::mutex mu_; }`).
// A class with data besides keeps class-level lock names, as its fields have.
bool is_lock_wrapper(const clang::CXXRecordDecl& record, int depth = 0) {
  const clang::CXXRecordDecl* definition = record.getDefinition();
  if (definition == nullptr || depth > 8) return false;
  bool any = false;
  for (const clang::FieldDecl* field : definition->fields()) {
    clang::QualType type = field->getType();
    if (type->isReferenceType() || type->isPointerType() || !holds_lock(type, 0)) return false;
    const clang::CXXRecordDecl* inner = type->getAsCXXRecordDecl();
    if (!is_lock_type(type) && (inner == nullptr || !is_lock_wrapper(*inner, depth + 1))) return false;
    any = true;
  }
  for (const clang::CXXBaseSpecifier& base : definition->bases()) {
    const clang::CXXRecordDecl* base_record = base.getType()->getAsCXXRecordDecl();
    if (base_record == nullptr || !is_lock_wrapper(*base_record, depth + 1)) return false;
    any = true;
  }
  return any;
}

// A method of a lock wrapper called on a nameable object (`a_.Lock()`, `g_mu.Lock()`,
// `m.Lock()`) locks that object, not every instance: the wrapper's lock members become
// the object (`SpinLock::mu_` -> `Outer::a_`), or `object.member` when it has several.
// Called on `this` (inside the class itself) they keep the class's names.
Renames instance_renames(const clang::CXXMethodDecl& method, const clang::Expr& object, const clang::Decl* caller) {
  if (!method.isInstance() || !is_lock_wrapper(*method.getParent())) return {};
  auto object_name = lock_name(object, caller);
  if (!object_name) return {};
  std::vector<std::pair<std::string, std::string>> members;
  own_lock_members(*method.getParent(), members);
  Renames renames;
  for (const auto& [name, field] : members)
    renames.emplace_back(name, members.size() == 1 ? *object_name : *object_name + "." + field);
  return renames;
}

// The object a call of an instance method is made on; null for other calls.
const clang::Expr* call_object(const clang::CallExpr& call) {
  if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call))
    return member_call->getImplicitObjectArgument();
  const auto* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(call.getDirectCallee());
  if (llvm::isa<clang::CXXOperatorCallExpr>(call) && method != nullptr && method->isInstance() && call.getNumArgs() > 0)
    return call.getArg(0);
  return nullptr;
}

const clang::Expr* strip_initialiser(const clang::Expr* expr) {
  for (int depth = 0; expr != nullptr && depth < 16; ++depth) {
    const clang::Expr* next = expr->IgnoreParenImpCasts();
    if (const auto* cleanups = llvm::dyn_cast<clang::ExprWithCleanups>(next)) next = cleanups->getSubExpr();
    else if (const auto* temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(next)) next = temporary->getSubExpr();
    else if (const auto* bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(next)) next = bind->getSubExpr();
    else if (const auto* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(next)) next = cast->getSubExpr();
    if (next == expr) return expr;
    expr = next;
  }
  return expr;
}

// The return statements of a body, lambdas' excluded.
void collect_returns(const clang::Stmt* stmt, std::vector<const clang::ReturnStmt*>& out) {
  if (stmt == nullptr || llvm::isa<clang::LambdaExpr>(stmt)) return;
  if (const auto* returned = llvm::dyn_cast<clang::ReturnStmt>(stmt)) out.push_back(returned);
  for (const clang::Stmt* child : stmt->children()) collect_returns(child, out);
}

// What guard a returned expression is: one made right there, or a local guard variable
// (moved out, or elided).
std::optional<GuardStart> returned_guard_start(const clang::Expr* value, const clang::FunctionDecl& function) {
  const clang::Expr* stripped = strip_initialiser(value);
  if (const auto* construct = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(stripped)) {
    if (construct->getConstructor() != nullptr && construct->getConstructor()->isCopyOrMoveConstructor() &&
        construct->getNumArgs() == 1)
      stripped = strip_initialiser(construct->getArg(0));
    else
      return guard_start_of(*construct, &function);
  }
  const auto* ref = llvm::dyn_cast_or_null<clang::DeclRefExpr>(stripped);
  const auto* local = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
  if (local == nullptr || !local->hasLocalStorage()) return std::nullopt;
  return guard_start(*local, &function);
}

bool declares_lock_effects(const clang::FunctionDecl& function) {
  return function.hasAttr<clang::AcquireCapabilityAttr>() || function.hasAttr<clang::ReleaseCapabilityAttr>() ||
         function.hasAttr<clang::TryAcquireCapabilityAttr>() || function.hasAttr<clang::AssertCapabilityAttr>() ||
         function.hasAttr<clang::ExclusiveTrylockFunctionAttr>() || function.hasAttr<clang::SharedTrylockFunctionAttr>();
}

}  // namespace

LockSummaries& LockSummaries::of(clang::ASTContext& context) { return per_ast<LockSummaries>(context); }

std::vector<std::string> LockSummaries::parameter_lock_names(const clang::FunctionDecl& definition) {
  std::vector<std::string> names;
  for (const clang::ParmVarDecl* parameter : definition.parameters())
    names.push_back(lock_name_of(*parameter, &definition).value_or(""));
  return names;
}

std::vector<std::pair<std::string, std::string>> LockSummaries::member_lock_sources(
    const clang::CXXConstructorDecl& definition) {
  std::vector<std::pair<std::string, std::string>> sources;
  for (auto& [member, source] : member_renames(definition, {}))
    if (source) sources.emplace_back(member, *source);
  return sources;
}

const ExternalLockSummary* LockSummaries::external_entry(const clang::FunctionDecl& callee) {
  if (external_ == nullptr) return nullptr;
  const clang::FunctionDecl* canonical = callee.getCanonicalDecl();
  auto [it, inserted] = external_entries_.try_emplace(canonical, nullptr);
  if (!inserted) return it->second;
  // As for a body here: annotated functions and library code are known otherwise.
  if (declares_lock_effects(callee) || is_in_std(callee) || callee.isDependentContext() ||
      context_.getSourceManager().isInSystemHeader(callee.getLocation()))
    return nullptr;
  it->second = external_->find(callee);
  return it->second;
}

const LockSummary* LockSummaries::external_summary(const clang::FunctionDecl& callee) {
  const ExternalLockSummary* entry = external_entry(callee);
  if (entry == nullptr) return nullptr;
  auto [it, inserted] = external_done_.try_emplace(callee.getCanonicalDecl());
  if (inserted) it->second = {entry->acquires, entry->releases};
  return it->second.empty() ? nullptr : &it->second;
}

const LockSummary* LockSummaries::summary(const clang::FunctionDecl& callee) {
  const clang::FunctionDecl* definition = callee.getDefinition();
  if (definition == nullptr) return external_summary(callee);
  if (!definition->doesThisDeclarationHaveABody()) return nullptr;
  if (auto done = done_.find(definition); done != done_.end()) return done->second.empty() ? nullptr : &done->second;
  // Annotations say what the function does (lock_operations reads them); library code
  // is known by name or is no lock wrapper.
  if (declares_lock_effects(*definition) || is_in_std(*definition) || definition->isDependentContext() ||
      context_.getSourceManager().isInSystemHeader(definition->getLocation()))
    return nullptr;
  // A cycle (or a chain too deep) is summarised as nothing, and not remembered: the
  // function is summarised properly once its own analysis completes.
  if (in_progress_.count(definition) != 0 || in_progress_.size() >= kMaxDepth) return nullptr;
  in_progress_.insert(definition);
  LockSummary computed;
  {
    LocksetAnalysis analysis(*definition, context_);
    computed.acquires = analysis.acquires_on_return();
    computed.releases = analysis.releases_on_return();
  }
  in_progress_.erase(definition);
  auto [it, inserted] = done_.try_emplace(definition, std::move(computed));
  return it->second.empty() ? nullptr : &it->second;
}

std::vector<LockOperation> LockSummaries::call_operations(
    const clang::CallExpr& call, const clang::Decl* caller,
    const std::unordered_map<const clang::VarDecl*, WrapperGuard>& guards) {
  const clang::FunctionDecl* callee = call.getDirectCallee();
  if (callee == nullptr || call.isTypeDependent() || call.isValueDependent()) return {};
  const LockSummary* effects = summary(*callee);
  if (effects == nullptr) return {};
  const clang::FunctionDecl* definition = callee->getDefinition();
  const ExternalLockSummary* external = definition == nullptr ? external_entry(*callee) : nullptr;
  if (definition == nullptr && external == nullptr) return {};
  std::vector<const clang::Expr*> args;
  unsigned first = 0;
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(callee);
  if (llvm::isa<clang::CXXOperatorCallExpr>(call) && method != nullptr && method->isInstance()) first = 1;
  for (unsigned i = first; i < call.getNumArgs(); ++i) args.push_back(call.getArg(i));
  Renames renames =
      definition != nullptr ? parameter_renames(*definition, args, caller) : parameter_renames(*external, args, caller);
  // A method of a wrapper guard on the guard variable: the guard's members are its locks.
  const WrapperGuard* guard = nullptr;
  const clang::VarDecl* guard_var = nullptr;
  if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
    const clang::Expr* object = member_call->getImplicitObjectArgument();
    const auto* ref = object == nullptr ? nullptr : llvm::dyn_cast<clang::DeclRefExpr>(object->IgnoreParenImpCasts());
    if (const auto* var = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) {
      if (auto found = guards.find(var); found != guards.end()) {
        guard = &found->second;
        guard_var = var;
        renames.insert(renames.end(), guard->renames.begin(), guard->renames.end());
      }
    }
  }
  if (const clang::Expr* object = call_object(call); object != nullptr && method != nullptr) {
    Renames own = instance_renames(*method, *object, caller);
    renames.insert(renames.end(), own.begin(), own.end());
  }
  std::vector<LockOperation> operations;
  auto add = [&](LockOperation::Kind by_hand, LockOperation::Kind by_guard, std::vector<HeldLock> locks) {
    if (locks.empty()) return;
    LockOperation operation;
    if (guard != nullptr && !guard->locks.empty() && all_named_in(locks, guard->locks)) {
      operation.kind = by_guard;
      operation.guard = guard_var;
    } else {
      operation.kind = by_hand;
      operation.locks = std::move(locks);
    }
    operations.push_back(std::move(operation));
  };
  using Kind = LockOperation::Kind;
  add(Kind::Release, Kind::GuardUnlock, rename_all(effects->releases, renames));
  add(Kind::Acquire, Kind::GuardLock, rename_all(effects->acquires, renames));
  return operations;
}

std::vector<HeldLock> LockSummaries::in_caller_names(const clang::CallExpr& call, const clang::Decl* caller,
                                                     const std::vector<HeldLock>& callee_locks) {
  const clang::FunctionDecl* callee = call.getDirectCallee();
  const clang::FunctionDecl* definition = callee == nullptr ? nullptr : callee->getDefinition();
  if (definition == nullptr) return callee_locks;
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(callee);
  unsigned first = llvm::isa<clang::CXXOperatorCallExpr>(call) && method != nullptr && method->isInstance() ? 1 : 0;
  std::vector<const clang::Expr*> args;
  for (unsigned i = first; i < call.getNumArgs(); ++i) args.push_back(call.getArg(i));
  Renames renames = parameter_renames(*definition, args, caller);
  if (const clang::Expr* object = call_object(call); object != nullptr && method != nullptr) {
    Renames own = instance_renames(*method, *object, caller);
    renames.insert(renames.end(), own.begin(), own.end());
  }
  return rename_all(callee_locks, renames);
}

std::vector<HeldLock> LockSummaries::lockable_locks(const clang::Expr& object, bool shared, const clang::Decl* caller) {
  clang::QualType type = object.getType().getNonReferenceType();
  if (type->isPointerType()) type = type->getPointeeType();
  const clang::CXXRecordDecl* record = type->getAsCXXRecordDecl();
  if (record == nullptr || !record->hasDefinition()) return {};
  for (const clang::CXXMethodDecl* method : record->getDefinition()->methods()) {
    if (method->getIdentifier() == nullptr || method->getName() != (shared ? "lock_shared" : "lock") ||
        method->getNumParams() != 0)
      continue;
    const LockSummary* effects = summary(*method);
    if (effects == nullptr) return {};
    std::vector<HeldLock> locks = rename_all(effects->acquires, instance_renames(*method, object, caller));
    for (HeldLock& lock : locks) lock.shared = lock.shared || shared;
    return locks;
  }
  return {};
}

std::optional<GuardStart> LockSummaries::returned_guard(const clang::VarDecl& var, const clang::Decl* caller) {
  if (!var.hasLocalStorage() || var.getType()->isReferenceType() || !is_guard_type(var.getType()) ||
      var.getInit() == nullptr)
    return std::nullopt;
  const clang::Expr* init = strip_initialiser(var.getInit());
  // Before C++17, a move from the call's temporary.
  if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(init);
      construct != nullptr && construct->getNumArgs() == 1 && construct->getConstructor() != nullptr &&
      construct->getConstructor()->isCopyOrMoveConstructor())
    init = strip_initialiser(construct->getArg(0));
  const auto* call = llvm::dyn_cast<clang::CallExpr>(init);
  const clang::FunctionDecl* callee = call == nullptr ? nullptr : call->getDirectCallee();
  const clang::FunctionDecl* definition = callee == nullptr ? nullptr : callee->getDefinition();
  if (definition == nullptr || !definition->hasBody() || is_in_std(*definition) || definition->isDependentContext() ||
      context_.getSourceManager().isInSystemHeader(definition->getLocation()))
    return std::nullopt;
  std::vector<const clang::ReturnStmt*> returns;
  collect_returns(definition->getBody(), returns);
  std::optional<GuardStart> agreed;
  for (const clang::ReturnStmt* returned : returns) {
    std::optional<GuardStart> start = returned_guard_start(returned->getRetValue(), *definition);
    if (!start || start->mode == GuardStart::Mode::MoveFrom || !start->lockables.empty() || start->locks.empty())
      return std::nullopt;
    if (start->mode == GuardStart::Mode::Adopt) start->mode = GuardStart::Mode::Lock;  // taken in the callee
    if (agreed && (agreed->mode != start->mode || agreed->locks != start->locks)) return std::nullopt;
    agreed = std::move(start);
  }
  if (!agreed) return std::nullopt;
  std::vector<HeldLock> locks = in_caller_names(*call, caller, agreed->locks);
  if (locks.size() != agreed->locks.size()) return std::nullopt;
  GuardStart start;
  start.mode = agreed->mode;
  start.guard = &var;
  start.locks = std::move(locks);
  return start;
}

std::optional<WrapperGuard> LockSummaries::wrapper_guard(const clang::VarDecl& var, const clang::Decl* caller) {
  if (!var.hasLocalStorage() || var.getType()->isReferenceType() || is_guard_type(var.getType())) return std::nullopt;
  const clang::CXXRecordDecl* record = var.getType()->getAsCXXRecordDecl();
  if (record == nullptr || !record->hasDefinition() || var.getInit() == nullptr) return std::nullopt;
  const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(strip_initialiser(var.getInit()));
  if (construct == nullptr || construct->getConstructor() == nullptr ||
      construct->getConstructor()->isCopyOrMoveConstructor())
    return std::nullopt;
  const clang::CXXConstructorDecl* constructor = construct->getConstructor();
  const LockSummary* made = summary(*constructor);
  if (made == nullptr) return std::nullopt;
  const auto* definition = llvm::cast_or_null<clang::CXXConstructorDecl>(constructor->getDefinition());
  std::vector<const clang::Expr*> args(construct->arg_begin(), construct->arg_end());
  Renames parameters;
  Renames members;
  if (definition != nullptr) {
    parameters = parameter_renames(*definition, args, caller);
    members = member_renames(*definition, parameters);
  } else if (const ExternalLockSummary* external = external_entry(*constructor)) {
    parameters = parameter_renames(*external, args, caller);
    for (const auto& [member, source] : external->member_lock_sources) members.emplace_back(member, rename(source, parameters));
  }
  Renames renames = parameters;
  renames.insert(renames.end(), members.begin(), members.end());

  WrapperGuard guard;
  guard.renames = members;
  guard.released = rename_all(made->releases, renames);
  std::vector<HeldLock> released_at_exit;
  if (const clang::CXXDestructorDecl* destructor = record->getDefinition()->getDestructor())
    if (const LockSummary* unmade = summary(*destructor)) released_at_exit = rename_all(unmade->releases, members);
  for (HeldLock& lock : rename_all(made->acquires, renames)) {
    if (names_lock(released_at_exit, lock.lock)) guard.locks.push_back(std::move(lock));
    else guard.also_acquired.push_back(std::move(lock));
  }
  if (guard.locks.empty() && guard.also_acquired.empty() && guard.released.empty()) return std::nullopt;
  return guard;
}

}  // namespace hawk::audit
