#include "dynamic/tsan_logs.h"

#include "dynamic/module_symbolizer.h"
#include "dynamic/project_frames.h"
#include "dynamic/tsan_findings.h"
#include "dynamic/tsan_log_reader.h"
#include "dynamic/tsan_report_parser.h"

namespace hawk::audit {
namespace {

std::string report_name(const TsanReport& report) {
  std::string name = "the '" + (report.title.empty() ? std::string("ThreadSanitizer") : report.title) + "' report";
  if (report.pid) name += " of process " + std::to_string(report.pid);
  return name;
}

void report_problems(const TsanReport& report, std::vector<CaptureError>& errors) {
  const std::string at = "line " + std::to_string(report.line) + ": ";
  if (report.truncated) {
    errors.push_back({report.log, at + report_name(report) +
                                      " is cut short (the log ends, or the process's next report starts, before "
                                      "its SUMMARY line); its finding holds what was read"});
  }
  if (report.unrecognised_count) {
    std::string message = at + std::to_string(report.unrecognised_count) + " line" +
                          (report.unrecognised_count == 1 ? "" : "s") + " of " + report_name(report) +
                          " not understood";
    if (!report.unrecognised.empty()) message += ", the first at " + report.unrecognised.front();
    errors.push_back({report.log, message});
  }
}

}  // namespace

AuditResult analyse_tsan_logs(const std::vector<TsanLogInput>& logs, const TsanOptions& options) {
  AuditResult result;
  const ProjectFrames frames(options.source_roots);
  ModuleSymbolizer symbolizer(options.binaries);
  TsanFindingSet findings;
  std::size_t reports = 0;
  for (const TsanLogInput& log : logs) {
    const TsanLog read = read_tsan_log(log.text);
    for (const TsanBlock& block : read.blocks) {
      TsanReport report = parse_tsan_report(block, log.name);
      symbolize_report(report, symbolizer);
      report_problems(report, result.errors);
      findings.add(tsan_finding(report, frames));
      ++reports;
    }
    for (const TsanLogProblem& problem : read.problems) {
      result.errors.push_back({log.name, "line " + std::to_string(problem.line) + ": " + problem.message});
    }
    // Binary data with no report in it: most likely not a log at all.
    if (read.blocks.empty() && read.replaced_bytes * 4 > log.text.size() && read.replaced_bytes > 16) {
      result.errors.push_back({log.name, "not a text log: " + std::to_string(read.replaced_bytes) + " of its " +
                                             std::to_string(log.text.size()) +
                                             " bytes are binary, and it holds no ThreadSanitizer report"});
    }
  }
  result.findings = findings.take();
  result.stats.logs = logs.size();
  result.stats.reports = reports;
  return result;
}

}  // namespace hawk::audit
