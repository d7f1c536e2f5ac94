#include "capture/sync_events.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Analysis/CFG.h>

#include "capture/atomic_types.h"
#include "capture/once_passages.h"
#include "capture/source_positions.h"
#include "locks/cfg_positions.h"
#include "locks/lock_names.h"
#include "locks/lockset_analysis.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// What a statement does to one object. SignalAndWait: a barrier (or a latch's
// arrive_and_wait), both at once. LoopedWait: a condition variable's wait that may wake
// without a signal: it waits only where the loop around it exits normally.
enum class Effect { Wait, Signal, SignalAndWait, LoopedWait };

struct Event {
  Effect effect = Effect::Wait;
  std::string object;
  SignalKind kind = SignalKind::Single;
  bool notifies = false;  // a condition variable's notify
};

// std::memory_order / __ATOMIC_* values; -1 when not a constant.
constexpr int kAcquire = 2;
constexpr int kRelease = 3;
constexpr int kAcqRel = 4;
constexpr int kSeqCst = 5;

int order_value(const clang::Expr* order, const clang::ASTContext& context) {
  if (order == nullptr) return -1;
  clang::Expr::EvalResult result;
  if (!order->EvaluateAsRValue(result, context) || !result.Val.isInt()) return -1;
  return static_cast<int>(result.Val.getInt().getExtValue());
}

bool is_memory_order(clang::QualType type) {
  const auto* tag = type.getCanonicalType()->getAsTagDecl();
  return tag != nullptr && tag->getIdentifier() != nullptr && tag->getName() == "memory_order";
}

// The first std::memory_order argument of a call; seq_cst when there is none.
int call_order(const clang::CallExpr& call, const clang::ASTContext& context) {
  for (const clang::Expr* argument : call.arguments())
    if (is_memory_order(argument->IgnoreParenImpCasts()->getType()) || is_memory_order(argument->getType()))
      return order_value(argument, context);
  return kSeqCst;
}

SignalKind store_kind(int order) {
  return order == kRelease || order == kAcqRel || order == kSeqCst ? SignalKind::Single : SignalKind::Unordered;
}

bool load_acquires(int order) { return order == kAcquire || order == kAcqRel || order == kSeqCst; }

