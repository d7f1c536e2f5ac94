#include "capture/unit_models.h"

#include <llvm/ADT/DenseMap.h>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>

#include "locks/per_ast.h"
#include "models/builtin_models.h"
#include "models/decl_names.h"

namespace hawk::audit {
namespace {

// One per AST; a unit is captured on one thread, so the memo needs no lock.
struct UnitModelState {
  explicit UnitModelState(clang::ASTContext&) {}
  std::shared_ptr<const LibraryModels> models;
  llvm::DenseMap<const clang::Decl*, const ThreadStartModel*> starts;
  llvm::DenseMap<const clang::Decl*, const UnsafeFunctionModel*> unsafe;
  llvm::DenseMap<const clang::Decl*, const ThreadJoinModel*> joins;
  // Asked of every construction and every class type: memoised too.
  llvm::DenseMap<const clang::Decl*, bool> thread_types;
  llvm::DenseMap<const clang::Decl*, bool> thread_safe_types;

  const LibraryModels& current() const { return models ? *models : builtin_models(); }
};

UnitModelState& state_of(clang::ASTContext& context) { return per_ast<UnitModelState>(context); }

template <class Model, class Lookup>
const Model* memoised(llvm::DenseMap<const clang::Decl*, const Model*>& memo, const clang::NamedDecl& decl,
                      Lookup lookup) {
  const clang::Decl* key = decl.getCanonicalDecl();
  auto [it, inserted] = memo.try_emplace(key, nullptr);
  if (inserted) {
    const std::string name = model_name(decl);
    it->second = name.empty() ? nullptr : lookup(name);
  }
  return it->second;
}

bool memoised_flag(llvm::DenseMap<const clang::Decl*, bool>& memo, const clang::NamedDecl& decl,
                   bool (LibraryModels::*names)(std::string_view) const, const LibraryModels& models) {
  auto [it, inserted] = memo.try_emplace(decl.getCanonicalDecl(), false);
  if (inserted) it->second = (models.*names)(model_name(decl));
  return it->second;
}

}  // namespace

void use_models(clang::ASTContext& context, std::shared_ptr<const LibraryModels> models) {
  UnitModelState& state = state_of(context);
  state.models = std::move(models);
  state.starts.clear();
  state.unsafe.clear();
  state.joins.clear();
  state.thread_types.clear();
  state.thread_safe_types.clear();
}

const LibraryModels& models_of(clang::ASTContext& context) { return state_of(context).current(); }

const ThreadStartModel* thread_start_model(const clang::FunctionDecl& callee) {
  UnitModelState& state = state_of(callee.getASTContext());
  // A template's instantiation is modelled by its template's name.
  const clang::FunctionDecl* named = callee.getTemplateInstantiationPattern();
  const clang::FunctionDecl& decl = named != nullptr ? *named : callee;
  return memoised(state.starts, decl,
                  [&](const std::string& name) { return state.current().thread_start(name); });
}

const UnsafeFunctionModel* unsafe_function_model(const clang::FunctionDecl& callee) {
  UnitModelState& state = state_of(callee.getASTContext());
  return memoised(state.unsafe, callee,
                  [&](const std::string& name) { return state.current().unsafe_function(name); });
}

const ThreadJoinModel* thread_join_model(const clang::FunctionDecl& callee) {
  UnitModelState& state = state_of(callee.getASTContext());
  return memoised(state.joins, callee, [&](const std::string& name) { return state.current().thread_join(name); });
}

bool is_thread_safe_type_decl(const clang::NamedDecl& type) {
  UnitModelState& state = state_of(type.getASTContext());
  return memoised_flag(state.thread_safe_types, type, &LibraryModels::is_thread_safe_type, state.current());
}

bool is_system_callback_field(const clang::NamedDecl& field) {
  return models_of(field.getASTContext()).is_system_callback(model_name(field));
}

bool is_serialising_type_decl(const clang::NamedDecl& type) {
  return models_of(type.getASTContext()).is_serialising_type(model_name(type));
}

bool is_thread_type_decl(const clang::NamedDecl& type) {
  UnitModelState& state = state_of(type.getASTContext());
  return memoised_flag(state.thread_types, type, &LibraryModels::is_thread_type, state.current());
}

}  // namespace hawk::audit
