#pragma once

#include <cstddef>
#include <vector>

namespace hawk::stress {

// One T per thread, each on its own cache line: a thread writes only its own slot while
// the run lasts, and the main thread reads them all after joining (which orders them).
template <class T>
class PerThread {
 public:
  explicit PerThread(int threads) : slots_(static_cast<std::size_t>(threads)) {}

  T& operator[](int thread) { return slots_[static_cast<std::size_t>(thread)].value; }
  const T& operator[](int thread) const { return slots_[static_cast<std::size_t>(thread)].value; }
  int size() const { return static_cast<int>(slots_.size()); }

  // Adds up a field (or anything) over all threads: sum([](const T& t) { return t.hits; }).
  template <class Fn>
  auto sum(Fn&& fn) const {
    decltype(fn(slots_.front().value)) total{};
    for (const Slot& s : slots_) total += fn(s.value);
    return total;
  }

 private:
  struct alignas(64) Slot {
    T value{};
  };
  std::vector<Slot> slots_;
};

}  // namespace hawk::stress
