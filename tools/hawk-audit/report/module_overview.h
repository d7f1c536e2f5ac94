// The report's overview, one row per module: the inventory's verdicts, open and
// suppressed findings, TSan findings, the stress harness's outcome and the mutation score.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report/report_data.h"

namespace hawk::audit::report {

// The inventory's verdicts, in the order the overview shows them (safest first).
const std::vector<std::string>& known_verdicts();
// The verdicts the inventory uses, in known_verdicts()' order then any others; `unguarded`
// always (its zero is the point of the audit).
std::vector<std::string> verdict_columns(const std::vector<InventoryRow>& inventory);

struct MutationScore {
  unsigned mutants = 0;
  unsigned static_caught = 0;
  unsigned stress_run = 0;  // mutants whose harness ran (stress_caught not null)
  unsigned stress_caught = 0;
  std::optional<double> static_rate() const;
  std::optional<double> stress_rate() const;  // over stress_run
  void add(const Mutant& mutant);
};

struct ModuleRow {
  std::string module;  // empty: findings or mutants no module is known for
  unsigned locations = 0;
  std::map<std::string, unsigned> verdicts;
  unsigned open_findings = 0;
  unsigned suppressed_findings = 0;
  unsigned tsan_findings = 0;
  std::optional<StressOutcome> stress;  // nullopt: no stress results for it
  MutationScore mutation;
};

struct Overview {
  std::vector<std::string> verdicts;  // the columns
  std::vector<ModuleRow> modules;     // sorted by name, the one without a name last
  ModuleRow total;                    // every module together (its stress: failed if one failed)
};

Overview build_overview(const ReportData& data);

}  // namespace hawk::audit::report
