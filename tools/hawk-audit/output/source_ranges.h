// Character ranges in the files findings name, for clang's SARIF writer: it takes
// CharSourceRanges, so the files are loaded into a SourceManager of their own.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceLocation.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/ADT/StringMap.h>

namespace hawk::audit {

class SourceRanges {
 public:
  SourceRanges();
  SourceRanges(const SourceRanges&) = delete;
  SourceRanges& operator=(const SourceRanges&) = delete;

  // The token at `line`:`column` (1-based byte column, as clang reports it) of `file`;
  // column 0: the line from its first non-blank character. nullopt when the file cannot
  // be read or no longer has that position (it changed since the analysis).
  std::optional<clang::CharSourceRange> range(const std::string& file, unsigned line, unsigned column);

  const clang::SourceManager& source_manager() const { return *sources_; }

 private:
  std::optional<clang::FileID> file_id(const std::string& file);

  clang::FileManager files_;
  clang::IgnoringDiagConsumer ignore_;
  std::unique_ptr<clang::DiagnosticsEngine> diagnostics_;
  std::unique_ptr<clang::SourceManager> sources_;
  llvm::StringMap<std::optional<clang::FileID>> ids_;  // each file opened once
};

}  // namespace hawk::audit
