#include "locks/lock_types.h"

#include <array>
#include <string_view>

#include <clang/AST/Attr.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>

#include "locks/std_names.h"

namespace hawk::audit {
namespace {

constexpr std::array<std::string_view, 6> kStdLocks = {"mutex",       "recursive_mutex",      "timed_mutex",
                                                       "recursive_timed_mutex", "shared_mutex", "shared_timed_mutex"};
constexpr std::array<std::string_view, 4> kCLocks = {"pthread_mutex_t", "pthread_rwlock_t", "pthread_spinlock_t",
                                                     "mtx_t"};
constexpr std::array<std::string_view, 4> kStdGuards = {"lock_guard", "unique_lock", "scoped_lock", "shared_lock"};
// A promise too: setting its value and taking its future never race (LWG 2412); the value
// reaches the other side through the future.
constexpr std::array<std::string_view, 7> kStdOtherSync = {"condition_variable", "condition_variable_any", "once_flag",
                                                           "latch", "barrier", "counting_semaphore", "promise"};
constexpr std::array<std::string_view, 6> kCOtherSync = {"pthread_cond_t", "pthread_once_t", "pthread_barrier_t",
                                                         "cnd_t", "once_flag", "sem_t"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view candidate : names)
    if (candidate == name) return true;
  return false;
}

// The class declaration behind `type`, also for a template still dependent on its
// arguments (then the pattern, which carries the attributes too).
const clang::CXXRecordDecl* record_of(clang::QualType type) {
  if (const auto* record = type->getAsCXXRecordDecl()) return record;
  if (const auto* specialization = type->getAs<clang::TemplateSpecializationType>()) {
    if (const auto* pattern = llvm::dyn_cast_or_null<clang::ClassTemplateDecl>(
            specialization->getTemplateName().getAsTemplateDecl()))
      return pattern->getTemplatedDecl();
  }
  return nullptr;
}

// Looks through references, C arrays and std::array to the element: an array of locks
// is as much a lock (each element) as one.
clang::QualType element_type(clang::QualType type) {
  for (int depth = 0; depth < 8 && !type.isNull(); ++depth) {
    type = type.getNonReferenceType();
    if (const clang::ArrayType* array = type->getAsArrayTypeUnsafe()) {
      type = array->getElementType();
      continue;
    }
    if (std_class_name(type) == "array") {
      const auto* specialization =
          llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(type->getAsCXXRecordDecl());
      if (specialization != nullptr && specialization->getTemplateArgs().size() > 0 &&
          specialization->getTemplateArgs()[0].getKind() == clang::TemplateArgument::Type) {
        type = specialization->getTemplateArgs()[0].getAsType();
        continue;
      }
    }
    break;
  }
  return type;
}

bool is_c_typedef_among(clang::QualType type, std::string_view name) {
  return is_spelled_as_typedef(type, name);
}

template <std::size_t N>
bool is_c_typedef_among(clang::QualType type, const std::array<std::string_view, N>& names) {
  for (std::string_view name : names)
    if (is_c_typedef_among(type, name)) return true;
  return false;
}

bool carries_attribute(const clang::CXXRecordDecl* record, bool scoped) {
  if (record == nullptr) return false;
  if (scoped ? record->hasAttr<clang::ScopedLockableAttr>() : record->hasAttr<clang::CapabilityAttr>()) return true;
  // An instantiation may not carry yet what its pattern declares.
  if (const auto* specialization = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record)) {
    const clang::CXXRecordDecl* pattern = specialization->getSpecializedTemplate()->getTemplatedDecl();
    if (pattern != nullptr && pattern != record)
      return scoped ? pattern->hasAttr<clang::ScopedLockableAttr>() : pattern->hasAttr<clang::CapabilityAttr>();
  }
  return false;
}

// Deep enough for any real hierarchy; a template pattern whose base names the class
// again (CRTP, `class A : public B<A>` seen through patterns) would otherwise never end.
constexpr int kMaxBaseDepth = 16;

// `class SpinLock : public std::mutex {}` is a lock too: it is one by inheritance.
template <typename Predicate>
bool has_base_that(const clang::CXXRecordDecl* record, int depth, Predicate&& predicate) {
  if (record == nullptr || !record->hasDefinition() || depth >= kMaxBaseDepth) return false;
  for (const clang::CXXBaseSpecifier& base : record->getDefinition()->bases()) {
    if (base.getType().isNull() || base.getType()->isDependentType()) continue;
    if (predicate(base.getType(), depth + 1)) return true;
  }
  return false;
}

bool is_lock_type_at(clang::QualType type, int depth) {
  if (type.isNull()) return false;
  type = element_type(type);
  if (type.isNull()) return false;
  if (contains(kStdLocks, std_class_name(type))) return true;
  if (is_c_typedef_among(type, kCLocks)) return true;
  const clang::CXXRecordDecl* record = record_of(type);
  return carries_attribute(record, /*scoped=*/false) || has_base_that(record, depth, is_lock_type_at);
}

bool is_guard_type_at(clang::QualType type, int depth) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (contains(kStdGuards, std_class_name(type))) return true;
  const clang::CXXRecordDecl* record = record_of(type);
  return carries_attribute(record, /*scoped=*/true) || has_base_that(record, depth, is_guard_type_at);
}

}  // namespace

bool is_lock_type(clang::QualType type) { return is_lock_type_at(type, 0); }

bool is_guard_type(clang::QualType type) { return is_guard_type_at(type, 0); }

bool is_sync_type(clang::QualType type) {
  if (type.isNull()) return false;
  if (is_lock_type(type) || is_guard_type(type)) return true;
  type = element_type(type);
  if (type.isNull()) return false;
  if (contains(kStdOtherSync, std_class_name(type))) return true;
  return is_c_typedef_among(type, kCOtherSync);
}

}  // namespace hawk::audit
