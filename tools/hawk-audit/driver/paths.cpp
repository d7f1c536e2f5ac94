#include "driver/paths.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace hawk::audit {

std::string normalized_path(llvm::StringRef path, llvm::StringRef base, bool resolve_dot_dot) {
  llvm::SmallString<256> result(path);
  if (!llvm::sys::path::is_absolute(result)) {
    if (base.empty()) {
      llvm::sys::fs::make_absolute(result);
    } else {
      llvm::SmallString<256> joined(base);
      llvm::sys::fs::make_absolute(joined);
      llvm::sys::path::append(joined, result);
      result = joined;
    }
  }
  llvm::sys::path::remove_dots(result, resolve_dot_dot);
  llvm::sys::path::native(result);
  return std::string(result);
}

}  // namespace hawk::audit
