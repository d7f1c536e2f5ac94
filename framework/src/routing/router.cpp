#include "hawk/routing/router.h"

#include <algorithm>
#include <stdexcept>

#include "hawk/routing/path_pattern.h"

namespace hawk {

Router::Router(std::string prefix) : prefix_(std::move(prefix)) {
  if (!prefix_.empty()) parse_path_pattern(prefix_);  // reject a malformed prefix now
  table_.store(std::make_shared<const RouteTable>(std::vector<std::shared_ptr<const Route>>{}, 0));
}

std::shared_ptr<Route> Router::make_route(Method method, std::string_view pattern, Handler handler,
                                          RouteOptions options, bool is_mount) {
  if (!pattern.empty() && pattern.front() != '/') {
    throw std::invalid_argument("invalid route pattern '" + std::string(pattern) + "': must start with '/'");
  }
  auto route = std::make_shared<Route>();
  route->id = next_id_++;
  route->method = method;
  route->is_mount = is_mount;
  route->pattern = join_path(prefix_, pattern);
  for (const PatternToken& t : parse_path_pattern(route->pattern)) {
    if (t.is_param) route->path_params.push_back({t.text, t.type});
  }
  if (is_mount && !route->path_params.empty()) {
    throw std::invalid_argument("invalid mount prefix '" + route->pattern + "': parameters are not allowed");
  }
  route->handler = std::move(handler);
  route->options = std::move(options);
  return route;
}

void Router::publish(std::vector<std::shared_ptr<const Route>> next) {
  // Build first: a conflicting route throws here and nothing changes.
  auto table = std::make_shared<const RouteTable>(next, generation_ + 1);
  routes_ = std::move(next);
  ++generation_;
  table_.store(std::move(table));
}

RouteId Router::add_route(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
  ThreadLockGuard guard(write_mu_);
  auto route = make_route(method, pattern, std::move(handler), std::move(options), false);
  auto next = routes_;
  next.push_back(route);
  publish(std::move(next));
  return route->id;
}

RouteId Router::mount(std::string_view prefix, Handler handler) {
  std::string normalized(prefix);
  while (normalized.size() > 1 && normalized.back() == '/') normalized.pop_back();
  ThreadLockGuard guard(write_mu_);
  auto route = make_route(Method::Get, normalized, std::move(handler), {}, true);
  route->options.include_in_schema = false;
  auto next = routes_;
  next.push_back(route);
  publish(std::move(next));
  return route->id;
}

std::vector<RouteId> Router::include_router(const Router& other, std::string_view prefix,
                                            const std::vector<std::string>& tags) {
  // Read the other router's published table rather than its lock: no lock-order between routers.
  std::shared_ptr<const RouteTable> source = other.snapshot();
  ThreadLockGuard guard(write_mu_);
  auto next = routes_;
  std::vector<RouteId> ids;
  for (const auto& r : source->routes()) {
    RouteOptions options = r->options;
    options.tags.insert(options.tags.end(), tags.begin(), tags.end());
    auto route = make_route(r->method, join_path(prefix, r->pattern), r->handler, std::move(options), r->is_mount);
    ids.push_back(route->id);
    next.push_back(std::move(route));
  }
  publish(std::move(next));
  return ids;
}

bool Router::remove_route(RouteId id) {
  ThreadLockGuard guard(write_mu_);
  auto next = routes_;
  if (std::erase_if(next, [&](const auto& r) { return r->id == id; }) == 0) return false;
  publish(std::move(next));
  return true;
}

bool Router::remove_route(Method method, std::string_view pattern) {
  std::string full = join_path(prefix_, pattern);
  ThreadLockGuard guard(write_mu_);
  auto next = routes_;
  auto same = [&](const auto& r) { return !r->is_mount && r->method == method && r->pattern == full; };
  if (std::erase_if(next, same) == 0) return false;
  publish(std::move(next));
  return true;
}

RouteMatch Router::match(Method method, std::string_view path) const {
  RouteMatch m{table_.load(), {}};
  m.result = m.table->lookup(method, path);
  return m;
}

}  // namespace hawk
