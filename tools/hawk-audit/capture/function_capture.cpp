#include "capture/function_capture.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>

#include "capture/access_classifier.h"
#include "capture/annotation_positions.h"
#include "capture/atomic_types.h"
#include "capture/callable_parameters.h"
#include "capture/callee_effects.h"
#include "capture/class_concurrency.h"
#include "capture/check_then_act.h"
#include "capture/decl_keys.h"
#include "capture/fresh_objects.h"
#include "capture/once_passages.h"
#include "capture/function_keys.h"
#include "capture/lambda_run_points.h"
#include "capture/local_aliases.h"
#include "capture/once_calls.h"
#include "capture/return_escapes.h"
#include "capture/stmt_parents.h"
#include "capture/sync_events.h"
#include "capture/thread_phases.h"
#include "capture/queued_callables.h"
#include "capture/thread_starts.h"
#include "capture/unit_models.h"
#include "capture/thread_summaries.h"
#include "locks/lock_names.h"
#include "locks/lock_summaries.h"
#include "locks/lock_types.h"
#include "locks/lockset_analysis.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// How far an owned object's parts and initialisers are followed.
constexpr int kMaxOwnedPath = 8;

// An expression designating a candidate location, decomposed: `g.count` designates the
// variable g; `this->stats_.count` the fields stats_ and count (link of concurrency
// decides which is the location); `local.x_` designates nothing shared.
struct Designation {
  const clang::Expr* top = nullptr;
  const clang::VarDecl* variable = nullptr;
  clang::SourceLocation variable_where;
  std::vector<FieldCandidate> fields;  // outermost first
  bool through_this = false;           // the fields are subobjects of *this
  std::string members;  // the members within `variable`, or within what `parameter` designates
  bool local_object = false;           // a local or by-value parameter: never shared
  std::vector<const clang::Decl*> path;  // identifies the subobject (split updates)
  // Through a pointer, smart-pointer or reference member, or a global pointer (`p_->x`,
  // `ref_.x`, `g_state->x`): `fields` holds the one pointee field reached.
  const clang::ValueDecl* pointer = nullptr;  // FieldDecl or static-storage VarDecl
  clang::SourceLocation pointer_where;
  const clang::RecordDecl* pointer_object_record = nullptr;
  bool pointer_through_this = false;
  const clang::Expr* pointer_expr = nullptr;  // the pointer's own designation (its read is implied)
  // The fields belong to what this function's reference or pointer parameter designates
  // (`msg.x`, `p->x`): its index (Access::through_parameter).
  int parameter = -1;
  bool parameter_let_go = false;  // Access::parameter_let_go
};

// One access, before it goes to the facts (split updates need all of a function's).
struct Recorded {
  Access access;
  std::vector<FieldCandidate> fields;  // empty: a variable access, location set
  const clang::Expr* top = nullptr;
  const clang::Expr* stored_value = nullptr;
  std::vector<const clang::Decl*> path;
  const clang::FieldDecl* pointer_member = nullptr;  // see PendingFieldAccess
  const clang::RecordDecl* pointer_object_record = nullptr;
  clang::SourceLocation pointer_where;
  bool implied_pointer_read = false;
  std::vector<FieldCandidate> controlled_write;
};

// One step of a designation within its variable (Access::subobject): a member's name,
// a constant index `[3]`, or kUnknownStep where the path must stop — a union's member or
// a bit-field (their neighbours share memory), an index not known (any element).
constexpr const char* kUnknownStep = "";

std::string member_step(const clang::FieldDecl& field) {
  if (field.getParent()->isUnion() || field.isBitField()) return kUnknownStep;
  return field.getName().empty() ? "#" + std::to_string(field.getFieldIndex()) : field.getName().str();
}

std::string index_step(const clang::ArraySubscriptExpr& subscript, const clang::ASTContext& context) {
  clang::Expr::EvalResult value;
  if (!subscript.getIdx()->EvaluateAsInt(value, context)) return kUnknownStep;
  return "[" + std::to_string(value.Val.getInt().getExtValue()) + "]";
}

// The path of steps given innermost first, outermost first, up to the first unknown one,
// which ends it with "*" (any part from there: kAnyPart).
std::string member_path(const std::vector<std::string>& inner_first) {
  std::string out;
  for (auto it = inner_first.rbegin(); it != inner_first.rend(); ++it) {
    if (!out.empty()) out += '.';
    if (it->empty()) return out + kAnyPart;
    out += *it;
  }
  return out;
}

Visibility visibility_of(const clang::FunctionDecl& function) {
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  if (method == nullptr || method->getParent()->isLambda()) return Visibility::None;
  switch (method->getAccess()) {
    case clang::AS_public: return Visibility::Public;
    case clang::AS_protected: return Visibility::Protected;
    case clang::AS_private: return Visibility::Private;
    case clang::AS_none: return Visibility::None;
  }
  return Visibility::None;
}

const clang::RecordDecl* record_of_object(const clang::Expr& base) {
  clang::QualType type = base.IgnoreParenImpCasts()->getType();
  if (type->isPointerType()) type = type->getPointeeType();
  return type->getAsRecordDecl();
}

bool is_lambda_operator(const clang::FunctionDecl& function) {
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  return method != nullptr && method->getParent()->isLambda();
}

class FunctionCapture {
 public:
  FunctionCapture(CaptureState& state, const clang::FunctionDecl& function, const FunctionRole& role)
      : state_(state), function_(function), role_(role) {}

  void run() {
    key_ = function_key(function_, state_.positions);
    if (role_.thread_shared_locals != nullptr) captured_by_thread_ = *role_.thread_shared_locals;
    locks_ = std::make_unique<LocksetAnalysis>(function_, state_.ast, role_.entry_locks);
    record_function();
    if (const auto* constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(&function_)) {
      for (const clang::CXXCtorInitializer* init : constructor->inits()) {
        if (init->getInit() == nullptr) continue;
        walk(init->getInit());
        initialiser_roots_.insert(init->getInit());
      }
    }
    walk(function_.getBody());
    fresh_ = std::make_unique<FreshObjects>(function_, state_.ast, parents_);
    aliases_ = std::make_unique<LocalAliases>(function_, parents_);
    find_thread_phases();
    find_sync_events();
    record_lock_orders();
    for (const clang::Stmt* call : calls_) record_call(*call);
    record_function_references();
    record_scope_exit_calls();
    record_member_initialisers();
    record_local_static_initialisations();
    std::set<const clang::Expr*> tops;
    std::vector<Designation> designations;
    for (const clang::Expr* element : chain_elements_) {
      const clang::Expr* top = chain_top(element);
      if (tops.insert(top).second) designations.push_back(describe(*top));
    }
    // `p_->x` names p_ too: that read is implied by the pointee access, not a second one.
    std::set<const clang::Expr*> implied;
    for (const Designation& designation : designations)
      if (designation.pointer != nullptr && designation.pointer_expr != nullptr)
        implied.insert(chain_top(designation.pointer_expr));
    for (const Designation& designation : designations)
      record_designation(designation, implied.count(designation.top) != 0);
    mark_split_updates();
    mark_check_then_act();
    flush();
    capture_lambdas();
  }

 private:
  // Waits and signals of condition variables, barriers, latches, semaphores, futures and
  // atomic flags (sync_events.h): what each access and call has seen of them.
  void find_sync_events() {
    sync_ = std::make_unique<SyncEvents>(function_, state_.ast, parents_, *locks_, state_.positions);
    state_.out.functions[state_.function_index.at(key_)].sync_signals = sync_->signals();
  }

  template <class Fact>
  void note_sync(const clang::Stmt& stmt, Fact& fact) const {
    if (sync_ == nullptr) return;
    SyncEvents::Seen seen = sync_->seen_at(stmt);
    fact.waited = std::move(seen.waited);
    fact.signalled = std::move(seen.signalled);
  }

  void find_thread_phases() {
    std::vector<const clang::Stmt*> starts;
    bool calls_thread_functions = false;
    // Calls of start wrappers, with the routine each passes (link/thread_wrappers.h).
    std::vector<std::pair<const clang::Stmt*, const clang::Expr*>> wrapper_starts;
    for (const clang::Stmt* call : calls_) {
      if (thread_entry_argument(*call) != nullptr) starts.push_back(call);
      const auto* call_expr = llvm::dyn_cast<clang::CallExpr>(call);
      const clang::FunctionDecl* callee = call_expr != nullptr ? call_expr->getDirectCallee() : nullptr;
      if (callee == nullptr) continue;
      const ThreadEffects* effects = ThreadSummaries::of(state_.ast).effects(*callee);
      if (effects == nullptr || effects->empty()) continue;
      calls_thread_functions = true;
      const unsigned skip = llvm::isa<clang::CXXOperatorCallExpr>(call_expr) && llvm::isa<clang::CXXMethodDecl>(callee) ? 1 : 0;
      for (const auto& [start, parameter] : effects->routine_parameters)
        if (parameter + skip < call_expr->getNumArgs())
          wrapper_starts.emplace_back(call, call_expr->getArg(parameter + skip));
    }
    if (!starts.empty() || calls_thread_functions)
      phases_ = std::make_unique<ThreadPhases>(function_, state_.ast, parents_, state_.positions, starts);
    for (const clang::Stmt* start : starts) find_locals_shared_with_thread(*start, thread_entry_argument(*start));
    for (const auto& [call, routine] : wrapper_starts) find_locals_shared_with_thread(*call, routine);
    // What callers see: the threads left running, the handles joined (thread_summaries.h).
    const ThreadEffects effects =
        phases_ != nullptr ? phases_->effects() : ThreadSummaries::of(state_.ast).effects(function_) != nullptr
                                                        ? *ThreadSummaries::of(state_.ast).effects(function_)
                                                        : ThreadEffects{};
    Function& fact = state_.out.functions[state_.function_index.at(key_)];
    for (const auto& [handle, start] : effects.starts) {
      fact.leaves_running.push_back({handle, start});
      for (const auto& [routine_start, parameter] : effects.routine_parameters)
        if (routine_start == start) fact.leaves_running.back().routine_parameter = static_cast<int>(parameter);
    }
    fact.joins_threads = effects.joins;
  }

  // A variable's candidacy; a local one's (a thread's or this function's) when a thread
  // shares it: a lambda that runs on the thread captures it by reference.
  Candidacy variable_candidacy(const clang::VarDecl& var) const {
    if (!var.hasLocalStorage() || llvm::isa<clang::ParmVarDecl>(var)) return state_.catalog.candidacy(var);
    return captured_by_thread_.count(&var) != 0 ? state_.catalog.candidacy_shared_local(var) : Candidacy::NotShared;
  }

