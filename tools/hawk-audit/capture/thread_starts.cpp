#include "capture/thread_starts.h"

#include <optional>
#include <string_view>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ExprCXX.h>

#include "capture/queued_callables.h"
#include "capture/unit_models.h"

namespace hawk::audit {
namespace {

// Whether `type` is a thread type of the models (std::thread, std::jthread).
bool is_thread_type(clang::QualType type) {
  if (type.isNull()) return false;
  const auto* record = type.getNonReferenceType()->getAsCXXRecordDecl();
  return record != nullptr && is_thread_type_decl(*record);
}

// threads.emplace_back(worker, i) on a container of a thread type: the thread is
// constructed inside the library. The index of the callable, or none.
std::optional<unsigned> emplaced_thread_callable(const clang::CXXMemberCallExpr& member_call) {
  const clang::CXXMethodDecl* method = member_call.getMethodDecl();
  if (method == nullptr || method->getIdentifier() == nullptr || member_call.getNumArgs() == 0) return std::nullopt;
  llvm::StringRef name = method->getName();
  if (name != "emplace_back" && name != "emplace_front" && name != "emplace") return std::nullopt;
  const auto* specialization = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(method->getParent());
  if (specialization == nullptr || specialization->getTemplateArgs().size() == 0) return std::nullopt;
  const clang::TemplateArgument& element = specialization->getTemplateArgs()[0];
  if (element.getKind() != clang::TemplateArgument::Type || !is_thread_type(element.getAsType())) return std::nullopt;
  // emplace(position, f) on a sequence container: the callable comes second.
  unsigned first = name == "emplace" ? 1 : 0;
  if (first >= member_call.getNumArgs()) return std::nullopt;
  // threads.emplace_back(std::move(t)) moves a running thread in: it starts none.
  if (is_thread_type(member_call.getArg(first)->getType())) return std::nullopt;
  return first;
}

// A thread type's construction that starts one (not a copy or move of a thread).
bool constructs_thread(const clang::CXXConstructExpr& construct) {
  const clang::CXXConstructorDecl* constructor = construct.getConstructor();
  return constructor != nullptr && construct.getNumArgs() >= 1 && !constructor->isCopyOrMoveConstructor() &&
         is_thread_type_decl(*constructor->getParent());
}

// A call of a modelled start, with the model; the callable's argument index.
struct ModelledCall {
  const clang::CallExpr* call = nullptr;
  const ThreadStartModel* model = nullptr;
  int callable = -1;
};

// The arguments the call spells: trailing defaults are not among them (Asio's post ends
// in a defaulted constraint parameter, so its `last` is the handler the caller wrote).
unsigned written_arguments(const clang::CallExpr& call) {
  unsigned count = call.getNumArgs();
  while (count > 0 && llvm::isa<clang::CXXDefaultArgExpr>(call.getArg(count - 1))) --count;
  return count;
}

ModelledCall modelled_call(const clang::Stmt& stmt) {
  const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  if (call == nullptr || llvm::isa<clang::CXXOperatorCallExpr>(call)) return {};
  const clang::FunctionDecl* callee = call->getDirectCallee();
  if (callee == nullptr) return {};
  const ThreadStartModel* model = thread_start_model(*callee);
  if (model == nullptr) return {};
  int callable = model->callable.in_call(written_arguments(*call));
  // std::async(std::launch::async, f): a launch policy is never the callable.
  if (callable >= 0 && model->callable.index != ArgumentIndex::kLast &&
      call->getArg(static_cast<unsigned>(callable))->getType()->isEnumeralType())
    callable = static_cast<unsigned>(callable) + 1 < written_arguments(*call) ? callable + 1 : -1;
  if (callable < 0) return {};
  return {call, model, callable};
}

}  // namespace

const clang::Expr* thread_entry_argument(const clang::Stmt& stmt) {
  if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
    if (std::optional<unsigned> index = emplaced_thread_callable(*member_call)) return member_call->getArg(*index);
  }
  if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(&stmt))
    return constructs_thread(*construct) ? construct->getArg(0) : nullptr;
  ModelledCall modelled = modelled_call(stmt);
  if (modelled.call != nullptr) return modelled.call->getArg(static_cast<unsigned>(modelled.callable));
  // A callable kept for a worker to run (capture/queued_callables.h).
  if (std::optional<QueuedCallable> queued = queued_callable(stmt)) return queued->callable;
  return nullptr;
}

