#include "locks/lockset_analysis.h"

#include <algorithm>
#include <deque>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>
#include <clang/Analysis/CFG.h>

#include "locks/cfg_positions.h"
#include "locks/correlated_conditions.h"
#include "locks/lock_operations.h"
#include "locks/lock_summaries.h"
#include "locks/lockset_state.h"
#include "locks/std_names.h"
#include "locks/try_branch.h"

namespace hawk::audit {
namespace {

// Where a statement sits in the CFG: before element `index` of block `block`
// (index == size: at the block's terminator).
const clang::Stmt* body_of(const clang::Decl& function) {
  if (function.isInvalidDecl()) return nullptr;
  if (const auto* function_decl = llvm::dyn_cast<clang::FunctionDecl>(&function)) {
    // Dependent code has no meaning yet: its instantiations are analysed instead.
    if (function_decl->isDependentContext() || function_decl->isTemplated()) return nullptr;
    if (!function_decl->doesThisDeclarationHaveABody()) return nullptr;
  }
  if (function.getDeclContext() != nullptr && function.getDeclContext()->isDependentContext()) return nullptr;
  return function.getBody();
}

// The condition a two-way terminator actually branches on. For `if (a && b)` the block
// holding the `if` evaluates only `b` (the `&&` has blocks of its own).
const clang::Expr* branch_condition(const clang::CFGBlock& block) {
  if (!block.getTerminator().isStmtBranch() || block.succ_size() != 2) return nullptr;
  const clang::Stmt* terminator = block.getTerminatorStmt();
  if (terminator == nullptr) return nullptr;
  const auto* condition = llvm::dyn_cast_or_null<clang::Expr>(block.getTerminatorCondition(/*StripParens=*/true));
  if (condition == nullptr) return nullptr;
  if (const auto* logical = llvm::dyn_cast<clang::BinaryOperator>(terminator); logical != nullptr && logical->isLogicalOp())
    return condition;  // the block evaluates the left operand
  for (int depth = 0; depth < 64; ++depth) {
    const auto* logical = llvm::dyn_cast<clang::BinaryOperator>(condition->IgnoreParenImpCasts());
    if (logical == nullptr || !logical->isLogicalOp()) break;
    condition = logical->getRHS();
  }
  return condition;
}

// One effect of a CFG element on the lockset: a call's operation or a guard coming to life.
using Step = std::variant<LockOperation, GuardStart>;

bool names_lock(const std::vector<HeldLock>& locks, const std::string& name) {
  return std::any_of(locks.begin(), locks.end(), [&](const HeldLock& lock) { return lock.lock == name; });
}

// Sorted, one entry per lock name (the first, i.e. exclusive before shared).
std::vector<HeldLock> unique_by_name(std::vector<HeldLock> locks) {
  std::sort(locks.begin(), locks.end());
  locks.erase(std::unique(locks.begin(), locks.end(),
                          [](const HeldLock& a, const HeldLock& b) { return a.lock == b.lock; }),
              locks.end());
  return locks;
}

}  // namespace

struct LocksetAnalysis::Impl {
  const clang::Decl& function;
  clang::ASTContext& context;
  std::unique_ptr<clang::CFG> cfg;
  std::vector<std::optional<LocksetState>> out_states;  // per block; nullopt: not reached
  std::vector<std::optional<LocksetState>> in_states;
  CfgPositions positions;
  // Locks before each element of each reached block, computed once on first query.
  mutable std::vector<std::optional<std::vector<std::vector<HeldLock>>>> element_locks;
  std::vector<const clang::CFGBlock*> blocks_by_id;
  bool acquires = false;
  std::vector<HeldLock> given_entry;  // the constructor's entry locks, without REQUIRES
  std::vector<HeldLock> entry;        // everything held on entry

  // Conditions read by more than one branch: per block, the literal its branch's first
  // successor assumes (`if (c) lock(); ... if (c) x++;`).
  std::unique_ptr<CorrelatedConditions> correlated;
  std::vector<std::optional<ConditionLiteral>> branch_literals;

