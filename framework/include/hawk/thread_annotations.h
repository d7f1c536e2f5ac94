// Clang thread-safety annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html).
// Every member of libhawk that is shared between request threads carries one of these,
// and the framework builds with -Wthread-safety -Werror=thread-safety.
#pragma once

#if defined(__clang__)
#define HAWK_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define HAWK_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) HAWK_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY HAWK_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) HAWK_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) HAWK_THREAD_ANNOTATION(pt_guarded_by(x))
#define ACQUIRED_BEFORE(...) HAWK_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...) HAWK_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define REQUIRES(...) HAWK_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) HAWK_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
#define ACQUIRE(...) HAWK_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) HAWK_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) HAWK_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) HAWK_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) HAWK_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) HAWK_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define TRY_ACQUIRE_SHARED(...) HAWK_THREAD_ANNOTATION(try_acquire_shared_capability(__VA_ARGS__))
#define EXCLUDES(...) HAWK_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ASSERT_CAPABILITY(x) HAWK_THREAD_ANNOTATION(assert_capability(x))
#define ASSERT_SHARED_CAPABILITY(x) HAWK_THREAD_ANNOTATION(assert_shared_capability(x))
#define RETURN_CAPABILITY(x) HAWK_THREAD_ANNOTATION(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS HAWK_THREAD_ANNOTATION(no_thread_safety_analysis)
