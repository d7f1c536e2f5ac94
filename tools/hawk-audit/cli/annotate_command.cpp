#include "cli/annotate_command.h"

#include <vector>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include "cli/command_line.h"
#include "cli/linked_result.h"
#include "cli/selected_units.h"
#include "cli/usage.h"
#include "link/annotations.h"

namespace hawk::audit {

void print_annotation_suggestions(const std::vector<TuFacts>& units, const CommandArgs& args, llvm::raw_ostream& out) {
  for (const AnnotationSuggestion& suggestion : suggest_annotations(units, audit_options(args, args.inputs)))
    out << format_suggestion(suggestion);
}

int run_annotate_cli(int argc, const char** argv, std::chrono::steady_clock::time_point started) {
  // annotate has exactly check's options: parse it as check.
  std::vector<const char*> as_check(argv, argv + argc);
  as_check[1] = "check";
  auto parsed = parse_command_line(as_check);
  if (!parsed) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(parsed.takeError()) << '\n';
    print_usage(llvm::errs());
    return kExitUsage;
  }
  parsed->args.started = started;
  return run_annotate(parsed->args);
}

ExitCode run_annotate(const CommandArgs& args) {
  auto units = capture_selected_units(args);
  if (!units) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(units.takeError()) << '\n';
    return kExitUsage;
  }
  for (const TuFacts& unit : *units)
    for (const CaptureError& error : unit.errors) llvm::errs() << error.file << ": error: " << error.message << '\n';
  const bool to_stdout = args.output.empty() || args.output == "-";
  llvm::Error written = llvm::writeToOutput(to_stdout ? "-" : args.output, [&](llvm::raw_ostream& out) {
    print_annotation_suggestions(*units, args, out);
    return llvm::Error::success();
  });
  if (written) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit")
        << "cannot write " << args.output << ": " << llvm::toString(std::move(written)) << '\n';
    return kExitUsage;
  }
  return kExitClean;  // suggestions are advice, never a failure
}

}  // namespace hawk::audit
