#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "hawk/middleware/circuit_breaker.h"
#include "hawk/middleware/metrics.h"
#include "hawk/middleware/middleware.h"
#include "hawk/middleware/middleware_stack.h"
#include "hawk/middleware/rate_limiter.h"
#include "hawk/threading/free_threaded.h"
#include "hawk/threading/sharded_map.h"

namespace hawk {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

// A clock the test moves by hand. Atomic ticks, so threads may read it while it is moved.
class FakeClock {
 public:
  TimePoint now() const { return TimePoint(std::chrono::steady_clock::duration(ticks_.load())); }
  void advance(std::chrono::duration<double> by) {
    ticks_.fetch_add(std::chrono::duration_cast<std::chrono::steady_clock::duration>(by).count());
  }
  std::function<TimePoint()> fn() {
    return [this] { return now(); };
  }

 private:
  std::atomic<std::chrono::steady_clock::rep> ticks_{0};
};

// Runs body(i) on `n` threads that spin on a flag until all are started, then go at once.
void run_together(int n, const std::function<void(int)>& body) {
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      body(i);
    });
  }
  go.store(true, std::memory_order_release);
  for (auto& t : threads) t.join();
}

Request request_for(std::string client, std::string path = "/") {
  Request req;
  req.client = std::move(client);
  req.path = std::move(path);
  return req;
}

const Endpoint kOk = [](Request&) { return Response::text("ok"); };

// Records its name on the way in and on the way out.
std::shared_ptr<Middleware> recorder(std::vector<std::string>& log, std::string name) {
  return make_middleware([&log, name](Request& req, const Next& next) {
    log.push_back(name + ">");
    Response response = next(req);
    log.push_back("<" + name);
    return response;
  });
}

// ---- MiddlewareStack --------------------------------------------------------------------

TEST(MiddlewareStack, FirstAddedIsOutermost) {
  std::vector<std::string> log;
  MiddlewareStack stack;
  stack.add(recorder(log, "a"));
  stack.add(recorder(log, "b"));
  stack.add(recorder(log, "c"));
  Request req = request_for("t");
  Response response = stack.run(req, [&](Request&) {
    log.push_back("endpoint");
    return Response::text("done", 201);
  });
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(log, (std::vector<std::string>{"a>", "b>", "c>", "endpoint", "<c", "<b", "<a"}));
  EXPECT_EQ(stack.size(), 3u);
}

TEST(MiddlewareStack, MiddlewareMayAnswerWithoutCallingNext) {
  std::vector<std::string> log;
  MiddlewareStack stack;
  stack.add(recorder(log, "a"));
  stack.add(make_middleware([&](Request&, const Next&) {
    log.push_back("deny");
    return Response::problem(401, "no credentials");
  }));
  stack.add(recorder(log, "c"));
  Request req = request_for("t");
  Response response = stack.run(req, [&](Request&) {
    log.push_back("endpoint");
    return Response::text("secret");
  });
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(log, (std::vector<std::string>{"a>", "deny", "<a"}));
}

TEST(MiddlewareStack, EmptyStackRunsTheEndpoint) {
  MiddlewareStack stack;
  Request req = request_for("t");
  EXPECT_EQ(stack.run(req, kOk).body, "ok");
  EXPECT_EQ(stack.builds(), 1u);
}

TEST(MiddlewareStack, BuildsLazilyOnceAndAgainAfterAdd) {
  std::vector<std::string> log;
  MiddlewareStack stack;
  stack.add(recorder(log, "a"));
  EXPECT_EQ(stack.builds(), 0u);
  Request req = request_for("t");
  stack.run(req, kOk);
  stack.run(req, kOk);
  EXPECT_EQ(stack.builds(), 1u);
  stack.add(recorder(log, "b"));
  EXPECT_EQ(stack.builds(), 1u);  // not until the next request
  log.clear();
  stack.run(req, kOk);
  stack.run(req, kOk);
  EXPECT_EQ(stack.builds(), 2u);
  EXPECT_EQ(log, (std::vector<std::string>{"a>", "b>", "<b", "<a", "a>", "b>", "<b", "<a"}));
}

