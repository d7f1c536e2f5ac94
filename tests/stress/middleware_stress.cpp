// Middleware under ThreadSanitizer: the pipeline built lazily by concurrent first requests
// and rebuilt while middleware is added, metrics counters, rate-limit buckets and circuit
// breaker transitions, each hammered by many threads and then counted exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness/activity.h"
#include "harness/per_thread.h"
#include "harness/stress_run.h"
#include "hawk/middleware/circuit_breaker.h"
#include "hawk/middleware/metrics.h"
#include "hawk/middleware/middleware_stack.h"
#include "hawk/middleware/rate_limiter.h"

namespace hawk {
namespace {

using namespace std::chrono_literals;
using stress::Activity;
using stress::PerThread;
using stress::Worker;
using TimePoint = std::chrono::steady_clock::time_point;

// A clock threads may read while one moves it. Relaxed: reading the time must not order
// the threads (the unit tests' seq_cst clock would hide races from ThreadSanitizer).
class FakeClock {
 public:
  TimePoint now() const {
    return TimePoint(std::chrono::steady_clock::duration(ticks_.load(std::memory_order_relaxed)));
  }
  void advance(std::chrono::steady_clock::duration by) { ticks_.fetch_add(by.count(), std::memory_order_relaxed); }
  std::function<TimePoint()> fn() const {
    return [this] { return now(); };
  }

