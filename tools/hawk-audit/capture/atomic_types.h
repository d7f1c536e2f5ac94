// Types whose operations are atomic by themselves: std::atomic<T>, std::atomic_flag,
// std::atomic_ref<T>, C11 _Atomic, and classes that synchronise their own state (they
// own a lock or are annotated, or hold nothing but such members — hawk::AtomicSnapshot,
// hawk::ShardedCounter). Calling a method of such an object is one atomic step; what the
// method does inside is analysed in the method itself.
#pragma once

#include <clang/AST/Type.h>

namespace hawk::audit {

// std::atomic / atomic_flag / atomic_ref / _Atomic, arrays of them, and classes derived from them.
bool is_atomic_type(clang::QualType type);

// is_atomic_type, or a class that synchronises its own state (see above).
bool is_internally_synchronised(clang::QualType type);

// True for std::atomic_ref<T>.
bool is_atomic_ref_type(clang::QualType type);

}  // namespace hawk::audit
