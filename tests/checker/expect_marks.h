// The `// expect: <check>[, <check>...]` marks of a checker fixture, and the comparison of
// those marks with the findings hawk-audit reported. Header-only: shared by the runner and
// its unit test.
#pragma once

#include <algorithm>
#include <cstddef>
#include <istream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace hawk::checker {

// Every check id a mark may name: the four of issue 3 and the ones DESIGN.md plans, so a
// typo in a fixture is an error rather than a silently unmatched expectation.
inline const std::set<std::string>& known_checks() {
  static const std::set<std::string> ids = {
      "unguarded-write",   "unguarded-read",   "unprotected-shared-write", "non-atomic-rmw",
      "lazy-init-race",    "write-under-shared-lock", "guarded-ref-escape", "inconsistent-guard",
      "lock-order-inversion", "thread-unsafe-call"};
  return ids;
}

// One expected (or reported) diagnostic: a check at a line of the fixture.
struct Mark {
  unsigned line = 0;
  std::string check;
  friend auto operator<=>(const Mark&, const Mark&) = default;
  friend bool operator==(const Mark&, const Mark&) = default;
};

struct ParsedMarks {
  std::vector<Mark> marks;          // sorted; a check twice on a line means two findings
  std::vector<std::string> errors;  // "line N: ..." for malformed marks
};

inline std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

// A mark is `// expect:` followed by comma-separated check ids, to the end of the line.
inline ParsedMarks parse_marks(std::istream& in) {
  static const std::string kTag = "// expect:";
  ParsedMarks out;
  std::string text;
  unsigned line = 0;
  while (std::getline(in, text)) {
    ++line;
    const auto at = text.find(kTag);
    if (at == std::string::npos) continue;
    std::string rest = text.substr(at + kTag.size());
    std::size_t start = 0;
    while (start <= rest.size()) {
      const auto comma = rest.find(',', start);
      const std::string id = trim(rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (known_checks().count(id) != 0) {
        out.marks.push_back({line, id});
      } else {
        out.errors.push_back("line " + std::to_string(line) + ": unknown check '" + id + "' in expect mark");
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  std::sort(out.marks.begin(), out.marks.end());
  return out;
}

struct Comparison {
  std::vector<Mark> missed;      // expected, not reported
  std::vector<Mark> unexpected;  // reported, not expected
  bool ok() const { return missed.empty() && unexpected.empty(); }
};

// Multiset difference in both directions: one finding per offending access, so a line
// reported twice for the same check when marked once is an unexpected finding.
inline Comparison compare_marks(std::vector<Mark> expected, std::vector<Mark> reported) {
  std::sort(expected.begin(), expected.end());
  std::sort(reported.begin(), reported.end());
  Comparison c;
  std::set_difference(expected.begin(), expected.end(), reported.begin(), reported.end(),
                      std::back_inserter(c.missed));
  std::set_difference(reported.begin(), reported.end(), expected.begin(), expected.end(),
                      std::back_inserter(c.unexpected));
  return c;
}

}  // namespace hawk::checker
