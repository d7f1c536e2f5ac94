// Everything a libhawk application needs, in one include.
#pragma once

#include "hawk/app/app.h"
#include "hawk/app/test_client.h"
#include "hawk/di/container.h"
#include "hawk/http/http_error.h"
#include "hawk/middleware/circuit_breaker.h"
#include "hawk/middleware/metrics.h"
#include "hawk/middleware/rate_limiter.h"
#include "hawk/threading/async_lock.h"
#include "hawk/threading/thread_lock.h"
