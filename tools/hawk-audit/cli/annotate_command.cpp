#include "cli/annotate_command.h"

#include <vector>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>

#include "cli/command_line.h"
#include "cli/linked_result.h"
#include "cli/report.h"
#include "cli/selected_units.h"
#include "cli/usage.h"
#include "driver/paths.h"
#include "link/annotations.h"

namespace hawk::audit {

namespace {

std::vector<AnnotationSuggestion> suggestions_for(const std::vector<TuFacts>& units, const CommandArgs& args) {
  AuditOptions options;
  for (const std::string& root : args.source_roots) options.source_roots.push_back(normalized_path(root));
  for (const std::string& file : args.inputs) options.only_files.push_back(normalized_path(file));
  return suggest_annotations(units, options);
}

void print_suggestions(const std::vector<AnnotationSuggestion>& suggestions, llvm::raw_ostream& out) {
  for (const AnnotationSuggestion& suggestion : suggestions) out << format_suggestion(suggestion);
}

}  // namespace

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
  const std::vector<AnnotationSuggestion> suggestions = suggestions_for(*units, args);
  const bool to_stdout = args.output.empty() || args.output == "-";
  llvm::Error written = llvm::writeToOutput(to_stdout ? "-" : args.output, [&](llvm::raw_ostream& out) {
    print_suggestions(suggestions, out);
    return llvm::Error::success();
  });
  if (written) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit")
        << "cannot write " << args.output << ": " << llvm::toString(std::move(written)) << '\n';
    return kExitUsage;
  }
  return kExitClean;  // suggestions are advice, never a failure
}

ExitCode run_check_suggesting(const CommandArgs& args) {
  if (llvm::Error error = check_report_format(args.format)) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(std::move(error)) << '\n';
    return kExitUsage;
  }
  auto units = capture_selected_units(args);
  if (!units) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(units.takeError()) << '\n';
    return kExitUsage;
  }
  const ExitCode status = write_report(link_units(*units, args, args.inputs), args.format, args.output);
  if (status == kExitUsage) return status;
  print_suggestions(suggestions_for(*units, args), llvm::outs());
  return status;
}

}  // namespace hawk::audit
