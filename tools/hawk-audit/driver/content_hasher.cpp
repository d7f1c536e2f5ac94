#include "driver/content_hasher.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/BLAKE3.h>
#include <llvm/Support/MemoryBuffer.h>

namespace hawk::audit {

std::string content_hash(llvm::StringRef bytes) {
  const auto digest = llvm::BLAKE3::hash<16>(llvm::arrayRefFromStringRef(bytes));
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::optional<std::string> ContentHasher::hash_file(llvm::StringRef path) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = known_.find(path); it != known_.end()) return it->second;
  }
  std::optional<std::string> hash;
  // Not memory-mapped: a header being rewritten while we read must not crash us.
  if (auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false,
                                                /*IsVolatile=*/true)) {
    hash = content_hash((*buffer)->getBuffer());
  }
  std::lock_guard lock(mutex_);
  return known_.try_emplace(path, hash).first->second;
}

std::string ContentHasher::hash_contents(llvm::StringRef path, llvm::StringRef bytes) {
  std::string hash = content_hash(bytes);
  std::lock_guard lock(mutex_);
  known_.insert_or_assign(path, hash);
  return hash;
}

}  // namespace hawk::audit
