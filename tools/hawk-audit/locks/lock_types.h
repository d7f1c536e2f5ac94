// Which types are locks, RAII lock guards, or other synchronisation objects. Decided from
// the type's declaration (std:: names, pthread/C11 typedefs, thread-safety attributes),
// never from how a variable is used, so every translation unit agrees.
#pragma once

#include <clang/AST/Type.h>

// lock_name() lives beside these: naming a lock is the other half of recognising one.
#include "locks/lock_names.h"

namespace hawk::audit {

// A mutual-exclusion object: std::mutex / recursive_mutex / timed_mutex /
// recursive_timed_mutex / shared_mutex / shared_timed_mutex, pthread_mutex_t,
// pthread_rwlock_t, pthread_spinlock_t, C11 mtx_t, any class with the `capability`
// (`lockable`) attribute; references to, arrays of and std::array of these too.
bool is_lock_type(clang::QualType type);

// An RAII holder of locks: std::lock_guard, unique_lock, scoped_lock, shared_lock, and
// classes with the `scoped_lockable` attribute.
bool is_guard_type(clang::QualType type);

// An object that is synchronisation itself rather than data: lock types, guard types,
// std::condition_variable(_any), std::once_flag, std::latch / barrier /
// counting_semaphore, pthread_cond_t / pthread_once_t / pthread_barrier_t, C11 cnd_t,
// POSIX sem_t.
bool is_sync_type(clang::QualType type);

}  // namespace hawk::audit
