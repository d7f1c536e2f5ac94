#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace hawk::stress {

// Lines threads up at numbered rounds without synchronising them. A barrier built on a
// mutex or a condition variable would order everything before it in every thread before
// everything after it in every other thread: ThreadSanitizer would then see no race
// across it. Here arrivals are counted and polled with relaxed atomics only, which
// ThreadSanitizer treats as creating no happens-before edge, so the threads leave a
// round together in time but unordered in the memory model.
//
// Round 0 is the start line. Parties must arrive at rounds 0, 1, 2, ... in order. A party
// that stops early calls leave(); from then on nobody waits, so no one spins forever on it.
class Rendezvous {
 public:
  explicit Rendezvous(int parties) : parties_(parties) {}
  Rendezvous(const Rendezvous&) = delete;
  Rendezvous& operator=(const Rendezvous&) = delete;

  // Returns once every party has arrived at `round` (or one has left).
  void arrive(std::uint64_t round) {
    arrivals_.fetch_add(1, std::memory_order_relaxed);
    // Nobody passes round r before all arrived at it, so the first time the total reaches
    // (r + 1) * parties every party has arrived at r and none yet at r + 1.
    const std::uint64_t all_here = (round + 1) * static_cast<std::uint64_t>(parties_);
    // Poll busily for a moment first, so threads on different cores leave in the same
    // instant; then yield, so a thread waiting on a busy machine lets the others run.
    for (int polls = 0; !done(all_here); ++polls) {
      if (polls >= kBusyPolls) std::this_thread::yield();
    }
  }

  void leave() { left_.store(true, std::memory_order_relaxed); }

 private:
  static constexpr int kBusyPolls = 200;

  bool done(std::uint64_t all_here) const {
    return arrivals_.load(std::memory_order_relaxed) >= all_here || left_.load(std::memory_order_relaxed);
  }

  const int parties_;
  std::atomic<std::uint64_t> arrivals_{0};
  std::atomic<bool> left_{false};
};

}  // namespace hawk::stress
