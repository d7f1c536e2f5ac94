// Internal to the middleware module: the refusal that the rate limiter and the circuit
// breaker share.
#pragma once

#include <chrono>
#include <string_view>

#include "hawk/http/response.h"

namespace hawk {

// A problem-details response with Retry-After in whole seconds, rounded up and at least 1
// (a client told "0" would retry at once and be refused again).
Response retry_later(int status, std::string_view detail, std::chrono::duration<double> wait);

}  // namespace hawk
