#include "capture/thread_phases.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <string_view>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Analysis/CFG.h>
#include <llvm/ADT/DenseMap.h>

#include "capture/join_loops.h"
#include "capture/source_positions.h"
#include "capture/thread_summaries.h"
#include "capture/callable_parameters.h"
#include "capture/thread_starts.h"
#include "locks/cfg_positions.h"
#include "capture/queued_callables.h"
#include "capture/unit_models.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// The object holding a thread; nullptr stands for a thread nobody can join.
using Handle = const clang::ValueDecl*;
using Handles = std::set<Handle>;
// A thread that may be running: the name of the object holding it (thread_summaries.h;
// "" for none), and the start that created it (ThreadStart::pos).
using RunningThread = std::pair<std::string, SourcePos>;
using Running = std::set<RunningThread>;

void end_threads_of(const std::string& handle, Running& running) {
  std::erase_if(running, [&](const RunningThread& thread) { return thread.first == handle; });
}

// The threads `from` holds now also run in `to` (a move, a detach: "").
void hand_over(const std::string& from, const std::string& to, bool keep_in_from, Running& running) {
  Running moved;
  for (const RunningThread& thread : running)
    if (thread.first == from) moved.emplace(to, thread.second);
  if (!keep_in_from) end_threads_of(from, running);
  running.insert(moved.begin(), moved.end());
}

struct HandleRef {
  Handle handle = nullptr;
  bool element = false;  // one element of a container or array of threads
  bool known = false;
};

bool is_iterator_call(llvm::StringRef name) {
  return name == "begin" || name == "cbegin" || name == "rbegin" || name == "crbegin" || name == "end" ||
         name == "cend" || name == "find";
}

bool is_element_call(llvm::StringRef name) { return name == "at" || name == "front" || name == "back"; }

// The std:: classes whose object holds a running thread.
bool is_thread_holder(clang::QualType type) {
  std::string_view name = std_class_name(type);
  return name == "thread" || name == "jthread" || name == "future" || name == "shared_future";
}

// The object an expression designating a thread (or the address of one) refers to.
HandleRef resolve(const clang::Expr* expr) {
  HandleRef ref;
  for (int depth = 0; expr != nullptr && depth < 32; ++depth) {
    expr = expr->IgnoreParenImpCasts();
    if (const auto* temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(expr)) {
      expr = temporary->getSubExpr();
      continue;
    }
    if (const auto* cleanups = llvm::dyn_cast<clang::ExprWithCleanups>(expr)) {
      expr = cleanups->getSubExpr();
      continue;
    }
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(expr)) {
      if (unary->getOpcode() != clang::UO_AddrOf && unary->getOpcode() != clang::UO_Deref) return ref;
      if (unary->getOpcode() == clang::UO_Deref) ref.element = true;  // *(tids + i), *it
      expr = unary->getSubExpr();
      continue;
    }
    if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(expr)) {
      ref.element = true;
      expr = subscript->getBase();
      continue;
    }
    if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(expr); binary != nullptr && binary->isAdditiveOp()) {
      ref.element = true;  // tids + i
      expr = binary->getLHS()->getType()->isPointerType() ? binary->getLHS() : binary->getRHS();
      continue;
    }
    if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr)) {
      auto kind = op->getOperator();
      if ((kind != clang::OO_Subscript && kind != clang::OO_Star && kind != clang::OO_Arrow) || op->getNumArgs() == 0)
        return ref;
      ref.element = true;
      expr = op->getArg(0);
      continue;
    }
    if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(expr)) {
      const clang::CXXMethodDecl* method = call->getMethodDecl();
      if (method == nullptr || method->getIdentifier() == nullptr ||
          (!is_iterator_call(method->getName()) && !is_element_call(method->getName())))
        return ref;
      ref.element = true;
      expr = call->getImplicitObjectArgument();
      continue;
    }
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(expr);
        call != nullptr && call->getNumArgs() == 1 && std_function_name(call->getDirectCallee()) == "get") {
      ref.element = true;  // std::get<1>(entry): part of one element (a structured binding's)
      expr = call->getArg(0);
      continue;
    }
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(expr)) {
      if (!llvm::isa<clang::FieldDecl, clang::VarDecl>(member->getMemberDecl())) return ref;
      if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
          field != nullptr && is_in_std(*field->getParent())) {
        ref.element = true;  // `entry.second` of a map's std::pair: part of one element
        expr = member->getBase();
        continue;
      }
      ref.handle = member->getMemberDecl();
      ref.known = true;
      // `workers[i].tid`: the field of one element of many.
      ref.element = ref.element || resolve(member->getBase()).element;
      return ref;
    }
    if (const auto* decl_ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
      // `for (auto& [id, t] : threads)`: t stands for part of the element bound.
      if (const auto* binding = llvm::dyn_cast<clang::BindingDecl>(decl_ref->getDecl())) {
        if (binding->getBinding() == nullptr) return ref;
        expr = binding->getBinding();
        continue;
      }
      const auto* var = llvm::dyn_cast<clang::VarDecl>(decl_ref->getDecl());
      if (var == nullptr) return ref;
      // A reference, a range-for's hidden variables and iterators lead back to the
      // container: `for (auto& t : threads)` is `t = *__begin`, `__begin = __range.begin()`.
      const clang::Expr* init = var->hasLocalStorage() ? var->getInit() : nullptr;
      if (init != nullptr) {
        const clang::Expr* bare = init->IgnoreImplicit();
        const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(bare);
        bool iterator = call != nullptr && call->getMethodDecl() != nullptr &&
                        call->getMethodDecl()->getIdentifier() != nullptr &&
                        is_iterator_call(call->getMethodDecl()->getName());
        if (var->getType()->isReferenceType() || var->isImplicit() || iterator) {
          expr = init;
          continue;
        }
      }
      ref.handle = var;
      ref.known = true;
      return ref;
    }
    return ref;
  }
  return ref;
}

