// The link half shared by `check` and `link`: audit() over the units' facts, with the
// options from the command line and the run's wall time.
#pragma once

#include <vector>

#include "cli/command_args.h"
#include "link/audit.h"
#include "model/facts.h"
#include "model/findings.h"

namespace hawk::audit {

// The link options the command line asks for: its source roots, and `only_files` (the
// FILES given to check; empty: report everything under the roots).
AuditOptions audit_options(const CommandArgs& args, const std::vector<std::string>& only_files);

// `only_files` as for audit_options.
AuditResult link_units(const std::vector<TuFacts>& units, const CommandArgs& args,
                       const std::vector<std::string>& only_files);

}  // namespace hawk::audit
