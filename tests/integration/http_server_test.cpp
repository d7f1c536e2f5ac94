// libhawk served over real HTTP on 127.0.0.1: many client threads, routes changing while
// they run, middleware counters and the rate limiter checked against what the clients
// sent, malformed requests over a raw socket, graceful shutdown and serve()'s signals.
#include <gtest/gtest.h>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <array>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "hawk/hawk.h"
#include "hawk/serve/serve.h"
#include "raw_http.h"

namespace {

using namespace std::chrono_literals;
using hawk_test::raw_exchange;

constexpr int kLimitedBurst = 25;  // the "limited" tenant's whole budget (it never refills)

struct Singleton {
  std::atomic<int> hits{0};
};
struct Scoped {
  int value = 7;
};

// Counts DI constructions and teardowns, to compare with what the clients sent.
struct DiCounts {
  std::atomic<int> singletons{0};
  std::atomic<int> scoped_built{0};
  std::atomic<int> scoped_torn_down{0};
};

hawk::ServeOptions test_options(std::size_t threads) {
  hawk::ServeOptions o;
  o.port = 0;
  o.threads = threads;
  o.max_body_bytes = 64 * 1024;
  o.max_header_bytes = 8 * 1024;
  o.max_header_count = 50;
  o.read_timeout = 2s;
  o.write_timeout = 2s;
  o.keep_alive_timeout = 1s;
  o.keep_alive_max_requests = 50;  // clients get reconnected along the way
  o.shutdown_timeout = 5s;
  return o;
}

// The app under test: typed routes, DI, metrics outermost, then a rate limiter keyed by the
// x-tenant header ("limited" has a budget of kLimitedBurst, everyone else is unlimited).
struct TestApp {
  hawk::App app;
  std::shared_ptr<hawk::Metrics> metrics = std::make_shared<hawk::Metrics>();
  DiCounts di;

  TestApp() {
    app.container().add_singleton<Singleton>([this](hawk::Resolver&) {
      di.singletons.fetch_add(1);
      return std::make_shared<Singleton>();
    });
    app.container().add_scoped<Scoped>(
        [this](hawk::Resolver&) {
          di.scoped_built.fetch_add(1);
          return std::make_shared<Scoped>();
        },
        [this](Scoped&) { di.scoped_torn_down.fetch_add(1); });
    app.use(std::make_shared<hawk::MetricsMiddleware>(metrics));
    // The limited tenant's requests go through a RateLimitMiddleware; the others skip it.
    auto limiter = std::make_shared<hawk::RateLimitMiddleware>(
        hawk::RateLimitOptions{.rate_per_second = 1e-9, .burst = kLimitedBurst,
                                 .key = [](const hawk::Request&) { return std::string("limited"); }, .clock = {}});
    app.use([limiter](hawk::Request& r, const hawk::Next& next) {
      auto tenant = r.headers.get("x-tenant");
      return tenant && *tenant == "limited" ? limiter->handle(r, next) : next(r);
    });
    add_routes();
  }

  void add_routes() {
    hawk::QueryParamSpec limit;
    limit.name = "limit";
    limit.type = hawk::ParamType::Int;
    limit.default_value = "10";
    hawk::RouteOptions items;
    items.query = {limit};
    app.get("/items/{id:int}", [](hawk::Request& r) {
      return hawk::Response::json({{"id", r.params.get<std::int64_t>("id")}, {"limit", r.params.get<std::int64_t>("limit")}});
    }, items);
    app.get("/di/{name}", [](hawk::Request& r) {
      auto s = r.scope().resolve<Singleton>();
      auto scoped = r.scope().resolve<Scoped>();
      s->hits.fetch_add(1);
      return hawk::Response::json({{"name", r.params.get<std::string>("name")}, {"scoped", scoped->value}});
    });
    app.post("/echo", [](hawk::Request& r) {
      hawk::Response res = hawk::Response::text(r.body);
      res.headers.set("x-body-length", std::to_string(r.body.size()));
      return res;
    });
    app.get("/", [](hawk::Request&) { return hawk::Response::text("ok"); });
  }
};

// What the clients saw, per status class, to compare with the metrics middleware.
struct Tally {
  std::array<std::atomic<std::int64_t>, 6> by_class{};
  std::atomic<std::int64_t> total{0};
  std::atomic<std::int64_t> wrong{0};  // a response that was not what it should be
  std::atomic<std::int64_t> di_ok{0};
  std::atomic<std::int64_t> limited_ok{0};
  std::atomic<std::int64_t> limited_refused{0};