enum class JoinKind { Join, Detach };

struct Join {
  JoinKind kind = JoinKind::Join;
  HandleRef target;
  const clang::Expr* object = nullptr;  // the expression designating the thread
};

Join join_on(JoinKind kind, const clang::Expr* object) { return Join{kind, resolve(object), object}; }

// A join / detach call, or nullopt.
std::optional<Join> join_of(const clang::Stmt& stmt) {
  if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
    const clang::CXXMethodDecl* method = call->getMethodDecl();
    if (method == nullptr || method->getIdentifier() == nullptr) return std::nullopt;
    // `it->join()`, `worker_->join()`: the object is reached through a pointer.
    clang::QualType object = call->getImplicitObjectArgument()->getType();
    std::string_view type = std_class_name(object->isPointerType() ? object->getPointeeType() : object);
    llvm::StringRef name = method->getName();
    bool thread = type == "thread" || type == "jthread";
    bool future = type == "future" || type == "shared_future";
    if (thread && name == "join") return join_on(JoinKind::Join, call->getImplicitObjectArgument());
    if (thread && name == "detach") return join_on(JoinKind::Detach, call->getImplicitObjectArgument());
    // wait_for / wait_until may time out: the thread may still run.
    if (future && (name == "get" || name == "wait"))
      return join_on(JoinKind::Join, call->getImplicitObjectArgument());
    return std::nullopt;
  }
  const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  if (call == nullptr || call->getNumArgs() == 0) return std::nullopt;
  // pthread_join, thrd_join, uv_thread_join, ... (the models' thread_joins).
  const clang::FunctionDecl* callee = call->getDirectCallee();
  const ThreadJoinModel* model = callee != nullptr ? thread_join_model(*callee) : nullptr;
  if (model == nullptr) return std::nullopt;
  int handle = model->handle.in_call(call->getNumArgs());
  if (handle < 0) return std::nullopt;
  return join_on(model->detach ? JoinKind::Detach : JoinKind::Join, call->getArg(static_cast<unsigned>(handle)));
}

bool is_loop(const clang::Stmt* stmt) {
  return llvm::isa_and_nonnull<clang::ForStmt, clang::WhileStmt, clang::DoStmt, clang::CXXForRangeStmt>(stmt);
}

}  // namespace

