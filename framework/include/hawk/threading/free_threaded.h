#pragma once

#include "hawk/config.h"

namespace hawk {

// True in the free-threaded build (CMake option HAWK_FREE_THREADED, default ON): requests
// run truly in parallel and maybe_thread_lock() returns real mutexes. False in the "GIL
// build", where App serialises request handling on one interpreter-like lock instead.
inline constexpr bool kFreeThreaded = HAWK_FREE_THREADED != 0;

}  // namespace hawk
