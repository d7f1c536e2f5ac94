#include "capture/source_positions.h"

#include <algorithm>

#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace hawk::audit {

std::string normalised_absolute_path(const clang::FileManager& files, llvm::StringRef path) {
  llvm::SmallString<256> absolute(path);
  files.makeAbsolutePath(absolute);
  llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
  return std::string(absolute);
}

std::string SourcePositions::absolute_path(clang::FileID file) {
  auto cached = paths_.find(file);
  if (cached != paths_.end()) return cached->second;
  std::string path;
  if (auto entry = sources_.getFileEntryRefForID(file)) path = normalised_absolute_path(sources_.getFileManager(), entry->getName());
  paths_.try_emplace(file, path);
  return path;
}

SourcePos SourcePositions::pos(clang::SourceLocation location) {
  if (location.isInvalid()) return {};
  clang::SourceLocation written = sources_.getFileLoc(location);
  auto [file, offset] = sources_.getDecomposedLoc(written);
  bool invalid = false;
  unsigned line = sources_.getLineNumber(file, offset, &invalid);
  unsigned column = invalid ? 0 : sources_.getColumnNumber(file, offset, &invalid);
  return {absolute_path(file), invalid ? 0 : line, invalid ? 0 : column};
}

std::string SourcePositions::line_text(clang::SourceLocation location) const {
  if (location.isInvalid()) return {};
  auto [file, offset] = sources_.getDecomposedLoc(sources_.getFileLoc(location));
  bool invalid = false;
  llvm::StringRef buffer = sources_.getBufferData(file, &invalid);
  if (invalid || offset > buffer.size()) return {};
  size_t begin = buffer.rfind('\n', offset);  // the last newline before `offset`
  begin = begin == llvm::StringRef::npos ? 0 : begin + 1;
  size_t end = buffer.find('\n', offset);
  if (end == llvm::StringRef::npos) end = buffer.size();
  std::string text;
  bool pending_space = false;
  for (char c : buffer.slice(begin, end)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = !text.empty();
      continue;
    }
    if (pending_space) text += ' ';
    pending_space = false;
    text += c;
  }
  return text;
}

bool SourcePositions::in_system_header(clang::SourceLocation location) const {
  return location.isValid() && sources_.isInSystemHeader(sources_.getFileLoc(location));
}

std::vector<std::string> SourcePositions::inputs() const {
  std::vector<std::string> files;
  for (auto entry = sources_.fileinfo_begin(); entry != sources_.fileinfo_end(); ++entry)
    files.push_back(normalised_absolute_path(sources_.getFileManager(), entry->first.getName()));
  if (auto main = sources_.getFileEntryRefForID(sources_.getMainFileID()))
    files.push_back(normalised_absolute_path(sources_.getFileManager(), main->getName()));
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::string SourcePositions::main_file() { return absolute_path(sources_.getMainFileID()); }

}  // namespace hawk::audit
