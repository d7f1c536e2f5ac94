#include "capture/function_keys.h"

#include <clang/AST/DeclCXX.h>
#include <llvm/Support/Path.h>

#include "capture/decl_keys.h"
#include "capture/source_positions.h"

namespace hawk::audit {
namespace {

const clang::CXXRecordDecl* closure_of(const clang::FunctionDecl& function) {
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  if (method == nullptr || !method->getParent()->isLambda()) return nullptr;
  return method->getParent();
}

// Where the lambda is written: "L:C" inside its function, "file:L:C" elsewhere.
std::string lambda_suffix(const clang::CXXRecordDecl& closure, SourcePositions& positions, bool with_file) {
  SourcePos pos = positions.pos(closure.getLocation());
  std::string where = std::to_string(pos.line) + ":" + std::to_string(pos.column);
  if (with_file) where = llvm::sys::path::filename(pos.file).str() + ":" + where;
  return "(lambda@" + where + ")";
}

const clang::FunctionDecl* enclosing_function(const clang::CXXRecordDecl& closure) {
  return llvm::dyn_cast_or_null<clang::FunctionDecl>(closure.getParentFunctionOrMethod());
}

}  // namespace

std::string function_key(const clang::FunctionDecl& function, SourcePositions& positions) {
  if (const clang::CXXRecordDecl* closure = closure_of(function)) return lambda_key(*closure, positions);
  std::string key = usr_key(function);
  if (key.empty()) key = "hawk:" + qualified_name(function);
  return key;
}

std::string function_name(const clang::FunctionDecl& function, SourcePositions& positions) {
  if (const clang::CXXRecordDecl* closure = closure_of(function)) return lambda_name(*closure, positions);
  return qualified_name(function);
}

std::string lambda_key(const clang::CXXRecordDecl& closure, SourcePositions& positions) {
  if (const clang::FunctionDecl* parent = enclosing_function(closure))
    return function_key(*parent, positions) + "@" + lambda_suffix(closure, positions, false);
  // A lambda in a namespace-scope initialiser or a default member initialiser.
  const auto* context = llvm::dyn_cast<clang::Decl>(closure.getDeclContext());
  std::string owner = context != nullptr && !llvm::isa<clang::TranslationUnitDecl>(context) ? usr_key(*context) : "";
  return owner + "@" + lambda_suffix(closure, positions, true);
}

std::string lambda_name(const clang::CXXRecordDecl& closure, SourcePositions& positions) {
  if (const clang::FunctionDecl* parent = enclosing_function(closure))
    return function_name(*parent, positions) + "::" + lambda_suffix(closure, positions, false);
  const auto* context = llvm::dyn_cast<clang::Decl>(closure.getDeclContext());
  std::string owner =
      context != nullptr && !llvm::isa<clang::TranslationUnitDecl>(context) ? qualified_name(*context) + "::" : "";
  return owner + lambda_suffix(closure, positions, true);
}

}  // namespace hawk::audit
