// The models (models/library_models.h) the translation unit being captured is analysed
// with: set once per unit by FactsAction, the built-in models when nothing set them (a
// test's own action). Looked up from any declaration of the unit, so that recognising a
// thread start needs no more than the call.
#pragma once

#include <memory>

#include "models/library_models.h"

namespace clang {
class ASTContext;
class FunctionDecl;
class NamedDecl;
}  // namespace clang

namespace hawk::audit {

void use_models(clang::ASTContext& context, std::shared_ptr<const LibraryModels> models);

const LibraryModels& models_of(clang::ASTContext& context);

// The start model of a call of `callee` (memoised per declaration); null for none.
const ThreadStartModel* thread_start_model(const clang::FunctionDecl& callee);

// The join model of a call of `callee` (pthread_join, pthread_detach); null for none.
const ThreadJoinModel* thread_join_model(const clang::FunctionDecl& callee);

// Whether the class `type` synchronises by itself (models' thread_safe_types).
bool is_thread_safe_type_decl(const clang::NamedDecl& type);

// Whether the system calls what is stored in `field` (models' system_callbacks).
bool is_system_callback_field(const clang::NamedDecl& field);

// Whether the class `type` is an executor that runs one handler at a time.
bool is_serialising_type_decl(const clang::NamedDecl& type);

// The not-thread-safe model of a call of `callee`; null for none.
const UnsafeFunctionModel* unsafe_function_model(const clang::FunctionDecl& callee);

// Whether constructing a `type` starts a thread (models' thread_types).
bool is_thread_type_decl(const clang::NamedDecl& type);

}  // namespace hawk::audit
