#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "hawk/di/container.h"
#include "hawk/http/request.h"
#include "hawk/http/response.h"
#include "hawk/middleware/middleware.h"
#include "hawk/middleware/middleware_stack.h"
#include "hawk/openapi/openapi.h"
#include "hawk/routing/router.h"
#include "hawk/thread_annotations.h"
#include "hawk/threading/mutex.h"

namespace hawk {

struct AppOptions {
  OpenApiInfo info;
  std::string openapi_url = "/openapi.json";  // empty: no document is served
  bool debug = false;                         // put exception messages in 500 responses
};

// The application: routes, dependency container and middleware, answering requests from
// any number of threads at once. Routes and middleware may change while it serves.
//
// A request goes: shutdown check -> route lookup -> middleware (first added outermost)
// -> query validation -> handler, with a DI scope per request torn down at the end.
// Every error is an RFC 9457 problem: 404, 405 (+Allow), 422 for a typed path or query
// parameter that does not parse, HttpError's status, 500 for any other exception, 503
// once shutdown has begun.
class App {
 public:
  explicit App(AppOptions options = {});
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  Router& router() { return router_; }
  Container& container() { return container_; }

  RouteId add_route(Method method, std::string_view pattern, Handler handler, RouteOptions options = {}) {
    return router_.add_route(method, pattern, std::move(handler), std::move(options));
  }
  RouteId get(std::string_view p, Handler h, RouteOptions o = {}) { return router_.get(p, std::move(h), std::move(o)); }
  RouteId post(std::string_view p, Handler h, RouteOptions o = {}) { return router_.post(p, std::move(h), std::move(o)); }
  RouteId put(std::string_view p, Handler h, RouteOptions o = {}) { return router_.put(p, std::move(h), std::move(o)); }
  RouteId patch(std::string_view p, Handler h, RouteOptions o = {}) { return router_.patch(p, std::move(h), std::move(o)); }
  RouteId del(std::string_view p, Handler h, RouteOptions o = {}) { return router_.del(p, std::move(h), std::move(o)); }
  bool remove_route(RouteId id) { return router_.remove_route(id); }
  std::vector<RouteId> include_router(const Router& other, std::string_view prefix = "",
                                      const std::vector<std::string>& tags = {}) {
    return router_.include_router(other, prefix, tags);
  }
  // Serves `sub` under `prefix`: it sees the rest of the path, and `root_path` gains the prefix.
  RouteId mount(std::string_view prefix, std::shared_ptr<App> sub);
  RouteId mount(std::string_view prefix, Handler handler) { return router_.mount(prefix, std::move(handler)); }

  void use(std::shared_ptr<Middleware> middleware) { middleware_.add(std::move(middleware)); }
  void use(std::function<Response(Request&, const Next&)> fn) { middleware_.add(make_middleware(std::move(fn))); }
  const MiddlewareStack& middleware() const { return middleware_; }

  Response handle(Request request);

  // The OpenAPI document for the current routes (cached until they change).
  std::shared_ptr<const std::string> openapi_json(std::string_view api_version = "");

  // Stops accepting requests (new ones get 503) and waits up to `timeout` for those in
  // flight to finish. True when none is left: then no request that was let in touches the
  // App any more, so it may be destroyed once no new call can reach it. Do not call it
  // from a handler: it would wait for that handler too.
  bool shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  std::int64_t in_flight() const {
    return static_cast<std::int64_t>(state_.load(std::memory_order_acquire) & ~kDraining);
  }
  bool accepting() const { return (state_.load(std::memory_order_acquire) & kDraining) == 0; }

 private:
  class InFlight;
  Response dispatch(Request& request);
  Response endpoint(Request& request, const RouteMatch& match);
  Response call_handler(const LookupResult& result, Request& request);
  Response problem_for_exception() const;

  const AppOptions options_;  // immutable after construction
  Router router_;             // thread-safe by itself (snapshots)
  Container container_;       // thread-safe by itself
  MiddlewareStack middleware_;  // thread-safe by itself
  OpenApiCache openapi_cache_;  // thread-safe by itself

  // Shutdown: requests count themselves in and out of state_; shutdown() sets kDraining in
  // it and waits for the count to reach zero. One word, so that counting out is a single
  // atomic step and a request's last touch of the App (see InFlight).
  static constexpr std::uint64_t kDraining = std::uint64_t{1} << 63;
  std::atomic<std::uint64_t> state_{0};  // requests in flight, | kDraining once shutdown() began
  // The last request out while draining counts out and sets drained_ holding drain_mu_,
  // and shutdown() waits for drained_ holding it: so shutdown() cannot return, and the App
  // be destroyed, while that request still notifies drained_cv_.
  Mutex drain_mu_;
  bool drained_ GUARDED_BY(drain_mu_) = false;
  std::condition_variable_any drained_cv_;
};

}  // namespace hawk
