// The subcommands. Each returns the process's exit status.
#pragma once

#include "cli/command_args.h"
#include "cli/exit_codes.h"

namespace hawk::audit {

// Capture every selected unit, link, report.
ExitCode run_check(const CommandArgs& args);
// Capture the selected units (a shard) into one facts file (-o, required).
ExitCode run_capture(const CommandArgs& args);
// Merge facts files (from the shards) and report like check.
ExitCode run_link(const CommandArgs& args);
// Read ThreadSanitizer logs and report their reports as findings, like check.
ExitCode run_tsan(const CommandArgs& args);
// List guard sites (--list), or write a mutant without one (--apply SITE_ID --to DIR).
ExitCode run_mutate(const CommandArgs& args);
// Write one self-contained HTML audit report from results files (cli/report_command.cpp).
ExitCode run_report(const CommandArgs& args);
// Compare results (check/link/tsan --format json) with a baseline: fail on new findings.
ExitCode run_gate(const CommandArgs& args);

}  // namespace hawk::audit
