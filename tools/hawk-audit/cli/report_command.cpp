// `hawk-audit report --static RESULTS.json [--tsan ...] [--mutation ...] [--stress-junit ...]
// -o FILE.html`: one self-contained HTML audit report (report/html_report.h renders it).
// Not to be confused with cli/report.cpp, which writes check's text/json/sarif output.
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include "cli/commands.h"
#include "report/html_report.h"
#include "report/report_data.h"

namespace hawk::audit {

ExitCode run_report(const CommandArgs& args) {
  report::ReportInputs inputs;
  inputs.static_results = args.static_results;
  inputs.tsan_results = args.tsan_results;
  inputs.mutation_results = args.mutation_results;
  inputs.stress_junit = args.stress_junit;
  auto data = report::load_report_data(inputs);
  if (!data) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(data.takeError()) << '\n';
    return kExitUsage;
  }

  const bool to_stdout = args.output.empty() || args.output == "-";
  report::HtmlReportOptions options;
  options.source_dirs = args.source_roots;
  if (!to_stdout) {
    const llvm::StringRef parent = llvm::sys::path::parent_path(args.output);
    options.report_dir = parent.empty() ? "." : parent.str();
  }
  const std::string page = report::render_html_report(*data, options);
  llvm::Error written = llvm::writeToOutput(to_stdout ? "-" : args.output, [&](llvm::raw_ostream& out) {
    out << page;
    return llvm::Error::success();
  });
  if (written) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit")
        << "cannot write " << args.output << ": " << llvm::toString(std::move(written)) << '\n';
    return kExitUsage;
  }
  return kExitClean;
}

}  // namespace hawk::audit