TEST(MiddlewareStack, RequestFinishesWithThePipelineItStartedWith) {
  std::vector<std::string> log;
  MiddlewareStack stack;
  bool added = false;
  stack.add(make_middleware([&](Request& req, const Next& next) {
    if (!added) {
      added = true;
      stack.add(recorder(log, "late"));  // from inside a request: must not deadlock
    }
    log.push_back("first");
    return next(req);
  }));
  Request req = request_for("t");
  stack.run(req, kOk);
  EXPECT_EQ(log, (std::vector<std::string>{"first"}));
  log.clear();
  stack.run(req, kOk);
  EXPECT_EQ(log, (std::vector<std::string>{"first", "late>", "<late"}));
}

TEST(MiddlewareStack, ConcurrentFirstRequestsBuildOnce) {
  if (!kFreeThreaded) GTEST_SKIP() << "the GIL build's thread lock is a no-op by design";
  // Many middlewares make each build slow enough for the first requests to overlap it.
  constexpr int kRounds = 200, kThreads = 8, kMiddlewares = 200;
  for (int round = 0; round < kRounds; ++round) {
    MiddlewareStack stack;
    std::atomic<int> passed{0};
    const auto counting = make_middleware([&](Request& req, const Next& next) {
      passed.fetch_add(1, std::memory_order_relaxed);
      return next(req);
    });
    for (int i = 0; i < kMiddlewares; ++i) stack.add(counting);
    std::atomic<int> ok{0};
    run_together(kThreads, [&](int i) {
      Request req = request_for("thread" + std::to_string(i));
      if (stack.run(req, kOk).status == 200) ok.fetch_add(1);
    });
    ASSERT_EQ(stack.builds(), 1u) << "round " << round;
    ASSERT_EQ(ok.load(), kThreads);
    ASSERT_EQ(passed.load(), kThreads * kMiddlewares);
  }
}

// ---- Metrics ----------------------------------------------------------------------------

TEST(Metrics, CountsAreExactAcrossThreads) {
  auto metrics = std::make_shared<Metrics>();
  MetricsMiddleware middleware(metrics);
  const Endpoint endpoint = [](Request& req) -> Response {
    switch (std::stoi(req.path.substr(1)) % 5) {
      case 0: return Response::text("ok");
      case 1: return Response::text("created", 201);
      case 2: return Response::problem(404, "missing");
      case 3: return Response::problem(503, "down");
      default: throw std::runtime_error("handler bug");
    }
  };
  constexpr int kThreads = 8, kRequests = 1000;  // kRequests is a multiple of 5
  std::atomic<int> thrown{0};
  run_together(kThreads, [&](int) {
    const Next next(endpoint);
    for (int i = 0; i < kRequests; ++i) {
      Request req = request_for("t", "/" + std::to_string(i));
      try {
        middleware.handle(req, next);
      } catch (const std::runtime_error&) {
        thrown.fetch_add(1);
      }
    }
  });
  const int total = kThreads * kRequests, fifth = total / 5;
  const MetricsSnapshot s = metrics->snapshot();
  EXPECT_EQ(thrown.load(), fifth);
  EXPECT_EQ(s.in_flight, 0);
  EXPECT_EQ(s.requests, total);
  EXPECT_EQ(s.errors, 2 * fifth);  // the 503s and the exceptions
  EXPECT_EQ(s.status_classes, (std::array<std::int64_t, 5>{0, 2 * fifth, 0, fifth, fifth}));
  EXPECT_EQ(s.latency_count, total);
  std::int64_t bucket_total = 0;
  for (std::int64_t n : s.latency_buckets) bucket_total += n;
  EXPECT_EQ(bucket_total, s.latency_count);
  EXPECT_GE(s.latency_sum_seconds, 0.0);
}

TEST(Metrics, InFlightCountsRequestsInsideTheRestOfThePipeline) {
  auto metrics = std::make_shared<Metrics>();
  MetricsMiddleware middleware(metrics);
  std::int64_t seen = -1;
  const Endpoint endpoint = [&](Request&) {
    seen = metrics->snapshot().in_flight;
    return Response::text("ok");
  };
  const Endpoint throwing = [](Request&) -> Response { throw std::runtime_error("boom"); };
  Request req = request_for("t");
  middleware.handle(req, Next(endpoint));
  EXPECT_EQ(seen, 1);
  EXPECT_THROW(middleware.handle(req, Next(throwing)), std::runtime_error);
  const MetricsSnapshot s = metrics->snapshot();
  EXPECT_EQ(s.in_flight, 0);
  EXPECT_EQ(s.requests, 2);
  EXPECT_EQ(s.errors, 1);
}

