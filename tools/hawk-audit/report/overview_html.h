// The report's first section: summary cards, the table of modules (verdicts as a stacked
// bar and in columns, open findings, TSan findings, the stress harness, mutation scores)
// and the chart of mutation catch rates.
#pragma once

#include <string>

#include "report/module_overview.h"
#include "report/report_data.h"

namespace hawk::audit::report {

std::string overview_html(const ReportData& data, const Overview& overview);

// The CSS class of a verdict's colour (v-<verdict>, or v-other).
std::string verdict_class(const std::string& verdict);

// A stress outcome as a pill; nullopt: `none_text`.
std::string stress_pill(std::optional<StressOutcome> outcome, const char* none_text);

}  // namespace hawk::audit::report
