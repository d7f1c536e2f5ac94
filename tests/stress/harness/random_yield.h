#pragma once

#include <cstdint>
#include <thread>

namespace hawk::stress {

// A per-thread pseudo-random source (xorshift64*): no shared state, so drawing numbers
// never synchronises threads, and a run can be replayed from its seed.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed == 0 ? 0x9E3779B97F4A7C15ull : seed) {}

  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }
  // In [0, bound); bound > 0.
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

  // Gives the CPU away with probability p, so threads interleave at varying points
  // instead of running in lockstep.
  void maybe_yield(double p) {
    if (chance(p)) std::this_thread::yield();
  }

 private:
  std::uint64_t state_;
};

}  // namespace hawk::stress