 private:
  std::atomic<std::chrono::steady_clock::rep> ticks_{1'000'000'000};
};

// The middlewares a request passed through, in order, kept by the request's own thread.
thread_local std::vector<int>* tl_trace = nullptr;

std::shared_ptr<Middleware> tracer(int id) {
  return make_middleware([id](Request& req, const Next& next) {
    tl_trace->push_back(id);
    return next(req);
  });
}

// Yields once, as a handler waiting on I/O would: the request is then still in flight
// when other threads run, even on a machine too busy to run them side by side.
const Endpoint kEndpoint = [](Request&) {
  tl_trace->push_back(-1);
  std::this_thread::yield();
  return Response::text("ok");
};

// Runs one request through `stack`; returns the trace, which must be 0, 1, ..., n-1, -1.
std::vector<int> traced_run(MiddlewareStack& stack) {
  std::vector<int> trace;
  tl_trace = &trace;
  Request req;
  stack.run(req, kEndpoint);
  tl_trace = nullptr;
  return trace;
}

// The number of middlewares in a well-formed trace, or -1.
int pipeline_length(const std::vector<int>& trace) {
  if (trace.empty() || trace.back() != -1) return -1;
  for (std::size_t i = 0; i + 1 < trace.size(); ++i) {
    if (trace[i] != static_cast<int>(i)) return -1;
  }
  return static_cast<int>(trace.size()) - 1;
}

TEST(MiddlewareStress, PipelineBuiltOnceByConcurrentFirstRequests) {
  constexpr int kThreads = 4;
  constexpr std::size_t kStacks = 15000;
  constexpr int kLayers = 3;
  struct Lazy {
    MiddlewareStack stack;
    Activity requests;                   // requests on this stack in progress
    std::atomic<int> first_requests{0};  // requests that found nothing built yet (relaxed)
    std::atomic<int> overlapped{0};      // requests started while another was running
  };
  std::vector<std::unique_ptr<Lazy>> stacks;
  for (std::size_t i = 0; i < kStacks; ++i) {
    stacks.push_back(std::make_unique<Lazy>());
    for (int m = 0; m < kLayers; ++m) stacks.back()->stack.add(tracer(m));
  }
  PerThread<std::size_t> rounds(kThreads);
  const auto report = stress::run_stress(
      {.name = "middleware: lazy pipeline build", .threads = kThreads, .budget = 1000ms, .max_iterations = kStacks},
      [&](Worker& w) {
        for (std::size_t r = 0; w.next(); ++r) {
          w.align(r);
          Lazy& lazy = *stacks[r];
          const auto running = lazy.requests.enter();
          if (lazy.requests.others(true) > 0) lazy.overlapped.fetch_add(1, std::memory_order_relaxed);
          if (lazy.stack.builds() == 0) lazy.first_requests.fetch_add(1, std::memory_order_relaxed);
          const int length = pipeline_length(traced_run(lazy.stack));
          w.check(length == kLayers,
                  "stack " + std::to_string(r) + ": request ran " + std::to_string(length) + " layers");
          rounds[w.index()] = r + 1;
        }
      });
  report.expect_healthy();

  std::size_t used = 0;
  for (int t = 0; t < kThreads; ++t) used = std::max(used, rounds[t]);
  int raced = 0, overlapped = 0;
  for (std::size_t r = 0; r < used; ++r) {
    EXPECT_EQ(stacks[r]->stack.builds(), 1u) << "stack " << r << ": pipeline built more than once";
    if (stacks[r]->first_requests.load() > 1) ++raced;
    if (stacks[r]->overlapped.load() > 0) ++overlapped;
  }
  // `raced` (two requests found no pipeline and both went for the build) needs two cores
  // free at the same microsecond, so it is reported but not required; overlapping first
  // requests are required.
  std::printf("[stress]   %zu stacks: first requests overlapped on %d, raced to the build on %d\n", used, overlapped,
              raced);
  EXPECT_GT(overlapped, 0) << "first requests on a stack never overlapped";
}

TEST(MiddlewareStress, RequestsSeeWholePipelinesWhileMiddlewareIsAdded) {
  constexpr int kThreads = 4;
  constexpr int kMaxLayers = 300;
  MiddlewareStack stack;
  stack.add(tracer(0));
  std::atomic<int> layers{1};                       // added so far (relaxed: only for statistics)
  std::vector<std::atomic<long>> served(kThreads);  // requests each thread finished (relaxed)
  Activity adding;
  struct Stats {
    std::uint64_t requests = 0;
    std::uint64_t during_add = 0;
    int lengths_seen = 0;
  };
  PerThread<Stats> stats(kThreads);
  const auto report = stress::run_stress(
      {.name = "middleware: add while serving", .threads = kThreads, .budget = 1000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        int last = 0;
        std::vector<long> served_at_last_add(kThreads, -1);  // the adder's
        while (w.next()) {
          if (w.index() == 0) {
            // The adder runs no requests itself: a request of its own between two adds
            // would order its adds after the other threads' builds. It adds only once every
            // requester has finished a request since its last add, so that none, however
            // starved, misses the pipeline growing.
            bool all_served = true;
            for (int t = 1; t < kThreads; ++t) {
              all_served = all_served && served[static_cast<std::size_t>(t)].load(std::memory_order_relaxed) >
                                             served_at_last_add[static_cast<std::size_t>(t)];
            }
            const int n = layers.load(std::memory_order_relaxed);
            if (n < kMaxLayers && all_served) {
              for (int t = 1; t < kThreads; ++t) {
                served_at_last_add[static_cast<std::size_t>(t)] =
                    served[static_cast<std::size_t>(t)].load(std::memory_order_relaxed);
              }
              const auto active = adding.enter();
              stack.add(tracer(n));  // only this thread adds: ids stay in order
              layers.store(n + 1, std::memory_order_relaxed);
              std::this_thread::yield();
            }
            std::this_thread::yield();
            continue;
          }
          const bool during = adding.busy();
          const int length = pipeline_length(traced_run(stack));
          ++s.requests;
          served[static_cast<std::size_t>(w.index())].fetch_add(1, std::memory_order_relaxed);
          if (during || adding.busy()) ++s.during_add;
          // A request runs one whole pipeline, never a mix; and a thread never goes back
          // to an older one once it has seen a newer.
          w.check(length >= 1, "a request ran a torn pipeline");
          w.check(length >= last, "pipeline went back from " + std::to_string(last) + " to " + std::to_string(length));
          if (length != last) ++s.lengths_seen;
          last = std::max(last, length);
          // size() reads the list the adder is growing; it never lags a pipeline already run.
          if (w.random().chance(0.25)) {
            const std::size_t size = stack.size();
            w.check(size >= static_cast<std::size_t>(length),
                    "size() " + std::to_string(size) + " behind a pipeline of " + std::to_string(length));
          }
          w.maybe_yield();
        }
      });
  report.expect_healthy();

  const int final_layers = layers.load();
  EXPECT_EQ(pipeline_length(traced_run(stack)), final_layers);
  EXPECT_EQ(stack.size(), static_cast<std::size_t>(final_layers));
  EXPECT_LE(stack.builds(), static_cast<std::uint64_t>(final_layers) + 1) << "more builds than adds";
  const auto during = stats.sum([](const Stats& s) { return s.during_add; });
  std::printf("[stress]   %d layers, %llu builds, %llu requests during an add\n", final_layers,
              static_cast<unsigned long long>(stack.builds()), static_cast<unsigned long long>(during));
  EXPECT_GT(during, 0u) << "no request ran while middleware was being added";
  for (int t = 1; t < kThreads; ++t) EXPECT_GT(stats[t].lengths_seen, 1) << "thread " << t << " never saw a rebuild";
}

TEST(MiddlewareStress, MetricsLoseNoUpdate) {
  constexpr int kThreads = 4;
  constexpr int kReader = 0;
  auto metrics = std::make_shared<Metrics>();
  MiddlewareStack stack;
  stack.add(std::make_shared<MetricsMiddleware>(metrics));
  // The endpoint answers the status the request names, or throws for 0.
  const Endpoint endpoint = [](Request& req) -> Response {
    const int status = std::stoi(req.body);
    std::this_thread::yield();  // still in flight while others run
    if (status == 0) throw std::runtime_error("handler failed");
    return Response::text("", status);
  };
  struct Stats {
    std::array<std::int64_t, 5> classes{};
    std::int64_t thrown = 0;
    std::int64_t snapshots_in_flight = 0;  // reader: snapshots that caught requests running
  };
  PerThread<Stats> stats(kThreads);
  const auto report = stress::run_stress(
      {.name = "middleware: metrics counters", .threads = kThreads, .budget = 1000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        std::int64_t last_requests = 0;
        while (w.next()) {
          if (w.index() == kReader) {
            const MetricsSnapshot snap = metrics->snapshot();
            w.check(snap.in_flight >= 0, "in-flight went negative: " + std::to_string(snap.in_flight));
            w.check(snap.requests >= last_requests, "request count went back");
            last_requests = snap.requests;
            if (snap.in_flight > 0) ++s.snapshots_in_flight;
            if (w.random().chance(0.1)) w.check(!metrics->render_prometheus().empty(), "empty exposition");
            w.maybe_yield();
            continue;
          }
          static constexpr std::array<int, 6> kStatuses = {200, 201, 404, 500, 302, 0};
          const int status = kStatuses[w.random().below(kStatuses.size())];
          Request req;
          req.body = std::to_string(status);
          try {
            stack.run(req, endpoint);
            ++s.classes[static_cast<std::size_t>(status / 100 - 1)];
          } catch (const std::runtime_error&) {
            ++s.thrown;
          }
          w.maybe_yield();
        }
      });
  report.expect_healthy();

  const MetricsSnapshot snap = metrics->snapshot();
  std::int64_t answered = 0;
  for (std::size_t c = 0; c < 5; ++c) {
    const auto sent = stats.sum([c](const Stats& s) { return s.classes[c]; });
    EXPECT_EQ(snap.status_classes[c], sent) << (c + 1) << "xx responses miscounted";
    answered += sent;
  }
  const auto thrown = stats.sum([](const Stats& s) { return s.thrown; });
  EXPECT_EQ(snap.requests, answered + thrown);
  EXPECT_EQ(snap.errors, stats.sum([](const Stats& s) { return s.classes[4]; }) + thrown);
  EXPECT_EQ(snap.in_flight, 0);
  EXPECT_EQ(snap.latency_count, snap.requests);
  std::printf("[stress]   %lld requests; %lld snapshots caught requests in flight\n",
              static_cast<long long>(snap.requests), static_cast<long long>(stats[kReader].snapshots_in_flight));
  EXPECT_GT(stats[kReader].snapshots_in_flight, 0) << "metrics were never read while requests ran";
}

TEST(MiddlewareStress, RateLimitBucketsGrantEachTokenOnce) {
  constexpr int kThreads = 4;
  constexpr int kKeys = 8;
  constexpr int kBurst = 50;
  constexpr double kRate = 1000;  // tokens per (fake) second
  FakeClock clock;
  // Room for every key: none is ever evicted, so each grant is accounted for.
  RateLimiter limiter({.rate_per_second = kRate, .burst = kBurst, .max_keys = 16 * kKeys, .clock = clock.fn()});
  std::array<Activity, kKeys> acquiring;
  struct Stats {
    std::array<std::int64_t, kKeys> granted{};
    std::int64_t contended = 0;
    std::int64_t ticks = 0;
  };
  PerThread<Stats> stats(kThreads);
  const auto report = stress::run_stress(
      {.name = "middleware: rate-limit buckets", .threads = kThreads, .budget = 1000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        while (w.next()) {
          // Now and then time moves on by one token's worth.
          if (w.index() == 0 && w.random().chance(0.01)) {
            clock.advance(std::chrono::milliseconds(1));
            ++s.ticks;
          }
          const std::size_t k = w.random().below(kKeys);
          const auto active = acquiring[k].enter();
          if (acquiring[k].others(true) > 0) ++s.contended;
          const RateLimitDecision d = limiter.acquire("client-" + std::to_string(k));
          if (d.allowed) {
            ++s.granted[k];
          } else {
            w.check(d.retry_after.count() > 0, "refused without a retry-after");
          }
          w.maybe_yield();
        }
      });
  report.expect_healthy();

  const auto ticks = stats.sum([](const Stats& s) { return s.ticks; });
  // Each bucket starts full and gains one token per tick; it can never grant more.
  const std::int64_t most = kBurst + ticks;
  for (std::size_t k = 0; k < kKeys; ++k) {
    const auto granted = stats.sum([k](const Stats& s) { return s.granted[k]; });
    EXPECT_LE(granted, most) << "key " << k << ": a token was granted twice";
    EXPECT_GE(granted, kBurst) << "key " << k << ": the initial burst was not granted";
  }
  EXPECT_EQ(limiter.size(), static_cast<std::size_t>(kKeys));
  std::printf("[stress]   %lld clock ticks, %lld acquisitions raced on one key\n", static_cast<long long>(ticks),
              static_cast<long long>(stats.sum([](const Stats& s) { return s.contended; })));
  EXPECT_GT(stats.sum([](const Stats& s) { return s.contended; }), 0) << "no two threads ever hit one bucket at once";
}

TEST(MiddlewareStress, RateLimitWithFrozenClockGrantsExactlyTheBurst) {
  constexpr int kThreads = 4;
  constexpr int kKeys = 6;
  constexpr int kBurst = 200;
  FakeClock clock;  // never moves: no refill, so a bucket grants exactly its burst
  RateLimiter limiter({.rate_per_second = 1, .burst = kBurst, .max_keys = 16 * kKeys, .clock = clock.fn()});
  // Many other keys, in a second limiter kept small, churn through eviction meanwhile.
  RateLimiter crowded({.rate_per_second = 1, .burst = 2, .max_keys = 32, .clock = clock.fn()});
  PerThread<std::array<std::int64_t, kKeys>> granted(kThreads);
  std::array<Activity, kKeys> acquiring;
  PerThread<std::int64_t> contended(kThreads);
  const auto report = stress::run_stress(
      {.name = "middleware: frozen buckets, eviction", .threads = kThreads, .budget = 1000ms}, [&](Worker& w) {
        auto& mine = granted[w.index()];
        while (w.next()) {
          const std::size_t k = w.random().below(kKeys);
          const auto active = acquiring[k].enter();
          if (acquiring[k].others(true) > 0) ++contended[w.index()];
          if (limiter.try_acquire("client-" + std::to_string(k))) ++mine[k];
          crowded.try_acquire("crowd-" + std::to_string(w.random().below(1000)));
          w.check(crowded.size() <= 32, "crowded limiter holds " + std::to_string(crowded.size()) + " buckets");
          w.maybe_yield();
        }
      });
  report.expect_healthy();
  for (std::size_t k = 0; k < kKeys; ++k) {
    EXPECT_EQ(granted.sum([k](const auto& g) { return g[k]; }), kBurst) << "key " << k << ": lost or doubled a token";
  }
  EXPECT_GT(contended.sum([](std::int64_t c) { return c; }), 0) << "no two threads ever hit one bucket at once";
}

TEST(MiddlewareStress, CircuitBreakerCountsEveryFailure) {
  constexpr int kThreads = 4;
  constexpr int kKeys = 4;
  constexpr int kPerThread = 4000;  // failures per thread per key
  FakeClock clock;
  // Exactly as many failures as the threshold: the last one recorded opens the circuit.
  CircuitBreaker breaker({.failure_threshold = kThreads * kPerThread, .open_for = 1h, .clock = clock.fn()});
  PerThread<std::array<int, kKeys>> failures(kThreads);
  std::array<Activity, kKeys> reporting;
  PerThread<int> contended(kThreads);
  const stress::StressOptions options{.name = "middleware: circuit failure counting",
                                      .threads = kThreads,
                                      .budget = 3000ms,
                                      .max_iterations = kKeys * kPerThread};
  const auto report = stress::run_stress(options, [&](Worker& w) {
    auto& mine = failures[w.index()];
    for (std::uint64_t i = 0; w.next(); ++i) {
      // Short and bounded by count: realign every 100 failures, so that no thread, however
      // starved, runs its share after the others have finished theirs.
      if (i % 100 == 0) w.align(i / 100);
      std::size_t k = w.random().below(kKeys);
      while (mine[k] == kPerThread) k = (k + 1) % kKeys;
      const std::string key = "/route/" + std::to_string(k);
      const auto active = reporting[k].enter();
      if (reporting[k].others(true) > 0) ++contended[w.index()];
      const CircuitAdmission a = breaker.admit(key);
      w.check(a.allowed && !a.trial, key + ": refused before the threshold was reached");
      w.maybe_yield();
      breaker.record(key, a, false);
      ++mine[k];
    }
  });
  report.expect_healthy();
  for (std::size_t k = 0; k < kKeys; ++k) {
    const int total = failures.sum([k](const auto& f) { return f[k]; });
    const std::string key = "/route/" + std::to_string(k);
    // Fewer than the threshold only if time ran out; either way the state must match.
    EXPECT_EQ(breaker.state(key), total == kThreads * kPerThread ? CircuitState::Open : CircuitState::Closed)
        << key << ": " << total << " failures recorded, one was lost";
  }
  EXPECT_GT(contended.sum([](int c) { return c; }), 0) << "no two failures on one circuit were ever reported at once";
}

TEST(MiddlewareStress, CircuitBreakerRunsOneTrialAtATime) {
  constexpr int kThreads = 5;
  constexpr int kKeys = 3;
  FakeClock clock;
  CircuitBreaker breaker({.failure_threshold = 3, .open_for = 5ms, .clock = clock.fn()});
  std::array<std::atomic<int>, kKeys> trials_running{};
  struct Stats {
    std::int64_t trials = 0, trial_successes = 0, refused = 0, admitted = 0;
    std::int64_t contended = 0;  // requests on a circuit while another was running on it
  };
  std::array<Activity, kKeys> on_circuit;
  PerThread<Stats> stats(kThreads);
  const auto report = stress::run_stress(
      {.name = "middleware: circuit transitions", .threads = kThreads, .budget = 1000ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        while (w.next()) {
          if (w.index() == 0) {  // the clock
            clock.advance(std::chrono::milliseconds(1));
            std::this_thread::yield();
            continue;
          }
          const std::size_t k = w.random().below(kKeys);
          const std::string key = "/route/" + std::to_string(k);
          const auto active = on_circuit[k].enter();
          if (on_circuit[k].others(true) > 0) ++s.contended;
          const CircuitAdmission a = breaker.admit(key);
          if (!a.allowed) {
            ++s.refused;
            w.maybe_yield();
            continue;
          }
          ++s.admitted;
          if (a.trial) {
            ++s.trials;
            const int running = trials_running[k].fetch_add(1, std::memory_order_relaxed);
            w.check(running == 0, key + ": two trial requests at once");
          }
          const bool success = w.random().chance(0.75);
          w.maybe_yield();
          // Out of the trial before reporting it: the report is what may start the next one.
          if (a.trial) trials_running[k].fetch_sub(1, std::memory_order_relaxed);
          breaker.record(key, a, success);
          if (a.trial && success) ++s.trial_successes;
          if (w.random().chance(0.1)) breaker.state(key);
        }
      });
  report.expect_healthy();
  const auto trials = stats.sum([](const Stats& s) { return s.trials; });
  const auto closed_by_trial = stats.sum([](const Stats& s) { return s.trial_successes; });
  const auto refused = stats.sum([](const Stats& s) { return s.refused; });
  std::printf("[stress]   %lld admitted, %lld refused, %lld trials (%lld closed the circuit)\n",
              static_cast<long long>(stats.sum([](const Stats& s) { return s.admitted; })),
              static_cast<long long>(refused), static_cast<long long>(trials), static_cast<long long>(closed_by_trial));
  // Every transition happened: Closed -> Open (refusals), Open -> HalfOpen (trials),
  // HalfOpen -> Closed (a successful trial) and HalfOpen -> Open (a failed one).
  EXPECT_GT(refused, 0);
  EXPECT_GT(closed_by_trial, 0);
  EXPECT_GT(trials - closed_by_trial, 0);
  EXPECT_GT(stats.sum([](const Stats& s) { return s.contended; }), 0) << "no two requests ever ran on one circuit";
}

}  // namespace
}  // namespace hawk
