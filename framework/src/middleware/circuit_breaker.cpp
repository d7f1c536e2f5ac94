#include "hawk/middleware/circuit_breaker.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "retry_later.h"

namespace hawk {

namespace {

using Clock = std::chrono::steady_clock;

CircuitBreakerOptions with_defaults(CircuitBreakerOptions options) {
  if (options.failure_threshold < 1) throw std::invalid_argument("CircuitBreakerOptions.failure_threshold must be >= 1");
  if (!options.clock) options.clock = [] { return Clock::now(); };
  return options;
}

}  // namespace

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options)
    : options_(with_defaults(std::move(options))), circuits_(options_.max_keys) {}

CircuitAdmission CircuitBreaker::admit(std::string_view key) {
  const Clock::time_point now = options_.clock();
  return circuits_.update(
      key, [] { return Circuit{}; },
      [&](Circuit& circuit) {
        switch (circuit.state) {
          case CircuitState::Closed:
            return CircuitAdmission{.allowed = true};
          case CircuitState::Open: {
            const Clock::time_point trial_at = circuit.opened_at + options_.open_for;
            if (now < trial_at) return CircuitAdmission{.retry_after = trial_at - now};
            circuit.state = CircuitState::HalfOpen;
            return CircuitAdmission{.allowed = true, .trial = true};
          }
          case CircuitState::HalfOpen:
            break;
        }
        return CircuitAdmission{};  // the trial is still running
      },
      // A closed circuit without failures is what a new key would get: dropping it loses nothing.
      [](const Circuit& circuit) { return circuit.state == CircuitState::Closed && circuit.consecutive_failures == 0; });
}

void CircuitBreaker::record(std::string_view key, const CircuitAdmission& admission, bool success) {
  const Clock::time_point now = options_.clock();
  circuits_.update(
      key, [] { return Circuit{}; },
      [&](Circuit& circuit) {
        auto open = [&] {
          circuit.state = CircuitState::Open;
          circuit.opened_at = now;
          circuit.consecutive_failures = 0;
        };
        if (admission.trial) {
          if (success) {
            circuit = Circuit{};
          } else {
            open();
          }
        } else if (circuit.state == CircuitState::Closed) {
          // Requests admitted before the circuit opened may finish after: only outcomes
          // seen while Closed count, and only the trial decides a HalfOpen circuit.
          circuit.consecutive_failures = success ? 0 : circuit.consecutive_failures + 1;
          if (circuit.consecutive_failures >= options_.failure_threshold) open();
        }
      },
      [](const Circuit& circuit) { return circuit.state == CircuitState::Closed && circuit.consecutive_failures == 0; });
}

CircuitState CircuitBreaker::state(std::string_view key) const {
  const std::optional<Circuit> circuit = circuits_.get(key);
  return circuit ? circuit->state : CircuitState::Closed;
}

CircuitBreakerMiddleware::CircuitBreakerMiddleware(CircuitBreakerOptions options)
    : CircuitBreakerMiddleware(std::make_shared<CircuitBreaker>(std::move(options))) {}

CircuitBreakerMiddleware::CircuitBreakerMiddleware(std::shared_ptr<CircuitBreaker> breaker)
    : breaker_(std::move(breaker)) {
  if (breaker_ == nullptr) throw std::invalid_argument("CircuitBreakerMiddleware needs a CircuitBreaker");
}

Response CircuitBreakerMiddleware::handle(Request& req, const Next& next) {
  // A copy: the rest of the pipeline may change the request.
  const std::string key = req.route_pattern.empty() ? req.path : req.route_pattern;
  const CircuitAdmission admission = breaker_->admit(key);
  if (!admission.allowed) {
    return retry_later(503, "The circuit for " + key + " is open; retry after the time in Retry-After.",
                       admission.retry_after);
  }
  Response response;
  try {
    response = next(req);
  } catch (...) {
    breaker_->record(key, admission, false);
    throw;
  }
  breaker_->record(key, admission, response.status < 500);
  return response;
}

}  // namespace hawk
