#include "capture/thread_starts.h"

#include <string_view>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ExprCXX.h>

#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// A C library function by its plain name (pthread_create is no member of any namespace).
bool is_c_function(const clang::FunctionDecl* function, std::string_view name) {
  if (function == nullptr || function->getIdentifier() == nullptr) return false;
  if (!function->getDeclContext()->getRedeclContext()->isTranslationUnit()) return false;
  return function->getName() == llvm::StringRef(name.data(), name.size());
}

}  // namespace

const clang::Expr* thread_entry_argument(const clang::Stmt& stmt) {
  // threads.emplace_back(worker, i): the thread is constructed inside the library.
  if (const auto* member_call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
    const clang::CXXMethodDecl* method = member_call->getMethodDecl();
    if (method == nullptr || method->getIdentifier() == nullptr || member_call->getNumArgs() == 0) return nullptr;
    llvm::StringRef name = method->getName();
    if (name != "emplace_back" && name != "emplace_front" && name != "emplace") return nullptr;
    const auto* specialization =
        llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(method->getParent());
    if (specialization == nullptr || specialization->getTemplateArgs().size() == 0) return nullptr;
    const clang::TemplateArgument& element = specialization->getTemplateArgs()[0];
    if (element.getKind() != clang::TemplateArgument::Type) return nullptr;
    std::string_view type = std_class_name(element.getAsType());
    if (type != "thread" && type != "jthread") return nullptr;
    // emplace(position, f) on a sequence container: the callable comes second.
    unsigned first = name == "emplace" ? 1 : 0;
    if (first >= member_call->getNumArgs()) return nullptr;
    // threads.emplace_back(std::move(t)) moves a running thread in: it starts none.
    std::string_view argument = std_class_name(member_call->getArg(first)->getType());
    if (argument == "thread" || argument == "jthread") return nullptr;
    return member_call->getArg(first);
  }
  if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(&stmt)) {
    std::string_view type = std_class_name(construct->getType());
    const clang::CXXConstructorDecl* constructor = construct->getConstructor();
    if ((type == "thread" || type == "jthread") && construct->getNumArgs() >= 1 && constructor != nullptr &&
        !constructor->isCopyOrMoveConstructor())
      return construct->getArg(0);
    return nullptr;
  }
  const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  if (call == nullptr || llvm::isa<clang::CXXOperatorCallExpr>(call)) return nullptr;
  const clang::FunctionDecl* callee = call->getDirectCallee();
  if (std_function_name(callee) == "async" && call->getNumArgs() >= 1) {
    // std::async(std::launch::async, f, args...) or std::async(f, args...).
    bool has_policy = call->getArg(0)->getType()->isEnumeralType();
    if (has_policy) return call->getNumArgs() >= 2 ? call->getArg(1) : nullptr;
    return call->getArg(0);
  }
  if (is_c_function(callee, "pthread_create") && call->getNumArgs() >= 3) return call->getArg(2);
  if (is_c_function(callee, "thrd_create") && call->getNumArgs() >= 2) return call->getArg(1);
  return nullptr;
}

std::vector<std::pair<unsigned, const clang::Expr*>> thread_routine_arguments(const clang::Stmt& start) {
  if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&start)) {
    const clang::FunctionDecl* callee = call->getDirectCallee();
    if (is_c_function(callee, "pthread_create") && call->getNumArgs() == 4) return {{0, call->getArg(3)}};
    if (is_c_function(callee, "thrd_create") && call->getNumArgs() == 3) return {{0, call->getArg(2)}};
    return {};
  }
  std::vector<std::pair<unsigned, const clang::Expr*>> out;
  if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(&start); construct && thread_entry_argument(start))
    for (unsigned i = 1; i < construct->getNumArgs(); ++i) out.emplace_back(i - 1, construct->getArg(i));
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