struct ThreadPhases::Impl {
  // What a call does to the caller's threads by its callee's summary, in the caller's
  // handle names: the threads it joins, then those it leaves running.
  struct CallEffects {
    std::vector<std::string> joins;
    std::vector<RunningThread> starts;
  };

  // A thread handed from one object to another (`pool.push_back(std::move(t))`).
  struct Move {
    Handle from = nullptr;
    bool from_element = false;  // one element moved out: the others still run in `from`
    Handle to = nullptr;        // nullptr: somewhere nobody here can join it
  };

  const clang::FunctionDecl& function;
  const StmtParents& parents;
  SourcePositions& source;
  std::unique_ptr<clang::CFG> cfg;
  std::map<const clang::Stmt*, CallEffects> calls;  // calls of functions with thread effects
  std::map<const clang::Stmt*, Handle> starts;         // start -> handle it sets running
  std::map<const clang::Stmt*, Move> moves;            // std::move(h) -> where the thread goes
  std::map<const clang::Stmt*, Handles> clears;        // join at the site -> handles it ends
  std::map<const clang::Stmt*, Handles> detaches;      // detach -> handles made unjoinable
  std::map<const clang::Stmt*, Handles> loop_clears;   // loop -> handles joined when it exits
  // Threads whose routine is this function's parameter of that index, by start site (a
  // start here, or a call of a start wrapper): ThreadEffects::routine_parameters.
  std::map<SourcePos, unsigned> routine_parameters;
  CfgPositions positions;
  std::vector<std::optional<Running>> in_states;
  mutable std::map<unsigned, std::vector<Running>> running_before;  // per block, per element

  Impl(const clang::FunctionDecl& owner, const StmtParents& stmt_parents, SourcePositions& positions_of_source)
      : function(owner), parents(stmt_parents), source(positions_of_source) {}

  // The handle's name (thread_summaries.h): how other functions name it too.
  // The function itself stands for what it returns (holder_of): the caller's holder.
  std::string name(Handle handle) const {
    return handle == &function ? std::string(kReturnedThreadHandle) : thread_handle_name(handle, function);
  }

