// hawk-audit's exit statuses (DESIGN.md): CI scripts branch on them.
#pragma once

namespace hawk::audit {

enum ExitCode : int {
  kExitClean = 0,       // no unsuppressed finding
  kExitFindings = 1,    // findings remain
  kExitUsage = 2,       // usage or configuration error
  kExitIncomplete = 3,  // some translation units could not be analysed (wins over 1)
};

}  // namespace hawk::audit
