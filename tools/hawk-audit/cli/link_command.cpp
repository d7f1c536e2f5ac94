#include <llvm/Support/WithColor.h>

#include "cli/commands.h"
#include "cli/facts_file.h"
#include "cli/linked_result.h"
#include "cli/report.h"

namespace hawk::audit {

ExitCode run_link(const CommandArgs& args) {
  if (llvm::Error error = check_report_format(args.format)) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(std::move(error)) << '\n';
    return kExitUsage;
  }
  std::vector<TuFacts> units;
  for (const std::string& path : args.inputs) {
    if (llvm::Error error = read_facts_file(path, units)) {
      llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(std::move(error)) << '\n';
      return kExitUsage;
    }
  }
  return write_report(link_units(units, args, /*only_files=*/{}), args.format, args.output);
}

}  // namespace hawk::audit
