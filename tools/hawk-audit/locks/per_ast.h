// One object of T per ASTContext, made on first use and freed with the AST (memoised
// analyses of one translation unit: lock summaries, callee effects). Units are analysed
// on several threads at once, each with its own AST.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include <clang/AST/ASTContext.h>

namespace hawk::audit {

template <class T>
T& per_ast(clang::ASTContext& context) {
  struct Registry {
    std::mutex mu;
    std::unordered_map<const clang::ASTContext*, std::unique_ptr<T>> by_context;
  };
  static Registry registry;
  std::lock_guard<std::mutex> guard(registry.mu);
  auto [it, inserted] = registry.by_context.try_emplace(&context);
  if (inserted) {
    it->second = std::make_unique<T>(context);
    context.AddDeallocation(
        [](void* ast) {
          std::lock_guard<std::mutex> forget(registry.mu);
          registry.by_context.erase(static_cast<const clang::ASTContext*>(ast));
        },
        &context);
  }
  return *it->second;
}

}  // namespace hawk::audit