  // What each element does to locks, worked out once before the dataflow (summaries of
  // callees included), keyed by the element's statement.
  LockSummaries& summaries;
  std::unordered_map<const clang::Stmt*, std::vector<Step>> steps;
  std::unordered_map<const clang::VarDecl*, WrapperGuard> wrapper_guards;
  std::unordered_set<const clang::CallExpr*> guarded_calls;  // their locks go to a returned guard

  // Found by one pass over the solved CFG (points(), on first need).
  mutable bool points_done = false;
  mutable std::vector<LockOrder> lock_orders;
  mutable std::vector<HeldLock> released_unheld;  // released where not certainly held
  mutable bool summary_done = false;
  mutable std::vector<HeldLock> summary_acquires;
  mutable std::vector<HeldLock> summary_releases;
  // Per block: some path from it reaches the exit without a [[noreturn]] call.
  mutable std::optional<std::vector<bool>> returning;

  const std::vector<bool>& returning_blocks() const {
    if (returning) return *returning;
    std::vector<bool> reaches(cfg->getNumBlockIDs(), false);
    std::vector<const clang::CFGBlock*> stack{&cfg->getExit()};
    reaches[cfg->getExit().getBlockID()] = true;
    while (!stack.empty()) {
      const clang::CFGBlock* block = stack.back();
      stack.pop_back();
      for (const clang::CFGBlock::AdjacentBlock& adjacent : block->preds()) {
        const clang::CFGBlock* pred = adjacent.getReachableBlock();
        // Clang links a block ending in a noreturn call to the exit; it does not return.
        if (pred == nullptr || reaches[pred->getBlockID()] || pred->hasNoReturnElement()) continue;
        reaches[pred->getBlockID()] = true;
        stack.push_back(pred);
      }
    }
    returning = std::move(reaches);
    return *returning;
  }

  // Exceptions. Clang's CFG reaches a try's handlers only from its dispatch block (the
  // block whose terminator is the CXXTryStmt), and that only from `throw`s; but a call
  // anywhere in the try body may throw. So a handler starts with the meet of the states
  // at every statement of the try body, each after unwinding: the guards declared inside
  // the try body are destroyed (their locks released), locks taken by hand stay taken.
  std::unordered_map<const clang::Stmt*, const clang::CXXTryStmt*> innermost_try;  // for statements in a try body
  std::unordered_map<const clang::VarDecl*, const clang::CXXTryStmt*> try_of_variable;
  std::unordered_map<const clang::CXXTryStmt*, const clang::CXXTryStmt*> enclosing_try;
  std::unordered_map<const clang::CXXTryStmt*, std::vector<unsigned>> try_body_blocks;
  std::vector<std::vector<unsigned>> dispatch_dependents;  // per block: dispatch blocks reading its states

  Impl(const clang::Decl& function_decl, clang::ASTContext& ast_context)
      : function(function_decl), context(ast_context), summaries(LockSummaries::of(ast_context)) {}

  // The whole analysis; false when the function has no CFG.
  bool run(std::vector<HeldLock> entry_locks) {
    build();
    if (cfg == nullptr) return false;
    given_entry = entry_locks;
    if (const auto* function_decl = llvm::dyn_cast<clang::FunctionDecl>(&function))
      for (HeldLock& lock : required_locks(*function_decl)) entry_locks.push_back(std::move(lock));
    entry = entry_locks;
    find_steps();
    find_conditions();
    index_tries();
    solve(entry_locks);
    return true;
  }

  void build() {
    const clang::Stmt* body = body_of(function);
    if (body == nullptr) return;
    clang::CFG::BuildOptions options;
    options.AddImplicitDtors = true;
    options.AddTemporaryDtors = true;
    options.AddInitializers = true;
    options.AddCXXDefaultInitExprInCtors = true;
    options.setAllAlwaysAdd();  // every call an element, in evaluation order
    cfg = clang::CFG::buildCFG(&function, const_cast<clang::Stmt*>(body), &context, options);
  }

