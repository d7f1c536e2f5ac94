#include "report/report_data.h"

#include <map>

namespace hawk::audit::report {
namespace {

// Where modules come from: the inventory, by location name and by file.
class ModuleLookup {
 public:
  explicit ModuleLookup(const std::vector<InventoryRow>& inventory) {
    for (const InventoryRow& row : inventory) {
      if (row.module.empty()) continue;
      by_name_.emplace(row.name, row.module);
      by_file_.emplace(row.file, row.module);
    }
  }

  std::string of(const FindingView& finding) const {
    if (auto it = by_name_.find(finding.location_name); it != by_name_.end()) return it->second;
    std::vector<const AccessView*> places = {&finding.access};
    for (const AccessView& other : finding.conflicts) places.push_back(&other);
    for (const AccessView* place : places) {
      for (const auto& [file, module] : by_file_) {
        if (same_file(file, place->file)) return module;
      }
    }
    return {};
  }

 private:
  std::map<std::string, std::string> by_name_;
  std::map<std::string, std::string> by_file_;
};

}  // namespace

ReportData join_report_data(AuditResults static_results, std::optional<AuditResults> tsan,
                            std::optional<MutationResults> mutation, std::optional<StressResults> stress) {
  ReportData data;
  data.static_results = std::move(static_results);
  data.tsan = std::move(tsan);
  data.mutation = std::move(mutation);
  data.stress = std::move(stress);

  const ModuleLookup modules(data.static_results.inventory);
  for (const FindingView& finding : data.static_results.findings) data.finding_modules.push_back(modules.of(finding));
  if (data.tsan) {
    data.tsan_matches = match_tsan_findings(data.static_results.findings, data.tsan->findings);
    data.tsan_modules.assign(data.tsan->findings.size(), std::string());
    // A matched TSan finding is in the module of (the first) static finding it goes with.
    for (std::size_t s = data.tsan_matches.by_static.size(); s-- > 0;) {
      for (std::size_t t : data.tsan_matches.by_static[s]) data.tsan_modules[t] = data.finding_modules[s];
    }
    for (std::size_t t : data.tsan_matches.unmatched) data.tsan_modules[t] = modules.of(data.tsan->findings[t]);
  }
  return data;
}

llvm::Expected<ReportData> load_report_data(const ReportInputs& inputs) {
  if (inputs.static_results.empty()) return llvm::createStringError("no static results: give --static FILE");
  auto static_results = load_audit_results(inputs.static_results);
  if (!static_results) return static_results.takeError();
  std::optional<AuditResults> tsan;
  if (!inputs.tsan_results.empty()) {
    auto loaded = load_audit_results(inputs.tsan_results);
    if (!loaded) return loaded.takeError();
    tsan = std::move(*loaded);
  }
  std::optional<MutationResults> mutation;
  if (!inputs.mutation_results.empty()) {
    auto loaded = load_mutation_results(inputs.mutation_results);
    if (!loaded) return loaded.takeError();
    mutation = std::move(*loaded);
  }
  std::optional<StressResults> stress;
  if (!inputs.stress_junit.empty()) {
    auto loaded = load_stress_results(inputs.stress_junit);
    if (!loaded) return loaded.takeError();
    stress = std::move(*loaded);
  }
  return join_report_data(std::move(*static_results), std::move(tsan), std::move(mutation), std::move(stress));
}

}  // namespace hawk::audit::report
