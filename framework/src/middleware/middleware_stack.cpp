#include "hawk/middleware/middleware_stack.h"

#include <utility>

namespace hawk {

void MiddlewareStack::add(std::shared_ptr<Middleware> middleware) {
  ThreadLockGuard guard(mu_);
  added_.push_back(std::move(middleware));
  pipeline_.store(nullptr);  // under mu_, so a build in progress cannot resurrect the old list
}

Response MiddlewareStack::run(Request& req, const Endpoint& endpoint) {
  const std::shared_ptr<const Pipeline> current = pipeline();  // keeps it alive to the end
  return Next(*current, endpoint)(req);
}

std::size_t MiddlewareStack::size() const {
  ThreadLockGuard guard(mu_);
  return added_.size();
}

std::shared_ptr<const MiddlewareStack::Pipeline> MiddlewareStack::pipeline() {
  if (std::shared_ptr<const Pipeline> built = pipeline_.load()) return built;
  ThreadLockGuard guard(mu_);
  // Checked again under mu_: another thread may have built it while we waited.
  if (std::shared_ptr<const Pipeline> built = pipeline_.load()) return built;
  auto built = std::make_shared<const Pipeline>(added_);
  pipeline_.store(built);
  builds_.fetch_add(1, std::memory_order_relaxed);
  return built;
}

}  // namespace hawk
