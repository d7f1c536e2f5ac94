// `hawk-audit annotate` and `check --suggest-annotations`: the GUARDED_BY / REQUIRES
// annotations the inferred guards call for, as clang-style fix-its (link/annotations.h).
#pragma once

#include <chrono>

#include "cli/command_args.h"
#include "cli/exit_codes.h"

namespace hawk::audit {

// `hawk-audit annotate ...`: takes check's options (it is parsed as `check`), prints the
// suggestions to -o or stdout, and exits 0 (2 on a usage error).
int run_annotate_cli(int argc, const char** argv, std::chrono::steady_clock::time_point started);

// The suggestions for the units the arguments select.
ExitCode run_annotate(const CommandArgs& args);

// `check --suggest-annotations`: check's report and exit status, then the suggestions on
// stdout (after the report when it goes there too).
ExitCode run_check_suggesting(const CommandArgs& args);

}  // namespace hawk::audit
