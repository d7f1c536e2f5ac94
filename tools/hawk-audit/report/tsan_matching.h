// Which ThreadSanitizer finding goes with which static finding: the same location (a
// global TSan names, equal to the static location's name), or a shared source position
// (file and line of the access or of any conflicting access, on either side). One TSan
// finding may go with several static ones (a race of a write and a read is a finding at
// each); one that goes with none is listed on its own.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report/audit_results.h"

namespace hawk::audit::report {

// Paths name the same file: equal once normalised, or one relative and the other ending
// in it (a static finding's absolute path, a log's path relative to its build).
bool same_file(const std::string& a, const std::string& b);

bool tsan_matches(const FindingView& static_finding, const FindingView& tsan_finding);

struct TsanMatches {
  std::vector<std::vector<std::size_t>> by_static;  // per static finding: indices into the TSan findings
  std::vector<std::size_t> unmatched;               // TSan findings no static finding has
};

TsanMatches match_tsan_findings(const std::vector<FindingView>& static_findings,
                                const std::vector<FindingView>& tsan_findings);

}  // namespace hawk::audit::report
