// Source positions as facts carry them: absolute file paths, 1-based line and column of
// where a token was written by the user (a macro argument's spelling, else the macro's
// expansion), and the text of that line for stable finding ids.
#pragma once

#include <string>
#include <vector>

#include <clang/Basic/SourceLocation.h>
#include <llvm/ADT/DenseMap.h>

#include "model/facts.h"

namespace clang {
class FileManager;
class SourceManager;
}  // namespace clang

namespace hawk::audit {

class SourcePositions {
 public:
  explicit SourcePositions(const clang::SourceManager& sources) : sources_(sources) {}

  SourcePos pos(clang::SourceLocation location);
  // The whole source line holding `location`, whitespace runs collapsed to one space.
  std::string line_text(clang::SourceLocation location) const;
  bool in_system_header(clang::SourceLocation location) const;
  // Every file the translation unit read, absolute, sorted.
  std::vector<std::string> inputs() const;
  std::string main_file();

 private:
  std::string absolute_path(clang::FileID file);

  const clang::SourceManager& sources_;
  llvm::DenseMap<clang::FileID, std::string> paths_;
};

// `path` made absolute against the unit's working directory (its compile command's
// `directory`, not the process's), with `.`/`..` removed.
std::string normalised_absolute_path(const clang::FileManager& files, llvm::StringRef path);

}  // namespace hawk::audit