  void count(int status) {
    total.fetch_add(1);
    by_class[static_cast<std::size_t>(status / 100)].fetch_add(1);
  }
  void wrong_if(bool bad, const std::string& what) {
    if (bad) {
      wrong.fetch_add(1);
      ADD_FAILURE() << what;
    }
  }
};

std::unique_ptr<httplib::Client> client(int port) {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
  c->set_keep_alive(true);
  c->set_connection_timeout(5s);
  c->set_read_timeout(10s);
  c->set_write_timeout(10s);
  return c;
}

// One client thread's mix of requests, each response checked.
void client_loop(int port, int thread_index, int requests, Tally& tally) {
  auto c = client(port);
  for (int i = 0; i < requests; ++i) {
    const int kind = (i + thread_index) % 5;
    if (kind == 0) {
      std::string path = "/items/" + std::to_string(i) + "?limit=" + std::to_string(thread_index);
      auto r = c->Get(path);
      if (!r) { tally.wrong_if(true, "no response to " + path); continue; }
      tally.count(r->status);
      auto j = nlohmann::json::parse(r->body, nullptr, false);
      tally.wrong_if(r->status != 200 || j.value("id", -1) != i || j.value("limit", -1) != thread_index,
                     path + " -> " + std::to_string(r->status) + " " + r->body);
    } else if (kind == 1) {
      auto r = c->Get("/di/t" + std::to_string(thread_index));
      if (!r) { tally.wrong_if(true, "no response to /di"); continue; }
      tally.count(r->status);
      auto j = nlohmann::json::parse(r->body, nullptr, false);
      bool ok = r->status == 200 && j.value("name", "") == "t" + std::to_string(thread_index) && j.value("scoped", 0) == 7;
      tally.wrong_if(!ok, "/di -> " + r->body);
      if (ok) tally.di_ok.fetch_add(1);
    } else if (kind == 2) {
      std::string body(static_cast<std::size_t>(100 + i * 37 % 5000), static_cast<char>('a' + thread_index % 26));
      auto r = c->Post("/echo", body, "text/plain");
      if (!r) { tally.wrong_if(true, "no response to /echo"); continue; }
      tally.count(r->status);
      tally.wrong_if(r->status != 200 || r->body != body || r->get_header_value("x-body-length") != std::to_string(body.size()),
                     "/echo -> " + std::to_string(r->status));
    } else if (kind == 3) {
      auto r = c->Get("/items/x" + std::to_string(i));  // wrong type: 422
      if (!r) { tally.wrong_if(true, "no response to /items/x"); continue; }
      tally.count(r->status);
      tally.wrong_if(r->status != 422, "/items/x -> " + std::to_string(r->status));
    } else {
      auto r = c->Get("/items/1", {{"x-tenant", "limited"}});
      if (!r) { tally.wrong_if(true, "no response to limited"); continue; }
      tally.count(r->status);
      if (r->status == 200) tally.limited_ok.fetch_add(1);
      else if (r->status == 429) tally.limited_refused.fetch_add(1);
      else tally.wrong_if(true, "limited -> " + std::to_string(r->status));
    }
  }
}

TEST(HttpServer, ConcurrentClientsWhileRoutesChange) {
  TestApp t;
  constexpr int kClients = 6;
  constexpr int kRequests = 200;
  hawk::Server server(t.app, test_options(kClients + 4));
  server.start();
  const int port = server.port();
  ASSERT_GT(port, 0);

  Tally tally;
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) threads.emplace_back(client_loop, port, i, kRequests, std::ref(tally));