  // Declarations first: a wrapper guard's methods are renamed through the guard.
  void find_steps() {
    auto add_operation = [](std::vector<Step>& into, LockOperation::Kind kind, std::vector<HeldLock> locks) {
      if (locks.empty()) return;
      LockOperation operation;
      operation.kind = kind;
      operation.locks = std::move(locks);
      into.emplace_back(std::move(operation));
    };
    for (const clang::CFGBlock* block : *cfg)
      for (const clang::CFGElement& element : *block) {
        auto statement = element.getAs<clang::CFGStmt>();
        const auto* declaration = statement ? llvm::dyn_cast<clang::DeclStmt>(statement->getStmt()) : nullptr;
        if (declaration == nullptr || steps.count(declaration) != 0) continue;
        std::vector<Step> found;
        for (const clang::Decl* decl : declaration->decls()) {
          const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
          if (var == nullptr) continue;
          if (auto start = guard_start(*var, &function)) {
            // std::lock_guard<SpinLock>: what SpinLock::lock() takes (lock_shared() for shared_lock).
            bool shared = std_class_name(var->getType()) == "shared_lock";
            for (const clang::Expr* lockable : start->lockables)
              for (HeldLock& lock : summaries.lockable_locks(*lockable, shared, &function)) start->locks.push_back(std::move(lock));
            found.emplace_back(std::move(*start));
          } else if (auto returned = summaries.returned_guard(*var, &function)) {
            found.emplace_back(std::move(*returned));
            // The guard takes over what the call leaves held (`auto lk = adopted();`, whose
            // body locks and returns an adopting guard): its own summary must not count too.
            if (const clang::CallExpr* call = initialising_call(*var)) guarded_calls.insert(call);
          } else if (auto wrapper = summaries.wrapper_guard(*var, &function)) {
            add_operation(found, LockOperation::Kind::Release, wrapper->released);
            if (!wrapper->locks.empty()) {
              GuardStart owned;
              owned.guard = var;
              owned.locks = wrapper->locks;
              found.emplace_back(std::move(owned));
            }
            add_operation(found, LockOperation::Kind::Acquire, wrapper->also_acquired);
            wrapper_guards.emplace(var, std::move(*wrapper));
          }
        }
        if (!found.empty()) steps.emplace(declaration, std::move(found));
      }
    for (const clang::CFGBlock* block : *cfg)
      for (const clang::CFGElement& element : *block) {
        auto statement = element.getAs<clang::CFGStmt>();
        const auto* call = statement ? llvm::dyn_cast<clang::CallExpr>(statement->getStmt()) : nullptr;
        if (call == nullptr || steps.count(call) != 0 || guarded_calls.count(call) != 0) continue;
        std::vector<LockOperation> operations = lock_operations(*call, &function);
        // Known lock functions and annotations first; otherwise what the callee's body does.
        if (operations.empty()) operations = summaries.call_operations(*call, &function, wrapper_guards);
        if (operations.empty()) continue;
        std::vector<Step> found(std::make_move_iterator(operations.begin()), std::make_move_iterator(operations.end()));
        steps.emplace(call, std::move(found));
      }
  }

  // The call a variable is initialised with, through temporaries, copies and moves.
  static const clang::CallExpr* initialising_call(const clang::VarDecl& var) {
    const clang::Expr* init = var.getInit();
    for (int depth = 0; init != nullptr && depth < 16; ++depth) {
      init = init->IgnoreImplicit()->IgnoreParens();
      if (const auto* call = llvm::dyn_cast<clang::CallExpr>(init)) return call;
      const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(init);
      if (construct == nullptr || construct->getNumArgs() != 1) return nullptr;
      init = construct->getArg(0);
    }
    return nullptr;
  }