TEST(Metrics, LatencyFallsInTheFirstBucketWhoseBoundItDoesNotExceed) {
  Metrics metrics;
  auto record = [&](std::chrono::nanoseconds latency) {
    metrics.record_start();
    metrics.record_response(200, latency);
  };
  record(5ms);      // exactly on the first bound
  record(5001us);   // just past it
  record(1s);
  record(20s);      // past the last bound: +Inf
  const MetricsSnapshot s = metrics.snapshot();
  EXPECT_EQ(s.latency_buckets[0], 1);
  EXPECT_EQ(s.latency_buckets[1], 1);
  EXPECT_EQ(s.latency_buckets[7], 1);  // le=1
  EXPECT_EQ(s.latency_buckets[kLatencyBucketBounds.size()], 1);
  EXPECT_EQ(s.latency_count, 4);
  EXPECT_DOUBLE_EQ(s.latency_sum_seconds, 0.005 + 0.005001 + 1 + 20);
}

TEST(Metrics, RendersPrometheusFamilies) {
  Metrics metrics;
  metrics.record_start();
  metrics.record_response(200, 3ms);
  metrics.record_start();
  metrics.record_response(500, 2s);
  metrics.record_start();
  metrics.record_exception(30s);
  metrics.record_start();  // still running
  const std::string text = metrics.render_prometheus();
  for (const char* line : {
           "# TYPE hawk_http_requests_in_flight gauge\n",
           "hawk_http_requests_in_flight 1\n",
           "# TYPE hawk_http_requests_total counter\n",
           "hawk_http_requests_total 3\n",
           "# TYPE hawk_http_request_errors_total counter\n",
           "hawk_http_request_errors_total 2\n",
           "hawk_http_responses_total{class=\"2xx\"} 1\n",
           "hawk_http_responses_total{class=\"5xx\"} 1\n",
           "hawk_http_responses_total{class=\"4xx\"} 0\n",
           "# TYPE hawk_http_request_duration_seconds histogram\n",
           "hawk_http_request_duration_seconds_bucket{le=\"0.005\"} 1\n",
           "hawk_http_request_duration_seconds_bucket{le=\"1\"} 1\n",
           "hawk_http_request_duration_seconds_bucket{le=\"2.5\"} 2\n",
           "hawk_http_request_duration_seconds_bucket{le=\"10\"} 2\n",
           "hawk_http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n",
           "hawk_http_request_duration_seconds_sum 32.003\n",
           "hawk_http_request_duration_seconds_count 3\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << "missing: " << line << "in:\n" << text;
  }
}

// ---- ShardedMap ---------------------------------------------------------------------------

// One shard, so which entries share it (and get evicted) is known.
using OneShardMap = ShardedMap<int, 1>;

void put(OneShardMap& map, const std::string& key, int value) {
  map.update(key, [] { return 0; }, [&](int& v) { v = value; }, [](const int& v) { return v == 0; });
}

TEST(ShardedMap, EvictsIdleEntriesBeforeBusyOnes) {
  OneShardMap map(4);
  put(map, "idle1", 0);
  put(map, "busy1", 1);
  put(map, "idle2", 0);
  put(map, "busy2", 2);
  put(map, "new", 3);  // the shard is full: both idle entries go, the busy ones stay
  EXPECT_EQ(map.size(), 3u);
  EXPECT_FALSE(map.get("idle1").has_value());
  EXPECT_FALSE(map.get("idle2").has_value());
  EXPECT_EQ(map.get("busy1"), 1);
  EXPECT_EQ(map.get("busy2"), 2);
  EXPECT_EQ(map.get("new"), 3);
}

TEST(ShardedMap, StaysBoundedWhenEveryEntryIsBusy) {
  OneShardMap map(16);
  for (int i = 0; i < 1000; ++i) {
    put(map, "key" + std::to_string(i), 1);
    ASSERT_LE(map.size(), 16u);
  }
  EXPECT_EQ(map.get("key999"), 1);  // the entry just inserted is never the one evicted
}

// ---- RateLimiter --------------------------------------------------------------------------

RateLimitOptions limit(double rate, double burst, FakeClock& clock) {
  RateLimitOptions options{.rate_per_second = rate, .burst = burst};
  options.clock = clock.fn();
  return options;
}

TEST(RateLimiter, AllowsABurstThenRefillsAtTheRate) {
  FakeClock clock;
  RateLimiter limiter(limit(2, 3, clock));
  EXPECT_TRUE(limiter.try_acquire("a"));
  EXPECT_TRUE(limiter.try_acquire("a"));
  EXPECT_TRUE(limiter.try_acquire("a"));
  EXPECT_FALSE(limiter.try_acquire("a"));
  clock.advance(250ms);  // half a token
  EXPECT_FALSE(limiter.try_acquire("a"));
  clock.advance(250ms);
  EXPECT_TRUE(limiter.try_acquire("a"));
  EXPECT_FALSE(limiter.try_acquire("a"));
  clock.advance(100s);  // refills up to the burst, no further
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.try_acquire("a")) << i;
  EXPECT_FALSE(limiter.try_acquire("a"));
}

