#include "hawk/middleware/rate_limiter.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "retry_later.h"

namespace hawk {

namespace {

using Clock = std::chrono::steady_clock;

RateLimitOptions with_defaults(RateLimitOptions options) {
  if (!(options.rate_per_second > 0)) throw std::invalid_argument("RateLimitOptions.rate_per_second must be > 0");
  if (!(options.burst >= 1)) throw std::invalid_argument("RateLimitOptions.burst must be >= 1");
  if (!options.key) options.key = [](const Request& req) { return req.client; };
  if (!options.clock) options.clock = [] { return Clock::now(); };
  return options;
}

}  // namespace

RateLimiter::RateLimiter(RateLimitOptions options)
    : options_(with_defaults(std::move(options))), buckets_(options_.max_keys) {}

double RateLimiter::tokens_at(const Bucket& bucket, Clock::time_point now) const {
  // Threads read the clock before taking the shard lock, so `now` may be a little older
  // than the bucket's last update: time never runs backwards for a bucket.
  const std::chrono::duration<double> elapsed = std::max(now - bucket.updated_at, Clock::duration::zero());
  return std::min(options_.burst, bucket.tokens + elapsed.count() * options_.rate_per_second);
}

RateLimitDecision RateLimiter::acquire(std::string_view key) {
  const Clock::time_point now = options_.clock();
  return buckets_.update(
      key, [&] { return Bucket{options_.burst, now}; },
      [&](Bucket& bucket) {
        bucket.tokens = tokens_at(bucket, now);
        bucket.updated_at = std::max(bucket.updated_at, now);
        if (bucket.tokens >= 1) {
          bucket.tokens -= 1;
          return RateLimitDecision{true, {}};
        }
        return RateLimitDecision{false, std::chrono::duration<double>((1 - bucket.tokens) / options_.rate_per_second)};
      },
      // A full bucket is what a new client would get: dropping it loses nothing.
      [&](const Bucket& bucket) { return tokens_at(bucket, now) >= options_.burst; });
}

RateLimitMiddleware::RateLimitMiddleware(RateLimitOptions options)
    : RateLimitMiddleware(std::make_shared<RateLimiter>(std::move(options))) {}

RateLimitMiddleware::RateLimitMiddleware(std::shared_ptr<RateLimiter> limiter) : limiter_(std::move(limiter)) {
  if (limiter_ == nullptr) throw std::invalid_argument("RateLimitMiddleware needs a RateLimiter");
}

Response RateLimitMiddleware::handle(Request& req, const Next& next) {
  const RateLimitDecision decision = limiter_->acquire(limiter_->key_for(req));
  if (decision.allowed) return next(req);
  return retry_later(429, "Rate limit exceeded; retry after the time in Retry-After.", decision.retry_after);
}

}  // namespace hawk
