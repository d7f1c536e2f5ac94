#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "hawk/middleware/middleware.h"
#include "hawk/threading/sharded_map.h"

namespace hawk {

// Closed: requests pass. Open: refused without running the route. HalfOpen: one trial
// request is running; its outcome closes the circuit or opens it again.
enum class CircuitState { Closed, Open, HalfOpen };

struct CircuitBreakerOptions {
  int failure_threshold = 5;  // consecutive failures that open a circuit; >= 1
  std::chrono::milliseconds open_for{30000};  // before a trial request may run
  // An empty-brace default, so designated initializers may leave it out without a warning.
  std::function<std::chrono::steady_clock::time_point()> clock{};  // default: steady_clock::now
  std::size_t max_keys = 10000;  // circuits kept at most; healthy (closed, no failures) ones go first
};

// What admit() decided for one request; hand it back to record() with the outcome.
struct CircuitAdmission {
  bool allowed = false;
  bool trial = false;  // the one request let through to test an open circuit
  std::chrono::steady_clock::duration retry_after{};  // when refused: until a trial may run
};

// A circuit per key (a route). Each transition happens under the key's shard lock, so
// concurrent requests never run two trials or lose a failure.
class CircuitBreaker {
 public:
  // Throws std::invalid_argument unless failure_threshold >= 1.
  explicit CircuitBreaker(CircuitBreakerOptions options);

  // Decides whether a request for `key` may run; an Open circuit whose open_for has passed
  // becomes HalfOpen here and admits this request as its trial.
  CircuitAdmission admit(std::string_view key);
  // Reports how an admitted request ended (a failure is a status >= 500 or an exception).
  void record(std::string_view key, const CircuitAdmission& admission, bool success);

  // Closed for keys never seen. An Open circuit stays Open until a request arrives after
  // open_for and becomes its trial.
  CircuitState state(std::string_view key) const;

 private:
  struct Circuit {
    CircuitState state = CircuitState::Closed;
    int consecutive_failures = 0;
    std::chrono::steady_clock::time_point opened_at{};
  };

  const CircuitBreakerOptions options_;  // immutable after construction
  ShardedMap<Circuit> circuits_;         // locks per shard itself
};

// Guards each route with a circuit: the key is req.route_pattern, or req.path when no route
// matched. While a circuit is open it answers 503 problem details with Retry-After.
class CircuitBreakerMiddleware : public Middleware {
 public:
  explicit CircuitBreakerMiddleware(CircuitBreakerOptions options);
  explicit CircuitBreakerMiddleware(std::shared_ptr<CircuitBreaker> breaker);
  Response handle(Request& req, const Next& next) override;

  CircuitState state(std::string_view key) const { return breaker_->state(key); }

 private:
  const std::shared_ptr<CircuitBreaker> breaker_;  // immutable pointer; CircuitBreaker is thread-safe itself
};

}  // namespace hawk