  // Where the thread object `value` evaluates to is kept: the variable it initialises,
  // the object it is assigned to, the container it is added to (nullptr when that object
  // cannot be told). Not kept: a temporary, a call's argument (handle nullptr).
  struct Holder {
    std::optional<Handle> handle;  // nullopt: joined before the statement ends (`std::thread(f).join()`)
    bool kept = false;
  };
  Holder holder_of(const clang::Stmt& value) const {
    auto kept_in = [](const clang::Expr* object) {
      HandleRef ref = resolve(object);
      return Holder{ref.known ? ref.handle : nullptr, true};
    };
    const clang::Stmt* node = &value;
    for (int depth = 0; depth < 32; ++depth) {
      const clang::Stmt* parent = parents.parent(node);
      if (parent == nullptr) break;
      if (llvm::isa<clang::ImplicitCastExpr, clang::ParenExpr, clang::ExprWithCleanups, clang::MaterializeTemporaryExpr,
                    clang::CXXBindTemporaryExpr, clang::CXXFunctionalCastExpr, clang::CXXNewExpr>(parent)) {
        node = parent;  // `new std::thread(f)`: the pointer holds it
        continue;
      }
      if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(parent); construct != nullptr &&
                                                                                  construct->getNumArgs() == 1) {
        node = parent;  // a move into the handle
        continue;
      }
      if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(parent)) {
        for (const clang::Decl* decl : declaration->decls())
          if (const auto* var = llvm::dyn_cast<clang::VarDecl>(decl); var != nullptr && var->getInit() == node)
            return {var, true};
        break;
      }
      if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(parent)) {
        if (op->getOperator() == clang::OO_Equal && op->getNumArgs() == 2 && op->getArg(1) == node)
          return kept_in(op->getArg(0));
        break;
      }
      if (const auto* assign = llvm::dyn_cast<clang::BinaryOperator>(parent)) {
        // `tid = start_worker();`: a handle returned by a call (kReturnedThreadHandle)
        if (assign->getOpcode() == clang::BO_Assign && assign->getRHS() == node) return kept_in(assign->getLHS());
        break;
      }
      if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(parent)) {
        // threads.push_back(std::thread(f)), futures.push_back(std::move(fut)),
        // pool.insert(pool.end(), std::move(t))
        if (member_call->getImplicitObjectArgument() != node) return kept_in(member_call->getImplicitObjectArgument());
        break;
      }
      // `return std::thread(f);`: the caller's variable receiving the result holds it.
      if (llvm::isa<clang::ReturnStmt>(parent)) return {&function, true};
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(parent)) {
        // std::thread(f).join() ends before the statement does.
        if (member->getMemberDecl()->getName() == "join" || member->getMemberDecl()->getName() == "get" ||
            member->getMemberDecl()->getName() == "wait")
          return {std::nullopt, true};
        break;
      }
      break;
    }
    return {nullptr, false};
  }

  // What object a start stores its thread into (see the header).
  std::optional<Handle> start_handle(const clang::Stmt& start) const {
    const auto* call = llvm::dyn_cast<clang::CallExpr>(&start);
    const clang::FunctionDecl* callee = call != nullptr ? call->getDirectCallee() : nullptr;
    const ThreadStartModel* model = callee != nullptr ? thread_start_model(*callee) : nullptr;
    if (model != nullptr && model->handle.kind == HandleSpec::Kind::Argument) {
      // pthread_create(&t, ...): the handle a join names.
      int argument = model->handle.argument.in_call(call->getNumArgs());
      if (argument < 0) return nullptr;
      HandleRef ref = resolve(call->getArg(static_cast<unsigned>(argument)));
      return ref.known ? ref.handle : nullptr;
    }
    // An executor's task or a framework's handler: nothing joins it, it runs on.
    if (model != nullptr && model->handle.kind == HandleSpec::Kind::None) return nullptr;
    if (const auto* emplace = llvm::dyn_cast<clang::CXXMemberCallExpr>(&start)) {
      HandleRef ref = resolve(emplace->getImplicitObjectArgument());
      return ref.known ? ref.handle : nullptr;
    }
    Holder holder = holder_of(start);
    // A temporary future's destructor waits for its thread: no phase at all.
    if (!holder.kept && std_function_name(callee) == "async") return std::nullopt;
    return holder.handle;
  }

  // `std::move(h)` (or static_cast<std::thread&&>(h)) of a thread or future object.
  std::optional<Move> move_of(const clang::Stmt& stmt) const {
    const clang::Expr* moved = nullptr;
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
        call != nullptr && call->getNumArgs() == 1 && std_function_name(call->getDirectCallee()) == "move")
      moved = call->getArg(0);
    else if (const auto* cast = llvm::dyn_cast<clang::CXXStaticCastExpr>(&stmt); cast != nullptr && cast->isXValue())
      moved = cast->getSubExpr();
    if (moved == nullptr || !is_thread_holder(moved->getType())) return std::nullopt;
    HandleRef from = resolve(moved);
    if (!from.known) return std::nullopt;
    Holder holder = holder_of(stmt);
    if (!holder.handle) return std::nullopt;  // std::move(fut).get(): waited on the spot
    return Move{from.handle, from.element, *holder.handle};
  }

  // True when a thread is started into, or moved into, `handle` inside `stmt`.
  bool arrives_within(Handle handle, const clang::Stmt* stmt) const {
    for (const auto& [start, started] : starts)
      if (started == handle && parents.within(start, stmt)) return true;
    for (const auto& [site, move] : moves)
      if (move.to == handle && parents.within(site, stmt)) return true;
    return false;
  }

  // The loops around `join` (inside the body), innermost first, up to the outermost one
  // into whose `handle` no thread arrives; empty when there is none.
  std::vector<const clang::Stmt*> joining_loops(const clang::Stmt& join, Handle handle) const {
    std::vector<const clang::Stmt*> around;
    std::size_t joining = 0;
    for (const clang::Stmt* node = parents.parent(&join); node != nullptr; node = parents.parent(node)) {
      if (!is_loop(node)) continue;
      around.push_back(node);
      if (!arrives_within(handle, node)) joining = around.size();
    }
    around.resize(joining);
    return around;
  }

  // The elements a joined thread belongs to: its container or array, and for a field of
  // an element (`workers[i].tid`) the container of those elements too.
  static std::vector<Handle> element_owners(const Join& join) {
    std::vector<Handle> owners{join.target.handle};
    const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(join.object->IgnoreParenImpCasts());
    if (member != nullptr && llvm::isa<clang::FieldDecl>(member->getMemberDecl())) {
      HandleRef base = resolve(member->getBase());
      if (base.known && base.element) owners.push_back(base.handle);
    }
    return owners;
  }

  // A branch condition that designates the element at hand (`t.joinable()`, `tids[i] != 0`,
  // `workers[i].started`): it asks whether that element holds a thread.
  static bool asks_about_element(const clang::Expr& condition, const std::vector<Handle>& owners) {
    bool asks = false;
    std::vector<const clang::Stmt*> stack{&condition};
    while (!stack.empty() && !asks) {
      const clang::Stmt* stmt = stack.back();
      stack.pop_back();
      if (const auto* expr = llvm::dyn_cast<clang::Expr>(stmt);
          expr != nullptr && llvm::isa<clang::DeclRefExpr, clang::MemberExpr, clang::ArraySubscriptExpr>(expr)) {
        HandleRef ref = resolve(expr);
        asks = ref.known && ref.element && std::find(owners.begin(), owners.end(), ref.handle) != owners.end();
      }
      if (llvm::isa<clang::LambdaExpr>(stmt)) continue;
      for (const clang::Stmt* child : stmt->children())
        if (child != nullptr) stack.push_back(child);
    }
    return asks;
  }

  // The parameter of this function a start runs (`pthread_create(&t, 0, fn, arg)`).
  std::optional<unsigned> routine_parameter_of(const clang::Stmt& start) const {
    const clang::Expr* entry = thread_entry_argument(start);
    const clang::ParmVarDecl* own = entry != nullptr ? own_parameter_through_copies(*entry, function) : nullptr;
    return own != nullptr ? std::optional<unsigned>(own->getFunctionScopeIndex()) : std::nullopt;
  }

  // A trampoline: the routine kept in a struct (`aux->start = start`) is run by a thread
  // this function also starts, whose entry calls what it takes from that struct
  // (`aux.start(aux.arg)`): one thread, so the store has that start's handle.
  std::optional<Handle> trampoline_handle(const QueuedCallable& queued,
                                          const std::vector<const clang::Stmt*>& start_stmts) const {
    for (const clang::Stmt* start : start_stmts) {
      if (queued_callable(*start)) continue;
      const clang::Expr* entry = thread_entry_argument(*start);
      const clang::FunctionDecl* routine = entry != nullptr ? callable_target(*entry).function : nullptr;
      const clang::FunctionDecl* body = routine != nullptr ? routine->getDefinition() : nullptr;
      if (body == nullptr) continue;
      const std::vector<std::string> queues = invoked_queues(*body);
      if (std::find(queues.begin(), queues.end(), queued.queue) != queues.end()) return start_handle(*start);
    }
    return std::nullopt;
  }

  void find_effects(const std::vector<const clang::Stmt*>& start_stmts) {
    for (const clang::Stmt* start : start_stmts) {
      // A callable kept for a worker (`tasks_.push(f)`): the queue is no thread handle;
      // nothing joins it unless a trampoline this function starts runs it.
      std::optional<Handle> handle;
      if (std::optional<QueuedCallable> queued = queued_callable(*start))
        handle = trampoline_handle(*queued, start_stmts).value_or(nullptr);
      else
        handle = start_handle(*start);
      if (handle) starts.emplace(start, *handle);
      if (std::optional<unsigned> parameter = routine_parameter_of(*start))
        routine_parameters[source.pos(start->getBeginLoc())] = *parameter;
    }
    for (const auto& [stmt, position] : positions)
      if (std::optional<Move> move = move_of(*stmt)) moves.emplace(stmt, *move);
    JoinLoops join_loops(*cfg, positions, parents);
    for (const auto& [stmt, position] : positions) {
      std::optional<Join> join = join_of(*stmt);
      if (!join || !join->target.known) continue;  // unknown joins end nothing: stay cautious
      Handle handle = join->target.handle;
      if (join->kind == JoinKind::Detach) {
        detaches[stmt].insert(handle);
        continue;
      }
      std::vector<const clang::Stmt*> loops;
      if (join->target.element) loops = joining_loops(*stmt, handle);
      if (loops.empty()) {
        clears[stmt].insert(handle);
        continue;
      }
      // A loop that may skip an element (break, continue) ends none of them.
      auto asks = [owners = element_owners(*join)](const clang::Expr& condition) {
        return asks_about_element(condition, owners);
      };
      if (join_loops.joins_every_element(*stmt, loops, asks)) loop_clears[loops.back()].insert(handle);
    }
  }

  void transfer(const clang::CFGElement& element, Running& running) const {
    if (auto destructor = element.getAs<clang::CFGAutomaticObjDtor>()) {
      end_threads_of(name(destructor->getVarDecl()), running);  // a jthread's or a future's scope exit joins
      return;
    }
    auto statement = element.getAs<clang::CFGStmt>();
    if (!statement) return;
    const clang::Stmt* stmt = statement->getStmt();
    if (auto found = clears.find(stmt); found != clears.end())
      for (Handle handle : found->second) end_threads_of(name(handle), running);
    if (auto found = detaches.find(stmt); found != detaches.end())
      for (Handle handle : found->second) hand_over(name(handle), "", false, running);
    if (auto found = moves.find(stmt); found != moves.end())
      hand_over(name(found->second.from), name(found->second.to), found->second.from_element, running);
    if (auto found = calls.find(stmt); found != calls.end()) {
      for (const std::string& handle : found->second.joins) end_threads_of(handle, running);
      running.insert(found->second.starts.begin(), found->second.starts.end());
    }
    if (auto found = starts.find(stmt); found != starts.end())
      running.emplace(name(found->second), source.pos(stmt->getBeginLoc()));
  }

  // Calls of functions that start or join threads, by their summaries, renamed into this
  // function's handles: the callee's own fields and globals keep their names; what a
  // parameter designates is the argument's object.
  void find_call_effects(ThreadSummaries& summaries) {
    for (const auto& [stmt, position] : positions) {
      const auto* call = llvm::dyn_cast<clang::CallExpr>(stmt);
      const clang::FunctionDecl* callee = call != nullptr ? call->getDirectCallee() : nullptr;
      if (callee == nullptr || callee == &function) continue;
      const ThreadEffects* effects = summaries.effects(*callee);
      if (effects == nullptr || effects->empty()) continue;
      const unsigned skip = llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa<clang::CXXMethodDecl>(callee) ? 1 : 0;
      auto in_caller = [&](const std::string& handle) -> std::string {
        if (handle == kReturnedThreadHandle) {
          const Holder holder = holder_of(*call);
          return holder.handle && *holder.handle != nullptr ? name(*holder.handle) : "";
        }
        std::optional<unsigned> parameter = thread_handle_parameter(handle);
        if (!parameter) return handle;
        if (*parameter + skip >= call->getNumArgs()) return "";
        HandleRef ref = resolve(call->getArg(*parameter + skip));
        return ref.known ? name(ref.handle) : "";
      };
      CallEffects& effect = calls[stmt];
      for (const std::string& handle : effects->joins) effect.joins.push_back(in_caller(handle));
      // A start wrapper's thread runs what this call passes: the call names it (its
      // position, as CallSite::pos), and passing this function's own parameter on makes
      // this function a wrapper of it in turn.
      const SourcePos here = source.pos(call->getExprLoc());
      for (const auto& [handle, start] : effects->starts) {
        auto routine = std::find_if(effects->routine_parameters.begin(), effects->routine_parameters.end(),
                                    [&site = start](const auto& entry) { return entry.first == site; });
        if (routine == effects->routine_parameters.end()) {
          effect.starts.emplace_back(in_caller(handle), start);
          continue;
        }
        effect.starts.emplace_back(in_caller(handle), here);
        const unsigned argument = routine->second + skip;
        if (argument >= call->getNumArgs()) continue;
        if (const clang::ParmVarDecl* own = own_parameter_through_copies(*call->getArg(argument), function))
          routine_parameters[here] = own->getFunctionScopeIndex();
      }
    }
  }

  // The locals holding threads that a `return` of this function hands to its caller.
  std::set<std::string> returned_handles() const {
    std::set<std::string> out;
    std::vector<const clang::Stmt*> stack{function.getBody()};
    while (!stack.empty()) {
      const clang::Stmt* stmt = stack.back();
      stack.pop_back();
      if (stmt == nullptr || llvm::isa<clang::LambdaExpr>(stmt)) continue;
      if (const auto* ret = llvm::dyn_cast<clang::ReturnStmt>(stmt); ret != nullptr && ret->getRetValue() != nullptr) {
        const HandleRef ref = resolve(ret->getRetValue());
        if (ref.known && ref.handle != nullptr && !ref.element) out.insert(name(ref.handle));
      }
      for (const clang::Stmt* child : stmt->children()) stack.push_back(child);
    }
    return out;
  }

  // The handles this function joins that it did not start (`stop() { worker_.join(); }`).
  std::vector<std::string> foreign_joins() const {
    std::set<std::string> started;
    for (const auto& [stmt, handle] : starts) started.insert(name(handle));
    std::set<std::string> joined;
    for (const auto& [stmt, handles] : clears)
      for (Handle handle : handles) joined.insert(name(handle));
    for (const auto& [stmt, handles] : loop_clears)
      for (Handle handle : handles) joined.insert(name(handle));
    for (const auto& [stmt, effect] : calls) joined.insert(effect.joins.begin(), effect.joins.end());
    std::vector<std::string> out;
    for (const std::string& handle : joined)
      if (!handle.empty() && !started.count(handle)) out.push_back(handle);
    return out;
  }

  void solve() {
    in_states.assign(cfg->getNumBlockIDs(), std::nullopt);
    const clang::CFGBlock& entry = cfg->getEntry();
    in_states[entry.getBlockID()] = Running{};
    std::deque<const clang::CFGBlock*> worklist{&entry};
    while (!worklist.empty()) {
      const clang::CFGBlock* block = worklist.front();
      worklist.pop_front();
      Running out = *in_states[block->getBlockID()];
      for (const clang::CFGElement& element : *block) transfer(element, out);
      const clang::Stmt* terminator = block->getTerminatorStmt();
      auto loop = terminator != nullptr ? loop_clears.find(terminator) : loop_clears.end();
      unsigned index = 0;
      for (const clang::CFGBlock::AdjacentBlock& successor : block->succs()) {
        const clang::CFGBlock* next = successor.getReachableBlock();
        Running along = out;
        // A loop's second successor is its normal exit: every element has been joined.
        if (loop != loop_clears.end() && index == 1)
          for (Handle handle : loop->second) end_threads_of(name(handle), along);
        ++index;
        if (next == nullptr) continue;
        std::optional<Running>& in = in_states[next->getBlockID()];
        bool first = !in.has_value();
        size_t before = first ? 0 : in->size();
        if (first) in = Running{};
        in->insert(along.begin(), along.end());
        if (first || in->size() != before) worklist.push_back(next);
      }
    }
  }
};