  // Route churn: add a route, see it served over HTTP, remove it, see it gone.
  std::atomic<int> churn_rounds{0};
  threads.emplace_back([&] {
    auto c = client(port);
    for (int round = 0; !done.load() || round < 10; ++round) {
      std::this_thread::sleep_for(1ms);  // leave the cores to the clients
      std::string path = "/dyn/" + std::to_string(round);
      hawk::RouteId id = t.app.get(path, [round](hawk::Request&) { return hawk::Response::text("dyn " + std::to_string(round)); });
      auto r = c->Get(path);
      tally.count(r ? r->status : 0);
      tally.wrong_if(!r || r->status != 200 || r->body != "dyn " + std::to_string(round), "added " + path);
      t.app.remove_route(id);
      r = c->Get(path);
      tally.count(r ? r->status : 0);
      tally.wrong_if(!r || r->status != 404, "removed " + path);
      churn_rounds.fetch_add(1);
    }
  });
  // The OpenAPI document, fetched while routes change: always whole, always valid JSON.
  threads.emplace_back([&] {
    auto c = client(port);
    for (int i = 0; !done.load() || i < 5; ++i) {
      auto r = c->Get("/openapi.json");
      tally.count(r ? r->status : 0);
      auto j = r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
      tally.wrong_if(!r || r->status != 200 || !j.is_object() || !j["paths"].contains("/items/{id}"),
                     "openapi.json not whole");
    }
  });
  for (int i = 0; i < kClients; ++i) threads[static_cast<std::size_t>(i)].join();
  done.store(true);
  for (std::size_t i = kClients; i < threads.size(); ++i) threads[i].join();

  EXPECT_TRUE(server.stop(5s));
  EXPECT_EQ(tally.wrong.load(), 0);
  EXPECT_EQ(tally.by_class[0].load(), 0) << "requests without a response";
  EXPECT_GE(churn_rounds.load(), 10);

  // The rate limiter let exactly the limited tenant's burst through, over every thread.
  const int limited_total = kClients * kRequests / 5;
  EXPECT_EQ(tally.limited_ok.load(), kLimitedBurst);
  EXPECT_EQ(tally.limited_ok.load() + tally.limited_refused.load(), limited_total);

  // The metrics middleware counted exactly what the clients received, class by class.
  hawk::MetricsSnapshot m = t.metrics->snapshot();
  EXPECT_EQ(m.requests, tally.total.load());
  EXPECT_EQ(m.in_flight, 0);
  EXPECT_EQ(m.errors, 0);
  for (std::size_t c = 1; c <= 5; ++c) EXPECT_EQ(m.status_classes[c - 1], tally.by_class[c].load()) << c << "xx";

  // DI: one singleton for the whole run, one scoped instance per /di request, all torn down.
  EXPECT_EQ(t.di.singletons.load(), 1);
  EXPECT_EQ(t.di.scoped_built.load(), tally.di_ok.load());
  EXPECT_EQ(t.di.scoped_torn_down.load(), tally.di_ok.load());
}

struct Malformed {
  std::string name;
  std::string bytes;
  int status;
};

std::string repeat(char c, std::size_t n) { return std::string(n, c); }

