// The gate's decision: current findings against the baseline, by stable id.
//   new                     unsuppressed, not in the baseline: fail (exit 1)
//   without a reason        a suppression comment that gives no reason, so it was ignored
//                           (or, in hand-made results, suppressed with an empty reason):
//                           fail (exit 1), baselined or not — a reason is required
//   baselined               unsuppressed and in the baseline: accepted
//   fixed                   in the baseline, no longer reported (or now suppressed): stale
//                           entries, listed so the baseline can be updated; never fail
//   errors                  units (or logs) that could not be analysed: exit 3 when
//                           nothing else fails, as check does — the rest is still gated
#pragma once

#include <cstddef>
#include <vector>

#include "gate/baseline.h"
#include "model/findings.h"

namespace hawk::audit {

struct StaleEntry {
  BaselineEntry entry;
  bool now_suppressed = false;  // still found, but a suppression with a reason covers it
};

struct GateOutcome {
  std::vector<Finding> new_findings;
  std::vector<Finding> without_reason;
  std::vector<StaleEntry> fixed;
  std::size_t baselined = 0;
  std::size_t suppressed = 0;
  std::vector<CaptureError> errors;

  // New findings or suppressions without a reason (errors alone do not fail it).
  bool fails() const { return !new_findings.empty() || !without_reason.empty(); }
};

GateOutcome run_gate(const AuditResult& current, const Baseline& baseline);

}  // namespace hawk::audit
