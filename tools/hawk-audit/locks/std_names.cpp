#include "locks/std_names.h"

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/Type.h>

namespace hawk::audit {

bool is_in_std(const clang::Decl& decl) {
  const clang::DeclContext* context = decl.getDeclContext();
  const clang::NamespaceDecl* outermost = nullptr;
  for (; context != nullptr; context = context->getParent()) {
    if (const auto* ns = llvm::dyn_cast<clang::NamespaceDecl>(context)) outermost = ns;
    // A class nested in a class is not a library class of its own.
    if (llvm::isa<clang::RecordDecl, clang::FunctionDecl>(context)) return false;
  }
  return outermost != nullptr && outermost->getIdentifier() != nullptr && outermost->getName() == "std";
}

namespace {

const clang::NamedDecl* class_decl_of(clang::QualType type) {
  if (type.isNull()) return nullptr;
  type = type.getNonReferenceType();
  if (const auto* record = type->getAsCXXRecordDecl()) {
    // Instantiations name their template, so std::lock_guard<X> reads "lock_guard".
    return record;
  }
  // Dependent spellings (std::lock_guard<T> inside a template) have no record yet.
  if (const auto* specialization = type->getAs<clang::TemplateSpecializationType>())
    return specialization->getTemplateName().getAsTemplateDecl();
  if (const auto* deduced = type->getAs<clang::DeducedTemplateSpecializationType>())
    return deduced->getTemplateName().getAsTemplateDecl();
  return nullptr;
}

}  // namespace

std::string_view std_class_name(clang::QualType type) {
  const clang::NamedDecl* decl = class_decl_of(type);
  if (decl == nullptr || decl->getIdentifier() == nullptr || !is_in_std(*decl)) return {};
  llvm::StringRef name = decl->getName();
  return {name.data(), name.size()};
}

bool is_spelled_as_typedef(clang::QualType type, std::string_view name) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  // Walk the sugar one step at a time: `pthread_spinlock_t` is only a typedef of int.
  for (int depth = 0; depth < 16 && !type.isNull(); ++depth) {
    if (const auto* typedef_type = llvm::dyn_cast<clang::TypedefType>(type.getTypePtr())) {
      if (typedef_type->getDecl()->getName() == llvm::StringRef(name.data(), name.size())) return true;
    }
    clang::QualType next = type->getLocallyUnqualifiedSingleStepDesugaredType();
    if (next == type) break;
    type = next;
  }
  // `typedef struct { ... } mtx_t;` names the anonymous struct itself.
  if (const auto* record = type->getAsRecordDecl()) {
    if (const auto* typedef_decl = record->getTypedefNameForAnonDecl())
      return typedef_decl->getName() == llvm::StringRef(name.data(), name.size());
  }
  return false;
}

std::string_view std_function_name(const clang::NamedDecl* decl) {
  if (decl == nullptr || decl->getIdentifier() == nullptr || !is_in_std(*decl)) return {};
  llvm::StringRef name = decl->getName();
  return {name.data(), name.size()};
}

}  // namespace hawk::audit
