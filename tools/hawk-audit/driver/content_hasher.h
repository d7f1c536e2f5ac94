// Content hashes of source files (BLAKE3, hex), memoised for one run: the units of a
// project share most headers, and a warm cache run hashes each of them once.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringRef.h>

namespace hawk::audit {

std::string content_hash(llvm::StringRef bytes);

class ContentHasher {
 public:
  // The hash of the file as it is on disk now; nullopt when it cannot be read.
  std::optional<std::string> hash_file(llvm::StringRef path);
  // Records what a unit actually read, so later lookups in this run agree with it.
  std::string hash_contents(llvm::StringRef path, llvm::StringRef bytes);

 private:
  std::mutex mutex_;
  llvm::StringMap<std::optional<std::string>> known_;
};

}  // namespace hawk::audit
