#include "driver/shard.h"

namespace hawk::audit {

llvm::Expected<Shard> parse_shard(llvm::StringRef text) {
  auto [index_text, count_text] = text.split('/');
  Shard shard;
  // getAsInteger returns true on failure (it also rejects signs and trailing junk).
  if (count_text.empty() || index_text.getAsInteger(10, shard.index) || count_text.getAsInteger(10, shard.count) ||
      shard.count == 0 || shard.index == 0 || shard.index > shard.count) {
    return llvm::createStringError("invalid --shard '%s': expected K/N with 1 <= K <= N, e.g. 2/4",
                                   text.str().c_str());
  }
  return shard;
}

}  // namespace hawk::audit