TEST(RateLimiter, AnOlderClockReadingNeitherDrainsNorRefillsTwice) {
  // Threads read the clock before taking the bucket's lock, so a bucket may see an older
  // time after a newer one.
  FakeClock clock;
  RateLimiter limiter(limit(1, 2, clock));
  clock.advance(10s);
  EXPECT_TRUE(limiter.try_acquire("a"));
  EXPECT_TRUE(limiter.try_acquire("a"));
  clock.advance(-1s);
  EXPECT_FALSE(limiter.try_acquire("a"));
  clock.advance(2s);  // one second after the bucket emptied: one token, not zero or two
  EXPECT_TRUE(limiter.try_acquire("a"));
  EXPECT_FALSE(limiter.try_acquire("a"));
}

TEST(RateLimiter, KeysHaveSeparateBuckets) {
  FakeClock clock;
  RateLimiter limiter(limit(1, 1, clock));
  EXPECT_TRUE(limiter.try_acquire("a"));
  EXPECT_FALSE(limiter.try_acquire("a"));
  EXPECT_TRUE(limiter.try_acquire("b"));
  EXPECT_FALSE(limiter.try_acquire("b"));
  EXPECT_EQ(limiter.size(), 2u);
}

TEST(RateLimiter, RejectsOptionsThatCouldNeverAdmit) {
  FakeClock clock;
  EXPECT_THROW(RateLimiter(limit(0, 5, clock)), std::invalid_argument);
  EXPECT_THROW(RateLimiter(limit(1, 0.5, clock)), std::invalid_argument);
}

TEST(RateLimiter, EvictionBoundsMemoryAndKeepsBusyBuckets) {
  FakeClock clock;
  RateLimitOptions options = limit(1, 1000, clock);
  options.max_keys = 32;
  RateLimiter limiter(options);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.try_acquire("hot"));  // drained
  // Each newcomer takes one token and is full (idle) again a second later.
  for (int i = 0; i < 500; ++i) {
    clock.advance(1s);
    ASSERT_TRUE(limiter.try_acquire("client" + std::to_string(i)));
    ASSERT_LE(limiter.size(), 32u);
  }
  // "hot" refilled 500 tokens meanwhile; had it been evicted it would have all 1000.
  int admitted = 0;
  while (admitted < 1000 && limiter.try_acquire("hot")) ++admitted;
  EXPECT_EQ(admitted, 500);
}

TEST(RateLimiter, ConcurrentRequestsForOneKeyTakeExactlyTheBurst) {
  if (!kFreeThreaded) GTEST_SKIP() << "the GIL build's thread lock is a no-op by design";
  FakeClock clock;  // frozen: nothing refills
  RateLimiter limiter(limit(1, 100, clock));
  std::atomic<int> admitted{0};
  run_together(8, [&](int) {
    for (int i = 0; i < 1000; ++i) {
      if (limiter.try_acquire("one")) admitted.fetch_add(1);
    }
  });
  EXPECT_EQ(admitted.load(), 100);
}

TEST(RateLimitMiddleware, AnswersTooManyRequestsWithRetryAfter) {
  FakeClock clock;
  RateLimitMiddleware middleware(limit(0.25, 1, clock));  // a token every 4 s
  int calls = 0;
  const Endpoint endpoint = [&](Request&) {
    ++calls;
    return Response::text("ok");
  };
  const Next next(endpoint);
  Request alice = request_for("alice");
  EXPECT_EQ(middleware.handle(alice, next).status, 200);
  Response refused = middleware.handle(alice, next);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.headers.get("Retry-After"), "4");
  EXPECT_EQ(refused.headers.get("content-type"), "application/problem+json");
  EXPECT_EQ(refused.json_body()["status"], 429);
  clock.advance(1500ms);  // 2.5 s to go: rounded up
  EXPECT_EQ(middleware.handle(alice, next).headers.get("Retry-After"), "3");
  Request bob = request_for("bob");
  EXPECT_EQ(middleware.handle(bob, next).status, 200);
  clock.advance(2500ms);
  EXPECT_EQ(middleware.handle(alice, next).status, 200);
  EXPECT_EQ(calls, 3);
}

