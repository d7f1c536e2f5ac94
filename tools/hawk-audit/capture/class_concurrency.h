// What a class says about concurrency by its declaration alone: it owns a lock, or it
// carries Clang thread-safety annotations. Such a class declares itself shared (its
// fields are candidate locations and its ClassInfo goes to link).
#pragma once

#include <clang/AST/Type.h>

#include "model/facts.h"

namespace clang {
class ASTContext;
class RecordDecl;
}  // namespace clang

namespace hawk::audit {

// A field of lock type (arrays of locks too), or of a class whose whole state is locks (an
// unannotated wrapper), directly or in a base class.
bool owns_lock(const clang::RecordDecl& record);

// `capability` on the class, GUARDED_BY / PT_GUARDED_BY on a field, or REQUIRES /
// ACQUIRE / RELEASE / EXCLUDES / ... on a method.
bool is_annotated(const clang::RecordDecl& record);

// Locks and guards themselves are synchronisation, not shared data.
bool is_synchronisation_class(const clang::RecordDecl& record, const clang::ASTContext& context);

// A thread-specific storage wrapper (asio's tss_ptr, a `ThreadLocal<T>` over a key): a
// class whose whole state is pthread_key_t / tss_t keys. Each thread sees its own value
// through it, as through a thread_local.
bool is_thread_specific_storage(clang::QualType type);

// An object of a complete class with no non-static data member, in itself or its bases
// (a tag, a policy, asio's keyword_tss_ptr whose value is a static thread_local): it holds
// no state, so using it is no access; what its methods touch is recorded where they touch it.
bool holds_no_state(clang::QualType type);

}  // namespace hawk::audit
