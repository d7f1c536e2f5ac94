#pragma once

#include <atomic>
#include <memory>
#include <utility>

namespace hawk {

// An immutable value published for lock-free readers: writers build a new T and swap it
// in; a reader's load() keeps the version it got alive for as long as it holds it, so it
// never sees a half-built value and never waits for a writer's rebuild.
template <class T>
class AtomicSnapshot {
 public:
  AtomicSnapshot() = default;
  explicit AtomicSnapshot(std::shared_ptr<const T> initial) : ptr_(std::move(initial)) {}
  AtomicSnapshot(const AtomicSnapshot&) = delete;
  AtomicSnapshot& operator=(const AtomicSnapshot&) = delete;

  std::shared_ptr<const T> load() const { return ptr_.load(std::memory_order_acquire); }
  void store(std::shared_ptr<const T> next) { ptr_.store(std::move(next), std::memory_order_release); }
  // Publishes `next` only if the current value is still `expected`.
  bool compare_exchange(std::shared_ptr<const T>& expected, std::shared_ptr<const T> next) {
    return ptr_.compare_exchange_strong(expected, std::move(next), std::memory_order_acq_rel,
                                        std::memory_order_acquire);
  }

 private:
  std::atomic<std::shared_ptr<const T>> ptr_;
};

}  // namespace hawk
