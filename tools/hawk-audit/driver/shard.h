// `--shard K/N`: a CI matrix splits the units over N machines; machine K (1-based) takes
// every Nth unit of the sorted unit list, starting at the K-th.
#pragma once

#include <cstddef>
#include <vector>

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>

namespace hawk::audit {

struct Shard {
  unsigned index = 1;  // K, 1-based
  unsigned count = 1;  // N
};

// "K/N" with 1 <= K <= N; anything else is an error that quotes the text.
llvm::Expected<Shard> parse_shard(llvm::StringRef text);

inline bool in_shard(std::size_t position, Shard shard) { return position % shard.count == shard.index - 1; }

// The items of `sorted` that belong to `shard`; callers sort first so every machine agrees.
template <class T>
std::vector<T> take_shard(const std::vector<T>& sorted, Shard shard) {
  std::vector<T> taken;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (in_shard(i, shard)) taken.push_back(sorted[i]);
  }
  return taken;
}

}  // namespace hawk::audit
