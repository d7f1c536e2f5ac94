#include "report/tsan_matching.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Path.h>

namespace hawk::audit::report {
namespace {

std::string normalised(const std::string& path) {
  llvm::SmallString<256> out(path);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

// Every (file, line) a finding points at: its access and its conflicting accesses.
std::vector<const AccessView*> accesses(const FindingView& finding) {
  std::vector<const AccessView*> out = {&finding.access};
  for (const AccessView& other : finding.conflicts) out.push_back(&other);
  return out;
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  const std::string x = normalised(a), y = normalised(b);
  if (x == y) return true;
  const bool x_absolute = llvm::sys::path::is_absolute(x), y_absolute = llvm::sys::path::is_absolute(y);
  if (x_absolute == y_absolute) return false;
  const std::string& longer = x_absolute ? x : y;
  const std::string& relative = x_absolute ? y : x;
  return llvm::StringRef(longer).ends_with("/" + relative);
}

bool tsan_matches(const FindingView& static_finding, const FindingView& tsan_finding) {
  if (tsan_finding.location_kind == "global" && !tsan_finding.location_name.empty() &&
      tsan_finding.location_name == static_finding.location_name)
    return true;
  for (const AccessView* mine : accesses(static_finding)) {
    for (const AccessView* theirs : accesses(tsan_finding)) {
      if (mine->line != 0 && mine->line == theirs->line && same_file(mine->file, theirs->file)) return true;
    }
  }
  return false;
}

TsanMatches match_tsan_findings(const std::vector<FindingView>& static_findings,
                                const std::vector<FindingView>& tsan_findings) {
  TsanMatches matches;
  matches.by_static.resize(static_findings.size());
  for (std::size_t t = 0; t < tsan_findings.size(); ++t) {
    bool matched = false;
    for (std::size_t s = 0; s < static_findings.size(); ++s) {
      if (!tsan_matches(static_findings[s], tsan_findings[t])) continue;
      matches.by_static[s].push_back(t);
      matched = true;
    }
    if (!matched) matches.unmatched.push_back(t);
  }
  return matches;
}

}  // namespace hawk::audit::report