  void find_conditions() {
    correlated = std::make_unique<CorrelatedConditions>(function, context);
    branch_literals.assign(cfg->getNumBlockIDs(), std::nullopt);
    for (const clang::CFGBlock* block : *cfg)
      if (const clang::Expr* condition = branch_condition(*block))
        branch_literals[block->getBlockID()] = correlated->read_by(*condition);
    if (!correlated->empty()) correlated->find_changes(*cfg);
  }

  static void apply(const Step& step, LocksetState& state) {
    std::visit([&](const auto& effect) { state.apply(effect); }, step);
  }

  const std::vector<Step>* steps_of(const clang::CFGElement& element) const {
    auto statement = element.getAs<clang::CFGStmt>();
    if (!statement) return nullptr;
    auto found = steps.find(statement->getStmt());
    return found == steps.end() ? nullptr : &found->second;
  }

  void transfer(const clang::CFGElement& element, LocksetState& state) const {
    if (const std::vector<Step>* effects = steps_of(element)) {
      for (const Step& step : *effects) apply(step, state);
    } else if (auto destructor = element.getAs<clang::CFGAutomaticObjDtor>()) {
      if (const clang::VarDecl* var = destructor->getVarDecl()) state.guard_destroyed(*var);
    }
    if (const std::vector<unsigned>* changed = correlated->changed_by(element))
      for (unsigned condition : *changed) state.forget(condition);
  }

  LocksetState edge_state(const clang::CFGBlock& from, unsigned successor_index) const {
    LocksetState state = *out_states[from.getBlockID()];
    if (const clang::Expr* condition = branch_condition(from)) {
      BranchLocks branches = locks_proven_by(*condition, state, &function, context);
      if (branches.success_when) {
        bool condition_true = successor_index == 0;
        if (condition_true == *branches.success_when) state.try_succeeded(branches.locks, branches.guards);
        else state.try_failed(branches.guards);
      }
    }
    if (const std::optional<ConditionLiteral>& literal = branch_literals[from.getBlockID()])
      state.assume(successor_index == 0 ? *literal : ConditionLiteral{literal->condition, !literal->value});
    return state;
  }

  std::optional<LocksetState> incoming(const clang::CFGBlock& block, const std::vector<HeldLock>& entry_locks) const {
    if (&block == &cfg->getEntry()) {
      LocksetState at_entry;
      at_entry.acquire(entry_locks);
      return at_entry;
    }
    std::optional<LocksetState> joined;
    for (const clang::CFGBlock::AdjacentBlock& predecessor : block.preds()) {
      const clang::CFGBlock* from = predecessor.getReachableBlock();
      if (from == nullptr || !out_states[from->getBlockID()]) continue;
      unsigned index = 0;
      for (const clang::CFGBlock::AdjacentBlock& successor : from->succs()) {
        if (successor.getReachableBlock() == &block) {
          LocksetState state = edge_state(*from, index);
          if (joined) joined->meet(state);
          else joined = std::move(state);
        }
        ++index;
      }
    }
    return joined;
  }

  void index_try_bodies(const clang::Stmt* stmt, const clang::CXXTryStmt* current) {
    for (const clang::Stmt* child : stmt->children()) {
      if (child == nullptr || llvm::isa<clang::LambdaExpr, clang::BlockExpr>(child)) continue;
      if (current != nullptr) innermost_try.emplace(child, current);
      if (const auto* declaration = llvm::dyn_cast<clang::DeclStmt>(child); declaration != nullptr && current != nullptr)
        for (const clang::Decl* decl : declaration->decls())
          if (const auto* var = llvm::dyn_cast<clang::VarDecl>(decl)) try_of_variable.emplace(var, current);
      if (const auto* try_stmt = llvm::dyn_cast<clang::CXXTryStmt>(child)) {
        enclosing_try.emplace(try_stmt, current);
        if (current != nullptr) innermost_try.emplace(try_stmt->getTryBlock(), current);
        index_try_bodies(try_stmt->getTryBlock(), try_stmt);
        // A handler is outside its own try, inside the enclosing one.
        for (unsigned i = 0; i < try_stmt->getNumHandlers(); ++i) {
          const clang::CXXCatchStmt* handler = try_stmt->getHandler(i);
          if (current != nullptr) innermost_try.emplace(handler, current);
          index_try_bodies(handler, current);
        }
        continue;
      }
      index_try_bodies(child, current);
    }
  }

