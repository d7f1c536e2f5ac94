// The link half shared by `check` and `link`: audit() over the units' facts, with the
// options from the command line and the run's wall time.
#pragma once

#include <vector>

#include "cli/command_args.h"
#include "model/facts.h"
#include "model/findings.h"

namespace hawk::audit {

// `only_files`: the FILES given to check (empty: report everything under the root).
AuditResult link_units(const std::vector<TuFacts>& units, const CommandArgs& args,
                       const std::vector<std::string>& only_files);

}  // namespace hawk::audit
