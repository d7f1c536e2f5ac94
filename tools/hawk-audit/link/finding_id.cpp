#include "link/finding_id.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/xxhash.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace hawk::audit {

namespace {

std::string hex16(std::uint64_t hash) {
  std::string hex = llvm::utohexstr(hash, /*LowerCase=*/true);
  return std::string(16 - std::min<std::size_t>(16, hex.size()), '0') + hex;
}

std::string hash_parts(std::initializer_list<std::string_view> parts) {
  std::string joined;
  for (std::string_view part : parts) {
    joined.append(part);
    joined.push_back('\0');  // keeps ("ab","c") and ("a","bc") apart
  }
  return hex16(llvm::xxh3_64bits(llvm::StringRef(joined)));
}

}  // namespace

std::string normalise_line(std::string_view line) {
  std::string out;
  char quote = 0;  // inside a string or character literal: comment markers are text
  bool pending_space = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (!quote) {
      if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') break;
      if (c == '/' && i + 1 < line.size() && line[i + 1] == '*') {
        const std::size_t end = line.find("*/", i + 2);
        if (end == std::string_view::npos) break;
        i = end + 1;
        pending_space = true;
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(c))) {
        pending_space = true;
        continue;
      }
      if (c == '"' || c == '\'') quote = c;
    } else if (c == '\\' && i + 1 < line.size()) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
      out.push_back(line[++i]);
      continue;
    } else if (c == quote) {
      quote = 0;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string finding_id(std::string_view check, std::string_view location, std::string_view function,
                       std::string_view line_text) {
  return hash_parts({check, location, function, normalise_line(line_text)});
}

void number_identical_ids(std::vector<Finding>& findings) {
  std::map<std::string, std::vector<Finding*>> by_id;
  for (Finding& finding : findings) by_id[finding.id].push_back(&finding);
  for (auto& [id, same] : by_id) {
    std::sort(same.begin(), same.end(), [](const Finding* a, const Finding* b) {
      return std::tie(a->access.pos, a->access.kind) < std::tie(b->access.pos, b->access.kind);
    });
    for (std::size_t occurrence = 1; occurrence < same.size(); ++occurrence)
      same[occurrence]->id = hash_parts({id, std::to_string(occurrence + 1)});
  }
}

}  // namespace hawk::audit