  // Whether `inner` is `outer` or nested in its try body.
  bool within(const clang::CXXTryStmt* inner, const clang::CXXTryStmt* outer) const {
    for (int depth = 0; inner != nullptr && depth < 256; ++depth) {
      if (inner == outer) return true;
      auto parent = enclosing_try.find(inner);
      inner = parent == enclosing_try.end() ? nullptr : parent->second;
    }
    return false;
  }

  bool in_try_body(const clang::CFGElement& element, const clang::CXXTryStmt* try_stmt) const {
    auto statement = element.getAs<clang::CFGStmt>();
    if (!statement) return false;
    auto found = innermost_try.find(statement->getStmt());
    return found != innermost_try.end() && within(found->second, try_stmt);
  }

  void index_tries() {
    dispatch_dependents.assign(cfg->getNumBlockIDs(), {});
    if (const clang::Stmt* body = body_of(function)) {
      if (const auto* try_stmt = llvm::dyn_cast<clang::CXXTryStmt>(body)) {  // a function-try-block
        enclosing_try.emplace(try_stmt, nullptr);
        index_try_bodies(try_stmt->getTryBlock(), try_stmt);
        for (unsigned i = 0; i < try_stmt->getNumHandlers(); ++i) index_try_bodies(try_stmt->getHandler(i), nullptr);
      } else {
        index_try_bodies(body, nullptr);
      }
    }
    if (enclosing_try.empty()) return;
    std::unordered_map<const clang::CXXTryStmt*, unsigned> dispatch_of;
    for (const clang::CFGBlock* block : *cfg)
      if (const auto* try_stmt = llvm::dyn_cast_or_null<clang::CXXTryStmt>(block->getTerminatorStmt()))
        dispatch_of.emplace(try_stmt, block->getBlockID());
    for (const clang::CFGBlock* block : *cfg) {
      std::unordered_set<const clang::CXXTryStmt*> inside;  // every try whose body has an element here
      for (const clang::CFGElement& element : *block) {
        auto statement = element.getAs<clang::CFGStmt>();
        if (!statement) continue;
        auto found = innermost_try.find(statement->getStmt());
        for (const clang::CXXTryStmt* try_stmt = found == innermost_try.end() ? nullptr : found->second;
             try_stmt != nullptr && inside.insert(try_stmt).second;) {
          auto parent = enclosing_try.find(try_stmt);
          try_stmt = parent == enclosing_try.end() ? nullptr : parent->second;
        }
      }
      for (const clang::CXXTryStmt* try_stmt : inside) {
        auto dispatch = dispatch_of.find(try_stmt);
        if (dispatch == dispatch_of.end()) continue;  // no handler reachable in the CFG
        try_body_blocks[try_stmt].push_back(block->getBlockID());
        dispatch_dependents[block->getBlockID()].push_back(dispatch->second);
      }
    }
  }

  void unwind(LocksetState& state, const clang::CXXTryStmt* try_stmt) const {
    std::vector<const clang::VarDecl*> destroyed;
    for (const auto& [var, guard] : state.guards) {
      auto found = try_of_variable.find(var);
      if (found != try_of_variable.end() && within(found->second, try_stmt)) destroyed.push_back(var);
    }
    for (const clang::VarDecl* var : destroyed) state.guard_destroyed(*var);
  }