StartKind thread_start_kind(const clang::Stmt& start) {
  ModelledCall modelled = modelled_call(start);
  if (modelled.model == nullptr) {
    std::optional<QueuedCallable> queued = queued_callable(start);
    if (!queued) return {};
    return queued->system_callback ? StartKind{"model", false} : StartKind{"executor", false};
  }
  return {modelled.model->how, modelled.model->many};
}

const clang::Expr* serialising_executor(const clang::Stmt& start) {
  ModelledCall modelled = modelled_call(start);
  if (modelled.model == nullptr || !modelled.model->executor) return nullptr;
  int index = modelled.model->executor->in_call(written_arguments(*modelled.call));
  if (index < 0) return nullptr;
  const clang::Expr* executor = modelled.call->getArg(static_cast<unsigned>(index));
  const auto* record = executor->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (record == nullptr) return nullptr;
  // asio::strand<Executor> is named by its template.
  return is_serialising_type_decl(*record) ? executor : nullptr;
}

std::vector<std::pair<unsigned, const clang::Expr*>> thread_routine_arguments(const clang::Stmt& start) {
  std::vector<std::pair<unsigned, const clang::Expr*>> out;
  if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(&start)) {
    if (constructs_thread(*construct))
      for (unsigned i = 1; i < construct->getNumArgs(); ++i) out.emplace_back(i - 1, construct->getArg(i));
    return out;
  }
  ModelledCall modelled = modelled_call(start);
  if (modelled.model == nullptr) return out;
  for (const PassedArgument& passed : modelled.model->arguments) {
    int argument = passed.argument.in_call(modelled.call->getNumArgs());
    if (argument >= 0) out.emplace_back(passed.parameter, modelled.call->getArg(static_cast<unsigned>(argument)));
  }
  return out;
}

CallableTarget callable_target(const clang::Expr& callable) {
  const clang::Expr* expr = &callable;
  for (int depth = 0; expr != nullptr && depth < 32; ++depth) {
    expr = expr->IgnoreParens();
    if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(expr)) return {nullptr, lambda};
    if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
      if (const auto* function = llvm::dyn_cast<clang::FunctionDecl>(ref->getDecl())) return {function, nullptr};
      // `auto worker = [&] {...}; std::thread t(worker);`
      const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (var == nullptr || !var->isLocalVarDecl() || var->getInit() == nullptr) return {};
      expr = var->getInit();
      continue;
    }
    if (const auto* cast = llvm::dyn_cast<clang::CastExpr>(expr)) {
      expr = cast->getSubExpr();
      continue;
    }
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(expr); unary != nullptr &&
                                                                       (unary->getOpcode() == clang::UO_AddrOf ||
                                                                        unary->getOpcode() == clang::UO_Deref)) {
      expr = unary->getSubExpr();
      continue;
    }
    if (const auto* temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(expr)) {
      expr = temporary->getSubExpr();
      continue;
    }
    if (const auto* bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(expr)) {
      expr = bind->getSubExpr();
      continue;
    }
    if (const auto* cleanups = llvm::dyn_cast<clang::ExprWithCleanups>(expr)) {
      expr = cleanups->getSubExpr();
      continue;
    }
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr);
        construct != nullptr && construct->getNumArgs() == 1) {
      expr = construct->getArg(0);  // a copy or move of the closure
      continue;
    }
    // A captureless lambda converted to a function pointer (pthread_create(..., [](void*) {...}, ...)).
    if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(expr);
        member_call != nullptr && llvm::isa_and_nonnull<clang::CXXConversionDecl>(member_call->getMethodDecl())) {
      expr = member_call->getImplicitObjectArgument();
      continue;
    }
    return {};
  }
  return {};
}

}  // namespace hawk::audit
