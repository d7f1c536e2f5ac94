// The whole report page: one self-contained HTML file (inline CSS, one inline script, SVG
// charts; no network, no external asset) rendered from ReportData.
#pragma once

#include <string>
#include <vector>

#include "report/report_data.h"

namespace hawk::audit::report {

struct HtmlReportOptions {
  std::vector<std::string> source_dirs;  // where relative source paths resolve (then the working directory)
  std::string report_dir = ".";          // the folder the page is written to (links to the checks' docs)
  unsigned context_lines = 4;            // source lines shown before and after each access
};

std::string render_html_report(const ReportData& data, const HtmlReportOptions& options);

}  // namespace hawk::audit::report
