#include "link/audit.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "checks/check.h"
#include "link/call_graph.h"
#include "link/concurrency.h"
#include "link/finding_id.h"
#include "link/inventory.h"
#include "link/once_runs.h"
#include "link/program.h"
#include "link/shared_state.h"
#include "link/source_paths.h"
#include "link/suppressions.h"

namespace hawk::audit {

namespace {

using AccessIdentity = std::tuple<std::string, SourcePos, AccessKind, std::string>;

AccessIdentity identity_of(const Finding& f) {
  return {f.location_name, f.access.pos, f.access.kind, f.access.function};
}

// Runs the checks in precedence order; an access already reported by an earlier check
// is not reported again.
std::vector<Finding> run_checks(const CheckContext& context) {
  std::vector<Finding> findings;
  std::set<AccessIdentity> reported;
  for (const auto& check : all_checks()) {
    std::vector<Finding> found;
    check->run(context, found);
    for (Finding& finding : found)
      if (reported.insert(identity_of(finding)).second) findings.push_back(std::move(finding));
  }
  return findings;
}

// --only files, or (with an explicit source root) the files under it.
void keep_in_scope(std::vector<Finding>& findings, const AuditOptions& options, const std::vector<std::string>& roots) {
  if (!options.only_files.empty()) {
    std::set<std::string, std::less<>> only;
    for (const std::string& file : options.only_files) only.insert(normalised_path(file));
    std::erase_if(findings, [&](const Finding& f) { return !only.count(normalised_path(f.access.pos.file)); });
  } else if (!options.source_roots.empty()) {
    std::erase_if(findings, [&](const Finding& f) {
      const std::string file = normalised_path(f.access.pos.file);
      return std::none_of(roots.begin(), roots.end(), [&](const std::string& root) { return is_under(file, root); });
    });
  }
}

}  // namespace

AuditResult audit(const std::vector<TuFacts>& units, const AuditOptions& options) {
  const Program program = merge_units(units);
  const CallGraph graph(program);
  const Concurrency concurrency(program, graph);
  const OnceRuns once_runs(program, graph, concurrency);
  const SharedState state(program, concurrency, once_runs);
  const CheckContext context{program, concurrency, state, graph};
  std::vector<std::string> roots;
  for (const std::string& root : options.source_roots) roots.push_back(normalised_path(root));
  if (roots.empty()) roots.push_back(common_directory(program.main_files));

  AuditResult result;
  result.findings = run_checks(context);
  number_identical_ids(result.findings);  // before scoping, so ids do not depend on it
  keep_in_scope(result.findings, options, roots);
  SuppressionIndex suppressions;
  apply_suppressions(result.findings, suppressions);
  std::sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.access.pos, a.check, a.location_name) < std::tie(b.access.pos, b.check, b.location_name);
  });
  result.inventory = build_inventory(state, roots);
  result.errors = program.errors;
  result.stats.translation_units = program.translation_units;
  result.stats.functions = program.functions.size();
  result.stats.accesses = program.accesses.size();
  return result;
}

}  // namespace hawk::audit
