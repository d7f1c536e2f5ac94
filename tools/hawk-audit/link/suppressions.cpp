#include "link/suppressions.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/MemoryBuffer.h>

namespace hawk::audit {

bool Suppression::covers(std::string_view check) const {
  for (llvm::StringRef named : checks) {
    named.consume_front("hawk-");  // the diagnostic's spelling works too
    if (named == "*" || named == llvm::StringRef(check.data(), check.size())) return true;
  }
  return false;
}

std::optional<Suppression> parse_suppression(std::string_view text) {
  llvm::StringRef line(text.data(), text.size());
  const std::size_t marker = line.find("hawk-audit:");
  if (marker == llvm::StringRef::npos) return std::nullopt;
  llvm::StringRef rest = line.drop_front(marker + llvm::StringRef("hawk-audit:").size()).ltrim();
  if (!rest.consume_front("ignore")) return std::nullopt;
  rest = rest.ltrim();
  if (!rest.consume_front("(")) return std::nullopt;
  const std::size_t close = rest.find(')');
  if (close == llvm::StringRef::npos) return std::nullopt;
  Suppression suppression;
  llvm::SmallVector<llvm::StringRef, 4> names;
  rest.take_front(close).split(names, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef name : names)
    if (!name.trim().empty()) suppression.checks.push_back(name.trim().str());
  rest = rest.drop_front(close + 1).ltrim();
  if (rest.consume_front(":")) {
    rest = rest.trim();
    rest.consume_back("*/");
    suppression.reason = rest.trim().str();
  }
  return suppression;
}

const std::vector<std::string>& SuppressionIndex::lines_of(const std::string& file) {
  auto [it, inserted] = files_.try_emplace(file);
  if (inserted) {
    if (auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/true)) {
      llvm::SmallVector<llvm::StringRef, 0> lines;
      (*buffer)->getBuffer().split(lines, '\n');
      for (llvm::StringRef line : lines) it->second.push_back(line.rtrim("\r").str());
    }
  }
  return it->second;
}

std::optional<Suppression> SuppressionIndex::find(const std::string& file, unsigned line, std::string_view check) {
  const std::vector<std::string>& lines = lines_of(file);
  if (line == 0 || line > lines.size()) return std::nullopt;
  if (auto on_line = parse_suppression(lines[line - 1]); on_line && on_line->covers(check)) return on_line;
  // The line above counts only when the comment is all it has: a trailing comment
  // there belongs to that line's own code.
  if (line >= 2) {
    const llvm::StringRef above = llvm::StringRef(lines[line - 2]).ltrim();
    if (above.starts_with("//") || above.starts_with("/*"))
      if (auto before = parse_suppression(above); before && before->covers(check)) return before;
  }
  return std::nullopt;
}

void apply_suppressions(std::vector<Finding>& findings, SuppressionIndex& index) {
  for (Finding& finding : findings) {
    auto suppression = index.find(finding.access.pos.file, finding.access.pos.line, finding.check);
    if (!suppression) continue;
    if (suppression->reason.empty()) {
      finding.suppression_without_reason = true;  // the gate fails on it
      finding.message +=
          " (suppression ignored: give a reason, `// hawk-audit: ignore(" + finding.check + "): <why this is safe>`)";
      continue;
    }
    finding.suppressed = true;
    finding.suppression_reason = suppression->reason;
  }
}

}  // namespace hawk::audit
