#include "checks/check.h"
#include "link/finding_id.h"

namespace hawk::audit {

AccessReport CheckContext::report(const SharedAccess& access) const {
  AccessReport report;
  report.pos = access.access->pos;
  report.function = program.function_name(access.access->function);
  report.kind = access.access->kind;
  report.locks = access.locks;
  report.via = concurrency.via(access.access->function);
  return report;
}

Finding CheckContext::finding(std::string_view check, const LocationState& location, const SharedAccess& access,
                              std::string message) const {
  Finding finding;
  finding.check = std::string(check);
  finding.message = std::move(message);
  finding.location_name = location.location->name;
  finding.location_kind = location.location->kind;
  finding.access = report(access);
  if (location.guard) finding.guard = location.guard->report();
  finding.id = finding_id(finding.check, finding.location_name, finding.access.function, access.access->line_text);
  return finding;
}

void CheckContext::add_conflict(Finding& finding, const SharedAccess& conflict) const {
  if (finding.conflicts.size() >= kMaxConflicts) return;
  const Access& a = *conflict.access;
  if (a.pos == finding.access.pos && a.kind == finding.access.kind) return;
  finding.conflicts.push_back(report(conflict));
}

}  // namespace hawk::audit