ThreadPhases::ThreadPhases(const clang::FunctionDecl& function, clang::ASTContext& context, const StmtParents& parents,
                           SourcePositions& positions, const std::vector<const clang::Stmt*>& starts)
    : impl_(std::make_unique<Impl>(function, parents, positions)) {
  if (function.getBody() == nullptr) return;
  clang::CFG::BuildOptions options;
  options.AddImplicitDtors = true;
  options.AddTemporaryDtors = true;
  options.AddInitializers = true;
  options.setAllAlwaysAdd();
  impl_->cfg = clang::CFG::buildCFG(&function, function.getBody(), &context, options);
  if (impl_->cfg == nullptr) return;
  impl_->positions = map_cfg_positions(*impl_->cfg);
  impl_->find_effects(starts);
  impl_->find_call_effects(ThreadSummaries::of(context));
  impl_->solve();
}

ThreadPhases::~ThreadPhases() = default;

bool ThreadPhases::any() const { return !impl_->starts.empty() || !impl_->calls.empty(); }

namespace {

std::vector<SourcePos> starts_of(const Running& running) {
  std::set<SourcePos> starts;
  for (const RunningThread& thread : running) starts.insert(thread.second);
  return {starts.begin(), starts.end()};
}

}  // namespace

std::vector<SourcePos> ThreadPhases::running_at(const clang::Stmt& stmt) const {
  if (impl_->cfg == nullptr) return {};
  const CfgPosition* position = nearest_cfg_position(impl_->positions, impl_->parents, stmt);
  if (position == nullptr) return {};
  const Running* running =
      state_before(*impl_->cfg, impl_->in_states, impl_->running_before, *position,
                   [&](const clang::CFGElement& element, Running& s) { impl_->transfer(element, s); });
  if (running == nullptr) return {};  // never runs
  return starts_of(*running);
}