bool is_c_function(const clang::FunctionDecl* function, std::initializer_list<std::string_view> names) {
  if (function == nullptr || function->getIdentifier() == nullptr ||
      !function->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return false;
  const std::string_view name(function->getName().data(), function->getName().size());
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_zero_literal(const clang::Expr* expr, const clang::ASTContext& context) {
  if (expr == nullptr) return false;
  std::optional<llvm::APSInt> value = expr->IgnoreParenImpCasts()->getIntegerConstantExpr(context);
  return value && *value == 0;
}

// The type of the object a method is called on, before any conversion to the base class
// that declares the method (std::atomic<int>::load is __atomic_base<int>'s).
clang::QualType object_type(const clang::Expr& object) {
  clang::QualType type = object.IgnoreParenImpCasts()->getType();
  return type->isPointerType() ? type->getPointeeType() : type;
}

bool is_std_atomic(clang::QualType type) {
  std::string_view name = std_class_name(type);
  return name == "atomic" || name == "atomic_ref";
}

struct Recogniser {
  const clang::FunctionDecl& function;
  const clang::ASTContext& context;

  std::optional<std::string> name(const clang::Expr& expr) const { return lock_name(expr, &function); }

  std::optional<Event> event(Effect effect, const clang::Expr& object, SignalKind kind = SignalKind::Single) const {
    std::optional<std::string> object_name = name(object);
    if (!object_name) return std::nullopt;
    return Event{effect, std::move(*object_name), kind, false};
  }

  // The count a std semaphore or latch starts with, when its declaration says: a
  // semaphore's acquire waits for a release only from 0, a latch's wait for a count_down
  // only from above 0.
  static std::optional<llvm::APSInt> initial_count(const clang::Expr& object, const clang::ASTContext& context) {
    const clang::Expr* stripped = object.IgnoreParenImpCasts();
    const clang::Expr* init = nullptr;
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(stripped)) {
      if (const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) init = var->getInit();
    } else if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(stripped)) {
      if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl()))
        init = field->getInClassInitializer();
    }
    if (init == nullptr) return std::nullopt;
    const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(init->IgnoreImplicit());
    if (construct == nullptr || construct->getNumArgs() != 1) return std::nullopt;
    return construct->getArg(0)->IgnoreParenImpCasts()->getIntegerConstantExpr(context);
  }

  // The promise a future comes from: `p.get_future()` itself, or a local initialised with it.
  std::optional<std::string> promise_of(const clang::Expr& future) const {
    const clang::Expr* expr = &future;
    for (int depth = 0; expr != nullptr && depth < 16; ++depth) {
      expr = expr->IgnoreImplicit()->IgnoreParenImpCasts();
      if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(expr)) {
        const clang::CXXMethodDecl* method = call->getMethodDecl();
        if (method == nullptr || method->getIdentifier() == nullptr || method->getName() != "get_future")
          return std::nullopt;
        return name(*call->getImplicitObjectArgument());
      }
      if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
        if (construct->getNumArgs() != 1) return std::nullopt;
        expr = construct->getArg(0);  // a move from the temporary
        continue;
      }
      if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
        const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
        if (var == nullptr || !var->hasLocalStorage() || var->getType()->isReferenceType()) return std::nullopt;
        expr = var->getInit();
        continue;
      }
      return std::nullopt;
    }
    return std::nullopt;
  }

  std::optional<Event> member_event(const clang::CXXMemberCallExpr& call) const {
    const clang::CXXMethodDecl* method = call.getMethodDecl();
    const clang::Expr* object = call.getImplicitObjectArgument();
    if (method == nullptr || method->getIdentifier() == nullptr || object == nullptr) return std::nullopt;
    const llvm::StringRef method_name = method->getName();
    const clang::QualType type = object_type(*object);
    const std::string_view kind = std_class_name(type);
    if (kind == "condition_variable" || kind == "condition_variable_any") {
      if (method_name == "notify_one" || method_name == "notify_all") {
        std::optional<Event> signal = event(Effect::Signal, *object);
        if (signal) signal->notifies = true;
        return signal;
      }
      // wait(lock, predicate) returns only once the predicate holds; with a stop token
      // (condition_variable_any) it may return when stop is requested.
      if (method_name == "wait" && call.getNumArgs() == 2) return event(Effect::Wait, *object);
      if (method_name == "wait" || method_name == "wait_for" || method_name == "wait_until")
        return event(Effect::LoopedWait, *object);
      return std::nullopt;
    }
    if (kind == "barrier") {
      if (method_name == "arrive_and_wait") return event(Effect::SignalAndWait, *object, SignalKind::Barrier);
      if (method_name == "arrive" || method_name == "arrive_and_drop")
        return event(Effect::Signal, *object, SignalKind::Barrier);
      if (method_name == "wait") return event(Effect::Wait, *object);
      return std::nullopt;
    }
    if (kind == "latch") {
      if (method_name == "count_down") return event(Effect::Signal, *object);
      std::optional<llvm::APSInt> count = initial_count(*object, context);
      const bool waits = count && count->isStrictlyPositive();
      if (method_name == "wait") return waits ? event(Effect::Wait, *object) : std::nullopt;
      if (method_name == "arrive_and_wait")
        return event(waits ? Effect::SignalAndWait : Effect::Signal, *object);
      return std::nullopt;
    }
    if (kind == "counting_semaphore") {
      if (method_name == "release") return event(Effect::Signal, *object);
      std::optional<llvm::APSInt> count = initial_count(*object, context);
      if (method_name == "acquire" && count && count->isZero()) return event(Effect::Wait, *object);
      return std::nullopt;
    }
    if (kind == "promise") {
      if (method_name == "set_value" || method_name == "set_exception" || method_name == "set_value_at_thread_exit" ||
          method_name == "set_exception_at_thread_exit")
        return event(Effect::Signal, *object);
      return std::nullopt;
    }
    if (kind == "future" || kind == "shared_future") {
      if (method_name != "get" && method_name != "wait") return std::nullopt;
      std::optional<std::string> promise = promise_of(*object);
      if (!promise) return std::nullopt;
      return Event{Effect::Wait, std::move(*promise), SignalKind::Single, false};
    }
    if (is_std_atomic(type) && !method->isConst() && method_name != "notify_one" && method_name != "notify_all")
      return event(Effect::Signal, *object, store_kind(call_order(call, context)));
    return std::nullopt;
  }

  std::optional<Event> c_event(const clang::CallExpr& call) const {
    const clang::FunctionDecl* callee = call.getDirectCallee();
    if (callee == nullptr || call.getNumArgs() == 0) return std::nullopt;
    const clang::Expr& first = *call.getArg(0);
    if (is_c_function(callee, {"pthread_cond_wait", "pthread_cond_timedwait", "cnd_wait", "cnd_timedwait"}))
      return event(Effect::LoopedWait, first);
    if (is_c_function(callee, {"pthread_cond_signal", "pthread_cond_broadcast", "cnd_signal", "cnd_broadcast"})) {
      std::optional<Event> signal = event(Effect::Signal, first);
      if (signal) signal->notifies = true;
      return signal;
    }
    if (is_c_function(callee, {"pthread_barrier_wait"}))
      return event(Effect::SignalAndWait, first, SignalKind::Barrier);
    if (is_c_function(callee, {"sem_post"})) return event(Effect::Signal, first);
    if (is_c_function(callee, {"sem_wait"})) return event(Effect::Wait, first);
    // A semaphore that starts above zero lets a wait return without any post.
    if (is_c_function(callee, {"sem_init"}) && call.getNumArgs() == 3 && !is_zero_literal(call.getArg(2), context))
      return event(Effect::Signal, first, SignalKind::Unordered);
    // std::atomic_store(&f, v), std::atomic_fetch_add_explicit(&f, 1, order), ...
    const std::string_view std_name = std_function_name(callee);
    if (std_name.starts_with("atomic_") && !std_name.starts_with("atomic_load") && !std_name.starts_with("atomic_wait") &&
        !std_name.starts_with("atomic_notify") && !std_name.starts_with("atomic_flag_test") &&
        !std_name.starts_with("atomic_is_lock_free") && !std_name.starts_with("atomic_thread_fence") &&
        !std_name.starts_with("atomic_signal_fence"))
      return event(Effect::Signal, first, store_kind(call_order(call, context)));
    return std::nullopt;
  }

  // What `stmt` (one CFG element) does; nullopt for nothing tracked here.
  std::optional<Event> of(const clang::Stmt& stmt) const {
    if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) return member_event(*member_call);
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&stmt)) {
      // f = true, ++f, f += 2 on a std::atomic: seq_cst modifications.
      if (op->getNumArgs() == 0 || !is_std_atomic(object_type(*op->getArg(0)))) return std::nullopt;
      const auto* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(op->getDirectCallee());
      if (method == nullptr || method->isConst()) return std::nullopt;
      return event(Effect::Signal, *op->getArg(0), SignalKind::Single);
    }
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt)) return c_event(*call);
    if (const auto* atomic = llvm::dyn_cast<clang::AtomicExpr>(&stmt)) {
      switch (atomic->getOp()) {
        case clang::AtomicExpr::AO__c11_atomic_load:
        case clang::AtomicExpr::AO__atomic_load:
        case clang::AtomicExpr::AO__atomic_load_n:
          return std::nullopt;
        default:
          return event(Effect::Signal, *atomic->getPtr(), store_kind(order_value(atomic->getOrder(), context)));
      }
    }
    // `_Atomic int f; f = 1; f++;`: seq_cst modifications.
    if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(&stmt);
        binary != nullptr && binary->isAssignmentOp() && binary->getLHS()->getType()->isAtomicType())
      return event(Effect::Signal, *binary->getLHS(), SignalKind::Single);
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(&stmt);
        unary != nullptr && unary->isIncrementDecrementOp() && unary->getSubExpr()->getType()->isAtomicType())
      return event(Effect::Signal, *unary->getSubExpr(), SignalKind::Single);
    return std::nullopt;
  }

  // An acquiring load of an atomic flag: the flag's name.
  std::optional<std::string> acquiring_load(const clang::Expr& expr) const {
    const clang::Expr* stripped = expr.IgnoreParenImpCasts();
    if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(stripped)) {
      const clang::CXXMethodDecl* method = call->getMethodDecl();
      const clang::Expr* object = call->getImplicitObjectArgument();
      if (method == nullptr || object == nullptr || !is_std_atomic(object_type(*object))) return std::nullopt;
      const bool load = llvm::isa<clang::CXXConversionDecl>(method) ||
                        (method->getIdentifier() != nullptr && method->getName() == "load");
      if (!load || !load_acquires(call_order(*call, context))) return std::nullopt;
      return name(*object);
    }
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(stripped)) {
      const std::string_view std_name = std_function_name(call->getDirectCallee());
      if ((std_name != "atomic_load" && std_name != "atomic_load_explicit") || call->getNumArgs() == 0 ||
          !load_acquires(call_order(*call, context)))
        return std::nullopt;
      return name(*call->getArg(0));
    }
    if (const auto* atomic = llvm::dyn_cast<clang::AtomicExpr>(stripped)) {
      const auto op = atomic->getOp();
      if (op != clang::AtomicExpr::AO__c11_atomic_load && op != clang::AtomicExpr::AO__atomic_load_n) return std::nullopt;
      if (!load_acquires(order_value(atomic->getOrder(), context))) return std::nullopt;
      return name(*atomic->getPtr());
    }
    if (llvm::isa<clang::DeclRefExpr, clang::MemberExpr>(stripped) && stripped->getType()->isAtomicType())
      return name(*stripped);  // reading an _Atomic object is a seq_cst load
    return std::nullopt;
  }

  // The flag a branch condition tests: taken the `set_when` way, an acquiring load found
  // the flag non-zero. `f.load(acquire)`, `!f`, `f == 0`, `f != 0`, `f.load() == 1`.
  struct FlagTest {
    std::string flag;
    bool set_when = true;
  };
  std::optional<FlagTest> flag_test(const clang::Expr& condition) const {
    const clang::Expr* expr = condition.IgnoreParenImpCasts();
    if (std::optional<std::string> flag = acquiring_load(*expr)) return FlagTest{std::move(*flag), true};
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(expr); unary && unary->getOpcode() == clang::UO_LNot) {
      std::optional<FlagTest> inner = flag_test(*unary->getSubExpr());
      if (inner) inner->set_when = !inner->set_when;
      return inner;
    }
    const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(expr);
    if (binary == nullptr || !binary->isEqualityOp()) return std::nullopt;
    const clang::Expr* value = binary->getRHS();
    const clang::Expr* tested = binary->getLHS();
    std::optional<llvm::APSInt> constant = value->IgnoreParenImpCasts()->getIntegerConstantExpr(context);
    if (!constant) {
      std::swap(value, tested);
      constant = value->IgnoreParenImpCasts()->getIntegerConstantExpr(context);
    }
    if (!constant) return std::nullopt;
    const bool equal = binary->getOpcode() == clang::BO_EQ;
    if (*constant == 0) {
      std::optional<FlagTest> inner = flag_test(*tested);
      if (inner && equal) inner->set_when = !inner->set_when;
      return inner;
    }
    // Compared with a non-zero value: only equality tells the flag is set.
    std::optional<std::string> flag = acquiring_load(*tested);
    if (!flag) return std::nullopt;
    return FlagTest{std::move(*flag), equal};
  }
};

