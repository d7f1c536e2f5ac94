#include "output/source_ranges.h"

#include <clang/Basic/DiagnosticIDs.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/Basic/LangOptions.h>
#include <clang/Lex/Lexer.h>

namespace hawk::audit {

SourceRanges::SourceRanges()
    : files_(clang::FileSystemOptions{}),
      diagnostics_(std::make_unique<clang::DiagnosticsEngine>(
          llvm::makeIntrusiveRefCnt<clang::DiagnosticIDs>(), llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>(),
          &ignore_, /*ShouldOwnClient=*/false)),
      sources_(std::make_unique<clang::SourceManager>(*diagnostics_, files_)) {}

std::optional<clang::FileID> SourceRanges::file_id(const std::string& file) {
  auto [it, inserted] = ids_.try_emplace(file);
  if (inserted && !file.empty()) {
    if (auto entry = files_.getOptionalFileRef(file, /*OpenFile=*/true)) {
      const clang::FileID id = sources_->getOrCreateFileID(*entry, clang::SrcMgr::C_User);
      // A directory, or a file that vanished between the stat and the read.
      if (id.isValid() && sources_->getBufferOrNone(id)) it->second = id;
    }
  }
  return it->second;
}

std::optional<clang::CharSourceRange> SourceRanges::range(const std::string& file, unsigned line, unsigned column) {
  if (line == 0) return std::nullopt;
  const std::optional<clang::FileID> id = file_id(file);
  if (!id) return std::nullopt;
  const llvm::StringRef text = sources_->getBufferData(*id);

  // The line's bytes: translateLineCol would clamp a stale position instead of failing.
  std::size_t start = 0;
  for (unsigned n = 1; n < line; ++n) {
    start = text.find('\n', start);
    if (start == llvm::StringRef::npos) return std::nullopt;
    ++start;
  }
  if (start >= text.size()) return std::nullopt;
  std::size_t end = text.find_first_of("\r\n", start);
  if (end == llvm::StringRef::npos) end = text.size();
  const llvm::StringRef content = text.slice(start, end);

  std::size_t first = 0;
  if (column == 0) {
    first = content.find_first_not_of(" \t");
    if (first == llvm::StringRef::npos) first = 0;
  } else if (column - 1 <= content.size()) {
    first = column - 1;
  } else {
    return std::nullopt;
  }
  const clang::SourceLocation begin = sources_->getLocForStartOfFile(*id).getLocWithOffset(start + first);
  std::size_t length = content.size() - first;  // column 0: the rest of the line
  if (column != 0) {
    clang::LangOptions lang;
    lang.CPlusPlus = lang.CPlusPlus20 = true;
    const unsigned token = clang::Lexer::MeasureTokenLength(begin, *sources_, lang);
    length = std::min<std::size_t>(std::max(token, 1u), content.size() - first);
  }
  return clang::CharSourceRange::getCharRange(begin, begin.getLocWithOffset(static_cast<int>(length)));
}

}  // namespace hawk::audit
