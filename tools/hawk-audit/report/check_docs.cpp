#include "report/check_docs.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace hawk::audit::report {
namespace {

std::string absolute(const std::string& path) {
  llvm::SmallString<256> out(path.empty() ? "." : path);
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

// The `checks` folder holding the docs, at or above `dir`.
std::string find_checks_dir(std::string dir) {
  while (!dir.empty()) {
    llvm::SmallString<256> candidate(dir);
    llvm::sys::path::append(candidate, "checks");
    llvm::SmallString<256> marker(candidate);
    llvm::sys::path::append(marker, "unguarded-write.md");
    if (llvm::sys::fs::is_regular_file(marker)) return std::string(candidate);
    const llvm::StringRef parent = llvm::sys::path::parent_path(dir);
    if (parent == dir) break;
    dir = parent.str();
  }
  return {};
}

std::vector<std::string> components(const std::string& path) {
  std::vector<std::string> out;
  for (auto it = llvm::sys::path::begin(path), end = llvm::sys::path::end(path); it != end; ++it) {
    if (*it != "/") out.push_back(it->str());
  }
  return out;
}

}  // namespace

std::string check_doc_name(const std::string& check) {
  if (llvm::StringRef(check).starts_with("tsan-")) return "tsan.md";
  return check + ".md";
}

std::string relative_path(const std::string& from, const std::string& to) {
  const std::vector<std::string> a = components(from), b = components(to);
  std::size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  std::string out;
  for (std::size_t i = common; i < a.size(); ++i) out += "../";
  for (std::size_t i = common; i < b.size(); ++i) out += b[i] + (i + 1 < b.size() ? "/" : "");
  return out;
}

std::string url_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == '~' || c == '/';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 15];
    }
  }
  return out;
}

CheckDocs::CheckDocs(const std::string& report_dir, const std::vector<std::string>& search_from)
    : report_dir_(absolute(report_dir)) {
  std::vector<std::string> starts;
  for (const std::string& dir : search_from) starts.push_back(absolute(dir));
  starts.push_back(absolute("."));
  for (const std::string& start : starts) {
    checks_dir_ = find_checks_dir(start);
    if (!checks_dir_.empty()) break;
  }
}

std::optional<std::string> CheckDocs::href(const std::string& check) const {
  if (checks_dir_.empty() || check.empty()) return std::nullopt;
  llvm::SmallString<256> doc(checks_dir_);
  llvm::sys::path::append(doc, check_doc_name(check));
  if (!llvm::sys::fs::is_regular_file(doc)) return std::nullopt;
  return url_path(relative_path(report_dir_, std::string(doc)));
}

}  // namespace hawk::audit::report
