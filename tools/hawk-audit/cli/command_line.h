// Parses `hawk-audit <command> ...` with llvm::cl subcommands into CommandArgs. The
// options live in llvm::cl's global registry: parse once per process.
#pragma once

#include <string>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/Support/Error.h>

#include "cli/command_args.h"

namespace hawk::audit {

struct ParsedCommand {
  std::string command;  // check, capture, link, tsan, mutate, gate or report
  CommandArgs args;
};

// argv includes the program name; `--` and what follows become fixed_flags. A parse error
// comes back as an error (the caller prints usage and exits 2), never exits the process
// (--help aside, which prints and exits 0 as llvm::cl does).
llvm::Expected<ParsedCommand> parse_command_line(llvm::ArrayRef<const char*> argv);

}  // namespace hawk::audit
