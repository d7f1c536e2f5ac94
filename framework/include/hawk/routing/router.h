#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hawk/thread_annotations.h"
#include "hawk/routing/route.h"
#include "hawk/routing/route_table.h"
#include "hawk/threading/atomic_snapshot.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {

// A lookup's result together with the table it came from: holding it keeps the matched
// route alive even if another thread removes that route meanwhile.
struct RouteMatch {
  std::shared_ptr<const RouteTable> table;
  LookupResult result;
};

// Routes under an optional prefix. Safe to change from any thread, also from inside a
// handler, while other threads serve: every change builds a new RouteTable and publishes
// it atomically, so lookups never take a lock and never see a half-applied change.
class Router {
 public:
  explicit Router(std::string prefix = "");
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Adds a route (prefix applied). Throws std::invalid_argument for a malformed pattern
  // or when the same method and path shape is already taken; the table is then unchanged.
  RouteId add_route(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});
  RouteId get(std::string_view p, Handler h, RouteOptions o = {}) { return add_route(Method::Get, p, std::move(h), std::move(o)); }
  RouteId post(std::string_view p, Handler h, RouteOptions o = {}) { return add_route(Method::Post, p, std::move(h), std::move(o)); }
  RouteId put(std::string_view p, Handler h, RouteOptions o = {}) { return add_route(Method::Put, p, std::move(h), std::move(o)); }
  RouteId patch(std::string_view p, Handler h, RouteOptions o = {}) { return add_route(Method::Patch, p, std::move(h), std::move(o)); }
  RouteId del(std::string_view p, Handler h, RouteOptions o = {}) { return add_route(Method::Delete, p, std::move(h), std::move(o)); }

  // Every request under `prefix` (any method) goes to `handler`, with the rest of the path.
  RouteId mount(std::string_view prefix, Handler handler);

  // Copies `other`'s current routes in under `prefix` (and this router's own prefix);
  // later changes to `other` are not seen, as in FastAPI. Tags are appended to each route.
  // All or nothing: on a conflict nothing is added.
  std::vector<RouteId> include_router(const Router& other, std::string_view prefix = "",
                                      const std::vector<std::string>& tags = {});

  bool remove_route(RouteId id);
  bool remove_route(Method method, std::string_view pattern);

  RouteMatch match(Method method, std::string_view path) const;
  std::shared_ptr<const RouteTable> snapshot() const { return table_.load(); }
  const std::string& prefix() const { return prefix_; }

 private:
  // Publishes `next` as the route list, or throws and leaves everything as it was.
  void publish(std::vector<std::shared_ptr<const Route>> next) REQUIRES(write_mu_);
  std::shared_ptr<Route> make_route(Method method, std::string_view pattern, Handler handler,
                                    RouteOptions options, bool is_mount) REQUIRES(write_mu_);

  const std::string prefix_;  // immutable after construction
  mutable ThreadLock write_mu_ = maybe_thread_lock();  // serialises writers only
  std::vector<std::shared_ptr<const Route>> routes_ GUARDED_BY(write_mu_);
  RouteId next_id_ GUARDED_BY(write_mu_) = 1;
  std::uint64_t generation_ GUARDED_BY(write_mu_) = 0;
  AtomicSnapshot<RouteTable> table_;  // read lock-free; replaced only under write_mu_
};

}  // namespace hawk