// A loop condition about state other threads can change (a global, a field, a local a
// lambda captured, a call): a predicate. A loop counting wakeups (`i < 3`) is none.
bool reads_shared_state(const clang::Stmt& condition) {
  std::vector<const clang::Stmt*> stack{&condition};
  while (!stack.empty()) {
    const clang::Stmt* stmt = stack.back();
    stack.pop_back();
    if (llvm::isa<clang::MemberExpr, clang::CallExpr>(stmt)) return true;
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(stmt)) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (var != nullptr && (!var->hasLocalStorage() || ref->refersToEnclosingVariableOrCapture())) return true;
    }
    for (const clang::Stmt* child : stmt->children())
      if (child != nullptr) stack.push_back(child);
  }
  return false;
}

bool is_loop(const clang::Stmt* stmt) {
  return llvm::isa_and_nonnull<clang::ForStmt, clang::WhileStmt, clang::DoStmt>(stmt);
}

const clang::Stmt* loop_body(const clang::Stmt& loop) {
  if (const auto* s = llvm::dyn_cast<clang::ForStmt>(&loop)) return s->getBody();
  if (const auto* s = llvm::dyn_cast<clang::WhileStmt>(&loop)) return s->getBody();
  if (const auto* s = llvm::dyn_cast<clang::DoStmt>(&loop)) return s->getBody();
  return nullptr;
}