  // The state a try's handlers start with: `throws` are the states arriving on the
  // dispatch block's CFG edges (from `throw`s in the body, unwound already or not).
  std::optional<LocksetState> handler_entry(const clang::CXXTryStmt& try_stmt, std::optional<LocksetState> throws) const {
    auto meet_unwound = [&](LocksetState state) {
      unwind(state, &try_stmt);
      if (throws) throws->meet(state);
      else throws = std::move(state);
    };
    if (throws) {
      LocksetState unwound = std::move(*throws);
      throws.reset();
      meet_unwound(std::move(unwound));
    }
    auto blocks = try_body_blocks.find(&try_stmt);
    if (blocks == try_body_blocks.end()) return throws;
    for (unsigned block_id : blocks->second) {
      if (!in_states[block_id]) continue;
      LocksetState state = *in_states[block_id];
      for (const clang::CFGElement& element : *blocks_by_id[block_id]) {
        if (in_try_body(element, &try_stmt)) meet_unwound(state);  // it may throw before it completes
        transfer(element, state);
      }
    }
    return throws;
  }

  void solve(const std::vector<HeldLock>& entry_locks) {
    unsigned block_count = cfg->getNumBlockIDs();
    out_states.assign(block_count, std::nullopt);
    in_states.assign(block_count, std::nullopt);
    element_locks.assign(block_count, std::nullopt);
    blocks_by_id.assign(block_count, nullptr);
    for (const clang::CFGBlock* block : *cfg) blocks_by_id[block->getBlockID()] = block;
    std::deque<const clang::CFGBlock*> worklist{&cfg->getEntry()};
    std::vector<bool> queued(block_count, false);
    queued[cfg->getEntry().getBlockID()] = true;
    // A must-analysis over a finite lattice converges; the cap only guards against bugs.
    std::size_t budget = 64 * static_cast<std::size_t>(block_count) + 1024;
    while (!worklist.empty() && budget-- > 0) {
      const clang::CFGBlock* block = worklist.front();
      worklist.pop_front();
      queued[block->getBlockID()] = false;
      std::optional<LocksetState> state = incoming(*block, entry_locks);
      if (const auto* try_stmt = llvm::dyn_cast_or_null<clang::CXXTryStmt>(block->getTerminatorStmt()))
        state = handler_entry(*try_stmt, std::move(state));
      if (!state) continue;
      if (in_states[block->getBlockID()] != state) {
        in_states[block->getBlockID()] = *state;
        for (unsigned dispatch : dispatch_dependents[block->getBlockID()])
          if (!queued[dispatch] && blocks_by_id[dispatch] != nullptr) {
            queued[dispatch] = true;
            worklist.push_back(blocks_by_id[dispatch]);
          }
      }
      for (const clang::CFGElement& element : *block) transfer(element, *state);
      if (out_states[block->getBlockID()] == state) continue;
      out_states[block->getBlockID()] = std::move(state);
      for (const clang::CFGBlock::AdjacentBlock& successor : block->succs()) {
        const clang::CFGBlock* next = successor.getReachableBlock();
        if (next != nullptr && !queued[next->getBlockID()]) {
          queued[next->getBlockID()] = true;
          worklist.push_back(next);
        }
      }
    }
  }

  static bool is_acquisition(const Step& step) {
    using Kind = LockOperation::Kind;
    if (const auto* operation = std::get_if<LockOperation>(&step))
      return operation->kind == Kind::Acquire || operation->kind == Kind::TryAcquire ||
             operation->kind == Kind::GuardLock || operation->kind == Kind::GuardTryLock;
    const auto& start = std::get<GuardStart>(step);
    return start.mode == GuardStart::Mode::Lock || start.mode == GuardStart::Mode::TryLock;
  }

  void find_acquires() {
    for (const auto& [stmt, effects] : steps)
      if (std::any_of(effects.begin(), effects.end(), is_acquisition)) {
        acquires = true;
        return;
      }
  }

  // The locks a step takes and may block on (no tries, no adoption), given `state` before it.
  static std::vector<HeldLock> blocking_acquisition(const Step& step, const LocksetState& state) {
    using Kind = LockOperation::Kind;
    if (const auto* operation = std::get_if<LockOperation>(&step)) {
      if (operation->kind == Kind::Acquire) return operation->locks;
      if (operation->kind == Kind::GuardLock)
        if (auto guard = state.guards.find(operation->guard); guard != state.guards.end()) return guard->second.locks;
      return {};
    }
    const auto& start = std::get<GuardStart>(step);
    return start.mode == GuardStart::Mode::Lock ? start.locks : std::vector<HeldLock>{};
  }

