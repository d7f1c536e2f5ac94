#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace hawk {

// A counter that many threads bump at once without fighting over one cache line: each
// thread adds to its own shard and value() sums them. Exact once writers are quiet.
class ShardedCounter {
 public:
  void add(std::int64_t n = 1) { shards_[shard_index()].value.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t value() const {
    std::int64_t sum = 0;
    for (const Shard& s : shards_) sum += s.value.load(std::memory_order_relaxed);
    return sum;
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct alignas(64) Shard {
    std::atomic<std::int64_t> value{0};
  };
  static std::size_t shard_index();

  std::array<Shard, kShards> shards_{};
};

}  // namespace hawk
