// Everything the HTML report shows, loaded and joined: the static results, and the
// optional TSan, mutation and stress results, with each finding's module and the TSan
// findings matched to the static ones.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <llvm/Support/Error.h>

#include "report/audit_results.h"
#include "report/mutation_results.h"
#include "report/stress_results.h"
#include "report/tsan_matching.h"

namespace hawk::audit::report {

// The input files; empty: not given.
struct ReportInputs {
  std::string static_results;  // `hawk-audit check --format json` (required)
  std::string tsan_results;    // `hawk-audit tsan --format json`
  std::string mutation_results;  // reports/mutation.json
  std::string stress_junit;      // `ctest -L stress --output-junit FILE`
};

struct ReportData {
  AuditResults static_results;
  std::optional<AuditResults> tsan;
  std::optional<MutationResults> mutation;
  std::optional<StressResults> stress;

  // Joined.
  std::vector<std::string> finding_modules;  // per static finding; empty: no module known
  std::vector<std::string> tsan_modules;     // per TSan finding
  TsanMatches tsan_matches;                  // empty when there are no TSan results
};

// Reads every given input; the first that is missing or malformed is the error, naming it.
llvm::Expected<ReportData> load_report_data(const ReportInputs& inputs);

// The join, for results already loaded.
ReportData join_report_data(AuditResults static_results, std::optional<AuditResults> tsan,
                            std::optional<MutationResults> mutation, std::optional<StressResults> stress);

}  // namespace hawk::audit::report
