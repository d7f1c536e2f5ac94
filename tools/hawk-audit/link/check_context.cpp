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

AccessReport CheckContext::report(const SharedAccess& access, const SourcePos* window,
                                  const SharedAccess* partner) const {
  const Access& a = *access.access;
  AccessReport report;
  report.pos = a.pos;
  report.function = program.function_name(a.written_in.empty() ? a.function : a.written_in);
  report.kind = a.kind;
  report.locks = access.locks;
  report.via = threads.via_for_pair(access.root, a.function, window,
                                    partner != nullptr ? state.onces_of(*partner) : std::vector<std::string_view>{},
                                    graph);
  for (const auto& [caller, call] : a.through_calls)  // seen from a caller: the calls down to it
    report.via.push_back({program.function_name(caller), call.file, call.line});
  report.runs_on = threads.report(access.root, a.function);
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
  // The chains shown are those of the first pair: through the window it runs in, if any.
  finding.access = report(access, races.empty() ? nullptr : races.front().own_window(),
                          races.empty() ? nullptr : &location.shared[races.front().other]);
  if (location.guard) finding.guard = location.guard->report();
  finding.id = finding_id(finding.check, finding.location_name, finding.access.function, access.access->line_text);
  for (std::size_t k = 0; k < races.size(); ++k)
    add_conflict(finding, location.shared[races[k].other], k == 0 ? races[k].other_window() : nullptr, &access);
  if (!races.empty()) finding.mhp = races.front().why->why;
  finding.confidence = confidence(location, *finding.access.runs_on,
                                  finding.conflicts.empty() ? nullptr : &*finding.conflicts.front().runs_on);
  return finding;
}

void CheckContext::add_conflict(Finding& finding, const SharedAccess& conflict, const SourcePos* window,
                                const SharedAccess* partner) const {
  if (finding.conflicts.size() >= kMaxConflicts) return;
  AccessReport other = report(conflict, window, partner);
  for (const AccessReport& listed : finding.conflicts)
    if (listed.pos == other.pos && listed.kind == other.kind && listed.runs_on->root == other.runs_on->root &&
        listed.runs_on->how == other.runs_on->how)
      return;
  finding.conflicts.push_back(std::move(other));
}

}  // namespace hawk::audit
