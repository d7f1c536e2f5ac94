// `hawk-audit gate --baseline FILE [RESULTS.json...]`: the CI gate. Exit 0 when no finding
// is new, 1 when one is (or a suppression has no reason), 2 on a usage error or a missing
// or corrupt baseline or results file, 3 when some unit could not be analysed and nothing
// else failed. --update-baseline writes the baseline from the results instead.
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include "cli/commands.h"
#include "gate/baseline.h"
#include "gate/gate.h"
#include "gate/gate_report.h"
#include "gate/results_file.h"

namespace hawk::audit {
namespace {

void print_errors(const std::vector<CaptureError>& errors) {
  for (const CaptureError& error : errors) {
    llvm::errs() << error.file << ": ";
    llvm::WithColor(llvm::errs(), llvm::HighlightColor::Error) << "error: ";
    llvm::errs() << error.message << '\n';
  }
}

ExitCode fail(llvm::Error error) {
  llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(std::move(error)) << '\n';
  return kExitUsage;
}

}  // namespace

ExitCode run_gate(const CommandArgs& args) {
  std::vector<std::string> inputs = args.inputs;
  if (inputs.empty()) inputs.push_back("-");  // `hawk-audit check --format json | hawk-audit gate ...`
  std::vector<AuditResult> results;
  for (const std::string& path : inputs) {
    llvm::Expected<AuditResult> result = read_results_file(path);
    if (!result) return fail(result.takeError());
    results.push_back(std::move(*result));
  }
  const AuditResult current = merge_results(results);

  // A missing baseline is an error, not an empty one (a mistyped path would fail every
  // accepted finding as new, and hide why), except when asked to create it.
  const bool exists = llvm::sys::fs::exists(args.baseline);
  Baseline previous;
  if (exists || !args.update_baseline) {
    llvm::Expected<Baseline> read = read_baseline(args.baseline);
    if (!read) return fail(read.takeError());
    previous = std::move(*read);
  }

  if (args.update_baseline) {
    const Baseline updated = baseline_from(current);
    if (llvm::Error error = write_baseline(updated, args.baseline)) {
      return fail(llvm::createStringError("cannot write baseline %s: %s", args.baseline.c_str(),
                                          llvm::toString(std::move(error)).c_str()));
    }
    const GateOutcome change = run_gate(current, previous);
    llvm::outs() << "gate: wrote " << updated.entries.size() << " finding" << (updated.entries.size() == 1 ? "" : "s")
                 << " to " << args.baseline << " (" << (exists ? "" : "created; ") << change.new_findings.size()
                 << " added, " << change.fixed.size() << " dropped)\n";
    print_errors(current.errors);
    // An incomplete analysis makes an incomplete baseline: written, but said.
    return current.errors.empty() ? kExitClean : kExitIncomplete;
  }

  const GateOutcome outcome = run_gate(current, previous);
  print_errors(outcome.errors);
  print_gate(outcome, args.baseline, llvm::outs(), llvm::outs().has_colors());
  if (outcome.fails()) return kExitFindings;
  return outcome.errors.empty() ? kExitClean : kExitIncomplete;
}

}  // namespace hawk::audit