TEST(RateLimitMiddleware, UsesTheKeyFunction) {
  FakeClock clock;
  RateLimitOptions options = limit(1, 1, clock);
  options.key = [](const Request& req) { return std::string(req.headers.get("x-api-key").value_or("")); };
  RateLimitMiddleware middleware(options);
  const Next next(kOk);
  Request a = request_for("same-peer");
  a.headers.set("x-api-key", "one");
  Request b = request_for("same-peer");
  b.headers.set("x-api-key", "two");
  EXPECT_EQ(middleware.handle(a, next).status, 200);
  EXPECT_EQ(middleware.handle(b, next).status, 200);
  EXPECT_EQ(middleware.handle(a, next).status, 429);
}

// ---- CircuitBreaker -----------------------------------------------------------------------

CircuitBreakerOptions breaker_options(int threshold, FakeClock& clock) {
  CircuitBreakerOptions options{.failure_threshold = threshold, .open_for = 30s};
  options.clock = clock.fn();
  return options;
}

// An endpoint whose status the test sets; throws when the status is 0.
struct ScriptedEndpoint {
  int status = 200;
  int calls = 0;
  Endpoint endpoint = [this](Request&) -> Response {
    ++calls;
    if (status == 0) throw std::runtime_error("handler bug");
    return Response::text("body", status);
  };
};

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresOnly) {
  FakeClock clock;
  CircuitBreakerMiddleware breaker(breaker_options(3, clock));
  ScriptedEndpoint route;
  const Next next(route.endpoint);
  Request req = request_for("t", "/orders");
  for (int status : {500, 503, 200, 500, 502}) {
    route.status = status;
    EXPECT_EQ(breaker.handle(req, next).status, status);
  }
  EXPECT_EQ(breaker.state("/orders"), CircuitState::Closed);  // the 200 reset the count
  route.status = 0;
  EXPECT_THROW(breaker.handle(req, next), std::runtime_error);  // an exception is a failure
  EXPECT_EQ(breaker.state("/orders"), CircuitState::Open);
  EXPECT_EQ(route.calls, 6);

  route.status = 200;
  Response refused = breaker.handle(req, next);
  EXPECT_EQ(route.calls, 6);  // not called while open
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.headers.get("Retry-After"), "30");
  EXPECT_EQ(refused.headers.get("content-type"), "application/problem+json");
  clock.advance(10500ms);
  EXPECT_EQ(breaker.handle(req, next).headers.get("Retry-After"), "20");  // 19.5 s, rounded up
}

TEST(CircuitBreaker, SuccessfulTrialCloses) {
  FakeClock clock;
  CircuitBreakerMiddleware breaker(breaker_options(1, clock));
  ScriptedEndpoint route;
  route.status = 500;
  Request req = request_for("t", "/pay");
  breaker.handle(req, Next(route.endpoint));
  ASSERT_EQ(breaker.state("/pay"), CircuitState::Open);
  clock.advance(30s);
  EXPECT_EQ(breaker.state("/pay"), CircuitState::Open);  // until a request comes to try it

  // During the trial, another request for the route is refused.
  int other_status = 0;
  CircuitState during_trial = CircuitState::Closed;
  const Endpoint trial = [&](Request& inner) {
    during_trial = breaker.state("/pay");
    other_status = breaker.handle(inner, Next(route.endpoint)).status;
    return Response::text("recovered");
  };
  EXPECT_EQ(breaker.handle(req, Next(trial)).status, 200);
  EXPECT_EQ(during_trial, CircuitState::HalfOpen);
  EXPECT_EQ(other_status, 503);
  EXPECT_EQ(breaker.state("/pay"), CircuitState::Closed);
  route.status = 200;
  EXPECT_EQ(breaker.handle(req, Next(route.endpoint)).status, 200);
}