std::optional<std::vector<const clang::Stmt*>> ThreadPhases::statements_while_running(const SourcePos& start) const {
  std::vector<const clang::Stmt*> statements;
  if (impl_->cfg == nullptr) return statements;
  auto runs = [&](const Running& state) {
    return std::any_of(state.begin(), state.end(), [&](const RunningThread& thread) { return thread.second == start; });
  };
  for (const clang::CFGBlock* block : *impl_->cfg) {
    const std::optional<Running>& in = impl_->in_states[block->getBlockID()];
    if (!in) continue;  // never runs
    Running state = *in;
    for (const clang::CFGElement& element : *block) {
      const bool running = runs(state);
      if (auto statement = element.getAs<clang::CFGStmt>(); statement && running)
        statements.push_back(statement->getStmt());
      impl_->transfer(element, state);
      // Joined by a scope exit, among other destructors (a guard's) that are no statements.
      if (running && !runs(state) && element.getAs<clang::CFGAutomaticObjDtor>()) return std::nullopt;
    }
  }
  return statements;
}

std::optional<unsigned> ThreadPhases::routine_parameter(const SourcePos& start) const {
  auto found = impl_->routine_parameters.find(start);
  return found == impl_->routine_parameters.end() ? std::nullopt : std::optional<unsigned>(found->second);
}