struct State {
  std::set<std::string> waited;
  std::set<std::string> signalled;
};

// A statement that may set a condition variable's predicate: a write or a call under a
// lock, or a call of a function of the project.
bool may_set_state(const clang::Stmt& stmt, bool under_lock, const SourcePositions& positions) {
  if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt)) {
    if (under_lock) return true;
    const clang::FunctionDecl* callee = call->getDirectCallee();
    return callee == nullptr || !positions.in_system_header(callee->getLocation());
  }
  if (!under_lock) return false;
  if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(&stmt)) return binary->isAssignmentOp();
  if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(&stmt)) return unary->isIncrementDecrementOp();
  return llvm::isa<clang::CXXConstructExpr>(stmt);
}

}  // namespace

bool waits_on_condition_variable(const clang::Stmt& stmt) {
  if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
    const clang::CXXMethodDecl* method = call->getMethodDecl();
    const clang::Expr* object = call->getImplicitObjectArgument();
    if (method == nullptr || method->getIdentifier() == nullptr || object == nullptr) return false;
    const std::string_view kind = std_class_name(object_type(*object));
    return (kind == "condition_variable" || kind == "condition_variable_any") && method->getName().starts_with("wait");
  }
  const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  return call != nullptr &&
         is_c_function(call->getDirectCallee(), {"pthread_cond_wait", "pthread_cond_timedwait", "cnd_wait", "cnd_timedwait"});
}

