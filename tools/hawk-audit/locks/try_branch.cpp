#include "locks/try_branch.h"

#include <cstdint>
#include <optional>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Basic/SourceManager.h>

#include "locks/lock_names.h"
#include "locks/lock_operations.h"
#include "locks/lock_summaries.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// A try-lock whose result an expression carries.
struct TryResult {
  std::vector<HeldLock> locks;
  std::vector<const clang::VarDecl*> guards;
  LockOperation::Success success = LockOperation::Success::NonZero;
};

const clang::Expr* strip(const clang::Expr* expr) {
  for (int depth = 0; expr != nullptr && depth < 32; ++depth) {
    const clang::Expr* next = expr->IgnoreParenImpCasts();
    if (const auto* cleanups = llvm::dyn_cast<clang::ExprWithCleanups>(next)) next = cleanups->getSubExpr();
    if (next == expr) return expr;
    expr = next;
  }
  return expr;
}

std::optional<std::pair<TryResult, bool>> interpret(const clang::Expr* condition, const LocksetState& state,
                                                    const clang::Decl* function, clang::ASTContext& context,
                                                    int depth);

// `bool TryLock() { return mu_.try_lock(); }` (or `return pthread_mutex_trylock(&q->mu) == 0;`,
// `bool try_it(std::mutex& m) { return m.try_lock(); }`): a function whose only return is a
// try-lock's result is a try-lock itself, true on success or on failure as the returned
// expression says, on its locks in the caller's names (parameters as the arguments, an
// object's lock member as that object). A lock local to it cannot be carried: no try.
std::optional<TryResult> try_wrapper_result(const clang::CallExpr& call, const clang::Decl* caller,
                                            clang::ASTContext& context, int depth) {
  const clang::FunctionDecl* callee = call.getDirectCallee();
  if (callee == nullptr || depth > 4) return std::nullopt;
  const clang::FunctionDecl* definition = callee->getDefinition();
  if (definition == nullptr || is_in_std(*definition) || definition->isDependentContext() ||
      context.getSourceManager().isInSystemHeader(definition->getLocation()))
    return std::nullopt;
  const auto* body = llvm::dyn_cast_or_null<clang::CompoundStmt>(definition->getBody());
  if (body == nullptr || body->size() != 1) return std::nullopt;
  const auto* returned = llvm::dyn_cast<clang::ReturnStmt>(body->body_front());
  if (returned == nullptr || returned->getRetValue() == nullptr) return std::nullopt;
  const LocksetState nothing_held;
  auto inner = interpret(returned->getRetValue(), nothing_held, definition, context, depth + 1);
  if (!inner || !inner->first.guards.empty() || inner->first.locks.empty()) return std::nullopt;
  std::vector<HeldLock> locks = LockSummaries::of(context).in_caller_names(call, caller, inner->first.locks);
  const std::string own_scope = qualified_name_without_templates(*definition) + "::";
  for (const HeldLock& lock : locks)
    if (lock.lock.rfind(own_scope, 0) == 0) return std::nullopt;
  if (locks.size() != inner->first.locks.size()) return std::nullopt;  // one the caller cannot name
  TryResult result{std::move(locks), {}, inner->second ? LockOperation::Success::NonZero : LockOperation::Success::Zero};
  return result;
}

std::optional<TryResult> try_result_of(const clang::Expr* expr, const LocksetState& state, const clang::Decl* function,
                                       clang::ASTContext& context, int depth) {
  const auto* call = llvm::dyn_cast_or_null<clang::CallExpr>(strip(expr));
  if (call == nullptr) return std::nullopt;
  for (const LockOperation& operation : lock_operations(*call, function)) {
    using Kind = LockOperation::Kind;
    if (operation.kind == Kind::TryAcquire) return TryResult{operation.locks, operation.guards, operation.success};
    if (operation.kind == Kind::GuardTryLock || operation.kind == Kind::GuardTest) {
      if (state.guards.count(operation.guard) == 0) return std::nullopt;
      return TryResult{{}, {operation.guard}, operation.success};
    }
  }
  return try_wrapper_result(*call, function, context, depth);
}

std::optional<llvm::APSInt> constant_of(const clang::Expr* expr, clang::ASTContext& context) {
  if (expr == nullptr || expr->isValueDependent() || expr->isTypeDependent()) return std::nullopt;
  clang::Expr::EvalResult result;
  if (!expr->EvaluateAsInt(result, context)) return std::nullopt;
  return result.Val.getInt();
}