  // One pass over every reachable element with the solved states: lock-order edges, and
  // the locks released where this body does not certainly hold them (its caller's).
  void points() const {
    if (points_done) return;
    points_done = true;
    std::set<std::tuple<std::string, bool, std::string, bool, const clang::Stmt*>> seen;
    for (const clang::CFGBlock* block : *cfg) {
      if (!in_states[block->getBlockID()]) continue;
      LocksetState state = *in_states[block->getBlockID()];
      for (const clang::CFGElement& element : *block) {
        const std::vector<Step>* effects = steps_of(element);
        if (effects == nullptr) {
          transfer(element, state);
          continue;
        }
        const clang::Stmt* where = element.castAs<clang::CFGStmt>().getStmt();
        for (const Step& step : *effects) {
          std::vector<HeldLock> before = state.held_locks();
          for (const HeldLock& taken : blocking_acquisition(step, state)) {
            if (names_lock(before, taken.lock)) continue;  // taken again: cannot block on itself
            // Every blocking acquisition, also with nothing held (`held` empty): where the
            // function takes the lock, for edges from locks its callers hold.
            if (seen.emplace(std::string(), false, taken.lock, taken.shared, where).second)
              lock_orders.push_back({std::string(), taken.lock, false, taken.shared, where, where->getBeginLoc()});
            for (const HeldLock& held : before)
              if (seen.emplace(held.lock, held.shared, taken.lock, taken.shared, where).second)
                lock_orders.push_back(
                    {held.lock, taken.lock, held.shared, taken.shared, where, where->getBeginLoc()});
          }
          if (const auto* operation = std::get_if<LockOperation>(&step);
              operation != nullptr && operation->kind == LockOperation::Kind::Release)
            for (const HeldLock& lock : operation->locks)
              if (!names_lock(before, lock.lock)) released_unheld.push_back(lock);
          apply(step, state);
        }
      }
    }
    released_unheld = unique_by_name(std::move(released_unheld));
  }

  // The locks held on every normal return: the meet over the exit's predecessors, leaving
  // out `throw`s, exception dispatch and [[noreturn]] calls. nullopt: it never returns.
  std::optional<std::vector<HeldLock>> held_at_return() const {
    auto throws = [](const clang::CFGBlock& block) {
      if (llvm::isa_and_nonnull<clang::CXXTryStmt>(block.getTerminatorStmt())) return true;  // exception dispatch
      return std::any_of(block.begin(), block.end(), [](const clang::CFGElement& element) {
        auto statement = element.getAs<clang::CFGStmt>();
        return statement && llvm::isa<clang::CXXThrowExpr>(statement->getStmt());
      });
    };
    const clang::CFGBlock& exit = cfg->getExit();
    std::optional<LocksetState> joined;
    for (const clang::CFGBlock::AdjacentBlock& predecessor : exit.preds()) {
      const clang::CFGBlock* from = predecessor.getReachableBlock();
      if (from == nullptr || !out_states[from->getBlockID()] || from->hasNoReturnElement() || throws(*from)) continue;
      unsigned index = 0;
      for (const clang::CFGBlock::AdjacentBlock& successor : from->succs()) {
        if (successor.getReachableBlock() == &exit) {
          LocksetState state = edge_state(*from, index);  // a try read on the way out counts
          if (joined) joined->meet(state);
          else joined = std::move(state);
        }
        ++index;
      }
    }
    if (!joined) return std::nullopt;
    return joined->held_locks();
  }

