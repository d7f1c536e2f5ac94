#include <llvm/Support/WithColor.h>

#include "cli/annotate_command.h"
#include "cli/commands.h"
#include "cli/linked_result.h"
#include "cli/report.h"
#include "cli/selected_units.h"

namespace hawk::audit {

ExitCode run_check(const CommandArgs& args) {
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
  if (args.suggest_annotations && status != kExitUsage) print_annotation_suggestions(*units, args, llvm::outs());
  return status;
}

}  // namespace hawk::audit
