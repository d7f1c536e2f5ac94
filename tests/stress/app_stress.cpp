// The whole app under ThreadSanitizer: App::handle from many threads through middleware,
// DI and routing, while an admin thread changes routes and middleware and reads the
// OpenAPI document, and a handler changes routes itself; then a graceful shutdown with a
// request still in flight, while the workers keep sending.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "harness/per_thread.h"
#include "harness/stress_run.h"
#include "hawk/hawk.h"

namespace hawk {
namespace {

using namespace std::chrono_literals;
using stress::PerThread;
using stress::Worker;

struct Db {};
struct Session {
  std::shared_ptr<Db> db;
};

// What the app's handlers and factories saw. Relaxed counters: counting must not order
// the threads being counted.
struct Counters {
  std::atomic<int> db_builds{0};
  std::atomic<long> sessions{0};
  std::atomic<long> session_teardowns{0};
  std::atomic<long> handlers_running{0};
  std::atomic<long> handler_violations{0};  // a handler saw something impossible
  std::atomic<bool> shutdown_began{false};
  std::atomic<bool> shutdown_returned{false};
  std::atomic<int> slow_waiting{0};  // /slow requests waiting for shutdown to begin
  std::atomic<int> slow_drained{0};  // /slow requests that finished after it began
};

// Counts a handler in and out; a handler starting after shutdown() returned is a bug.
class Running {
 public:
  explicit Running(Counters& c) : c_(c) {
    c_.handlers_running.fetch_add(1, std::memory_order_relaxed);
    if (c_.shutdown_returned.load(std::memory_order_relaxed))
      c_.handler_violations.fetch_add(1, std::memory_order_relaxed);
  }
  ~Running() { c_.handlers_running.fetch_sub(1, std::memory_order_relaxed); }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  Counters& c_;
};

void build_app(App& app, Counters& c, const std::shared_ptr<Metrics>& metrics) {
  app.container().add_singleton<Db>([&c](Resolver&) {
    for (int i = 0; i < 3; ++i) std::this_thread::yield();  // let first requests pile up
    c.db_builds.fetch_add(1, std::memory_order_relaxed);
    return std::make_shared<Db>();
  });
  app.container().add_scoped<Session>(
      [&c](Resolver& r) {
        c.sessions.fetch_add(1, std::memory_order_relaxed);
        return std::make_shared<Session>(Session{r.resolve<Db>()});
      },
      [&c](Session&) { c.session_teardowns.fetch_add(1, std::memory_order_relaxed); });

  app.use(std::make_shared<MetricsMiddleware>(metrics));  // outermost: sees every request
  app.use(std::make_shared<RateLimitMiddleware>(
      RateLimitOptions{.rate_per_second = 1e9, .burst = 1e9, .max_keys = 1000, .key = {}, .clock = {}}));
  app.use(std::make_shared<CircuitBreakerMiddleware>(
      CircuitBreakerOptions{.failure_threshold = 5, .open_for = 5ms, .clock = {}, .max_keys = 1000}));

  app.get("/items/{id:int}", [&c](Request& req) {
    Running running(c);
    auto session = req.scope().resolve<Session>();
    if (session != req.scope().resolve<Session>()) c.handler_violations.fetch_add(1, std::memory_order_relaxed);
    std::this_thread::yield();  // in flight while others run
    return Response::text(std::to_string(req.params.get<std::int64_t>("id")));
  });
  app.get("/fail", [&c](Request&) -> Response {
    Running running(c);
    throw std::runtime_error("always fails");
  });
  // Flips GET /dyn on and off from inside a request.
  app.post("/toggle", [&app, &c](Request&) {
    Running running(c);
    if (!app.router().remove_route(Method::Get, "/dyn")) {
      try {
        app.get("/dyn", [&c](Request&) {
          Running inner(c);
          return Response::text("dyn");
        });
      } catch (const std::invalid_argument&) {
        // Another toggle added it first.
      }
    }
    return Response::text("toggled");
  });
  // Waits for shutdown to begin (bounded), so one request is surely in flight during it.
  app.get("/slow", [&app, &c](Request&) {
    Running running(c);
    c.slow_waiting.fetch_add(1, std::memory_order_relaxed);
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (app.accepting() && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    c.slow_waiting.fetch_sub(1, std::memory_order_relaxed);
    if (app.accepting()) return Response::text("timed out", 500);
    c.slow_drained.fetch_add(1, std::memory_order_relaxed);
    return Response::text("drained");
  });
  auto sub = std::make_shared<App>(AppOptions{.info = {}, .openapi_url = "", .debug = false});
  sub->get("/hello", [](Request& req) { return Response::text("hello from sub at " + req.root_path); });
  app.mount("/sub", sub);
}

bool is_shutdown_refusal(const Response& r) { return r.status == 503 && r.headers.get("connection") == "close"; }

struct Outcome {
  std::array<long, 5> classes{};  // responses per status class, shutdown refusals excepted
  long items_served = 0;          // /items answered by the handler (one Session each)
  long refusals = 0;
  long requests = 0;
};

// Sends one random request and checks its answer; returns the response.
Response one_request(Worker& w, TestClient& client, Outcome& out) {
  const long n = static_cast<long>(w.random().below(1000));
  Response r;
  std::string expect;  // what the answer must be, as "status" or "status body"
  bool item = false;
  switch (w.random().below(10)) {
    case 0:
    case 1:
      r = client.get("/items/" + std::to_string(n));
      expect = "200 " + std::to_string(n);
      item = true;
      break;
    case 2:
      r = client.head("/items/" + std::to_string(n));
      expect = "200 ";
      item = true;
      break;
    case 3:
      r = client.get("/items/x" + std::to_string(n));
      expect = "422";
      break;
    case 4:
      r = client.del("/items/" + std::to_string(n));
      expect = "405";
      if (r.status == 405) w.check(r.headers.get("allow") == "GET, HEAD", "wrong Allow");
      break;
    case 5:
      r = client.get("/fail");
      expect = r.status == 503 ? "503" : "500";  // 503: its circuit is open
      break;
    case 6:
      r = client.get("/sub/hello");
      expect = "200 hello from sub at /sub";
      break;
    case 7:
      r = client.get("/dyn");
      expect = r.status == 404 ? "404" : "200 dyn";
      break;
    case 8:
      r = client.post("/toggle");
      expect = "200 toggled";
      break;
    default:
      r = client.get("/nope/" + std::to_string(n));
      expect = "404";
      break;
  }
  ++out.requests;
  if (is_shutdown_refusal(r)) {
    ++out.refusals;
    return r;
  }
  const std::string got = std::to_string(r.status) + (expect.find(' ') != std::string::npos ? " " + r.body : "");
  w.check(got == expect, "expected " + expect + ", got " + got);
  ++out.classes[static_cast<std::size_t>(r.status / 100 - 1)];
  if (item && r.status == 200) ++out.items_served;
  return r;
}

TEST(AppStress, HandleFromManyThreadsThenShutDown) {
  constexpr int kThreads = 5;  // thread 0 administers, the others send requests
  constexpr int kMaxAddedMiddleware = 10;
  auto metrics = std::make_shared<Metrics>();
  Counters c;
  App app(
      {.info = {.title = "stress", .version = "1", .description = ""}, .openapi_url = "/openapi.json", .debug = false});
  build_app(app, c, metrics);
  const std::size_t base_middleware = app.middleware().size();
  std::vector<std::shared_ptr<std::atomic<long>>> added_counts;  // owned by thread 0 until the join

  struct Stats {
    Outcome outcome;
    bool shutdown_ok = false;
    int in_flight_at_shutdown = 0;
    long openapi_reads = 0;
  };
  PerThread<Stats> stats(kThreads);
  const auto report = stress::run_stress(
      {.name = "app: handle, reconfigure, shut down", .threads = kThreads, .budget = 2500ms}, [&](Worker& w) {
        Stats& s = stats[w.index()];
        if (w.index() == 0) {
          std::vector<RouteId> extra;
          while (w.next()) {
            // Reconfigure while serving: routes, middleware, and read the document.
            if (extra.size() < 20 && w.random().chance(0.6)) {
              extra.push_back(app.get("/extra/" + std::to_string(extra.size()) + "/{id:int}",
                                      [](Request&) { return Response::text("extra"); }));
            } else if (!extra.empty()) {
              w.check(app.remove_route(extra.back()), "an extra route vanished");
              extra.pop_back();
            }
            if (added_counts.size() < kMaxAddedMiddleware && w.random().chance(0.05)) {
              auto count = std::make_shared<std::atomic<long>>(0);
              added_counts.push_back(count);
              app.use([count](Request& req, const Next& next) {
                count->fetch_add(1, std::memory_order_relaxed);
                return next(req);
              });
            }
            const auto doc = nlohmann::json::parse(*app.openapi_json(), nullptr, false);
            w.check(!doc.is_discarded() && doc["paths"].contains("/items/{id}"), "bad OpenAPI document");
            ++s.openapi_reads;
            const MetricsSnapshot m = metrics->snapshot();
            w.check(m.in_flight >= 0, "negative in-flight count");
            w.maybe_yield();
          }
          // Shut down once a request is surely in flight: a /slow one waits for it.
          const auto give_up = std::chrono::steady_clock::now() + 10s;
          while (c.slow_waiting.load(std::memory_order_relaxed) == 0 && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::yield();
          }
          s.in_flight_at_shutdown = static_cast<int>(app.in_flight());
          c.shutdown_began.store(true, std::memory_order_relaxed);
          s.shutdown_ok = app.shutdown(10s);
          // No handler may run any more: every later request is refused.
          w.check(c.handlers_running.load(std::memory_order_relaxed) == 0, "a handler was running after shutdown()");
          c.shutdown_returned.store(true, std::memory_order_relaxed);
          return;
        }
        TestClient client(app, "worker-" + std::to_string(w.index()));
        bool refused = false;
        while (!refused && w.next()) {
          refused = is_shutdown_refusal(one_request(w, client, s.outcome));
          // A refusal saw shutdown()'s draining flag, set after shutdown_began was stored.
          if (refused) w.check(c.shutdown_began.load(std::memory_order_relaxed), "refused before shutdown began");
          w.maybe_yield();
        }
        if (refused) return;
        // Out of time: keep sending (one worker a /slow request) until refused.
        if (w.index() == 1) {
          const Response r = client.get("/slow");
          ++s.outcome.requests;
          w.check(r.status == 200 && r.body == "drained", "the in-flight request was not let finish: " + r.body);
          ++s.outcome.classes[1];
        }
        const auto give_up = std::chrono::steady_clock::now() + 15s;
        while (true) {
          const Response r = one_request(w, client, s.outcome);
          if (is_shutdown_refusal(r)) break;
          if (std::chrono::steady_clock::now() > give_up) {
            w.fail("never refused: shutdown did not happen");
            break;
          }
        }
        // Once refusing, it goes on refusing.
        w.check(is_shutdown_refusal(client.get("/items/1")), "a request was accepted after a refusal");
        ++s.outcome.requests;
        ++s.outcome.refusals;
      });
  report.expect_healthy();

  EXPECT_TRUE(stats[0].shutdown_ok) << "shutdown() timed out with requests in flight";
  EXPECT_GE(stats[0].in_flight_at_shutdown, 1) << "no request was in flight when shutdown began";
  EXPECT_EQ(c.slow_drained.load(), 1);
  EXPECT_EQ(app.in_flight(), 0);
  EXPECT_FALSE(app.accepting());
  EXPECT_EQ(c.handler_violations.load(), 0) << "a handler saw two Sessions in one request, or ran after shutdown";

  // Every request that got past the shutdown check went through the metrics, once.
  const MetricsSnapshot m = metrics->snapshot();
  long answered = 0;
  for (std::size_t k = 0; k < 5; ++k) {
    const long sent = stats.sum([k](const Stats& s) { return s.outcome.classes[k]; });
    EXPECT_EQ(m.status_classes[k], sent) << (k + 1) << "xx miscounted";
    answered += sent;
  }
  EXPECT_EQ(m.requests, answered);
  EXPECT_EQ(m.in_flight, 0);
  EXPECT_EQ(m.errors, m.status_classes[4]);
  for (const auto& count : added_counts) EXPECT_LE(count->load(), m.requests);
  EXPECT_EQ(app.middleware().size(), base_middleware + added_counts.size());

  // DI: one Db ever; one Session per served item request, each torn down once.
  EXPECT_EQ(c.db_builds.load(), 1);
  EXPECT_EQ(c.sessions.load(), stats.sum([](const Stats& s) { return s.outcome.items_served; }));
  EXPECT_EQ(c.session_teardowns.load(), c.sessions.load());

  const long requests = stats.sum([](const Stats& s) { return s.outcome.requests; });
  const long refusals = stats.sum([](const Stats& s) { return s.outcome.refusals; });
  std::printf(
      "[stress]   %ld requests (%ld refused at shutdown), %ld OpenAPI reads, %zu middlewares added, "
      "%d in flight at shutdown\n",
      requests, refusals, stats[0].openapi_reads, added_counts.size(), stats[0].in_flight_at_shutdown);
}

// Once shutdown() returns true, no request that was counted in may touch the App again, so
// its owner may destroy it right away, as a server does — while the threads that called it
// are still alive and not joined. Each round, clients use a fresh App and then tell the
// owner through relaxed atomics only (no happens-before edge), so whatever orders their
// use of the App before its destruction must come from the App's own shutdown protocol.
TEST(AppStress, AppMayBeDestroyedAsSoonAsShutdownReturns) {
  constexpr int kThreads = 4;  // thread 0 owns the apps, the others are clients
  constexpr int kClients = kThreads - 1;
  constexpr std::size_t kRounds = 6000;
  struct Round {
    std::unique_ptr<App> app;
    std::atomic<int> settled{0};  // clients whose last request finished, or is waiting for shutdown
    std::atomic<int> refused{0};
  };
  std::vector<std::unique_ptr<Round>> rounds;
  for (std::size_t r = 0; r < kRounds; ++r) {
    auto round = std::make_unique<Round>();
    round->app = std::make_unique<App>();
    round->app->get("/ping", [](Request&) { return Response::text("pong"); });
    // Counts itself as settled, then holds the request in flight until shutdown begins.
    round->app->get("/wait", [app = round->app.get(), settled = &round->settled](Request&) {
      settled->fetch_add(1, std::memory_order_relaxed);
      const auto give_up = std::chrono::steady_clock::now() + 10s;
      while (app->accepting() && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
      return Response::text("drained");
    });
    rounds.push_back(std::move(round));
  }
  struct Stats {
    std::size_t rounds = 0;
    long in_flight_at_shutdown = 0;  // owner: rounds where a request was still running
  };
  PerThread<Stats> stats(kThreads);
  std::atomic<int> clients_stopped{0};
  const auto report = stress::run_stress(
      {.name = "app: destroy right after shutdown", .threads = kThreads, .budget = 2000ms, .max_iterations = kRounds},
      [&](Worker& w) {
        Stats& s = stats[w.index()];
        if (w.index() == 0) {
          // The owner goes on until every client has stopped, past its own deadline if need
          // be: a client must never wait for a shutdown that does not come.
          for (std::size_t r = 0; r < kRounds && clients_stopped.load(std::memory_order_relaxed) < kClients; ++r) {
            w.next();  // counts the round; the clients' deadline is what ends the run
            w.align(r);
            Round& round = *rounds[r];
            s.rounds = r + 1;
            while (round.settled.load(std::memory_order_relaxed) < kClients) std::this_thread::yield();
            if (round.app->in_flight() > 0) ++s.in_flight_at_shutdown;
            w.check(round.app->shutdown(10s), "round " + std::to_string(r) + ": shutdown timed out");
            round.app.reset();  // the clients may still be returning from handle()
          }
          return;
        }
        for (std::size_t r = 0; w.next(); ++r) {
          w.align(r);
          Round& round = *rounds[r];
          s.rounds = r + 1;
          TestClient client(*round.app);
          for (std::uint64_t i = w.random().below(3); i > 0; --i) {
            w.check(client.get("/ping").body == "pong", "round " + std::to_string(r) + ": ping failed");
          }
          if (w.random().chance(0.5)) {
            // In flight when shutdown begins: the draining path.
            const Response resp = client.get("/wait");
            w.check(resp.body == "drained", "round " + std::to_string(r) + ": /wait answered " + resp.body);
          } else {
            // Finished before shutdown begins; the last one out while still accepting.
            w.check(client.get("/ping").body == "pong", "round " + std::to_string(r) + ": ping failed");
            round.settled.fetch_add(1, std::memory_order_relaxed);
          }
          // Nothing touches round.app after this point.
        }
        // Stopped: the owner must not wait for this client in the rounds it skips.
        for (std::size_t r = s.rounds; r < kRounds; ++r) rounds[r]->settled.fetch_add(1, std::memory_order_relaxed);
        clients_stopped.fetch_add(1, std::memory_order_relaxed);
      });
  report.expect_healthy();
  std::printf("[stress]   %zu apps shut down and destroyed, %ld with a request still in flight\n", stats[0].rounds,
              stats[0].in_flight_at_shutdown);
  EXPECT_GT(stats[0].in_flight_at_shutdown, 0) << "no shutdown overlapped a running request";
}

}  // namespace
}  // namespace hawk
