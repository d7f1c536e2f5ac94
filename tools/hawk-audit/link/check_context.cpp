#include "checks/check.h"
#include "link/finding_id.h"

namespace hawk::audit {

namespace {

// How sure a finding is: a guard inferred from a minority of the accesses is a weak
// claim; unknown callers are an assumption about code we do not see.
std::string confidence(const LocationState& location, const ThreadReport& a, const ThreadReport* b) {
  if (location.guard && location.guard->weak()) return "low";
  if (a.how == "unknown-callers" || (b != nullptr && b->how == "unknown-callers")) return "medium";
  return "high";
}

}  // namespace

AccessReport CheckContext::report(const SharedAccess& access) const {
  AccessReport report;
  report.pos = access.access->pos;
  report.function = program.function_name(access.access->function);
  report.kind = access.access->kind;
  report.locks = access.locks;
  report.via = threads.via(access.root, access.access->function);
  report.runs_on = threads.report(access.root, access.access->function);
  return report;
}

Finding CheckContext::finding(std::string_view check, const LocationState& location, std::size_t index,
                              std::string message, const std::vector<Partner>& races) const {
  const SharedAccess& access = location.shared[index];
  Finding finding;
  finding.check = std::string(check);
  finding.message = std::move(message);
  finding.location_name = location.location->name;
  finding.location_kind = location.location->kind;
  finding.access = report(access);
  if (location.guard) finding.guard = location.guard->report();
  finding.id = finding_id(finding.check, finding.location_name, finding.access.function, access.access->line_text);
  for (const Partner& partner : races) add_conflict(finding, location.shared[partner.other]);
  if (!races.empty()) finding.mhp = *races.front().why;
  finding.confidence = confidence(location, *finding.access.runs_on,
                                  finding.conflicts.empty() ? nullptr : &*finding.conflicts.front().runs_on);
  return finding;
}

void CheckContext::add_conflict(Finding& finding, const SharedAccess& conflict) const {
  if (finding.conflicts.size() >= kMaxConflicts) return;
  AccessReport other = report(conflict);
  for (const AccessReport& listed : finding.conflicts)
    if (listed.pos == other.pos && listed.kind == other.kind && listed.runs_on->root == other.runs_on->root &&
        listed.runs_on->how == other.runs_on->how)
      return;
  finding.conflicts.push_back(std::move(other));
}

}  // namespace hawk::audit
