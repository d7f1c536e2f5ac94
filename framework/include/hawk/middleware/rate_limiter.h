#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "hawk/middleware/middleware.h"
#include "hawk/threading/sharded_map.h"

namespace hawk {

struct RateLimitOptions {
  double rate_per_second;  // tokens added to a bucket per second; > 0
  double burst;            // a bucket's capacity, and what a new client starts with; >= 1
  std::size_t max_keys = 100000;  // buckets kept at most; idle (full) ones go first
  // Empty-brace defaults, so designated initializers may leave these out without a warning.
  std::function<std::string(const Request&)> key{};  // default: req.client
  std::function<std::chrono::steady_clock::time_point()> clock{};  // default: steady_clock::now
};

struct RateLimitDecision {
  bool allowed = false;
  std::chrono::duration<double> retry_after{0};  // when refused: until a whole token is back
};

// A token bucket per client key. Buckets live in a ShardedMap, so clients with different
// keys rarely contend, and memory stays bounded by max_keys.
class RateLimiter {
 public:
  // Throws std::invalid_argument unless rate_per_second > 0 and burst >= 1.
  explicit RateLimiter(RateLimitOptions options);

  // Takes one token from `key`'s bucket if it holds one.
  RateLimitDecision acquire(std::string_view key);
  bool try_acquire(std::string_view key) { return acquire(key).allowed; }

  std::string key_for(const Request& req) const { return options_.key(req); }
  // Buckets currently tracked.
  std::size_t size() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated_at;
  };

  double tokens_at(const Bucket& bucket, std::chrono::steady_clock::time_point now) const;

  const RateLimitOptions options_;  // immutable after construction
  ShardedMap<Bucket> buckets_;      // locks per shard itself
};

// Answers 429 problem details with Retry-After when the client's bucket is empty.
class RateLimitMiddleware : public Middleware {
 public:
  explicit RateLimitMiddleware(RateLimitOptions options);
  explicit RateLimitMiddleware(std::shared_ptr<RateLimiter> limiter);
  Response handle(Request& req, const Next& next) override;

 private:
  const std::shared_ptr<RateLimiter> limiter_;  // immutable pointer; RateLimiter is thread-safe itself
};

}  // namespace hawk
