#include <llvm/Support/WithColor.h>

#include "cli/commands.h"
#include "cli/facts_file.h"
#include "cli/selected_units.h"

namespace hawk::audit {

ExitCode run_capture(const CommandArgs& args) {
  if (args.output.empty()) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << "capture needs -o FACTS.json\n";
    return kExitUsage;
  }
  auto units = capture_selected_units(args);
  if (!units) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(units.takeError()) << '\n';
    return kExitUsage;
  }
  if (llvm::Error error = write_facts_file(args.output, *units)) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(std::move(error)) << '\n';
    return kExitUsage;
  }
  // The errors travel in the facts file to `link`; they are shown here as well, and the
  // status says this shard is incomplete.
  bool incomplete = false;
  for (const TuFacts& unit : *units) {
    for (const CaptureError& error : unit.errors) {
      llvm::errs() << error.file << ": ";
      llvm::WithColor(llvm::errs(), llvm::HighlightColor::Error) << "error: ";
      llvm::errs() << error.message << '\n';
      incomplete = true;
    }
  }
  return incomplete ? kExitIncomplete : kExitClean;
}

}  // namespace hawk::audit
