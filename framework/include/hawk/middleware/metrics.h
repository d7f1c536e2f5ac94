#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "hawk/middleware/middleware.h"
#include "hawk/threading/sharded_counter.h"

namespace hawk {

// Upper bounds, in seconds, of the latency histogram's buckets (Prometheus' defaults); a
// last bucket, +Inf, takes the rest. A latency equal to a bound falls in that bound's bucket.
inline constexpr std::array<double, 11> kLatencyBucketBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                               0.5,   1.0,  2.5,   5.0,  10.0};

struct MetricsSnapshot {
  std::int64_t in_flight = 0;
  std::int64_t requests = 0;  // finished, including those that threw
  std::int64_t errors = 0;    // answered with status >= 500, or ended by an exception
  // Responses per status class: [0] is 1xx ... [4] is 5xx. A request that threw has no status.
  std::array<std::int64_t, 5> status_classes{};
  // Per bucket, not cumulative; the last one is +Inf.
  std::array<std::int64_t, kLatencyBucketBounds.size() + 1> latency_buckets{};
  double latency_sum_seconds = 0;
  std::int64_t latency_count = 0;  // the sum of latency_buckets
};

// Request metrics that any number of threads update at once without a shared lock: every
// figure is a ShardedCounter, so no update is lost and none waits for another.
class Metrics {
 public:
  void record_start() { in_flight_.add(1); }
  // Ends a request that was record_start()ed.
  void record_response(int status, std::chrono::nanoseconds latency);
  void record_exception(std::chrono::nanoseconds latency);

  // Exact once writers are quiet; while they run, figures are read one after another.
  MetricsSnapshot snapshot() const;
  // The Prometheus text exposition format (version 0.0.4).
  std::string render_prometheus() const;

 private:
  void record_finish(std::chrono::nanoseconds latency);

  // ShardedCounters are atomic: none of these needs a lock.
  ShardedCounter in_flight_;
  ShardedCounter requests_;
  ShardedCounter errors_;
  std::array<ShardedCounter, 5> status_classes_;
  std::array<ShardedCounter, kLatencyBucketBounds.size() + 1> latency_buckets_;
  ShardedCounter latency_sum_ns_;  // integer nanoseconds: exact, unlike a sum of doubles
};

// Feeds a Metrics with every request that passes through it, timed around next().
class MetricsMiddleware : public Middleware {
 public:
  explicit MetricsMiddleware(std::shared_ptr<Metrics> metrics);
  Response handle(Request& req, const Next& next) override;

 private:
  const std::shared_ptr<Metrics> metrics_;  // immutable pointer; Metrics is thread-safe itself
};

}  // namespace hawk
