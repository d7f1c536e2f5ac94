#pragma once

#include <atomic>

namespace hawk::stress {

// How many operations of one kind (say, route writes) are in progress right now, so other
// threads can count how often they ran while one was: the proof that phases overlapped.
// Relaxed only: observing it must not order the threads it observes.
class Activity {
 public:
  class Scope {
   public:
    explicit Scope(Activity& a) : a_(&a) { a_->active_.fetch_add(1, std::memory_order_relaxed); }
    ~Scope() { a_->active_.fetch_sub(1, std::memory_order_relaxed); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Activity* a_;
  };

  [[nodiscard]] Scope enter() { return Scope(*this); }
  bool busy() const { return active_.load(std::memory_order_relaxed) > 0; }
  // Operations in progress, not counting the caller's own when it is inside one.
  int others(bool self_inside) const { return active_.load(std::memory_order_relaxed) - (self_inside ? 1 : 0); }

 private:
  std::atomic<int> active_{0};
};

}  // namespace hawk::stress
