#include "capture/atomic_types.h"

#include <string_view>

#include <clang/AST/DeclCXX.h>

#include "capture/class_concurrency.h"
#include "capture/unit_models.h"
#include "locks/lock_types.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

clang::QualType without_arrays_and_references(clang::QualType type) {
  for (int depth = 0; depth < 8 && !type.isNull(); ++depth) {
    type = type.getNonReferenceType();
    const clang::ArrayType* array = type->getAsArrayTypeUnsafe();
    if (array == nullptr) break;
    type = array->getElementType();
  }
  return type;
}

bool is_std_atomic_class(clang::QualType type) {
  std::string_view name = std_class_name(type);
  return name == "atomic" || name == "atomic_flag" || name == "atomic_ref" || name == "__atomic_base" ||
         name == "__atomic_flag_base" || name == "__atomic_float" || name == "__atomic_ref";
}

// `volatile sig_atomic_t`: the one type C and POSIX let a signal handler write for the
// program to read (C11 7.14.1.1); one lock-free word, read and written whole.
bool is_volatile_sig_atomic(clang::QualType type) {
  return type.isVolatileQualified() && is_spelled_as_typedef(type, "sig_atomic_t");
}

bool atomic_type(clang::QualType type, int depth) {
  type = without_arrays_and_references(type);
  if (type.isNull() || depth > 8) return false;
  if (type->isAtomicType() || is_std_atomic_class(type) || is_volatile_sig_atomic(type)) return true;
  const auto* record = type->getAsCXXRecordDecl();
  if (record == nullptr || !record->hasDefinition()) return false;
  for (const clang::CXXBaseSpecifier& base : record->getDefinition()->bases())
    if (atomic_type(base.getType(), depth + 1)) return true;
  return false;
}

bool synchronised(clang::QualType type, int depth) {
  type = without_arrays_and_references(type);
  if (type.isNull() || depth > 6) return false;
  if (atomic_type(type, 0)) return true;
  const auto* record = type->getAsCXXRecordDecl();
  if (record == nullptr || !record->hasDefinition() || is_sync_type(type)) return false;
  record = record->getDefinition();
  if (owns_lock(*record) || is_annotated(*record) || is_thread_safe_type_decl(*record)) return true;
  // A class of nothing but self-synchronised members (std::array<Shard, 16> of atomics).
  bool any_member = false;
  for (const clang::CXXBaseSpecifier& base : record->bases()) {
    if (!synchronised(base.getType(), depth + 1)) return false;
    any_member = true;
  }
  for (const clang::FieldDecl* field : record->fields()) {
    clang::QualType field_type = field->getType();
    // Locks, references and constants hold no state of their own that could race.
    if (is_sync_type(field_type) || field_type->isReferenceType() || field_type.isConstQualified()) continue;
    if (!synchronised(field_type, depth + 1)) return false;
    any_member = true;
  }
  return any_member;
}

}  // namespace

bool is_atomic_type(clang::QualType type) { return atomic_type(type, 0); }

bool is_internally_synchronised(clang::QualType type) { return synchronised(type, 0); }

bool is_atomic_ref_type(clang::QualType type) {
  std::string_view name = std_class_name(type.getNonReferenceType());
  return name == "atomic_ref" || name == "__atomic_ref";
}

}  // namespace hawk::audit
