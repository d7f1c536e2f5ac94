#include "report/module_overview.h"

#include <algorithm>

namespace hawk::audit::report {

const std::vector<std::string>& known_verdicts() {
  static const std::vector<std::string> verdicts = {"guarded",   "synchronised", "atomic",       "once-initialised",
                                                    "immutable", "read-only",    "thread-local", "unguarded"};
  return verdicts;
}

std::vector<std::string> verdict_columns(const std::vector<InventoryRow>& inventory) {
  const auto used = [&](const std::string& verdict) {
    return verdict == "unguarded" || std::any_of(inventory.begin(), inventory.end(),
                                                 [&](const InventoryRow& row) { return row.verdict == verdict; });
  };
  std::vector<std::string> columns;
  for (const std::string& verdict : known_verdicts()) {
    if (used(verdict)) columns.push_back(verdict);
  }
  for (const InventoryRow& row : inventory) {
    if (std::find(columns.begin(), columns.end(), row.verdict) == columns.end()) columns.push_back(row.verdict);
  }
  return columns;
}

std::optional<double> MutationScore::static_rate() const {
  if (mutants == 0) return std::nullopt;
  return static_cast<double>(static_caught) / mutants;
}

std::optional<double> MutationScore::stress_rate() const {
  if (stress_run == 0) return std::nullopt;
  return static_cast<double>(stress_caught) / stress_run;
}

void MutationScore::add(const Mutant& mutant) {
  ++mutants;
  if (mutant.static_caught) ++static_caught;
  if (mutant.stress_caught) {
    ++stress_run;
    if (*mutant.stress_caught) ++stress_caught;
  }
}

Overview build_overview(const ReportData& data) {
  Overview overview;
  overview.verdicts = verdict_columns(data.static_results.inventory);
  std::map<std::string, ModuleRow> rows;
  const auto row = [&](const std::string& module) -> ModuleRow& {
    ModuleRow& r = rows[module];
    r.module = module;
    return r;
  };
  for (const InventoryRow& entry : data.static_results.inventory) {
    ModuleRow& r = row(entry.module);
    ++r.locations;
    ++r.verdicts[entry.verdict];
  }
  for (std::size_t i = 0; i < data.static_results.findings.size(); ++i) {
    ModuleRow& r = row(data.finding_modules[i]);
    ++(data.static_results.findings[i].suppressed ? r.suppressed_findings : r.open_findings);
  }
  if (data.tsan) {
    for (std::size_t i = 0; i < data.tsan->findings.size(); ++i) {
      if (!data.tsan->findings[i].suppressed) ++row(data.tsan_modules[i]).tsan_findings;
    }
  }
  if (data.mutation) {
    for (const Mutant& mutant : data.mutation->mutants) row(mutant.module).mutation.add(mutant);
  }
  if (data.stress) {
    for (const StressTest& test : data.stress->tests) row(test.module);
    for (auto& [module, r] : rows) r.stress = module_outcome(*data.stress, module);
  }

  ModuleRow& total = overview.total;
  for (auto& [module, r] : rows) {
    total.locations += r.locations;
    for (const auto& [verdict, count] : r.verdicts) total.verdicts[verdict] += count;
    total.open_findings += r.open_findings;
    total.suppressed_findings += r.suppressed_findings;
    total.tsan_findings += r.tsan_findings;
    total.mutation.mutants += r.mutation.mutants;
    total.mutation.static_caught += r.mutation.static_caught;
    total.mutation.stress_run += r.mutation.stress_run;
    total.mutation.stress_caught += r.mutation.stress_caught;
    if (r.stress && (!total.stress || *r.stress == StressOutcome::Failed ||
                     (*r.stress == StressOutcome::Passed && *total.stress == StressOutcome::NotRun)))
      total.stress = r.stress;
    if (!module.empty()) overview.modules.push_back(r);
  }
  if (auto it = rows.find(""); it != rows.end()) overview.modules.push_back(it->second);
  return overview;
}

}  // namespace hawk::audit::report