// `result OP value` for a try's result compared with a constant by <, <=, > or >=: whether
// it is true exactly on success (true), exactly on failure (false), or depends on which
// failure (nullopt). Success and failure values: std::try_lock -1 / an index >= 0;
// pthread 0 / an error number > 0; a bool 1 / 0.
std::optional<bool> relation_means_success(clang::BinaryOperatorKind op, LockOperation::Success success,
                                           const llvm::APSInt& value) {
  const int64_t c = value.getExtValue();
  auto holds = [&](int64_t x) {
    switch (op) {
      case clang::BO_LT: return x < c;
      case clang::BO_LE: return x <= c;
      case clang::BO_GT: return x > c;
      default: return x >= c;
    }
  };
  int64_t success_value = 1, failure_low = 0, failure_high = 0;  // failures: [low, high]
  switch (success) {
    case LockOperation::Success::MinusOne: success_value = -1, failure_low = 0, failure_high = INT32_MAX; break;
    case LockOperation::Success::Zero: success_value = 0, failure_low = 1, failure_high = INT32_MAX; break;
    case LockOperation::Success::NonZero: success_value = 1, failure_low = 0, failure_high = 0; break;
  }
  // The relation is monotone in x, so the ends of the failure range decide for all of it.
  if (holds(failure_low) != holds(failure_high)) return std::nullopt;
  if (holds(success_value) == holds(failure_low)) return std::nullopt;
  return holds(success_value);
}

// A comparison's operator read from the other side (`0 > r` is `r < 0`).
clang::BinaryOperatorKind mirrored(clang::BinaryOperatorKind op) {
  switch (op) {
    case clang::BO_LT: return clang::BO_GT;
    case clang::BO_LE: return clang::BO_GE;
    case clang::BO_GT: return clang::BO_LT;
    case clang::BO_GE: return clang::BO_LE;
    default: return op;
  }
}

// Whether `condition` being true means the try succeeded, with the try it reads.
std::optional<std::pair<TryResult, bool>> interpret(const clang::Expr* condition, const LocksetState& state,
                                                    const clang::Decl* function, clang::ASTContext& context,
                                                    int depth) {
  condition = strip(condition);
  if (condition == nullptr || depth > 8) return std::nullopt;
  if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(condition);
      unary != nullptr && unary->getOpcode() == clang::UO_LNot) {
    auto inner = interpret(unary->getSubExpr(), state, function, context, depth + 1);
    if (inner) inner->second = !inner->second;
    return inner;
  }
  if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(condition);
      binary != nullptr && (binary->getOpcode() == clang::BO_EQ || binary->getOpcode() == clang::BO_NE)) {
    const clang::Expr* call_side = binary->getLHS();
    auto value = constant_of(binary->getRHS(), context);
    if (!value) {
      call_side = binary->getRHS();
      value = constant_of(binary->getLHS(), context);
    }
    if (!value) return std::nullopt;
    auto result = try_result_of(call_side, state, function, context, depth);
    if (!result) return std::nullopt;
    // try == 0 is success for pthread's error codes and failure for a bool; comparing
    // with another value: `== true` succeeds, `== EBUSY` fails; std::try_lock succeeds
    // exactly at -1.
    bool equal_means_success = false;
    switch (result->success) {
      case LockOperation::Success::NonZero: equal_means_success = !value->isZero(); break;
      case LockOperation::Success::Zero: equal_means_success = value->isZero(); break;
      case LockOperation::Success::MinusOne: equal_means_success = value->isAllOnes() && value->isSigned(); break;
    }
    bool true_means_success = binary->getOpcode() == clang::BO_EQ ? equal_means_success : !equal_means_success;
    return std::pair{std::move(*result), true_means_success};
  }
  if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(condition);
      binary != nullptr && binary->isRelationalOp()) {
    const clang::Expr* call_side = binary->getLHS();
    clang::BinaryOperatorKind op = binary->getOpcode();
    auto value = constant_of(binary->getRHS(), context);
    if (!value) {
      call_side = binary->getRHS();
      op = mirrored(op);
      value = constant_of(binary->getLHS(), context);
    }
    if (!value || value->getSignificantBits() > 32) return std::nullopt;
    auto result = try_result_of(call_side, state, function, context, depth);
    if (!result) return std::nullopt;
    auto true_means_success = relation_means_success(op, result->success, *value);
    if (!true_means_success) return std::nullopt;
    return std::pair{std::move(*result), *true_means_success};
  }
  auto result = try_result_of(condition, state, function, context, depth);
  // Read as a truth value, std::try_lock's -1 and its failures' indexes are all nonzero.
  if (!result || result->success == LockOperation::Success::MinusOne) return std::nullopt;
  bool true_means_success = result->success == LockOperation::Success::NonZero;
  return std::pair{std::move(*result), true_means_success};
}

}  // namespace

BranchLocks locks_proven_by(const clang::Expr& condition, const LocksetState& state, const clang::Decl* function,
                            clang::ASTContext& context) {
  BranchLocks branches;
  auto interpreted = interpret(&condition, state, function, context, 0);
  if (!interpreted) return branches;
  branches.success_when = interpreted->second;
  branches.locks = std::move(interpreted->first.locks);
  branches.guards = std::move(interpreted->first.guards);
  return branches;
}

}  // namespace hawk::audit