struct SyncEvents::Impl {
  const StmtParents& parents;
  std::unique_ptr<clang::CFG> cfg;
  CfgPositions positions;
  std::map<const clang::Stmt*, Event> events;
  // Once flags passed by an element (capture/once_passages.h): waits for each.
  std::map<const clang::Stmt*, std::vector<std::string>> once_passes;
  std::set<const clang::Stmt*> state_setters;  // elements that may set a cv predicate's state
  std::set<std::string> notified;                     // condition variables the body notifies
  // Objects waited for along a CFG edge (block id, successor index).
  std::map<std::pair<unsigned, unsigned>, std::vector<std::string>> edge_waits;
  std::vector<std::optional<State>> in_states;
  std::vector<SyncSignal> signal_list;
  mutable std::map<unsigned, std::vector<State>> before;  // per block, per element

  explicit Impl(const StmtParents& stmt_parents) : parents(stmt_parents) {}

  void transfer(const clang::CFGElement& element, State& state) const {
    auto statement = element.getAs<clang::CFGStmt>();
    if (!statement) return;
    const clang::Stmt* stmt = statement->getStmt();
    if (state_setters.count(stmt)) state.signalled.insert(notified.begin(), notified.end());
    if (auto passes = once_passes.find(stmt); passes != once_passes.end())
      state.waited.insert(passes->second.begin(), passes->second.end());
    auto found = events.find(stmt);
    if (found == events.end()) return;
    const Event& event = found->second;
    if (event.effect == Effect::Signal || event.effect == Effect::SignalAndWait) state.signalled.insert(event.object);
    if (event.effect == Effect::Wait || event.effect == Effect::SignalAndWait) state.waited.insert(event.object);
  }