  // A local object handed to a thread (`std::thread t(&S::run, &s)`, pthread_create's
  // argument, a thread lambda capturing it by reference; the same given to a start
  // wrapper with its routine `entry`) is shared with that thread: its fields are
  // candidates like any object's, not a local's.
  void find_locals_shared_with_thread(const clang::Stmt& start, const clang::Expr* entry) {
    std::vector<const clang::Expr*> arguments;
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(&start))
      arguments.assign(construct->arg_begin(), construct->arg_end());
    else if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&start))
      arguments.assign(call->arg_begin(), call->arg_end());
    for (const clang::Expr* argument : arguments)
      if (const clang::VarDecl* local = handed_local(*argument)) thread_shared_locals_.insert(local);
    if (entry != nullptr) {
      CallableTarget target = callable_target(*entry);
      if (target.lambda != nullptr)
        for (const clang::LambdaCapture& capture : target.lambda->captures())
          if (capture.capturesVariable() && capture.getCaptureKind() == clang::LCK_ByRef)
            if (const auto* var = llvm::dyn_cast<clang::VarDecl>(capture.getCapturedVar()); var != nullptr && var->hasLocalStorage()) {
              thread_shared_locals_.insert(var);
              captured_by_thread_.insert(var);
            }
    }
  }

  // The threads this function started (or its callees did and left running) that may
  // still run just before `stmt`, by start site.
  std::vector<SourcePos> threads_running_at(const clang::Stmt& stmt) const {
    if (phases_ == nullptr) return {};
    return phases_->running_at(stmt);
  }

  // A method call on this function's own object: `helper()`, `this->helper()`, `(*this).h()`.
  static bool called_on_this(const clang::Stmt& node) {
    const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&node);
    if (call == nullptr || call->getImplicitObjectArgument() == nullptr) return false;
    const clang::Expr* object = call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    if (const auto* deref = llvm::dyn_cast<clang::UnaryOperator>(object); deref && deref->getOpcode() == clang::UO_Deref)
      object = deref->getSubExpr()->IgnoreParenImpCasts();
    return llvm::isa<clang::CXXThisExpr>(object);
  }

  // A method call on an object this call of the function owns (CallSite::on_owned_object):
  // `local.m()`, `local.part.m()`, `p->m()` with `p` a local holding a fresh allocation.
  bool called_on_owned_object(const clang::Stmt& node) const {
    const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&node);
    if (call == nullptr || call->getImplicitObjectArgument() == nullptr) return false;
    const clang::Expr* object = call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    for (int depth = 0; depth < kMaxOwnedPath; ++depth) {
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(object);
          member != nullptr && !member->isArrow() && llvm::isa<clang::FieldDecl>(member->getMemberDecl())) {
        object = member->getBase()->IgnoreParenImpCasts();  // a part of the object
        continue;
      }
      break;
    }
    bool through_pointer = false;
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(object);
        op != nullptr && (op->getOperator() == clang::OO_Arrow || op->getOperator() == clang::OO_Star) &&
        op->getNumArgs() > 0) {
      object = op->getArg(0)->IgnoreParenImpCasts();  // a smart pointer's pointee
      through_pointer = true;
    } else if (call->getImplicitObjectArgument()->getType()->isPointerType()) {
      through_pointer = true;  // `p->m()` on a raw pointer
    }
    const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(object);
    const auto* var = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
    if (var == nullptr || !owns_local(*var)) return false;
    if (through_pointer && fresh_->fresh_at(*ref)) return true;
    if (through_pointer) return holds_fresh_allocation(*var) && !copied_or_taken(*var, /*pointer=*/true);
    return !var->getType()->isPointerType() && !copied_or_taken(*var, /*pointer=*/false);
  }

  // The index of this function's own reference, pointer or smart-pointer parameter `expr`
  // names, or -1.
  int own_parameter_index(const clang::Expr& expr) const {
    const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr.IgnoreParenImpCasts());
    const auto* parameter = ref == nullptr ? nullptr : llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl());
    if (parameter == nullptr && aliases_) parameter = aliases_->parameter_of(expr);  // `l` of `l = (T *) l_`
    if (parameter == nullptr || parameter->getParentFunctionOrMethod() != &function_) return -1;
    const clang::QualType type = parameter->getType();
    if (!type->isReferenceType() && !type->isPointerType() && !is_smart_pointer(type)) return -1;
    return static_cast<int>(parameter->getFunctionScopeIndex());
  }

  // The parameter a method is called on (CallSite::receiver_parameter): `r.m()` on a
  // reference, `p->m()` on a pointer or smart pointer parameter; -1 otherwise. Notes in
  // `site` whether the parameter may have been let go before the call.
  void describe_receiver(const clang::CXXMemberCallExpr& call, CallSite& site) const {
    const clang::Expr& object = *call.getImplicitObjectArgument();
    const clang::DeclRefExpr* variable = pointer_variable_use(object);  // `r`, `p`, or `sp` under `sp->`
    site.receiver_parameter = variable != nullptr ? own_parameter_index(*variable) : -1;
    if (site.receiver_parameter >= 0 && fresh_->parameter_let_go_at(object))
      site.let_go_parameters.push_back(static_cast<unsigned>(site.receiver_parameter));
  }

  // The function or lambda an argument is (`worker`, `&worker`, `[&] { .. }`): its key.
  std::string callable_argument(const clang::Expr& argument) const {
    const CallableTarget target = callable_target(argument);
    if (target.lambda != nullptr && target.lambda->getLambdaClass() != nullptr)
      return lambda_key(*target.lambda->getLambdaClass(), state_.positions);
    if (target.function != nullptr && !llvm::isa<clang::CXXMethodDecl>(target.function))
      return function_key(*target.function, state_.positions);
    return {};
  }

  // What a call's arguments pass on: objects this call owns (CallSite::owned_arguments)
  // and this function's own reference or pointer parameters (forwarded_parameters).
  void describe_arguments(const clang::Stmt& node, CallSite& site) const {
    const auto* call = llvm::dyn_cast<clang::CallExpr>(&node);
    const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(&node);
    const clang::FunctionDecl* callee = call != nullptr ? call->getDirectCallee()
                                                         : construct != nullptr ? construct->getConstructor() : nullptr;
    if (callee == nullptr) return;
    const unsigned skip =
        call != nullptr && llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa<clang::CXXMethodDecl>(callee) ? 1 : 0;
    const unsigned count = call != nullptr ? call->getNumArgs() : construct->getNumArgs();
    for (unsigned i = skip; i < count; ++i) {
      const unsigned index = i - skip;
      if (index >= callee->getNumParams()) break;
      const clang::QualType type = callee->getParamDecl(index)->getType();
      if (const std::string routine = callable_argument(call != nullptr ? *call->getArg(i) : *construct->getArg(i));
          !routine.empty()) {
        site.function_arguments.emplace_back(index, routine);
        continue;
      }
      if (!type->isReferenceType() && !type->isPointerType()) {
        if (const clang::ParmVarDecl* own = own_parameter_through_copies(
                call != nullptr ? *call->getArg(i) : *construct->getArg(i), function_);
            own != nullptr && is_callable_type(own->getType()))
          site.forwarded_callables.emplace_back(index, own->getFunctionScopeIndex());
      }
      // A copy of a smart pointer is one more pointer to the same object.
      const bool pointer = type->isPointerType() || (!type->isReferenceType() && is_smart_pointer(type));
      if (!type->isReferenceType() && !pointer) continue;  // a copy
      const clang::Expr* written = call != nullptr ? call->getArg(i) : construct->getArg(i);
      const clang::Expr* argument = pointer ? copied_smart_pointer(*written) : written->IgnoreParenImpCasts();
      // The argument is the object itself (not a pointer's value): a reference binds to
      // it, `&x` or an array decaying to a pointer points at it.
      bool designates_object = !pointer;
      if (const clang::Expr* target = type->isPointerType() ? aliases_->target_of(*argument) : nullptr) {
        argument = target;  // `f(p)`, p another name for one object: it is passed
        designates_object = true;
      } else if (const auto* address = llvm::dyn_cast<clang::UnaryOperator>(argument);
          address != nullptr && address->getOpcode() == clang::UO_AddrOf) {
        argument = address->getSubExpr()->IgnoreParenImpCasts();
        designates_object = true;
      } else if (decays_from_array(*written)) {
        designates_object = true;
      }
      if (const int parameter = own_parameter_index(*argument); parameter >= 0) {
        site.forwarded_parameters.emplace_back(index, static_cast<unsigned>(parameter));
        if (fresh_->parameter_let_go_at(*argument)) site.let_go_parameters.push_back(static_cast<unsigned>(parameter));
        continue;
      }
      if (designates_fresh_object(*argument, designates_object)) {
        site.owned_arguments.push_back(index);
        continue;
      }
      if (designates_object) {
        bool let_go = false;
        if (std::optional<ArgumentObject> object = argument_object(*argument, index, let_go)) {
          if (let_go) site.let_go_parameters.push_back(static_cast<unsigned>(object->through_parameter));
          site.argument_objects.push_back(std::move(*object));
          continue;
        }
      }
      // A temporary made for the call (`handle(Request{..})`) is the call's own.
      const clang::Expr* bare = argument->IgnoreImplicit();
      if (!pointer && bare->isPRValue() && bare->getType()->isRecordType() &&
          llvm::isa<clang::CXXConstructExpr, clang::InitListExpr, clang::CXXFunctionalCastExpr>(bare)) {
        site.owned_arguments.push_back(index);
        continue;
      }
      const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(argument);
      const auto* var = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (!pointer && var != nullptr && owns_local(*var) && !var->getType()->isPointerType() &&
          !copied_or_taken(*var, false, &node))
        site.owned_arguments.push_back(index);
    }
    std::sort(site.let_go_parameters.begin(), site.let_go_parameters.end());
    site.let_go_parameters.erase(std::unique(site.let_go_parameters.begin(), site.let_go_parameters.end()),
                                 site.let_go_parameters.end());
  }

  // The smart pointer a by-value smart-pointer argument copies or moves from: `p` in
  // `f(p)` and `f(std::move(p))`; else the argument itself.
  static const clang::Expr* copied_smart_pointer(const clang::Expr& argument) {
    const clang::Expr* e = argument.IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto* copy = llvm::dyn_cast<clang::CXXConstructExpr>(e);
        copy != nullptr && copy->getNumArgs() == 1 && copy->getConstructor()->isCopyOrMoveConstructor())
      e = copy->getArg(0)->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto* move = llvm::dyn_cast<clang::CallExpr>(e);
        move != nullptr && move->getNumArgs() == 1 && std_function_name(move->getDirectCallee()) == "move")
      e = move->getArg(0)->IgnoreImplicit()->IgnoreParenImpCasts();
    return e;
  }

  // `pointer` (`p`, or a smart pointer's `operator->` / `operator*` on it) is a local
  // that points at an object this call made and has not published yet (fresh_objects.h).
  bool points_at_fresh_object(const clang::Expr& pointer) const {
    const clang::DeclRefExpr* ref = pointer_variable_use(pointer);
    if (ref == nullptr) return false;
    const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
    return var != nullptr && owns_local(*var) && fresh_->fresh_at(*ref);
  }

  // An argument that hands on a fresh object or a part of it (`p`, `&p->node`, `p->name`).
  bool designates_fresh_object(const clang::Expr& argument, bool designates_object) const {
    if (!designates_object) return points_at_fresh_object(argument);
    const clang::Expr* e = argument.IgnoreParenImpCasts();
    for (int depth = 0; e != nullptr && depth < kMaxOwnedPath; ++depth) {
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(e)) {
        if (member->isArrow()) return points_at_fresh_object(*member->getBase());
        e = member->getBase()->IgnoreParenImpCasts();
        continue;
      }
      if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(e)) {
        e = subscript->getBase()->IgnoreParenImpCasts();  // decayed array member: still the object
        continue;
      }
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(e); unary != nullptr && unary->getOpcode() == clang::UO_Deref)
        return points_at_fresh_object(*unary->getSubExpr());
      if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(e); op != nullptr && op->getOperator() == clang::OO_Star)
        return points_at_fresh_object(*op);
      return false;
    }
    return false;
  }

  // `arr` passed where a pointer is expected: it points at the array itself.
  static bool decays_from_array(const clang::Expr& argument) {
    for (const clang::Expr* e = argument.IgnoreParens(); e != nullptr;) {
      const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(e);
      if (cast == nullptr) return false;
      if (cast->getCastKind() == clang::CK_ArrayToPointerDecay) return true;
      if (cast->getCastKind() != clang::CK_NoOp && cast->getCastKind() != clang::CK_BitCast) return false;
      e = cast->getSubExpr()->IgnoreParens();
    }
    return false;
  }

  // The object `expr` (an argument, the object itself) designates, named as accesses to
  // it are (CallSite::argument_objects): a global or static variable, or a plain part of
  // one (`g`, `g.list`, `g.items[i]`), when accesses to its parts are accesses to it (its
  // class owns no lock); else the outermost shared field on the way (`dp->ports`,
  // `this->queue_`, `p->list`). Nullopt for anything else: a local, a pointer's value,
  // a lock.
  // `let_go`: set when the object is reached through this function's pointer parameter
  // that it may have let go before (Designation::parameter_let_go).
  std::optional<ArgumentObject> argument_object(const clang::Expr& expr, unsigned index, bool& let_go) const {
    if (is_sync_type(expr.getType())) return std::nullopt;
    const Designation designation = describe(expr);
    let_go = designation.parameter >= 0 && designation.parameter_let_go;
    if (designation.pointer != nullptr || designation.local_object) return std::nullopt;
    if (designation.variable != nullptr) {
      if (variable_candidacy(*designation.variable) != Candidacy::Shared ||
          declares_concurrency(designation.variable->getType()))
        return std::nullopt;
      return ArgumentObject{index, state_.catalog.add(*designation.variable), -1, designation.members};
    }
    if (designation.fields.empty() || designation.fields.front().flagged) return std::nullopt;
    return ArgumentObject{index, state_.catalog.add(*designation.fields.front().field), designation.parameter};
  }

  // A local or by-value parameter of this very function (not one a lambda captured, not
  // a reference, not handed to a thread).
  bool owns_local(const clang::VarDecl& var) const {
    if (!var.hasLocalStorage() || var.getType()->isReferenceType() || thread_shared_locals_.count(&var) != 0)
      return false;
    return var.getParentFunctionOrMethod() == &function_;
  }

  // `p` initialised with `new T(..)`, std::make_unique / make_shared, or a unique_ptr /
  // shared_ptr made from a new-expression.
  static bool holds_fresh_allocation(const clang::VarDecl& var) {
    const clang::Expr* init = var.getInit();
    for (int depth = 0; init != nullptr && depth < kMaxOwnedPath; ++depth) {
      init = init->IgnoreImplicit()->IgnoreParens();
      if (llvm::isa<clang::CXXNewExpr>(init)) return true;
      if (const auto* call = llvm::dyn_cast<clang::CallExpr>(init)) {
        const std::string_view name = std_function_name(call->getDirectCallee());
        return name == "make_unique" || name == "make_shared";
      }
      const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(init);
      if (construct == nullptr || construct->getNumArgs() != 1) return false;
      init = construct->getArg(0);
    }
    return false;
  }

  // Some use of `var` lets its object be reached from elsewhere: its address taken, bound
  // to a non-const reference, captured by reference, and for a pointer any copy of it.
  // Member access, method calls, and passing by value or const reference are not.
  // `except`: a call whose own handling of it is judged elsewhere (the link step follows
  // what the callee does with its parameter).
  bool copied_or_taken(const clang::VarDecl& var, bool pointer, const clang::Stmt* except = nullptr) const {
    for (const clang::Expr* element : chain_elements_) {
      const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(element);
      if (ref == nullptr || ref->getDecl() != &var) continue;
      if (except != nullptr && argument_of(*ref) == except) continue;
      const clang::Stmt* parent = parents_.parent(ref);
      while (llvm::isa_and_nonnull<clang::ParenExpr>(parent)) parent = parents_.parent(parent);
      // `v.x`, `v.m()`, `p->m()`: fine unless the method lets its object go elsewhere
      // (`start()` handing `this` to a thread).
      const clang::Stmt* member_parent = parent;
      if (const auto* op = llvm::dyn_cast_or_null<clang::CXXOperatorCallExpr>(parent);
          op != nullptr && (op->getOperator() == clang::OO_Arrow || op->getOperator() == clang::OO_Star))
        member_parent = parents_.parent(op);  // `p->m()` on a smart pointer
      while (llvm::isa_and_nonnull<clang::ImplicitCastExpr, clang::ParenExpr>(member_parent))
        member_parent = parents_.parent(member_parent);
      if (const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(member_parent)) {
        const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl());
        if (method != nullptr && CalleeEffects::of(state_.ast).lets_this_escape(*method)) return true;
        continue;
      }
      if (member_parent != parent) continue;
      if (const auto* cast = llvm::dyn_cast_or_null<clang::ImplicitCastExpr>(parent);
          cast != nullptr && cast->getCastKind() == clang::CK_LValueToRValue) {
        const clang::Stmt* above = parents_.parent(cast);
        if (pointer && llvm::isa_and_nonnull<clang::MemberExpr, clang::UnaryOperator>(above)) continue;  // `p->x`, `*p`
        if (!pointer) continue;  // a copy of the value
        if (const auto* binary = llvm::dyn_cast_or_null<clang::BinaryOperator>(above); binary && binary->isComparisonOp())
          continue;
        return true;  // the pointer is copied somewhere
      }
      if (llvm::isa_and_nonnull<clang::LambdaExpr>(parent)) return true;  // captured by reference (by copy: a copy)
      if (const auto* unary = llvm::dyn_cast_or_null<clang::UnaryOperator>(parent); unary && unary->getOpcode() == clang::UO_AddrOf)
        return true;
      if (passed_to_keeping_callee(*ref)) continue;
      std::optional<AccessUse> use = classify_access(*ref, parents_);
      if (!use) continue;
      // Passed on by non-const reference, or stored in a reference: it may be kept.
      if (is_write(use->kind) && !llvm::isa_and_nonnull<clang::BinaryOperator, clang::CompoundAssignOperator>(parent))
        return true;
    }
    return false;
  }

  // The call `ref` (or its address) is an argument of, or null.
  const clang::Stmt* argument_of(const clang::DeclRefExpr& ref) const {
    const clang::Stmt* node = &ref;
    const clang::Stmt* parent = parents_.parent(node);
    while (llvm::isa_and_nonnull<clang::ImplicitCastExpr, clang::ParenExpr, clang::MaterializeTemporaryExpr>(parent) ||
           (llvm::isa_and_nonnull<clang::UnaryOperator>(parent) &&
            llvm::cast<clang::UnaryOperator>(parent)->getOpcode() == clang::UO_AddrOf)) {
      node = parent;
      parent = parents_.parent(node);
    }
    return llvm::isa_and_nonnull<clang::CallExpr, clang::CXXConstructExpr>(parent) ? parent : nullptr;
  }

  // `ref` (or its address) is an argument bound to a reference or pointer parameter of a
  // callee whose body keeps what it designates to itself (CalleeEffects::parameter_escapes).
  bool passed_to_keeping_callee(const clang::DeclRefExpr& ref) const {
    const clang::Stmt* node = &ref;
    const clang::Stmt* parent = parents_.parent(node);
    while (llvm::isa_and_nonnull<clang::ImplicitCastExpr, clang::ParenExpr>(parent) ||
           (llvm::isa_and_nonnull<clang::UnaryOperator>(parent) &&
            llvm::cast<clang::UnaryOperator>(parent)->getOpcode() == clang::UO_AddrOf)) {
      node = parent;
      parent = parents_.parent(node);
    }
    const auto* call = llvm::dyn_cast_or_null<clang::CallExpr>(parent);
    const clang::FunctionDecl* callee = call != nullptr ? call->getDirectCallee() : nullptr;
    if (callee == nullptr) return false;
    const unsigned skip = llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa<clang::CXXMethodDecl>(callee) ? 1 : 0;
    for (unsigned i = skip; i < call->getNumArgs(); ++i)
      if (call->getArg(i) == node)
        return i - skip < callee->getNumParams() && !CalleeEffects::of(state_.ast).parameter_escapes(*callee, i - skip);
    return false;
  }

  // Inside a loop of this function (up to the body): it may run more than once per call.
  bool in_loop(const clang::Stmt& stmt) const {
    for (const clang::Stmt* node = parents_.parent(&stmt); node != nullptr; node = parents_.parent(node))
      if (llvm::isa<clang::ForStmt, clang::WhileStmt, clang::DoStmt, clang::CXXForRangeStmt>(node)) return true;
    return false;
  }

  bool in_own_structor() const {
    return (llvm::isa<clang::CXXConstructorDecl>(function_) || llvm::isa<clang::CXXDestructorDecl>(function_));
  }

  void record_function() {
    Function fact;
    fact.key = key_;
    fact.name = function_name(function_, state_.positions);
    const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function_);
    bool lambda = is_lambda_operator(function_);
    fact.pos = state_.positions.pos(lambda ? method->getParent()->getLocation() : function_.getLocation());
    if (method != nullptr && !lambda) fact.owner_class = usr_key(*method->getParent());
    fact.visibility = visibility_of(function_);
    fact.is_constructor = llvm::isa<clang::CXXConstructorDecl>(function_);
    fact.is_destructor = llvm::isa<clang::CXXDestructorDecl>(function_);
    fact.is_static = method != nullptr && method->isStatic();
    if (method != nullptr && !lambda)
      for (const clang::CXXMethodDecl* overridden : method->overridden_methods())
        if (!state_.positions.in_system_header(overridden->getLocation()))
          fact.overrides.push_back(function_key(*overridden, state_.positions));
    fact.invoked_queues = invoked_queues(function_);
    fact.runs_before_main = function_.hasAttr<clang::ConstructorAttr>();
    fact.is_lambda = lambda;
    if (lambda) {
      if (const auto* parent = llvm::dyn_cast_or_null<clang::FunctionDecl>(method->getParent()->getParentFunctionOrMethod()))
        fact.parent = function_key(*parent, state_.positions);
      fact.threads_running_at_use = role_.threads_running_at_use;
    }
    fact.acquires_lock = locks_->acquires_any_lock();
    fact.acquires_on_return = locks_->acquires_on_return();
    fact.releases_on_return = locks_->releases_on_return();
    if (!fact.acquires_on_return.empty() || !fact.releases_on_return.empty()) {
      fact.parameter_locks = LockSummaries::parameter_lock_names(function_);
      if (const auto* constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(&function_))
        fact.member_lock_sources = LockSummaries::member_lock_sources(*constructor);
    }
    fact.requires_locks = locks_->requires_locks();
    fact.no_thread_safety_analysis = locks_->no_thread_safety_analysis();
    if (method != nullptr && !lambda && !method->isStatic())
      fact.this_escapes = CalleeEffects::of(state_.ast).lets_this_escape(*method, /*own=*/true);
    for (unsigned i = 0; i < function_.getNumParams(); ++i) {
      const clang::QualType type = function_.getParamDecl(i)->getType();
      // A shared_ptr or unique_ptr taken by value is a copy of the pointer, not of the
      // object: counted as kept (the flow-insensitive ownership in link must not take a
      // pointer the body may store as owned; parameter contexts follow it per call).
      const bool smart_copy = !type->isReferenceType() && is_smart_pointer(type);
      if (smart_copy || ((type->isReferenceType() || type->isPointerType()) &&
                         CalleeEffects::of(state_.ast).parameter_escapes_here(function_, i)))
        fact.escaping_parameters.push_back(i);
      if ((type->isReferenceType() || type->isPointerType()) &&
          !CalleeEffects::of(state_.ast).parameter_use(function_, i, ParameterUse::UsesBeyondFields))
        fact.fields_only_parameters.push_back(i);
    }
    if (!lambda) {
      // Annotations go on the first declaration (inside the class, for a method).
      clang::SourceLocation where = after_function_declarator(*pattern_of(function_).getFirstDecl(), state_.ast);
      if (where.isValid() && !state_.positions.in_system_header(where)) fact.annotation_pos = state_.positions.pos(where);
    }
    if (!lambda) {
      TopLevelPassages passages = top_level_passages(function_, nullptr);
      fact.passes_once = std::move(passages.flags);
      for (const clang::FunctionDecl* callee : passages.callees)
        if (!state_.positions.in_system_header(callee->getLocation()))
          fact.top_level_callees.push_back(function_key(*callee, state_.positions));
    }
    for (const LockOrder& order : locks_->lock_order_edges())
      lock_orders_.push_back(&order);
    owner_ = lambda || method == nullptr ? role_.concurrency_owner : fact.owner_class;
    if (fact.acquires_lock && !owner_.empty()) state_.lock_taking_classes.insert(owner_);
    auto [found, inserted] = state_.function_index.try_emplace(fact.key, state_.out.functions.size());
    if (inserted) {
      state_.out.functions.push_back(std::move(fact));
    } else {
      state_.out.functions[found->second].acquires_lock |= fact.acquires_lock;
      std::vector<SourcePos>& running = state_.out.functions[found->second].threads_running_at_use;
      running.insert(running.end(), fact.threads_running_at_use.begin(), fact.threads_running_at_use.end());
      std::sort(running.begin(), running.end());
      running.erase(std::unique(running.begin(), running.end()), running.end());
    }
  }

  // After the thread phases: each acquisition says which of this function's threads run there.
  void record_lock_orders() {
    for (const LockOrder* order : lock_orders_)
      state_.out.lock_orders.push_back({order->held, order->acquired, key_, state_.positions.pos(order->location),
                                        order->where != nullptr ? threads_running_at(*order->where)
                                                                : std::vector<SourcePos>{},
                                        order->where != nullptr && !returns_near(*order->where), order->held_shared,
                                        order->acquired_shared});
  }

  // Records parents and collects what to look at; a lambda's body is its own function.
  void walk(const clang::Stmt* root) {
    if (root == nullptr) return;
    std::vector<std::pair<const clang::Stmt*, const clang::Stmt*>> stack{{root, nullptr}};
    while (!stack.empty()) {
      auto [node, parent] = stack.back();
      stack.pop_back();
      parents_.set(node, parent);
      if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(node)) {
        if (llvm::isa<clang::VarDecl>(ref->getDecl())) chain_elements_.push_back(ref);
        if (llvm::isa<clang::FunctionDecl>(ref->getDecl())) function_references_.push_back(ref);
      } else if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(node)) {
        if (llvm::isa<clang::FieldDecl, clang::VarDecl>(member->getMemberDecl())) chain_elements_.push_back(member);
      } else if (llvm::isa<clang::CallExpr, clang::CXXConstructExpr>(node)) {
        calls_.push_back(node);
        if (const clang::Expr* flag = once_api_flag(*node)) once_api_flags_.push_back(flag);
      } else if (const auto* assign = llvm::dyn_cast<clang::BinaryOperator>(node);
                 assign != nullptr && assign->getOpcode() == clang::BO_Assign && queued_callable(*assign)) {
        calls_.push_back(node);  // `t->fn = fn;`: a routine kept for a worker, a start of it
      } else if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(node)) {
        for (const clang::Decl* decl : declaration->decls()) {
          const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
          if (var == nullptr) continue;
          if (is_once_initialised_static(*var)) once_statics_.push_back({declaration, var});
          if (const clang::CXXDestructorDecl* destructor = scope_exit_destructor(*var))
            scope_exits_.push_back({declaration, destructor});
        }
      }
      if (const auto* branch = llvm::dyn_cast<clang::IfStmt>(node); branch != nullptr && branch->getThen() != nullptr)
        if (const clang::Expr* flag = once_region_flag(*branch)) once_regions_.push_back({branch->getThen(), flag});
      if (const auto* range_for = llvm::dyn_cast<clang::CXXForRangeStmt>(node);
          range_for != nullptr && range_for->getLoopVariable() != nullptr && range_for->getRangeInit() != nullptr)
        loop_ranges_[range_for->getLoopVariable()] = range_for->getRangeInit();
      if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(node)) {
        lambdas_.push_back(lambda);
        // A capture by copy reads the variable; one by reference only binds to it.
        auto capture = lambda->capture_begin();
        for (const clang::Expr* init : lambda->capture_inits()) {
          const bool by_reference = capture != lambda->capture_end() && capture->capturesVariable() &&
                                    capture->getCaptureKind() == clang::LCK_ByRef;
          if (capture != lambda->capture_end()) ++capture;
          if (init != nullptr && !by_reference) stack.emplace_back(init, lambda);
        }
        continue;
      }
      for (const clang::Stmt* child : node->children())
        if (child != nullptr) stack.emplace_back(child, node);
    }
  }

  bool continues_designation(const clang::Stmt* parent, const clang::Expr* child) const {
    if (parent == nullptr) return false;
    if (llvm::isa<clang::ParenExpr>(parent)) return true;
    if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent)) {
      switch (cast->getCastKind()) {
        case clang::CK_NoOp:
        case clang::CK_DerivedToBase:
        case clang::CK_UncheckedDerivedToBase: return true;
        case clang::CK_ArrayToPointerDecay: {
          const auto* subscript = llvm::dyn_cast_or_null<clang::ArraySubscriptExpr>(parents_.parent(cast));
          return subscript != nullptr && subscript->getBase() == cast;
        }
        default: return false;
      }
    }
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(parent))
      return !member->isArrow() && member->getBase() == child && llvm::isa<clang::FieldDecl>(member->getMemberDecl());
    if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(parent)) return subscript->getBase() == child;
    return false;
  }

  const clang::Expr* chain_top(const clang::Expr* element) const {
    // `*p`, `p[i]`, `p->x` with p another name for one object (local_aliases.h): they
    // designate that object, as its own name would.
    if (aliases_->target_of(*element) != nullptr) {
      const auto* read = llvm::dyn_cast_or_null<clang::ImplicitCastExpr>(parents_.parent(element));
      const clang::Stmt* above = read != nullptr ? parents_.parent(read) : nullptr;
      const auto* deref = llvm::dyn_cast_or_null<clang::UnaryOperator>(above);
      const auto* subscript = llvm::dyn_cast_or_null<clang::ArraySubscriptExpr>(above);
      const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(above);
      if (read == nullptr || read->getCastKind() != clang::CK_LValueToRValue) {
        // the pointer itself
      } else if (deref != nullptr && deref->getOpcode() == clang::UO_Deref) {
        element = deref;
      } else if (subscript != nullptr && subscript->getBase() == read) {
        element = subscript;
      } else if (member != nullptr && member->isArrow() && member->getBase() == read) {
        element = member;
      }
    }
    // `*p`, p this function's pointer parameter (or a local copy of one): what the caller
    // passed (Access::through_parameter).
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(element);
        ref != nullptr && ref->getType()->isPointerType() && own_parameter_index(*ref) >= 0) {
      const auto* read = llvm::dyn_cast_or_null<clang::ImplicitCastExpr>(parents_.parent(element));
      const auto* deref =
          read != nullptr ? llvm::dyn_cast_or_null<clang::UnaryOperator>(parents_.parent(read)) : nullptr;
      if (read != nullptr && read->getCastKind() == clang::CK_LValueToRValue && deref != nullptr &&
          deref->getOpcode() == clang::UO_Deref)
        element = deref;
    }
    for (int depth = 0; depth < 64; ++depth) {
      const clang::Stmt* parent = parents_.parent(element);
      if (!continues_designation(parent, element)) break;
      element = llvm::cast<clang::Expr>(parent);
    }
    return element;
  }

  Designation describe(const clang::Expr& top) const {
    Designation designation;
    designation.top = &top;
    std::vector<FieldCandidate> inner_first;
    std::vector<std::string> steps;  // innermost first, members and indices (member_path)
    // `p[i]` with p = &arr[2]: the target's own index (its first step) is not known.
    std::optional<std::size_t> target_index_unknown;
    auto members_now = [&] {
      std::vector<std::string> path = steps;
      if (target_index_unknown && *target_index_unknown < path.size() && path[*target_index_unknown].starts_with("["))
        path[*target_index_unknown] = kUnknownStep;
      return member_path(path);
    };
    // Through a local alias (local_aliases.h): where it is used, and how many members
    // were named before it (those keep their own place; the target's are reported there).
    clang::SourceLocation alias_use;
    std::size_t before_alias = 0;
    auto through_alias = [&](const clang::Expr& use) {
      if (alias_use.isInvalid()) {
        alias_use = use.getExprLoc();
        before_alias = inner_first.size();
      }
    };
    const clang::Expr* expr = &top;
    for (int depth = 0; expr != nullptr && depth < 64; ++depth) {
      expr = expr->IgnoreParens();
      if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(expr)) {
        auto kind = cast->getCastKind();
        if (kind == clang::CK_NoOp || kind == clang::CK_DerivedToBase || kind == clang::CK_UncheckedDerivedToBase ||
            kind == clang::CK_ArrayToPointerDecay) {
          expr = cast->getSubExpr();
          continue;
        }
        break;
      }
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(expr)) {
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(member->getMemberDecl())) {
          // A static member named through an object: the variable is what is accessed.
          designation.members = members_now();
          inner_first.clear();
          designation.variable = var;
          designation.variable_where = member->getMemberLoc();
          break;
        }
        const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
        if (field == nullptr) break;
        inner_first.push_back({field, member->getMemberLoc(), record_of_object(*member->getBase()), false});
        steps.push_back(member_step(*field));
        if (const clang::Expr* target = member->isArrow() ? aliases_->target_of(*member->getBase()) : nullptr) {
          through_alias(*member);
          expr = target;  // `p->x`, p another name for one object
          continue;
        }
        if (member->isArrow()) {
          designation.through_this = llvm::isa<clang::CXXThisExpr>(member->getBase()->IgnoreParenImpCasts());
          if (iterator_into_local(*member->getBase())) {
            designation.local_object = true;  // `it->x`, `it` over a local container
            break;
          }
          if (points_at_fresh_object(*member->getBase())) {
            designation.local_object = true;  // `p->x`, p's object not yet published
            break;
          }
          if (!designation.through_this) {
            find_pointer(*member->getBase(), designation);
            designation.parameter = own_parameter_index(*member->getBase());
            if (designation.parameter >= 0) {
              designation.members = members_now();
              designation.parameter_let_go = fresh_->parameter_let_go_at(*member->getBase());
            }
          }
          break;
        }
        expr = member->getBase();
        continue;
      }
      if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(expr)) {
        if (const clang::Expr* target = aliases_->target_of(*subscript->getBase())) {
          // `p[3]` with p = arr is arr[3]; with p = &arr[2] or &x, which element is
          // not followed: the whole of the target.
          if (target->getType()->isArrayType()) {
            steps.push_back(index_step(*subscript, state_.ast));
          } else {
            steps.push_back(kUnknownStep);
            target_index_unknown = steps.size();
          }
          through_alias(*subscript);
          expr = target;  // `p[i]`, p another name for one object (or array)
          continue;
        }
        const auto* decay = llvm::dyn_cast<clang::ImplicitCastExpr>(subscript->getBase()->IgnoreParens());
        if (decay == nullptr || decay->getCastKind() != clang::CK_ArrayToPointerDecay) break;  // a pointer
        steps.push_back(index_step(*subscript, state_.ast));
        expr = decay->getSubExpr();
        continue;
      }
      if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) {
          if (const clang::Expr* referred = atomic_ref_target(*var); referred != nullptr && inner_first.empty()) {
            // `std::atomic_ref r(x); r.store(..)`: operations through r are atomic
            // operations on x, classified by r's type.
            Designation aliased = describe(*referred);
            aliased.top = &top;
            aliased.variable_where = ref->getLocation();  // reported where r is used
            for (FieldCandidate& candidate : aliased.fields) candidate.where = ref->getLocation();
            return aliased;
          }
          if (variable_candidacy(*var) != Candidacy::NotShared) {
            // `g_table.rows` where Table owns its lock: the field is the shared state, guarded
            // by that lock like any field of such a class (the global is just its holder).
            if (inner_first.empty() || !declares_concurrency(var->getType())) {
              designation.members = members_now();
              inner_first.clear();
              designation.variable = var;
              designation.variable_where = ref->getLocation();
            }
          } else if (var->hasLocalStorage() && !var->getType()->isReferenceType() &&
                     thread_shared_locals_.count(var) == 0) {
            designation.local_object = true;
          } else if (var->getType()->isReferenceType() && refers_into_local(*var)) {
            designation.local_object = true;  // `for (Item& item : local_items) item.x`
          } else if (var->getType()->isReferenceType()) {
            designation.parameter = own_parameter_index(*ref);  // `msg.x`
            if (designation.parameter >= 0) designation.members = members_now();
          }
        } else if (llvm::isa<clang::BindingDecl>(ref->getDecl())) {
          designation.local_object = true;
        }
        break;
      }
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(expr); unary != nullptr && unary->getOpcode() == clang::UO_Deref) {
        if (const clang::Expr* target = aliases_->target_of(*unary->getSubExpr())) {
          through_alias(*unary);
          expr = target;  // `*p`, p another name for one object
          continue;
        }
        if (points_at_fresh_object(*unary->getSubExpr())) {
          designation.local_object = true;  // `*p`, `(*p).x`, p's object not yet published
          break;
        }
        if (inner_first.empty()) {
          if (const int parameter = own_parameter_index(*unary->getSubExpr()); parameter >= 0) {
            designation.parameter = parameter;  // `*p`: the whole of what the caller passed
            designation.members = members_now();
            designation.parameter_let_go = fresh_->parameter_let_go_at(*unary->getSubExpr());
            break;
          }
        }
        designation.through_this = llvm::isa<clang::CXXThisExpr>(unary->getSubExpr()->IgnoreParenImpCasts());
        if (!designation.through_this && !inner_first.empty()) find_pointer(*unary->getSubExpr(), designation);
      }
      if (!inner_first.empty() && llvm::isa<clang::CXXOperatorCallExpr, clang::CXXMemberCallExpr>(expr) &&
          is_local_storage(*expr, false)) {
        designation.local_object = true;  // `local[i].x`, `local.front().x`
        break;
      }
      if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr);
          op != nullptr && op->getOperator() == clang::OO_Star && !inner_first.empty()) {
        if (iterator_into_local(*op) || points_at_fresh_object(*op)) {
          designation.local_object = true;  // `(*it).x`, `it` over a local container
          break;
        }
        find_pointer(*op, designation);  // (*p_).x through a smart pointer
      }
      break;
    }
    if (alias_use.isValid()) {
      designation.variable_where = alias_use;
      for (std::size_t i = before_alias; i < inner_first.size(); ++i) inner_first[i].where = alias_use;
    }
    std::reverse(inner_first.begin(), inner_first.end());
    if (designation.pointer != nullptr) return pointee_designation(designation, inner_first);
    // Past a reference member lies another object: only the fields beyond it are its.
    auto last_reference = std::find_if(inner_first.rbegin(), inner_first.rend(), [](const FieldCandidate& candidate) {
      return candidate.field->getType()->isReferenceType();
    });
    if (last_reference != inner_first.rend()) {
      const FieldCandidate& reference = *last_reference;
      if (designation.variable == nullptr && last_reference != inner_first.rbegin()) {
        // `ref_.x`: the referred object's field, reached through a reference member.
        designation.pointer = reference.field;
        designation.pointer_where = reference.where;
        designation.pointer_object_record = reference.object_record;
        designation.pointer_through_this = designation.through_this;
        designation.through_this = false;
        std::vector<FieldCandidate> pointee(last_reference.base(), inner_first.end());
        return pointee_designation(designation, pointee);
      }
      inner_first.erase(inner_first.begin(), last_reference.base());
      designation.through_this = false;
    }
    if (designation.variable != nullptr) designation.path.push_back(designation.variable);
    for (FieldCandidate& candidate : inner_first) {
      designation.path.push_back(candidate.field);
      Candidacy candidacy = state_.catalog.candidacy(*candidate.field);
      if (candidacy == Candidacy::NotShared) continue;
      candidate.flagged = candidacy == Candidacy::Flagged;
      designation.fields.push_back(candidate);
    }
    return designation;
  }

  // `expr` is (part of) an object of this call's own: a local or by-value variable, a
  // member or element of one (`local.items`, `local[i]`, `local.front()`, ...). Never
  // through a pointer, a smart pointer or an element read by value, which may lead
  // back to shared memory.
  // An element or iterator taken from it (`as_container`) is local only when the object
  // owns its elements: an array or a standard container, not a view (span, string_view,
  // reference_wrapper) or a user type that may refer elsewhere.
  bool is_local_storage(const clang::Expr& expr, bool as_container, int depth = 0) const {
    if (depth > 8) return false;
    const clang::Expr* e = expr.IgnoreImplicit()->IgnoreParens();
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(e); construct && construct->getNumArgs() == 1)
      e = construct->getArg(0)->IgnoreImplicit()->IgnoreParens();  // an iterator adaptor over one
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (var == nullptr || !var->hasLocalStorage() || thread_shared_locals_.count(var) != 0) return false;
      if (var->getType()->isReferenceType()) return refers_into_local(*var, depth + 1);
      return owns_what_it_holds(var->getType(), as_container);
    }
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(e)) {
      const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
      return field != nullptr && !member->isArrow() && !field->getType()->isReferenceType() &&
             owns_what_it_holds(field->getType(), as_container) && is_local_storage(*member->getBase(), false, depth + 1);
    }
    if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(e)) {
      const clang::Expr* object = call->getImplicitObjectArgument();
      return object != nullptr && !call->getType()->isPointerType() && is_local_storage(*object, true, depth + 1);
    }
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(e); op && op->getOperator() == clang::OO_Subscript)
      return op->getNumArgs() > 0 && is_local_storage(*op->getArg(0), true, depth + 1);
    return false;
  }

  static bool owns_what_it_holds(clang::QualType type, bool as_container) {
    if (type->isPointerType() || type->isReferenceType()) return false;
    const std::string_view name = std_class_name(type);
    if (name == "unique_ptr" || name == "shared_ptr" || name == "weak_ptr") return false;
    if (!as_container || type->isArrayType()) return true;
    static constexpr std::string_view kOwning[] = {"vector", "deque", "list", "forward_list", "array", "map",
                                                   "multimap", "set", "multiset", "unordered_map",
                                                   "unordered_multimap", "unordered_set", "unordered_multiset",
                                                   "basic_string", "optional", "pair", "tuple"};
    return std::find(std::begin(kOwning), std::end(kOwning), name) != std::end(kOwning);
  }

  // A local reference (a range-for variable too) bound to part of a local object.
  bool refers_into_local(const clang::VarDecl& var, int depth = 0) const {
    if (!var.hasLocalStorage() || llvm::isa<clang::ParmVarDecl>(var)) return false;
    if (auto range = loop_ranges_.find(&var); range != loop_ranges_.end())
      return is_local_storage(*range->second, true, depth);
    return var.getInit() != nullptr && is_local_storage(*var.getInit(), false, depth);
  }

  // `it` in `it->x` / `*it`: a local iterator (not a pointer or smart pointer) whose
  // value came from a local container (`local.begin()`, `local.rbegin()`, `local.find(k)`).
  bool iterator_into_local(const clang::Expr& base) const {
    const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(base.IgnoreParens());
    if (op == nullptr || (op->getOperator() != clang::OO_Arrow && op->getOperator() != clang::OO_Star) ||
        op->getNumArgs() == 0)
      return false;
    const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(op->getArg(0)->IgnoreImplicit()->IgnoreParens());
    const auto* var = ref != nullptr ? llvm::dyn_cast<clang::VarDecl>(ref->getDecl()) : nullptr;
    if (var == nullptr || var->getType()->isReferenceType() || thread_shared_locals_.count(var) != 0) return false;
    const std::string_view smart = std_class_name(var->getType());
    return smart != "unique_ptr" && smart != "shared_ptr" && refers_into_local(*var);
  }

  // The pointer (member or global) `base` reads, when it is one: `p_` in `p_->x`,
  // `(*p_).x`, `p_->x` through a unique_ptr / shared_ptr, `g_state` in `g_state->x`.
  void find_pointer(const clang::Expr& base, Designation& designation) const {
    const clang::Expr* pointer = base.IgnoreParenImpCasts();
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(pointer)) {
      if ((op->getOperator() != clang::OO_Arrow && op->getOperator() != clang::OO_Star) || op->getNumArgs() == 0) return;
      std::string_view smart = std_class_name(op->getArg(0)->getType());
      if (smart != "unique_ptr" && smart != "shared_ptr") return;
      pointer = op->getArg(0)->IgnoreParenImpCasts();
    }
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(pointer)) {
      const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
      if (field == nullptr) return;
      designation.pointer = field;
      designation.pointer_where = member->getMemberLoc();
      designation.pointer_object_record = record_of_object(*member->getBase());
      designation.pointer_through_this = llvm::isa<clang::CXXThisExpr>(member->getBase()->IgnoreParenImpCasts());
      designation.pointer_expr = member;
      return;
    }
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(pointer)) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (var == nullptr || var->hasLocalStorage() || var->getTLSKind() != clang::VarDecl::TLS_None ||
          state_.positions.in_system_header(var->getLocation()))
        return;
      designation.pointer = var;
      designation.pointer_where = ref->getLocation();
      designation.pointer_expr = ref;
    }
  }

  // A designation through a pointer keeps the pointee's outermost field, when it is
  // shared state; otherwise it designates what it did before (nothing shared, mostly).
  Designation pointee_designation(Designation designation, const std::vector<FieldCandidate>& pointee) const {
    if (pointee.empty() || state_.catalog.candidacy(*pointee.front().field) != Candidacy::Shared) {
      designation.pointer = nullptr;
      designation.pointer_expr = nullptr;
      designation.fields.clear();
      return designation;
    }
    designation.path.push_back(designation.pointer);
    for (const FieldCandidate& candidate : pointee) designation.path.push_back(candidate.field);
    designation.fields.assign(1, pointee.front());
    return designation;
  }

  // A class (C struct too) that owns a lock or carries thread-safety annotations.
  static bool declares_concurrency(clang::QualType type) {
    const clang::RecordDecl* record = type->getAsRecordDecl();
    return record != nullptr && (owns_lock(*record) || is_annotated(*record));
  }

  // The object a local `std::atomic_ref r(x)` refers to (x), or null.
  static const clang::Expr* atomic_ref_target(const clang::VarDecl& var) {
    if (!var.hasLocalStorage() || !is_atomic_ref_type(var.getType()) || var.getInit() == nullptr) return nullptr;
    const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(var.getInit()->IgnoreImplicit());
    if (construct == nullptr || construct->getNumArgs() == 0) return nullptr;
    return construct->getArg(0);
  }

  // The locks held at `stmt`. A sub-expression the CFG does not list takes those of the
  // full expression around it; a constructor's member initialisers always run.
  std::optional<std::vector<HeldLock>> locks_near(const clang::Stmt& stmt) const {
    const clang::Stmt* node = &stmt;
    for (int depth = 0; node != nullptr && depth < 256; ++depth) {
      if (auto locks = locks_->locks_at(*node)) return locks;
      if (!llvm::isa<clang::Expr>(node)) return std::nullopt;
      if (initialiser_roots_.count(llvm::cast<clang::Expr>(node)) != 0) return role_.entry_locks;
      node = parents_.parent(node);
    }
    return std::nullopt;
  }

  // Whether some path from `stmt` returns (see LocksetAnalysis::returns_after), asked of
  // the nearest statement the CFG lists.
  bool returns_near(const clang::Stmt& stmt) const {
    const clang::Stmt* node = &stmt;
    for (int depth = 0; node != nullptr && depth < 256; ++depth) {
      if (locks_->locks_at(*node)) return locks_->returns_after(*node);
      node = parents_.parent(node);
    }
    return true;
  }

  // `*p` or `p[i]` where `designation` is a pointer to a non-class object declared
  // PT_GUARDED_BY: the expression reaching the pointee, else null.
  const clang::Expr* scalar_pointee_use(const Designation& designation) const {
    const clang::ValueDecl* pointer = designation.variable;
    if (pointer == nullptr && !designation.fields.empty()) pointer = designation.fields.back().field;
    if (pointer == nullptr || !pointer->hasAttr<clang::PtGuardedByAttr>()) return nullptr;
    const clang::QualType pointee = pointer->getType()->getPointeeType();
    if (pointee.isNull() || pointee->isRecordType() || pointee->isVoidType()) return nullptr;
    const clang::Stmt* child = designation.top;
    for (int depth = 0; depth < 8; ++depth) {
      const clang::Stmt* parent = parents_.parent(child);
      if (parent == nullptr) return nullptr;
      if (llvm::isa<clang::ParenExpr, clang::ImplicitCastExpr>(parent)) {
        child = parent;
        continue;
      }
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(parent); unary && unary->getOpcode() == clang::UO_Deref)
        return unary;
      if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(parent); subscript && subscript->getBase() == child)
        return subscript;
      return nullptr;
    }
    return nullptr;
  }

  // An access to the object behind a PT_GUARDED_BY pointer, in place of the pointer's read.
  bool record_scalar_pointee(const Designation& designation) {
    const clang::Expr* use = scalar_pointee_use(designation);
    if (use == nullptr) return false;
    const clang::ValueDecl* pointer = designation.variable;
    if (pointer == nullptr) pointer = designation.fields.back().field;
    Designation pointee = designation;
    pointee.top = use;
    Recorded recorded;
    recorded.access.through_pointer_member = true;
    recorded.access.in_own_constructor_or_destructor = designation.through_this && in_own_structor();
    if (!complete(recorded, pointee)) return true;  // not evaluated, or never runs
    recorded.access.location = state_.catalog.add_scalar_pointee(*pointer);
    recorded.access.pos = state_.positions.pos(use->getExprLoc());
    recorded.access.line_text = state_.positions.line_text(use->getExprLoc());
    state_.out.accesses.push_back(std::move(recorded.access));
    return true;
  }

  void record_designation(const Designation& designation, bool implied_pointer_read) {
    if (designation.local_object || hands_to_thread(*designation.top)) return;
    if (aliases_->makes_alias(*designation.top->IgnoreParens())) return;  // `p = &x`: a name, no access
    if (record_scalar_pointee(designation)) return;
    if (designation.pointer != nullptr) {
      record_pointee(designation);
      return;
    }
    // `g_queue.mu` in pthread_mutex_lock(&g_queue.mu): the lock inside shared state is
    // synchronisation, not an access to the data around it.
    if (is_sync_type(designation.top->getType())) return;
    if (designation.variable == nullptr && designation.fields.empty()) {
      if (designation.parameter >= 0) record_parameter_object(designation);
      return;
    }
    if (designation.variable != nullptr) {
      const std::string& location = state_.catalog.add(*designation.variable);
      if (variable_candidacy(*designation.variable) != Candidacy::Shared) return;
      Recorded recorded;
      recorded.access.location = location;
      recorded.access.subobject = designation.members;
      recorded.access.pos = state_.positions.pos(designation.variable_where);
      recorded.access.line_text = state_.positions.line_text(designation.variable_where);
      if (!complete(recorded, designation)) return;
      // A global pointer's pointee accesses are always kept: its read is theirs.
      if (implied_pointer_read) return;
      recorded_.push_back(std::move(recorded));
      return;
    }
    Recorded recorded;
    recorded.fields = designation.fields;
    // The members within what the parameter designates: link adds them to the object a
    // call passes (link/parameter_contexts.h).
    if (designation.parameter >= 0) recorded.access.subobject = designation.members;
    recorded.implied_pointer_read = implied_pointer_read;
    recorded.access.in_own_constructor_or_destructor = designation.through_this && in_own_structor();
    recorded.access.on_this = designation.through_this;
    if (!complete(recorded, designation)) return;
    recorded_.push_back(std::move(recorded));
  }

  // `(*p)++` or `++r` on the scalar a pointer or reference parameter designates: kept for
  // link to name the object from each call (or each start of a thread's entry), dropped
  // where none does (Access::parameter_object_only). Objects of class type are reached
  // through their fields and methods instead.
  void record_parameter_object(const Designation& designation) {
    if (!recorded_in_callee(*designation.top, parents_)) return;
    Recorded recorded;
    if (!complete(recorded, designation)) return;
    recorded.access.location = parameter_object_key(key_, static_cast<unsigned>(designation.parameter));
    recorded.access.subobject = designation.members;
    recorded.access.parameter_object_only = true;
    recorded.access.pos = state_.positions.pos(designation.top->getExprLoc());
    recorded.access.line_text = state_.positions.line_text(designation.top->getExprLoc());
    recorded_.push_back(std::move(recorded));
  }

  void record_pointee(const Designation& designation) {
    Recorded recorded;
    recorded.access.through_pointer_member = true;
    // The owner's own pointee while it is built or torn down (`impl_->x = 0` in X::X()).
    // Not through a reference member: what `App& app_` refers to is never the owner's.
    recorded.access.in_own_constructor_or_destructor = designation.pointer_through_this &&
                                                       !designation.pointer->getType()->isReferenceType() &&
                                                       in_own_structor();
    if (!complete(recorded, designation)) return;
    const FieldCandidate& pointee = designation.fields.front();
    if (const auto* var = llvm::dyn_cast<clang::VarDecl>(designation.pointer)) {
      recorded.access.location = state_.catalog.add_pointee(*var, *pointee.field);
      recorded.access.pos = state_.positions.pos(pointee.where);
      recorded.access.line_text = state_.positions.line_text(pointee.where);
    } else {
      recorded.fields = designation.fields;
      recorded.pointer_member = llvm::cast<clang::FieldDecl>(designation.pointer);
      recorded.pointer_object_record = designation.pointer_object_record;
      recorded.pointer_where = designation.pointer_where;
    }
    recorded_.push_back(std::move(recorded));
  }

  // Kind and locks; false when the expression is not evaluated or never runs.
  bool complete(Recorded& recorded, const Designation& designation) {
    for (const clang::Expr* flag : once_api_flags_)
      if (parents_.within(designation.top, flag)) return false;  // the once API's own flag
    std::optional<AccessUse> use = classify_access(*designation.top, parents_);
    if (!use) return false;
    std::optional<std::vector<HeldLock>> locks = locks_near(*designation.top);
    if (!locks) return false;
    recorded.access.kind = use->kind;
    recorded.access.function = key_;
    recorded.access.locks = std::move(*locks);
    recorded.access.threads_running = threads_running_at(*designation.top);
    note_sync(*designation.top, recorded.access);
    recorded.access.escapes_by_return = escapes_by_return(*designation.top, parents_, function_);
    recorded.access.through_parameter = designation.parameter;
    recorded.access.parameter_let_go = designation.parameter_let_go;
    if (use->passed_to != nullptr) {
      recorded.access.passed_to = function_key(*use->passed_to, state_.positions);
      recorded.access.passed_parameter = static_cast<int>(use->passed_index);
    }
    if (const clang::VarDecl* initialised = once_static_initialised_by(*designation.top)) {
      recorded.access.once_initialiser = once_flag_of(*initialised);
    } else if (std::optional<std::string> flag = once_region_of(*designation.top)) {
      recorded.access.once_initialiser = std::move(*flag);
      recorded.access.once_via = OnceVia::OnceRegion;
    }
    recorded.top = designation.top;
    recorded.stored_value = use->stored_value;
    recorded.path = designation.path;
    return true;
  }

  void record_member_initialisers() {
    const auto* constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(&function_);
    if (constructor == nullptr) return;
    for (const clang::CXXCtorInitializer* init : constructor->inits()) {
      if (!init->isWritten() || !init->isMemberInitializer()) continue;
      const clang::FieldDecl* field = init->getMember();
      Candidacy candidacy = state_.catalog.candidacy(*field);
      if (candidacy == Candidacy::NotShared) continue;
      Recorded recorded;
      recorded.fields.push_back({field, init->getMemberLocation(), constructor->getParent(), candidacy == Candidacy::Flagged});
      recorded.access.kind = AccessKind::Write;
      recorded.access.function = key_;
      recorded.access.locks = role_.entry_locks;
      recorded.access.in_own_constructor_or_destructor = true;
      recorded_.push_back(std::move(recorded));
    }
  }

  void mark_split_updates() {
    for (Recorded& store : recorded_) {
      if (store.stored_value == nullptr || store.access.kind != AccessKind::AtomicWrite) continue;
      for (const Recorded& load : recorded_) {
        if (&load == &store || load.path != store.path || load.top == nullptr) continue;
        if (parents_.within(load.top, store.stored_value)) {
          store.access.split_atomic_update = true;
          break;
        }
      }
    }
  }

  // Check-then-act: a read in a condition controls a write of the same location in
  // the code the condition decides (see check_then_act.h).
  void mark_check_then_act() {
    for (Recorded& read : recorded_) {
      if (read.top == nullptr || (read.access.kind != AccessKind::Read && read.access.kind != AccessKind::AtomicRead))
        continue;
      std::vector<const clang::Stmt*> decided = statements_decided_by(*read.top, parents_);
      if (decided.empty()) continue;
      for (const Recorded& write : recorded_) {
        if (&write == &read || write.top == nullptr || !is_write(write.access.kind) || write.path != read.path ||
            write.pointer_member != read.pointer_member)
          continue;
        bool inside = std::any_of(decided.begin(), decided.end(),
                                  [&](const clang::Stmt* branch) { return parents_.within(write.top, branch); });
        if (!inside) continue;
        if (write.fields.empty()) read.access.controls_write_at = write.access.pos;
        else read.controlled_write = write.fields;
        break;
      }
    }
  }

  void flush() {
    for (Recorded& recorded : recorded_) {
      if (recorded.fields.empty()) {
        state_.out.accesses.push_back(std::move(recorded.access));
      } else {
        PendingFieldAccess pending;
        pending.access = std::move(recorded.access);
        pending.candidates = std::move(recorded.fields);
        pending.pointer_member = recorded.pointer_member;
        pending.pointer_object_record = recorded.pointer_object_record;
        pending.pointer_where = recorded.pointer_where;
        pending.implied_pointer_read = recorded.implied_pointer_read;
        pending.controlled_write = std::move(recorded.controlled_write);
        state_.pending_fields.push_back(std::move(pending));
      }
    }
    recorded_.clear();
  }

  // A call of a function the models call not thread-safe: an access to its hidden state.
  void record_unsafe_call(const clang::CallExpr& call) {
    const clang::FunctionDecl* callee = call.getDirectCallee();
    const UnsafeFunctionModel* model = callee != nullptr ? unsafe_function_model(*callee) : nullptr;
    if (model == nullptr) return;
    std::optional<std::vector<HeldLock>> locks = locks_near(call);
    if (!locks) return;  // never runs
    Recorded recorded;
    recorded.access.pos = state_.positions.pos(call.getExprLoc());
    recorded.access.location = state_.catalog.add_library_state(model->state, recorded.access.pos);
    recorded.access.kind = model->writes ? AccessKind::Write : AccessKind::Read;
    recorded.access.function = key_;
    recorded.access.locks = std::move(*locks);
    recorded.access.threads_running = threads_running_at(call);
    recorded.access.line_text = state_.positions.line_text(call.getExprLoc());
    recorded.access.library_call = model->function;
    recorded.access.library_call_instead = model->instead;
    note_sync(call, recorded.access);
    recorded_.push_back(std::move(recorded));
  }

  void record_call(const clang::Stmt& node) {
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&node)) record_unsafe_call(*call);
    if (const clang::Expr* entry = thread_entry_argument(node)) record_thread_start(node, *entry);
    if (std::optional<OnceCall> once = once_call(node)) record_once_call(node, *once);
    const clang::FunctionDecl* callee = nullptr;
    clang::SourceLocation where;
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&node)) {
      callee = call->getDirectCallee();
      if (callee != nullptr && callee->getBuiltinID() != 0) return;
      where = call->getExprLoc();
    } else if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(&node)) {
      const clang::CXXConstructorDecl* constructor = construct->getConstructor();
      if (constructor == nullptr || !constructor->isUserProvided()) return;
      callee = constructor;
      where = construct->getLocation();
    }
    if (callee == nullptr || callee->isInvalidDecl() || state_.positions.in_system_header(callee->getLocation())) return;
    std::optional<std::vector<HeldLock>> locks = locks_near(node);
    if (!locks) return;
    state_.out.calls.push_back({.caller = key_,
                                .callee = function_key(*callee, state_.positions),
                                .pos = state_.positions.pos(where),
                                .locks = std::move(*locks),
                                .threads_running = threads_running_at(node),
                                .in_loop = in_loop(node),
                                .dying = !returns_near(node),
                                .on_this = called_on_this(node),
                                .on_owned_object = called_on_owned_object(node)});
    CallSite& site = state_.out.calls.back();
    note_sync(node, site);
    if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&node);
        member_call != nullptr && member_call->getImplicitObjectArgument() != nullptr) {
      describe_receiver(*member_call, site);
      const auto* member = llvm::dyn_cast<clang::MemberExpr>(member_call->getCallee()->IgnoreParens());
      site.no_dispatch = member != nullptr && !member->performsVirtualDispatch(state_.ast.getLangOpts());
    }
    describe_arguments(node, site);
    if (const clang::VarDecl* initialised = once_static_initialised_by(node)) {
      state_.out.calls.back().once = OnceVia::StaticInitialiser;
      state_.out.calls.back().once_flag = once_flag_of(*initialised);
    } else if (std::optional<std::string> flag = once_region_of(node); flag && once_api_flag(node) == nullptr) {
      // The once API's own leave call is not part of the region's work: what it does to
      // the flag races with the enter call's unlocked check in other threads.
      state_.out.calls.back().once = OnceVia::OnceRegion;
      state_.out.calls.back().once_flag = std::move(*flag);
    }
  }

  // A function named without being called and handed to a callee whose body calls it
  // during the call (a synchronous callback: `for_each_entry(table, visit)`,
  // `run_guarded(this, &C::step)`) runs here: taken as a call from here, made without the
  // locks held here. A function stored, or handed to code that is not seen, may run
  // anywhere later; the callable of a thread start is a thread of its own, and that of a
  // once primitive is recorded as its once call.
  void record_function_references() {
    std::set<const clang::Expr*> handed_elsewhere;
    for (const clang::Stmt* call : calls_) {
      if (const clang::Expr* entry = thread_entry_argument(*call)) handed_elsewhere.insert(entry);
      if (std::optional<OnceCall> once = once_call(*call)) handed_elsewhere.insert(once->callable);
    }
    for (const clang::DeclRefExpr* ref : function_references_) {
      const auto* callee = llvm::cast<clang::FunctionDecl>(ref->getDecl());
      if (callee->getBuiltinID() != 0 || state_.positions.in_system_header(callee->getLocation())) continue;
      const clang::Stmt* node = ref;
      bool called = false;
      bool handed = false;
      bool run_by_callee = false;
      for (int depth = 0; node != nullptr && depth < 8; ++depth) {
        const clang::Stmt* parent = parents_.parent(node);
        if (const auto* expr = llvm::dyn_cast<clang::Expr>(node); expr != nullptr && handed_elsewhere.count(expr))
          handed = true;
        if (const auto* call = llvm::dyn_cast_or_null<clang::CallExpr>(parent)) {
          if (call->getCallee() == node) called = true;
          const clang::FunctionDecl* holder = call->getDirectCallee();
          const unsigned skip = llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa_and_nonnull<clang::CXXMethodDecl>(holder) ? 1 : 0;
          for (unsigned i = skip; holder != nullptr && i < call->getNumArgs(); ++i)
            if (call->getArg(i) == node && CalleeEffects::of(state_.ast).calls_parameter(*holder, i - skip))
              run_by_callee = true;
        }
        if (!llvm::isa_and_nonnull<clang::ImplicitCastExpr, clang::ParenExpr, clang::UnaryOperator,
                                   clang::MaterializeTemporaryExpr, clang::CXXBindTemporaryExpr>(parent))
          break;
        node = parent;
      }
      if (called || handed || !run_by_callee) continue;
      if (!locks_near(*ref)) continue;  // never runs
      CallSite site{.caller = key_,
                    .callee = function_key(*callee, state_.positions),
                    .pos = state_.positions.pos(ref->getLocation()),
                    .locks = {},
                    .threads_running = threads_running_at(*ref)};
      site.by_address = true;
      state_.out.calls.push_back(std::move(site));
    }
  }

  // The user-written destructor a local object runs at the end of its scope (an RAII
  // counter, a scope-exit action), or null. Locks and guards are the lockset's business.
  const clang::CXXDestructorDecl* scope_exit_destructor(const clang::VarDecl& var) const {
    if (!var.hasLocalStorage() || llvm::isa<clang::ParmVarDecl>(var) || var.getType()->isReferenceType()) return nullptr;
    const auto* record = state_.ast.getBaseElementType(var.getType())->getAsCXXRecordDecl();
    if (record == nullptr || !record->hasDefinition() || is_synchronisation_class(*record, state_.ast)) return nullptr;
    const clang::CXXDestructorDecl* destructor = record->getDestructor();
    if (destructor == nullptr || !destructor->isUserProvided() || destructor->isInvalidDecl() ||
        state_.positions.in_system_header(destructor->getLocation()))
      return nullptr;
    return destructor;
  }

  // A call of each such destructor. Taken with the locks held where the object is
  // declared: RAII objects live inside the locks around their declaration. (A lock
  // released by hand before the scope ends is missed.)
  void record_scope_exit_calls() {
    for (const auto& [declaration, destructor] : scope_exits_) {
      std::optional<std::vector<HeldLock>> locks = locks_near(*declaration);
      if (!locks) continue;  // never runs
      state_.out.calls.push_back({.caller = key_,
                                  .callee = function_key(*destructor, state_.positions),
                                  .pos = state_.positions.pos(declaration->getEndLoc()),
                                  .locks = std::move(*locks),
                                  .threads_running = threads_running_at(*declaration),
                                  .in_loop = in_loop(*declaration)});
    }
  }

  // `std::call_once(flag, init)`, `pthread_once(&once, init)`: a call of the callable
  // that runs it once (the first caller runs it, the others wait for it to finish).
  void record_once_call(const clang::Stmt& node, const OnceCall& once) {
    CallableTarget target = callable_target(*once.callable);
    std::string callee;
    if (target.lambda != nullptr && target.lambda->getLambdaClass() != nullptr)
      callee = lambda_key(*target.lambda->getLambdaClass(), state_.positions);
    else if (target.function != nullptr && !state_.positions.in_system_header(target.function->getLocation()))
      callee = function_key(*target.function, state_.positions);
    if (callee.empty()) return;  // a std::function, a bind, a library routine: nothing of ours runs
    std::optional<std::vector<HeldLock>> locks = locks_near(node);
    if (!locks) return;  // never runs
    const clang::SourceLocation where = llvm::cast<clang::Expr>(node).getExprLoc();
    // A flag that cannot be named is its own: it orders nothing with any other call.
    std::string flag = lock_name(*once.flag, &function_).value_or("");
    if (flag.empty()) {
      const SourcePos at = state_.positions.pos(where);
      flag = "(flag at " + at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ")";
    }
    state_.out.calls.push_back({.caller = key_,
                                .callee = std::move(callee),
                                .pos = state_.positions.pos(where),
                                .locks = std::move(*locks),
                                .threads_running = threads_running_at(node),
                                .in_loop = in_loop(node),
                                .once = once.via,
                                .once_flag = std::move(flag)});
  }

  // The function-local static whose dynamic initialiser `stmt` is part of: it runs once.
  const clang::VarDecl* once_static_initialised_by(const clang::Stmt& stmt) const {
    for (const auto& [declaration, var] : once_statics_)
      if (parents_.within(&stmt, var->getInit())) return var;
    return nullptr;
  }

  // The flag of the once region `stmt` is in (named like a lock); nullopt outside one.
  std::optional<std::string> once_region_of(const clang::Stmt& stmt) const {
    for (const auto& [body, flag] : once_regions_)
      if (parents_.within(&stmt, body)) return lock_name(*flag, &function_).value_or("");
    return std::nullopt;
  }

  // A static's initialisation is once per static: named like the flags of call_once.
  std::string once_flag_of(const clang::VarDecl& var) const { return lock_name_of(var, &function_).value_or(""); }

  // `static Foo f = make();`: the static's own initialisation is a write of it, made once
  // (the C++11 "magic static"), before anything else can name it.
  void record_local_static_initialisations() {
    for (const auto& [declaration, var] : once_statics_) {
      if (state_.catalog.candidacy(*var) == Candidacy::NotShared) continue;
      std::optional<std::vector<HeldLock>> locks = locks_near(*var->getInit());
      if (!locks) locks = locks_near(*declaration);
      if (!locks) continue;  // never runs
      Access access;
      access.location = state_.catalog.add(*var);
      access.kind = AccessKind::Write;
      access.pos = state_.positions.pos(var->getLocation());
      access.function = key_;
      access.locks = std::move(*locks);
      access.line_text = state_.positions.line_text(var->getLocation());
      access.threads_running = threads_running_at(*declaration);
      access.once_initialiser = once_flag_of(*var);
      access.initialises_local_static = true;
      state_.out.accesses.push_back(std::move(access));
    }
  }

  // The statement of the function body's top level that contains `node`.
  const clang::Stmt* top_level_statement(const clang::Stmt& node) const {
    const clang::Stmt* current = &node;
    for (int depth = 0; current != nullptr && depth < 256; ++depth) {
      const clang::Stmt* parent = parents_.parent(current);
      if (parent == function_.getBody()) return current;
      current = parent;
    }
    return nullptr;
  }

  void record_thread_start(const clang::Stmt& node, const clang::Expr& entry) {
    CallableTarget target = callable_target(entry);
    std::string entry_key;
    if (target.lambda != nullptr && target.lambda->getLambdaClass() != nullptr) {
      entry_key = lambda_key(*target.lambda->getLambdaClass(), state_.positions);
      // Starts with no locks held; through a strand, holding the strand (one at a time).
      std::vector<HeldLock> held;
      if (const clang::Expr* strand = serialising_executor(node))
        if (std::optional<std::string> name = lock_name(*strand, &function_)) held.push_back({*name, false});
      thread_entry_lambdas_.emplace(target.lambda, std::move(held));
    } else if (target.function != nullptr) {
      entry_key = function_key(*target.function, state_.positions);
    }
    // A start wrapper's: it runs the routine its caller passed (link/thread_wrappers.h).
    const SourcePos pos = state_.positions.pos(node.getBeginLoc());
    std::optional<unsigned> routine = phases_ != nullptr ? phases_->routine_parameter(pos) : std::nullopt;
    if (entry_key.empty() && !routine) return;
    if (!locks_near(node)) return;  // never runs
    ThreadStart start{key_, entry_key, pos, {}, false, {}};
    if (routine) start.entry_parameter = static_cast<int>(*routine);
    if (std::optional<QueuedCallable> queued = queued_callable(node); queued && !queued->system_callback)
      start.queued_in = std::move(queued->queue);
    StartKind kind = thread_start_kind(node);
    start.how = std::move(kind.how);
    start.many = kind.many;
    if (!entry_key.empty()) start.argument_objects = thread_argument_objects(node, target);
    start.running_at_start = threads_running_at(node);
    if (phases_ != nullptr)
      for (const auto& [handle, started] : phases_->effects().starts) start.outlives_creator |= started == start.pos;
    if (!start.outlives_creator) start.held_across_life = locks_held_across_life(node, start.pos);
    const clang::Stmt* statement = top_level_statement(node);
    TopLevelPassages passages = statement != nullptr ? top_level_passages(function_, statement) : TopLevelPassages{};
    start.passed_once = std::move(passages.flags);
    for (const clang::FunctionDecl* callee : passages.callees)
      if (!state_.positions.in_system_header(callee->getLocation()))
        start.passed_callees.push_back(function_key(*callee, state_.positions));
    state_.out.thread_starts.push_back(std::move(start));
  }

  // What a start passes its entry that names an object: pthread_create's / thrd_create's
  // `arg` (the entry's parameter 0), std::thread's arguments after the callable (through
  // std::ref, or a pointer to the object). A local passed so is shared with the thread
  // (LocationKind::Local). An element whose index is not known is no one object (each
  // thread's own slot, `&args[i]`): not named.
  std::vector<ArgumentObject> thread_argument_objects(const clang::Stmt& node, const CallableTarget& target) {
    // std::thread(&S::run, &s, ..): the first argument is the method's object, not a
    // parameter; a lambda's arguments are not followed.
    const auto* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(target.function);
    if (llvm::isa<clang::CXXConstructExpr>(node) && (target.function == nullptr || (method != nullptr && !method->isStatic())))
      return {};
    std::vector<ArgumentObject> out;
    for (const auto& [parameter, argument] : thread_routine_arguments(node)) {
      const clang::Expr* object = passed_object(*argument);
      if (object == nullptr) continue;
      handed_to_thread_.insert(argument);
      if (const clang::VarDecl* local = handed_local(*argument))
        captured_by_thread_.insert(local);  // shared with the thread from here on
      bool let_go = false;
      std::optional<ArgumentObject> named = argument_object(*object, parameter, let_go);
      if (!named || named->subobject.ends_with(kAnyPart)) continue;
      out.push_back(std::move(*named));
    }
    return out;
  }

  // `top` is (within) an argument by which a start hands an object to its thread
  // (`&job` of pthread_create, `std::ref(total)`): the thread's accesses are the accesses.
  bool hands_to_thread(const clang::Expr& top) const {
    if (handed_to_thread_.empty()) return false;
    const clang::Stmt* node = &top;
    for (int depth = 0; node != nullptr && depth < 8; ++depth) {
      if (const auto* expr = llvm::dyn_cast<clang::Expr>(node); expr != nullptr && handed_to_thread_.count(expr)) return true;
      const clang::Stmt* parent = parents_.parent(node);
      if (!llvm::isa_and_nonnull<clang::ParenExpr, clang::ImplicitCastExpr, clang::UnaryOperator, clang::CStyleCastExpr,
                                 clang::CXXConstructExpr, clang::MaterializeTemporaryExpr, clang::CXXBindTemporaryExpr,
                                 clang::CallExpr>(parent))
        return false;
      node = parent;
    }
    return false;
  }

  // The local an argument is, or hands over (passed_object).
  static const clang::VarDecl* handed_local(const clang::Expr& argument) {
    const clang::Expr* object = passed_object(argument);
    const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>((object != nullptr ? object : &argument)->IgnoreParenImpCasts());
    const auto* var = ref != nullptr ? llvm::dyn_cast<clang::VarDecl>(ref->getDecl()) : nullptr;
    return var != nullptr && var->hasLocalStorage() && !var->getType()->isReferenceType() ? var : nullptr;
  }

  // The object an argument hands over: `x` of `&x`, `std::ref(x)`, `std::cref(x)`,
  // `std::addressof(x)`, and of an array `arr` decaying to a pointer; null for anything else.
  static const clang::Expr* passed_object(const clang::Expr& argument) {
    const clang::Expr* e = argument.IgnoreParenCasts();
    for (int depth = 0; depth < 4; ++depth) {
      e = e->IgnoreImplicit()->IgnoreParenCasts();
      if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(e); construct && construct->getNumArgs() == 1) {
        e = construct->getArg(0);  // the reference_wrapper copied into the thread
        continue;
      }
      break;
    }
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(e); unary && unary->getOpcode() == clang::UO_AddrOf)
      return unary->getSubExpr();
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(e); call && call->getNumArgs() == 1) {
      const std::string_view name = std_function_name(call->getDirectCallee());
      if (name == "ref" || name == "cref" || name == "addressof") return call->getArg(0);
    }
    if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(argument.IgnoreParens());
        cast != nullptr && cast->getCastKind() == clang::CK_ArrayToPointerDecay)
      return cast->getSubExpr();
    return nullptr;
  }

  // The locks held at a thread's start and at every statement that runs while it may
  // (its join included): the thread lives inside a region where they are held, never let
  // go in between. Only for a thread joined before the function returns.
  std::vector<HeldLock> locks_held_across_life(const clang::Stmt& start_stmt, const SourcePos& start) const {
    std::optional<std::vector<HeldLock>> held = locks_near(start_stmt);
    if (!held || held->empty() || phases_ == nullptr) return {};
    std::optional<std::vector<const clang::Stmt*>> during = phases_->statements_while_running(start);
    if (!during) return {};
    for (const clang::Stmt* stmt : *during) {
      if (waits_on_condition_variable(*stmt)) return {};  // lets go of its lock meanwhile
      std::optional<std::vector<HeldLock>> here = locks_->locks_at(*stmt);
      if (!here) continue;  // never runs
      std::vector<HeldLock> both;
      std::set_intersection(held->begin(), held->end(), here->begin(), here->end(), std::back_inserter(both));
      *held = std::move(both);
      if (held->empty()) break;
    }
    return *held;
  }

  // Inside sizeof / decltype / noexcept / typeid(type): named, never evaluated.
  bool unevaluated(const clang::Stmt* node) const {
    for (int depth = 0; node != nullptr && depth < 256; ++depth, node = parents_.parent(node)) {
      if (llvm::isa<clang::UnaryExprOrTypeTraitExpr, clang::CXXNoexceptExpr>(node)) return true;
      if (const auto* typeid_expr = llvm::dyn_cast<clang::CXXTypeidExpr>(node))
        return !typeid_expr->isPotentiallyEvaluated();
    }
    return false;
  }

  // `auto f = [..] {..};` and `f` never used again where it could run (called, passed,
  // copied, returned): the lambda never runs, so its body produces nothing.
  bool never_runs(const clang::LambdaExpr& lambda) const {
    const clang::Stmt* node = &lambda;
    const clang::DeclStmt* declaration = nullptr;
    for (int depth = 0; depth < 16 && declaration == nullptr; ++depth) {
      node = parents_.parent(node);
      if (node == nullptr) return false;
      declaration = llvm::dyn_cast<clang::DeclStmt>(node);
      if (declaration == nullptr && !llvm::isa<clang::ExprWithCleanups, clang::MaterializeTemporaryExpr,
                                               clang::CXXBindTemporaryExpr, clang::ImplicitCastExpr,
                                               clang::CXXConstructExpr, clang::CXXFunctionalCastExpr>(node))
        return false;
    }
    if (declaration == nullptr || !declaration->isSingleDecl()) return false;
    const auto* var = llvm::dyn_cast<clang::VarDecl>(declaration->getSingleDecl());
    if (var == nullptr || !var->hasLocalStorage() || var->getType()->isReferenceType()) return false;
    for (const clang::Expr* element : chain_elements_) {
      const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(element);
      if (ref != nullptr && ref->getDecl() == var && !unevaluated(ref)) return false;
    }
    return true;
  }

  // The threads this function started that may run where a lambda written here runs:
  // it runs in parallel with them, as this function's own code there does.
  std::vector<SourcePos> threads_running_where_run(const clang::LambdaExpr& lambda) const {
    if (phases_ == nullptr) return {};
    std::vector<SourcePos> running;
    for (const clang::Stmt* point : lambda_run_points(lambda, parents_, chain_elements_)) {
      std::vector<SourcePos> here = threads_running_at(*point);
      running.insert(running.end(), here.begin(), here.end());
    }
    std::sort(running.begin(), running.end());
    running.erase(std::unique(running.begin(), running.end()), running.end());
    return running;
  }

  void capture_lambdas() {
    for (const clang::LambdaExpr* lambda : lambdas_) {
      if (thread_entry_lambdas_.count(lambda) == 0 && never_runs(*lambda)) continue;
      std::vector<HeldLock> entry;
      if (auto started = thread_entry_lambdas_.find(lambda); started != thread_entry_lambdas_.end()) {
        entry = started->second;
      } else {
        std::optional<std::vector<HeldLock>> held = locks_near(*lambda);
        if (!held) continue;  // written where nothing runs
        entry = std::move(*held);
      }
      FunctionRole role{std::move(entry), owner_, {}, &captured_by_thread_};
      // A thread's entry is an entry of its own; any other lambda runs where it is used.
      if (thread_entry_lambdas_.count(lambda) == 0) role.threads_running_at_use = threads_running_where_run(*lambda);
      if (const clang::FunctionTemplateDecl* generic = lambda->getDependentCallOperator()) {
        for (const clang::FunctionDecl* instance : generic->specializations()) capture_function(state_, *instance, role);
      } else if (const clang::CXXMethodDecl* call_operator = lambda->getCallOperator()) {
        capture_function(state_, *call_operator, role);
      }
    }
  }

  CaptureState& state_;
  const clang::FunctionDecl& function_;
  const FunctionRole& role_;
  std::string key_;
  std::string owner_;
  std::unique_ptr<LocksetAnalysis> locks_;
  StmtParents parents_;
  std::unique_ptr<ThreadPhases> phases_;  // only in functions that start threads
  std::unique_ptr<SyncEvents> sync_;
  std::unique_ptr<FreshObjects> fresh_;
  std::unique_ptr<LocalAliases> aliases_;
  std::set<const clang::VarDecl*> thread_shared_locals_;
  // Locals (this function's, or of the functions a lambda is written in) a lambda run on a
  // thread captures by reference: the lambdas written here see them as shared too.
  std::set<const clang::VarDecl*> captured_by_thread_;
  // Arguments by which this function's thread starts hand an object to the thread.
  std::set<const clang::Expr*> handed_to_thread_;
  std::map<const clang::VarDecl*, const clang::Expr*> loop_ranges_;  // range-for variable -> its range
  std::vector<const clang::Expr*> chain_elements_;
  std::vector<const clang::Stmt*> calls_;
  std::vector<const clang::DeclRefExpr*> function_references_;
  std::vector<std::pair<const clang::DeclStmt*, const clang::CXXDestructorDecl*>> scope_exits_;
  std::vector<const clang::LambdaExpr*> lambdas_;
  // Lambdas a start runs, with the locks they start holding (a strand's, else none).
  std::map<const clang::LambdaExpr*, std::vector<HeldLock>> thread_entry_lambdas_;
  std::set<const clang::Expr*> initialiser_roots_;
  // Function-local statics initialised at run time, with their declarations.
  std::vector<std::pair<const clang::DeclStmt*, const clang::VarDecl*>> once_statics_;
  std::vector<std::pair<const clang::Stmt*, const clang::Expr*>> once_regions_;  // then-branch, flag
  std::vector<const clang::Expr*> once_api_flags_;  // flag arguments of once enter/leave calls
  std::vector<Recorded> recorded_;
  std::vector<const LockOrder*> lock_orders_;  // recorded once the thread phases are known
};

}  // namespace

void capture_function(CaptureState& state, const clang::FunctionDecl& function, const FunctionRole& role) {
  if (function.isInvalidDecl() || function.getBody() == nullptr || function.isDependentContext()) return;
  if (!state.analysed.insert(&function).second) return;
  FunctionCapture(state, function, role).run();
}

}  // namespace hawk::audit
