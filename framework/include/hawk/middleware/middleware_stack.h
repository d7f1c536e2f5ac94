#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "hawk/middleware/middleware.h"
#include "hawk/thread_annotations.h"
#include "hawk/threading/atomic_snapshot.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {

// The onion: the first middleware added is outermost, so it runs first on the way in and
// last on the way out. Requests run a frozen copy of the list (the pipeline), built on the
// first run() and again on the first run() after an add(); once built, run() takes no lock.
// A request keeps the pipeline it started with, even if add() is called meanwhile.
class MiddlewareStack {
 public:
  MiddlewareStack() = default;
  MiddlewareStack(const MiddlewareStack&) = delete;
  MiddlewareStack& operator=(const MiddlewareStack&) = delete;

  void add(std::shared_ptr<Middleware> middleware) EXCLUDES(mu_);
  Response run(Request& req, const Endpoint& endpoint) EXCLUDES(mu_);

  // How many times the pipeline has been built.
  std::uint64_t builds() const { return builds_.load(std::memory_order_relaxed); }
  std::size_t size() const EXCLUDES(mu_);

 private:
  using Pipeline = std::vector<std::shared_ptr<Middleware>>;

  std::shared_ptr<const Pipeline> pipeline() EXCLUDES(mu_);

  mutable ThreadLock mu_ = maybe_thread_lock();
  Pipeline added_ GUARDED_BY(mu_);
  // Null until built and after each add(). Written only under mu_, read without it.
  AtomicSnapshot<Pipeline> pipeline_;
  std::atomic<std::uint64_t> builds_{0};  // atomic: read without mu_
};

}  // namespace hawk