TEST(CircuitBreaker, FailedTrialOpensAgainForTheFullPeriod) {
  FakeClock clock;
  CircuitBreakerMiddleware breaker(breaker_options(2, clock));
  ScriptedEndpoint route;
  route.status = 500;
  const Next next(route.endpoint);
  Request req = request_for("t", "/pay");
  breaker.handle(req, next);
  breaker.handle(req, next);
  ASSERT_EQ(breaker.state("/pay"), CircuitState::Open);
  clock.advance(31s);
  route.status = 0;
  EXPECT_THROW(breaker.handle(req, next), std::runtime_error);  // the trial threw
  EXPECT_EQ(breaker.state("/pay"), CircuitState::Open);
  EXPECT_EQ(breaker.handle(req, next).headers.get("Retry-After"), "30");
  clock.advance(30s);
  route.status = 500;
  EXPECT_EQ(breaker.handle(req, next).status, 500);  // one failed trial reopens at once
  EXPECT_EQ(breaker.state("/pay"), CircuitState::Open);
  EXPECT_EQ(route.calls, 4);
}

TEST(CircuitBreaker, KeysByRoutePatternElsePath) {
  FakeClock clock;
  CircuitBreakerMiddleware breaker(breaker_options(1, clock));
  ScriptedEndpoint route;
  route.status = 500;
  const Next next(route.endpoint);
  Request user7 = request_for("t", "/users/7");
  user7.route_pattern = "/users/{id}";
  breaker.handle(user7, next);
  Request unmatched = request_for("t", "/nowhere");
  breaker.handle(unmatched, next);
  EXPECT_EQ(breaker.state("/users/{id}"), CircuitState::Open);
  EXPECT_EQ(breaker.state("/users/7"), CircuitState::Closed);
  EXPECT_EQ(breaker.state("/nowhere"), CircuitState::Open);
  EXPECT_EQ(breaker.state("/other"), CircuitState::Closed);

  Request user8 = request_for("t", "/users/8");
  user8.route_pattern = "/users/{id}";
  EXPECT_EQ(breaker.handle(user8, next).status, 503);  // same route, same circuit
}

TEST(CircuitBreaker, RejectsAThresholdBelowOne) {
  FakeClock clock;
  EXPECT_THROW(CircuitBreaker(breaker_options(0, clock)), std::invalid_argument);
}

TEST(CircuitBreaker, ExactlyOneTrialWhenManyRequestsArriveAtOnce) {
  if (!kFreeThreaded) GTEST_SKIP() << "the GIL build's thread lock is a no-op by design";
  constexpr int kThreads = 8, kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    FakeClock clock;
    CircuitBreakerMiddleware breaker(breaker_options(1, clock));
    const Endpoint failing = [](Request&) { return Response::text("down", 500); };
    Request first = request_for("t", "/x");
    breaker.handle(first, Next(failing));
    clock.advance(30s);

    std::atomic<int> trials{0}, refused{0};
    // The trial holds on until every other request has been answered, so all of them
    // arrive while it runs.
    const Endpoint trial = [&](Request&) {
      trials.fetch_add(1);
      const auto deadline = std::chrono::steady_clock::now() + 5s;
      while (refused.load() < kThreads - 1 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
      return Response::text("ok");
    };
    run_together(kThreads, [&](int) {
      Request req = request_for("t", "/x");
      if (breaker.handle(req, Next(trial)).status == 503) refused.fetch_add(1);
    });
    ASSERT_EQ(trials.load(), 1) << "round " << round;
    ASSERT_EQ(refused.load(), kThreads - 1);
    ASSERT_EQ(breaker.state("/x"), CircuitState::Closed);
  }
}

TEST(CircuitBreaker, NoFailureIsLostAcrossThreads) {
  if (!kFreeThreaded) GTEST_SKIP() << "the GIL build's thread lock is a no-op by design";
  constexpr int kThreads = 8, kFailures = 100;
  const Endpoint failing = [](Request&) { return Response::text("down", 500); };
  // Exactly kThreads * kFailures failures: a threshold one higher must leave it closed.
  for (int threshold : {kThreads * kFailures, kThreads * kFailures + 1}) {
    FakeClock clock;
    CircuitBreakerMiddleware breaker(breaker_options(threshold, clock));
    run_together(kThreads, [&](int) {
      const Next next(failing);
      for (int i = 0; i < kFailures; ++i) {
        Request req = request_for("t", "/x");
        breaker.handle(req, next);
      }
    });
    const CircuitState expected = threshold == kThreads * kFailures ? CircuitState::Open : CircuitState::Closed;
    EXPECT_EQ(breaker.state("/x"), expected) << "threshold " << threshold;
  }
}

}  // namespace
}  // namespace hawk
