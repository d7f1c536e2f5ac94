#include "hawk/threading/sharded_counter.h"

namespace hawk {

std::size_t ShardedCounter::shard_index() {
  // Threads take shards round-robin on first use; thread_local, so no sharing.
  static std::atomic<std::size_t> next_shard{0};
  thread_local const std::size_t index = next_shard.fetch_add(1, std::memory_order_relaxed) % kShards;
  return index;
}

}  // namespace hawk