  static bool merge(std::optional<State>& into, const State& from) {
    if (!into) {
      into = from;
      return true;
    }
    bool changed = false;
    for (auto it = into->waited.begin(); it != into->waited.end();) {
      if (from.waited.count(*it)) {
        ++it;
      } else {
        it = into->waited.erase(it);
        changed = true;
      }
    }
    for (const std::string& object : from.signalled) changed = into->signalled.insert(object).second || changed;
    return changed;
  }

  void solve() {
    in_states.assign(cfg->getNumBlockIDs(), std::nullopt);
    const clang::CFGBlock& entry = cfg->getEntry();
    in_states[entry.getBlockID()] = State{};
    std::deque<const clang::CFGBlock*> worklist{&entry};
    while (!worklist.empty()) {
      const clang::CFGBlock* block = worklist.front();
      worklist.pop_front();
      State out = *in_states[block->getBlockID()];
      for (const clang::CFGElement& element : *block) transfer(element, out);
      unsigned index = 0;
      for (const clang::CFGBlock::AdjacentBlock& successor : block->succs()) {
        const clang::CFGBlock* next = successor.getReachableBlock();
        State along = out;
        if (auto waits = edge_waits.find({block->getBlockID(), index}); waits != edge_waits.end())
          along.waited.insert(waits->second.begin(), waits->second.end());
        ++index;
        if (next == nullptr) continue;
        if (merge(in_states[next->getBlockID()], along)) worklist.push_back(next);
      }
    }
  }
};

