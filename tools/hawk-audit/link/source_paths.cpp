#include "link/source_paths.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace hawk::audit {

std::string normalised_path(std::string_view path) {
  if (path.empty()) return {};
  llvm::SmallString<256> out(path);
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  while (out.size() > 1 && llvm::sys::path::is_separator(out.back())) out.pop_back();
  return std::string(out);
}

std::string common_directory(const std::vector<std::string>& files) {
  std::vector<std::string> common;
  bool first = true;
  for (const std::string& file : files) {
    const std::string directory = std::string(llvm::sys::path::parent_path(normalised_path(file)));
    std::vector<std::string> parts;
    for (auto it = llvm::sys::path::begin(directory), end = llvm::sys::path::end(directory); it != end; ++it)
      parts.emplace_back(*it);
    if (first) {
      common = std::move(parts);
      first = false;
      continue;
    }
    std::size_t same = 0;
    while (same < common.size() && same < parts.size() && common[same] == parts[same]) ++same;
    common.resize(same);
  }
  llvm::SmallString<256> out;
  for (const std::string& part : common) llvm::sys::path::append(out, part);
  return std::string(out);
}

bool is_under(std::string_view file, std::string_view directory) {
  if (directory.empty()) return false;
  if (directory == "/") return !file.empty() && file.front() == '/';
  return file.size() > directory.size() && file.substr(0, directory.size()) == directory &&
         llvm::sys::path::is_separator(file[directory.size()]);
}

std::string module_of(std::string_view file, const std::vector<std::string>& roots) {
  std::string_view root;
  for (const std::string& candidate : roots)
    if (is_under(file, candidate) && candidate.size() >= root.size()) root = candidate;
  if (root.empty()) return "(external)";
  std::string_view rest = file.substr(root == "/" ? 1 : root.size() + 1);
  const std::size_t slash = rest.find('/');
  return std::string(slash == std::string_view::npos ? rest : rest.substr(0, slash));
}

}  // namespace hawk::audit
