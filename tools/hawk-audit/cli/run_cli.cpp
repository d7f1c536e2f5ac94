#include "cli/run_cli.h"

#include <chrono>

#include <llvm/ADT/StringRef.h>
#include <llvm/ADT/StringSwitch.h>
#include <llvm/Support/WithColor.h>

#include "cli/annotate_command.h"
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/usage.h"

namespace hawk::audit {

int run_cli(int argc, const char** argv) {
  const auto started = std::chrono::steady_clock::now();
  if (argc < 2) {
    print_usage(llvm::errs());
    return kExitUsage;
  }
  const llvm::StringRef first = argv[1];
  if (first == "help" || first == "--help" || first == "-help" || first == "-h") {
    print_usage(llvm::outs());
    return kExitClean;
  }
  if (first == "--version" || first == "-version") {
    print_version(llvm::outs());
    return kExitClean;
  }
  if (first == "annotate") return run_annotate_cli(argc, argv, started);
  // llvm::cl would take an unknown word for a stray file: name the mistake instead.
  if (first != "check" && first != "capture" && first != "link" && first != "tsan" &&
      first != "mutate" && first != "gate" && first != "report") {
    llvm::WithColor::error(llvm::errs(), "hawk-audit")
        << (first.starts_with("-") ? "unknown option '" : "unknown command '") << first << "'\n";
    print_usage(llvm::errs());
    return kExitUsage;
  }

  auto parsed = parse_command_line(llvm::ArrayRef<const char*>(argv, argc));
  if (!parsed) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(parsed.takeError()) << '\n';
    print_usage(llvm::errs());
    return kExitUsage;
  }
  parsed->args.started = started;
  return llvm::StringSwitch<ExitCode (*)(const CommandArgs&)>(parsed->command)
      .Case("check", run_check)
      .Case("capture", run_capture)
      .Case("tsan", run_tsan)
      .Case("mutate", run_mutate)
      .Case("report", run_report)
      .Case("gate", run_gate)
      .Default(run_link)(parsed->args);
}

}  // namespace hawk::audit