SyncEvents::SyncEvents(const clang::FunctionDecl& function, clang::ASTContext& context, const StmtParents& parents,
                       const LocksetAnalysis& locks, const SourcePositions& source)
    : impl_(std::make_unique<Impl>(parents)) {
  if (function.getBody() == nullptr) return;
  const Recogniser recognise{function, context};
  // Most bodies synchronise nothing: look before building a CFG.
  bool any = false;
  std::vector<const clang::Stmt*> stack{function.getBody()};
  while (!stack.empty() && !any) {
    const clang::Stmt* stmt = stack.back();
    stack.pop_back();
    if (llvm::isa<clang::LambdaExpr, clang::BlockExpr>(stmt)) continue;  // analysed on their own
    if (const auto* expr = llvm::dyn_cast<clang::Expr>(stmt))
      any = recognise.of(*stmt).has_value() || recognise.acquiring_load(*expr).has_value();
    if (llvm::isa<clang::CallExpr, clang::DeclStmt>(stmt)) any = any || !once_flags_passed(*stmt, function).empty();
    for (const clang::Stmt* child : stmt->children())
      if (child != nullptr) stack.push_back(child);
  }
  if (!any) return;
  clang::CFG::BuildOptions options;
  options.AddImplicitDtors = true;
  options.AddTemporaryDtors = true;
  options.AddInitializers = true;
  options.setAllAlwaysAdd();
  impl_->cfg = clang::CFG::buildCFG(&function, function.getBody(), &context, options);
  if (impl_->cfg == nullptr) return;
  impl_->positions = map_cfg_positions(*impl_->cfg);

  std::set<SyncSignal> signals;
  std::vector<std::pair<const clang::Stmt*, std::string>> looped_waits;
  for (const clang::CFGBlock* block : *impl_->cfg) {
    for (const clang::CFGElement& element : *block) {
      auto statement = element.getAs<clang::CFGStmt>();
      if (!statement) continue;
      if (std::vector<std::string> flags = once_flags_passed(*statement->getStmt(), function); !flags.empty())
        impl_->once_passes.emplace(statement->getStmt(), std::move(flags));
      std::optional<Event> event = recognise.of(*statement->getStmt());
      if (!event) continue;
      if (event->effect == Effect::Signal || event->effect == Effect::SignalAndWait)
        signals.insert(SyncSignal{event->object, event->kind});
      if (event->notifies) impl_->notified.insert(event->object);
      if (event->effect == Effect::LoopedWait) looped_waits.emplace_back(statement->getStmt(), event->object);
      impl_->events.emplace(statement->getStmt(), std::move(*event));
    }
  }
  if (!impl_->notified.empty()) {
    for (const clang::CFGBlock* block : *impl_->cfg) {
      for (const clang::CFGElement& element : *block) {
        auto statement = element.getAs<clang::CFGStmt>();
        if (!statement) continue;
        const clang::Stmt* stmt = statement->getStmt();
        auto event = impl_->events.find(stmt);
        if (event != impl_->events.end() && event->second.notifies) continue;
        std::optional<std::vector<HeldLock>> held = locks.locks_at(*stmt);
        const bool atomic_write = event != impl_->events.end() && event->second.effect == Effect::Signal;
        if (atomic_write || may_set_state(*stmt, held && !held->empty(), source)) impl_->state_setters.insert(stmt);
      }
    }
  }
  for (const clang::CFGBlock* block : *impl_->cfg) {
    const clang::Stmt* terminator = block->getTerminatorStmt();
    if (terminator == nullptr || block->succ_size() != 2) continue;
    // A branch taken only when an acquiring load found the flag set.
    if (const auto* condition = llvm::dyn_cast_or_null<clang::Expr>(block->getTerminatorCondition())) {
      if (std::optional<Recogniser::FlagTest> test = recognise.flag_test(*condition))
        impl_->edge_waits[{block->getBlockID(), test->set_when ? 0U : 1U}].push_back(test->flag);
    }
    // The normal exit of a loop around a condition variable's wait: its predicate holds.
    const clang::Stmt* loop_condition = block->getTerminatorCondition();
    if (is_loop(terminator) && loop_condition != nullptr && reads_shared_state(*loop_condition)) {
      const clang::Stmt* body = loop_body(*terminator);
      for (const auto& [wait, object] : looped_waits)
        if (body != nullptr && parents.within(wait, body)) impl_->edge_waits[{block->getBlockID(), 1U}].push_back(object);
    }
  }
  impl_->signal_list.assign(signals.begin(), signals.end());
  impl_->solve();
}

SyncEvents::~SyncEvents() = default;

SyncEvents::Seen SyncEvents::seen_at(const clang::Stmt& stmt) const {
  if (impl_->cfg == nullptr) return {};
  const CfgPosition* position = nearest_cfg_position(impl_->positions, impl_->parents, stmt);
  if (position == nullptr) return {};
  const State* state =
      state_before(*impl_->cfg, impl_->in_states, impl_->before, *position,
                   [&](const clang::CFGElement& element, State& s) { impl_->transfer(element, s); });
  if (state == nullptr) return {};
  return Seen{{state->waited.begin(), state->waited.end()}, {state->signalled.begin(), state->signalled.end()}};
}

const std::vector<SyncSignal>& SyncEvents::signals() const { return impl_->signal_list; }

}  // namespace hawk::audit