TEST(HttpServer, MalformedRequestsGetTheRight4xxAndTheServerKeepsServing) {
  TestApp t;
  hawk::Server server(t.app, test_options(4));
  server.start();
  const int port = server.port();

  std::string many_headers;
  for (int i = 0; i < 60; ++i) many_headers += "X-H" + std::to_string(i) + ": v\r\n";
  std::string big_headers;
  for (int i = 0; i < 12; ++i) big_headers += "X-Big" + std::to_string(i) + ": " + repeat('b', 1000) + "\r\n";
  const std::string big_body = repeat('z', 100 * 1024);

  const std::vector<Malformed> cases = {
      {"garbage request line", "GARBAGE\r\n\r\n", 400},
      {"binary bytes", std::string("\x01\x02\xff\xfe GET\r\n\r\n", 11), 400},
      {"bad version", "GET / HTTP/9.9\r\n\r\n", 400},
      {"unknown method token", "FROB / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"method hawk does not route", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 501},
      {"absolute-form target", "GET http://x/items/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400},
      {"bad percent-encoding in path", "GET /di/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400},
      {"truncated escape in path", "GET /di/ab%4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400},
      {"bad percent-encoding in query", "GET /items/1?limit=%G1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400},
      {"NUL escape in path", "GET /di/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400},
      {"wrong path param type", "GET /items/seven HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 422},
      {"wrong query param type", "GET /items/1?limit=ten HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 422},
      {"header line over 8 KiB", "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + repeat('a', 10000) + "\r\n\r\n", 431},
      {"header section over max_header_bytes", "GET / HTTP/1.1\r\nHost: x\r\n" + big_headers + "\r\n", 431},
      {"more headers than max_header_count", "GET / HTTP/1.1\r\nHost: x\r\n" + many_headers + "\r\n", 431},
      {"431 with a body left unread",
       "POST /echo HTTP/1.1\r\nHost: x\r\n" + many_headers + "Content-Length: 5\r\n\r\nhello", 431},
      {"target over 8 KiB", "GET /" + repeat('p', 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
      {"body over max_body_bytes",
       "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(big_body.size()) + "\r\n\r\n" + big_body,
       413},
      {"bad chunked body", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
       400},
      {"unknown route", "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404},
      {"wrong method", "DELETE /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405},
  };
  for (const Malformed& c : cases) {
    SCOPED_TRACE(c.name);
    hawk_test::RawResponse r = raw_exchange(port, c.bytes);
    EXPECT_EQ(r.status, c.status) << r.head << r.body;
    if (c.status >= 400 && r.status == c.status && c.status != 414) {
      EXPECT_NE(r.head.find("application/problem+json"), std::string::npos) << r.head;
      auto j = nlohmann::json::parse(r.body, nullptr, false);
      EXPECT_TRUE(j.is_object() && j.value("status", 0) == c.status) << r.body;
    }
    // ...and the server still serves.
    hawk_test::RawResponse ok = raw_exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "ok");
  }

  // A client that sends half a request and goes away, and one that stalls past the read
  // timeout: neither holds the server.
  raw_exchange(port, "GET / HTTP/1.1\r\nHo", 100);
  auto stalled = std::async(std::launch::async, [port] { return raw_exchange(port, "GET / HTTP/1.1\r\n", 4000); });
  EXPECT_EQ(raw_exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status, 200);
  EXPECT_NE(stalled.get().status, 200);

  // HEAD: GET's headers and length, no body.
  hawk_test::RawResponse head = raw_exchange(port, "HEAD /items/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_NE(head.head.find("content-length: 19"), std::string::npos) << head.head;  // {"id":3,"limit":10}
  EXPECT_TRUE(server.stop(5s));
}

TEST(HttpServer, StopLetsInFlightRequestsFinish) {
  hawk::App app;
  std::promise<void> entered;
  std::atomic<bool> entered_once{false};
  app.get("/slow", [&](hawk::Request&) {
    if (!entered_once.exchange(true)) entered.set_value();
    std::this_thread::sleep_for(300ms);
    return hawk::Response::text("done");
  });
  hawk::Server server(app, test_options(2));
  server.start();
  const int port = server.port();
  auto response = std::async(std::launch::async, [port] {
    httplib::Client c("127.0.0.1", port);
    auto r = c.Get("/slow");
    return r ? r->status * 1000 + static_cast<int>(r->body == "done") : 0;
  });
  entered.get_future().wait();
  EXPECT_TRUE(server.stop(5s));  // waits for /slow
  EXPECT_EQ(response.get(), 200 * 1000 + 1);
  EXPECT_FALSE(server.running());
  EXPECT_FALSE(app.accepting());
  httplib::Client late("127.0.0.1", port);
  late.set_connection_timeout(1s);
  EXPECT_FALSE(late.Get("/slow")) << "still accepting after stop()";
}

TEST(HttpServer, ServeReturnsOnSigterm) {
  hawk::App app;
  app.get("/", [](hawk::Request&) { return hawk::Response::text("up"); });
  std::promise<int> port_promise;
  hawk::ServeOptions options = test_options(2);
  options.on_listening = [&](const hawk::Server& s) { port_promise.set_value(s.port()); };
  std::promise<bool> result;
  std::thread serving([&] { result.set_value(hawk::serve(app, options)); });
  const int port = port_promise.get_future().get();
  httplib::Client c("127.0.0.1", port);
  auto r = c.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "up");
  pthread_kill(serving.native_handle(), SIGTERM);  // blocked there, so sigwait takes it
  serving.join();
  EXPECT_TRUE(result.get_future().get());
  EXPECT_FALSE(app.accepting());
}

TEST(HttpServer, PortInUseThrows) {
  hawk::App app;
  hawk::Server first(app, test_options(1));
  first.start();
  hawk::ServeOptions o = test_options(1);
  o.port = first.port();
  hawk::Server second(app, o);
  EXPECT_THROW(second.start(), std::runtime_error);
}

}  // namespace