ThreadEffects ThreadPhases::effects() const {
  ThreadEffects effects;
  if (impl_->cfg == nullptr) return effects;
  const std::optional<Running>& in = impl_->in_states[impl_->cfg->getExit().getBlockID()];
  if (in) {
    const std::set<std::string> returned = impl_->returned_handles();
    for (const auto& [handle, start] : *in) {
      // A local's thread is out of every caller's reach (nobody can join it), unless the
      // function returns the local: then the caller's variable holds it.
      std::string kept = handle;
      if (thread_handle_is_local(handle)) kept = returned.count(handle) ? kReturnedThreadHandle : "";
      effects.starts.emplace_back(kept, start);
    }
    std::sort(effects.starts.begin(), effects.starts.end());
    effects.starts.erase(std::unique(effects.starts.begin(), effects.starts.end()), effects.starts.end());
    for (const auto& [handle, start] : effects.starts)
      if (auto routine = impl_->routine_parameters.find(start); routine != impl_->routine_parameters.end())
        effects.routine_parameters.emplace_back(start, routine->second);
    std::sort(effects.routine_parameters.begin(), effects.routine_parameters.end());
    effects.routine_parameters.erase(
        std::unique(effects.routine_parameters.begin(), effects.routine_parameters.end()),
        effects.routine_parameters.end());
  }
  effects.joins = impl_->foreign_joins();
  return effects;
}

}  // namespace hawk::audit
