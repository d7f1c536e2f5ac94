#include "cli/report.h"

#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include "cli/inventory_summary.h"
#include "output/json_output.h"
#include "output/sarif_output.h"
#include "output/text_output.h"

namespace hawk::audit {

llvm::Error check_report_format(const std::string& format) {
  if (format == "text" || format == "json" || format == "sarif" || format == "summary") return llvm::Error::success();
  if (format == "html") {
    return llvm::createStringError(
        "--format html: write --format json, then `hawk-audit report --static FILE.json -o audit.html`");
  }
  return llvm::createStringError("unknown --format '%s'; use text, json, sarif or summary", format.c_str());
}

ExitCode write_report(const AuditResult& result, const std::string& format, const std::string& output) {
  for (const CaptureError& error : result.errors) {
    llvm::errs() << error.file << ": ";
    llvm::WithColor(llvm::errs(), llvm::HighlightColor::Error) << "error: ";
    llvm::errs() << error.message << '\n';
  }

  const bool to_stdout = output.empty() || output == "-";
  llvm::Error written = llvm::writeToOutput(to_stdout ? "-" : output, [&](llvm::raw_ostream& out) {
    if (format == "json") {
      out << to_json(result).dump(2) << '\n';
    } else if (format == "sarif") {
      print_sarif(result, out);
    } else if (format == "summary") {
      print_inventory_summary(result, out);
    } else if (to_stdout) {
      // The errors are on stderr already; a terminal would show them twice.
      AuditResult without_errors = result;
      without_errors.errors.clear();
      print_text(without_errors, out, llvm::outs().has_colors());
    } else {
      print_text(result, out, /*color=*/false);
    }
    return llvm::Error::success();
  });
  if (written) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit")
        << "cannot write " << output << ": " << llvm::toString(std::move(written)) << '\n';
    return kExitUsage;
  }

  if (!result.errors.empty()) return kExitIncomplete;
  for (const Finding& finding : result.findings) {
    if (!finding.suppressed) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace hawk::audit
