// `hawk-audit annotate` and `check --suggest-annotations`: the GUARDED_BY / REQUIRES
// annotations the inferred guards call for, as clang-style fix-its (link/annotations.h).
#pragma once

#include <chrono>
#include <vector>

#include <llvm/Support/raw_ostream.h>

#include "cli/command_args.h"
#include "cli/exit_codes.h"
#include "model/facts.h"

namespace hawk::audit {

// `hawk-audit annotate ...`: takes check's options (it is parsed as `check`), prints the
// suggestions to -o or stdout, and exits 0 (2 on a usage error).
int run_annotate_cli(int argc, const char** argv, std::chrono::steady_clock::time_point started);

// The suggestions for the units the arguments select.
ExitCode run_annotate(const CommandArgs& args);

// The suggestions for `units` (source roots and FILES as the arguments say), one fix-it
// each; `check --suggest-annotations` prints them after its report.
void print_annotation_suggestions(const std::vector<TuFacts>& units, const CommandArgs& args, llvm::raw_ostream& out);

}  // namespace hawk::audit
