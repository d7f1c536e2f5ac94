#include "capture/thread_summaries.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/Basic/SourceManager.h>

#include "capture/source_positions.h"
#include "capture/stmt_parents.h"
#include "capture/thread_phases.h"
#include "capture/thread_starts.h"
#include "locks/lock_names.h"
#include "locks/lock_summary_table.h"
#include "locks/per_ast.h"
#include "capture/unit_models.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// How deep the quick look for thread starts and joins follows callees.
constexpr int kMaxLookDepth = 4;

constexpr llvm::StringLiteral kParameterPrefix = "param:";
constexpr llvm::StringLiteral kLocalPrefix = "local:";

// A join, detach or wait on a thread or future, by its name alone: enough to know that a
// body may end threads, not which.
bool looks_like_join(const clang::Stmt& stmt) {
  if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
    const clang::CXXMethodDecl* method = call->getMethodDecl();
    if (method == nullptr || method->getIdentifier() == nullptr) return false;
    const std::string_view type = std_class_name(clang::QualType(method->getParent()->getTypeForDecl(), 0));
    return type == "thread" || type == "jthread" || type == "future" || type == "shared_future";
  }
  const auto* call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  const clang::FunctionDecl* callee = call != nullptr ? call->getDirectCallee() : nullptr;
  return callee != nullptr && thread_join_model(*callee) != nullptr && !thread_join_model(*callee)->detach;
}

const clang::FunctionDecl* body_here(const clang::FunctionDecl& function, const clang::ASTContext& context) {
  const clang::FunctionDecl* definition = function.getDefinition();
  if (definition == nullptr || !definition->hasBody() || definition->isDependentContext() || is_in_std(*definition))
    return nullptr;
  if (context.getSourceManager().isInSystemHeader(definition->getLocation())) return nullptr;
  return definition;
}

}  // namespace

std::string thread_handle_name(const clang::ValueDecl* handle, const clang::FunctionDecl& function) {
  if (handle == nullptr) return "";
  if (const auto* parameter = llvm::dyn_cast<clang::ParmVarDecl>(handle);
      parameter != nullptr && parameter->getParentFunctionOrMethod() == &function &&
      (parameter->getType()->isPointerType() || parameter->getType()->isReferenceType()))
    return kParameterPrefix.str() + std::to_string(parameter->getFunctionScopeIndex());
  if (const auto* var = llvm::dyn_cast<clang::VarDecl>(handle); var != nullptr && var->hasLocalStorage())
    return kLocalPrefix.str() + qualified_name_without_templates(function) + "::" + var->getNameAsString();
  return lock_name_of(*handle, &function).value_or(qualified_name_without_templates(*handle));
}

std::optional<unsigned> thread_handle_parameter(const std::string& name) {
  llvm::StringRef rest(name);
  unsigned index = 0;
  if (!rest.consume_front(kParameterPrefix) || rest.getAsInteger(10, index)) return std::nullopt;
  return index;
}

bool thread_handle_is_local(const std::string& name) { return llvm::StringRef(name).starts_with(kLocalPrefix); }

ThreadSummaries& ThreadSummaries::of(clang::ASTContext& context) { return per_ast<ThreadSummaries>(context); }

bool ThreadSummaries::may_affect_threads(const clang::FunctionDecl& definition, int depth) {
  if (auto known = may_affect_.find(&definition); known != may_affect_.end()) return known->second;
  may_affect_[&definition] = false;  // a cycle adds nothing
  bool affects = false;
  std::vector<const clang::Stmt*> stack{definition.getBody()};
  while (!stack.empty() && !affects) {
    const clang::Stmt* node = stack.back();
    stack.pop_back();
    if (node == nullptr || llvm::isa<clang::LambdaExpr>(node)) continue;  // a lambda's body is its own
    if (thread_entry_argument(*node) != nullptr || looks_like_join(*node)) affects = true;
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(node); call != nullptr && !affects) {
      if (const clang::FunctionDecl* callee = call->getDirectCallee()) {
        if (const clang::FunctionDecl* body = body_here(*callee, context_)) {
          affects = depth < kMaxLookDepth && body != &definition && may_affect_threads(*body, depth + 1);
        } else if (external_ != nullptr) {
          const ExternalLockSummary* summary = external_->find(*callee);
          affects = summary != nullptr && (!summary->thread_starts.empty() || !summary->thread_joins.empty());
        }
      }
    }
    for (const clang::Stmt* child : node->children()) stack.push_back(child);
  }
  may_affect_[&definition] = affects;
  return affects;
}

const ThreadEffects* ThreadSummaries::effects(const clang::FunctionDecl& callee) {
  const clang::FunctionDecl* definition = body_here(callee, context_);
  if (definition == nullptr) {
    if (external_ == nullptr || context_.getSourceManager().isInSystemHeader(callee.getLocation()) || is_in_std(callee))
      return nullptr;
    const clang::FunctionDecl* canonical = callee.getCanonicalDecl();
    if (auto done = external_done_.find(canonical); done != external_done_.end()) return &done->second;
    const ExternalLockSummary* summary = external_->find(callee);
    ThreadEffects effects;
    if (summary != nullptr) {
      effects.starts = summary->thread_starts;
      effects.joins = summary->thread_joins;
      effects.routine_parameters = summary->routine_parameters;
    }
    return &external_done_.emplace(canonical, std::move(effects)).first->second;
  }
  auto [it, inserted] = done_.try_emplace(definition);
  if (!inserted) return it->second ? &*it->second : nullptr;  // nullopt: a cycle being followed
  if (!may_affect_threads(*definition, 0)) {
    done_[definition] = ThreadEffects{};
    return &*done_[definition];
  }
  StmtParents parents;
  std::vector<const clang::Stmt*> starts;
  std::vector<std::pair<const clang::Stmt*, const clang::Stmt*>> stack{{definition->getBody(), nullptr}};
  while (!stack.empty()) {
    auto [node, parent] = stack.back();
    stack.pop_back();
    parents.set(node, parent);
    if (llvm::isa<clang::LambdaExpr>(node)) continue;
    if (thread_entry_argument(*node) != nullptr) starts.push_back(node);
    for (const clang::Stmt* child : node->children())
      if (child != nullptr) stack.emplace_back(child, node);
  }
  SourcePositions positions(context_.getSourceManager());
  ThreadPhases phases(*definition, context_, parents, positions, starts);
  done_[definition] = phases.effects();
  return &*done_[definition];
}

}  // namespace hawk::audit