  void summarise() const {
    if (summary_done) return;
    summary_done = true;
    points();
    std::vector<HeldLock> start = entry;
    std::optional<std::vector<HeldLock>> at_return;
    if (released_unheld.empty()) {
      at_return = held_at_return();
    } else {
      // Released locks it never took are its caller's: analyse again as if the caller
      // held them, so a release followed by a new acquire (a wait) nets out.
      std::vector<HeldLock> assumed = given_entry;
      for (const HeldLock& lock : released_unheld)
        if (!names_lock(start, lock.lock)) assumed.push_back(lock);
      Impl again(function, context);
      if (again.run(assumed)) at_return = again.held_at_return();
      start = again.entry;
    }
    if (!at_return) return;
    for (const HeldLock& lock : *at_return)
      if (!names_lock(start, lock.lock)) summary_acquires.push_back(lock);
    for (const HeldLock& lock : start)
      if (!names_lock(*at_return, lock.lock)) summary_releases.push_back(lock);
    summary_acquires = unique_by_name(std::move(summary_acquires));
    summary_releases = unique_by_name(std::move(summary_releases));
  }

  const std::vector<std::vector<HeldLock>>* locks_of_block(unsigned block_id) const {
    if (block_id >= in_states.size() || !in_states[block_id]) return nullptr;
    if (!element_locks[block_id]) {
      const clang::CFGBlock* block = blocks_by_id[block_id];
      if (block == nullptr) return nullptr;
      std::vector<std::vector<HeldLock>> locks;
      LocksetState state = *in_states[block_id];
      for (const clang::CFGElement& element : *block) {
        locks.push_back(state.held_locks());
        transfer(element, state);
      }
      locks.push_back(state.held_locks());  // at the terminator
      element_locks[block_id] = std::move(locks);
    }
    return &*element_locks[block_id];
  }
};

LocksetAnalysis::LocksetAnalysis(const clang::Decl& function, clang::ASTContext& context,
                                 std::vector<HeldLock> entry_locks)
    : impl_(std::make_unique<Impl>(function, context)) {
  if (!impl_->run(std::move(entry_locks))) return;
  impl_->positions = map_cfg_positions(*impl_->cfg);
  impl_->find_acquires();
}

LocksetAnalysis::~LocksetAnalysis() = default;

std::optional<std::vector<HeldLock>> LocksetAnalysis::locks_at(const clang::Stmt& stmt) const {
  if (impl_->cfg == nullptr) return std::nullopt;
  auto found = impl_->positions.find(&stmt);
  if (found == impl_->positions.end()) return std::nullopt;
  const auto* locks = impl_->locks_of_block(found->second.block);
  if (locks == nullptr || found->second.index >= locks->size()) return std::nullopt;
  return (*locks)[found->second.index];
}

bool LocksetAnalysis::returns_after(const clang::Stmt& stmt) const {
  if (impl_->cfg == nullptr) return true;
  auto found = impl_->positions.find(&stmt);
  if (found == impl_->positions.end()) return true;
  return impl_->returning_blocks()[found->second.block];
}

bool LocksetAnalysis::acquires_any_lock() const { return impl_->acquires; }

const std::vector<HeldLock>& LocksetAnalysis::acquires_on_return() const {
  if (impl_->cfg != nullptr) impl_->summarise();
  return impl_->summary_acquires;
}

const std::vector<HeldLock>& LocksetAnalysis::releases_on_return() const {
  if (impl_->cfg != nullptr) impl_->summarise();
  return impl_->summary_releases;
}

std::vector<HeldLock> LocksetAnalysis::requires_locks() const {
  const auto* function_decl = llvm::dyn_cast<clang::FunctionDecl>(&impl_->function);
  if (function_decl == nullptr) return {};
  return unique_by_name(required_locks(*function_decl));
}

bool LocksetAnalysis::no_thread_safety_analysis() const {
  return impl_->function.hasAttr<clang::NoThreadSafetyAnalysisAttr>();
}

const std::vector<LockOrder>& LocksetAnalysis::lock_order_edges() const {
  if (impl_->cfg != nullptr) impl_->points();
  return impl_->lock_orders;
}

}  // namespace hawk::audit
