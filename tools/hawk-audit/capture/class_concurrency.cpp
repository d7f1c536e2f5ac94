#include "capture/class_concurrency.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>

#include "capture/decl_keys.h"
#include "locks/lock_types.h"

namespace hawk::audit {
namespace {

bool method_is_annotated(const clang::Decl& method) {
  return method.hasAttr<clang::RequiresCapabilityAttr>() || method.hasAttr<clang::AcquireCapabilityAttr>() ||
         method.hasAttr<clang::ReleaseCapabilityAttr>() || method.hasAttr<clang::TryAcquireCapabilityAttr>() ||
         method.hasAttr<clang::LocksExcludedAttr>() || method.hasAttr<clang::AssertCapabilityAttr>() ||
         method.hasAttr<clang::LockReturnedAttr>();
}

bool annotated_here(const clang::RecordDecl& record) {
  if (record.hasAttr<clang::CapabilityAttr>()) return true;
  for (const clang::FieldDecl* field : record.fields())
    if (field->hasAttr<clang::GuardedByAttr>() || field->hasAttr<clang::PtGuardedByAttr>()) return true;
  for (const clang::Decl* member : record.decls()) {
    if (const auto* var = llvm::dyn_cast<clang::VarDecl>(member);
        var != nullptr && (var->hasAttr<clang::GuardedByAttr>() || var->hasAttr<clang::PtGuardedByAttr>()))
      return true;
    const clang::Decl* function = member;
    if (const auto* templ = llvm::dyn_cast<clang::FunctionTemplateDecl>(member)) function = templ->getTemplatedDecl();
    if (llvm::isa<clang::FunctionDecl>(function) && method_is_annotated(*function)) return true;
  }
  return false;
}

}  // namespace

namespace {

// A class whose whole state is locks (`class Mutex { std::mutex mu_; public: void Lock(); }`)
// is an unannotated lock wrapper: whoever holds one owns a lock.
bool only_locks(const clang::RecordDecl& record, int depth) {
  const clang::RecordDecl* definition = record.getDefinition();
  if (definition == nullptr || depth > 16) return false;
  bool any = false;
  for (const clang::FieldDecl* field : definition->fields()) {
    if (is_lock_type(field->getType())) {
      any = true;
      continue;
    }
    const clang::RecordDecl* inner = field->getType()->getAsRecordDecl();
    if (inner == nullptr || !only_locks(*inner, depth + 1)) return false;
    any = true;
  }
  if (const auto* cxx = llvm::dyn_cast<clang::CXXRecordDecl>(definition)) {
    for (const clang::CXXBaseSpecifier& base : cxx->bases()) {
      const clang::RecordDecl* base_record = base.getType()->getAsRecordDecl();
      if (base.getType()->isDependentType() || base_record == nullptr || !only_locks(*base_record, depth + 1))
        return false;
      any = true;
    }
  }
  return any;
}

bool owns_lock_at(const clang::RecordDecl& record, int depth) {
  const clang::RecordDecl* definition = record.getDefinition();
  if (definition == nullptr || depth > 16) return false;  // a bound, whatever the hierarchy
  for (const clang::FieldDecl* field : definition->fields()) {
    if (is_lock_type(field->getType())) return true;
    const clang::RecordDecl* held = field->getType()->getAsRecordDecl();
    if (held != nullptr && only_locks(*held, depth + 1)) return true;
  }
  if (const auto* cxx = llvm::dyn_cast<clang::CXXRecordDecl>(definition)) {
    for (const clang::CXXBaseSpecifier& base : cxx->bases()) {
      if (base.getType()->isDependentType()) continue;
      if (const auto* base_record = base.getType()->getAsRecordDecl();
          base_record != nullptr && owns_lock_at(*base_record, depth + 1))
        return true;
    }
  }
  return false;
}

}  // namespace

bool owns_lock(const clang::RecordDecl& record) { return owns_lock_at(record, 0); }

bool is_annotated(const clang::RecordDecl& record) {
  const clang::RecordDecl* definition = record.getDefinition();
  if (definition == nullptr) return false;
  // An instantiation's members may not be instantiated yet; the pattern has them all.
  return annotated_here(*definition) || annotated_here(pattern_of(*definition));
}

namespace {

// Whether `record` holds thread-specific keys and nothing else; `any` becomes true when
// it holds one. Empty bases (asio's `noncopyable`) hold nothing, so they do not count.
bool keys_only(const clang::RecordDecl& record, int depth, bool& any) {
  const clang::RecordDecl* definition = record.getDefinition();
  if (definition == nullptr || depth > 16) return false;
  for (const clang::FieldDecl* field : definition->fields()) {
    const clang::QualType type = field->getType();
    if (const auto* typedef_type = type->getAs<clang::TypedefType>()) {
      const llvm::StringRef name = typedef_type->getDecl()->getName();
      if (name == "pthread_key_t" || name == "tss_t") {
        any = true;
        continue;
      }
    }
    return false;
  }
  if (const auto* cxx = llvm::dyn_cast<clang::CXXRecordDecl>(definition)) {
    for (const clang::CXXBaseSpecifier& base : cxx->bases()) {
      const clang::RecordDecl* base_record = base.getType()->getAsRecordDecl();
      if (base.getType()->isDependentType() || base_record == nullptr || !keys_only(*base_record, depth + 1, any))
        return false;
    }
  }
  return true;
}

bool only_keys(const clang::RecordDecl& record, int depth) {
  bool any = false;
  return keys_only(record, depth, any) && any;
}

}  // namespace

bool is_thread_specific_storage(clang::QualType type) {
  const clang::RecordDecl* record = type->getAsRecordDecl();
  return record != nullptr && only_keys(*record, 0);
}

namespace {

bool fieldless(const clang::RecordDecl& record, int depth) {
  const clang::RecordDecl* definition = record.getDefinition();
  if (definition == nullptr || depth > 16 || !definition->field_empty()) return false;
  if (const auto* cxx = llvm::dyn_cast<clang::CXXRecordDecl>(definition)) {
    if (cxx->isDependentContext()) return false;
    for (const clang::CXXBaseSpecifier& base : cxx->bases()) {
      const clang::RecordDecl* base_record = base.getType()->getAsRecordDecl();
      if (base.getType()->isDependentType() || base_record == nullptr || !fieldless(*base_record, depth + 1))
        return false;
    }
  }
  return true;
}

}  // namespace

bool holds_no_state(clang::QualType type) {
  if (type.isNull() || type->isDependentType()) return false;
  const clang::RecordDecl* record = type->getAsRecordDecl();
  return record != nullptr && fieldless(*record, 0);
}

bool is_synchronisation_class(const clang::RecordDecl& record, const clang::ASTContext& context) {
  return is_sync_type(context.getRecordType(&record));
}

}  // namespace hawk::audit
