#include "capture/decl_keys.h"

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/Index/USRGeneration.h>
#include <llvm/ADT/SmallString.h>

#include "locks/lock_names.h"

namespace hawk::audit {

const clang::FunctionDecl& pattern_of(const clang::FunctionDecl& function) {
  const clang::FunctionDecl* pattern = function.getTemplateInstantiationPattern(/*ForDefinition=*/false);
  return pattern != nullptr ? *pattern : function;
}

const clang::RecordDecl& pattern_of(const clang::RecordDecl& record) {
  if (const auto* cxx = llvm::dyn_cast<clang::CXXRecordDecl>(&record)) {
    if (const clang::CXXRecordDecl* pattern = cxx->getTemplateInstantiationPattern()) return *pattern;
  }
  return record;
}

const clang::FieldDecl& pattern_of(const clang::FieldDecl& field) {
  const clang::RecordDecl& record = pattern_of(*field.getParent());
  if (&record == field.getParent()) return field;
  // Instantiation keeps the fields in declaration order.
  unsigned index = field.getFieldIndex();
  for (const clang::FieldDecl* candidate : record.fields())
    if (candidate->getFieldIndex() == index) return *candidate;
  return field;
}

const clang::VarDecl& pattern_of(const clang::VarDecl& var) {
  if (const clang::VarDecl* pattern = var.getTemplateInstantiationPattern()) return *pattern;
  if (const clang::VarDecl* member = var.getInstantiatedFromStaticDataMember()) return *member;
  return var;
}

namespace {

const clang::Decl& canonical_pattern(const clang::Decl& decl) {
  if (const auto* function = llvm::dyn_cast<clang::FunctionDecl>(&decl)) return pattern_of(*function);
  if (const auto* record = llvm::dyn_cast<clang::RecordDecl>(&decl)) return pattern_of(*record);
  if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(&decl)) return pattern_of(*field);
  if (const auto* var = llvm::dyn_cast<clang::VarDecl>(&decl)) return pattern_of(*var);
  return decl;
}

}  // namespace

std::string usr_key(const clang::Decl& decl) {
  llvm::SmallString<128> usr;
  if (clang::index::generateUSRForDecl(&canonical_pattern(decl), usr)) return {};
  return std::string(usr);
}

std::string qualified_name(const clang::Decl& decl) {
  return qualified_name_without_templates(canonical_pattern(decl));
}

}  // namespace hawk::audit
