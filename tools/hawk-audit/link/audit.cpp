#include "link/audit.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <llvm/Support/Regex.h>

#include "checks/check.h"
#include "link/call_graph.h"
#include "link/finding_id.h"
#include "link/inventory.h"
#include "link/program_analysis.h"
#include "link/program.h"
#include "link/shared_state.h"
#include "link/source_paths.h"
#include "link/suppressions.h"
#include "link/threads.h"

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

// Findings are reported wherever the code is, headers included (capture keeps nothing of
// system headers). The selection narrows that: the files named on the command line
// (their units' files; headers stay), an explicit source root, --header-filter. Returns
// how many it left out.
std::size_t keep_in_scope(std::vector<Finding>& findings, const AuditOptions& options,
                          const std::vector<std::string>& roots, const std::vector<std::string>& main_files) {
  std::set<std::string, std::less<>> units;
  for (const std::string& file : main_files) units.insert(normalised_path(file));
  std::set<std::string, std::less<>> only;
  for (const std::string& file : options.only_files) only.insert(normalised_path(file));
  const llvm::Regex header_filter(options.header_filter);
  const std::size_t before = findings.size();
  std::erase_if(findings, [&](const Finding& f) {
    const std::string file = normalised_path(f.access.pos.file);
    const bool header = units.count(file) == 0;
    if (!header && !only.empty() && only.count(file) == 0) return true;
    if (header && !options.header_filter.empty() && !header_filter.match(file)) return true;
    return !options.source_roots.empty() &&
           std::none_of(roots.begin(), roots.end(), [&](const std::string& root) { return is_under(file, root); });
  });
  return before - findings.size();
}

}  // namespace

AuditResult audit(const std::vector<TuFacts>& units, const AuditOptions& options) {
  const ProgramAnalysis analysis(units, options.library);
  const Program& program = analysis.program;
  const SharedState& state = analysis.state;
  const CheckContext context{program, analysis.threads, state, analysis.graph};
  std::vector<std::string> roots;
  for (const std::string& root : options.source_roots) roots.push_back(normalised_path(root));
  if (roots.empty()) roots.push_back(common_directory(program.main_files));

  AuditResult result;
  result.findings = run_checks(context);
  number_identical_ids(result.findings);  // before scoping, so ids do not depend on it
  const std::size_t hidden = keep_in_scope(result.findings, options, roots, program.main_files);
  SuppressionIndex suppressions;
  apply_suppressions(result.findings, suppressions);
  // Surest first (a weakly inferred guard ranks last), then in source order.
  auto rank = [](const Finding& f) { return f.confidence == "low" ? 2 : f.confidence == "medium" ? 1 : 0; };
  std::sort(result.findings.begin(), result.findings.end(), [&](const Finding& a, const Finding& b) {
    return std::make_tuple(rank(a), std::cref(a.access.pos), std::cref(a.check), std::cref(a.location_name)) <
           std::make_tuple(rank(b), std::cref(b.access.pos), std::cref(b.check), std::cref(b.location_name));
  });
  result.inventory = build_inventory(state, roots);
  result.errors = program.errors;
  result.stats.translation_units = program.translation_units;
  result.stats.functions = program.functions.size();
  result.stats.accesses = program.accesses.size();
  result.stats.hidden = hidden;
  return result;
}

}  // namespace hawk::audit
