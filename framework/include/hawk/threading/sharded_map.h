#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "hawk/thread_annotations.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {

// A string-keyed map split into shards, each behind its own lock, so threads working on
// different keys rarely wait for each other. It holds at most max(max_entries, kShardCount)
// entries: a full shard first drops the entries its caller says are evictable (idle, so
// dropping them loses nothing), and only if most are busy, arbitrary ones.
template <class Value, std::size_t kShardCount = 16>
class ShardedMap {
 public:
  explicit ShardedMap(std::size_t max_entries)
      : shard_capacity_(std::max<std::size_t>(1, max_entries / kShardCount)) {}
  ShardedMap(const ShardedMap&) = delete;
  ShardedMap& operator=(const ShardedMap&) = delete;

  // Returns fn(Value&) for `key`'s value, inserting make() first when the key is absent.
  // fn runs with the shard locked: it must be quick and must not use this map.
  template <class Make, class Fn, class Evictable>
  auto update(std::string_view key, Make&& make, Fn&& fn, Evictable&& evictable) {
    Shard& shard = shard_for(key);
    ThreadLockGuard guard(shard.mu);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) {
      if (shard.entries.size() >= shard_capacity_) make_room(shard, evictable);
      it = shard.entries.emplace(std::string(key), make()).first;
    }
    return fn(it->second);
  }

  // A copy, not a reference: the value may change as soon as the shard is unlocked.
  std::optional<Value> get(std::string_view key) const {
    const Shard& shard = shard_for(key);
    ThreadLockGuard guard(shard.mu);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) return std::nullopt;
    return it->second;
  }

  // Exact once writers are quiet; shards are counted one after another.
  std::size_t size() const {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
      ThreadLockGuard guard(shard.mu);
      total += shard.entries.size();
    }
    return total;
  }

 private:
  struct KeyHash {
    using is_transparent = void;  // find() by string_view without building a std::string
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  struct alignas(64) Shard {
    mutable ThreadLock mu = maybe_thread_lock();
    std::unordered_map<std::string, Value, KeyHash, std::equal_to<>> entries GUARDED_BY(mu);
  };

  Shard& shard_for(std::string_view key) { return shards_[KeyHash{}(key) % kShardCount]; }
  const Shard& shard_for(std::string_view key) const { return shards_[KeyHash{}(key) % kShardCount]; }

  template <class Evictable>
  void make_room(Shard& shard, Evictable& evictable) REQUIRES(shard.mu) {
    std::erase_if(shard.entries, [&](const auto& entry) { return evictable(std::as_const(entry.second)); });
    // Still crowded with busy entries: drop arbitrary ones down to 7/8 of the capacity, so
    // the next full sweep is capacity/8 insertions away rather than the very next one.
    const std::size_t low_water = shard_capacity_ - std::max<std::size_t>(1, shard_capacity_ / 8);
    while (shard.entries.size() > low_water) shard.entries.erase(shard.entries.begin());
  }

  const std::size_t shard_capacity_;  // immutable after construction
  std::array<Shard, kShardCount> shards_;  // each Shard guards its entries with its own mu
};

}  // namespace hawk
