#include "gate/gate.h"

#include <llvm/ADT/StringMap.h>

namespace hawk::audit {
namespace {

bool lacks_reason(const Finding& finding) {
  return finding.suppression_without_reason || (finding.suppressed && finding.suppression_reason.empty());
}

}  // namespace

GateOutcome run_gate(const AuditResult& current, const Baseline& baseline) {
  GateOutcome outcome;
  outcome.errors = current.errors;
  llvm::StringMap<const Finding*> found;
  for (const Finding& finding : current.findings) {
    found[finding.id] = &finding;
    if (lacks_reason(finding)) {
      outcome.without_reason.push_back(finding);
    } else if (finding.suppressed) {
      ++outcome.suppressed;
    } else if (baseline.contains(finding.id)) {
      ++outcome.baselined;
    } else {
      outcome.new_findings.push_back(finding);
    }
  }
  for (const BaselineEntry& entry : baseline.entries) {
    auto it = found.find(entry.id);
    if (it == found.end()) {
      outcome.fixed.push_back({entry, false});
    } else if (it->second->suppressed && !lacks_reason(*it->second)) {
      outcome.fixed.push_back({entry, true});
    }
  }
  return outcome;
}

}  // namespace hawk::audit
