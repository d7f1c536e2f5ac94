// The end of `check` and `link`: the report in the chosen format, the units' errors on
// stderr, and the exit status.
#pragma once

#include <string>

#include <llvm/Support/Error.h>

#include "cli/exit_codes.h"
#include "model/findings.h"

namespace hawk::audit {

// text, json, sarif and summary; html is refused with a message saying so.
llvm::Error check_report_format(const std::string& format);

// Writes the report to `output` (stdout when empty) and prints each error of a unit on
// stderr as `file: error: message`. Returns the exit status for the result, or kExitUsage
// when the report cannot be written.
ExitCode write_report(const AuditResult& result, const std::string& format, const std::string& output);

}  // namespace hawk::audit
