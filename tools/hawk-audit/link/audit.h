// The link step: merges the facts of every translation unit, decides what may run
// concurrently, infers each location's guard, runs the checks and builds the inventory.
#pragma once

#include <string>
#include <vector>

#include "model/facts.h"
#include "model/findings.h"

namespace hawk::audit {

struct AuditOptions {
  // Modules are the top-level folders under this root (default: the common prefix of
  // the analysed main files). Locations outside it go in module "(external)".
  std::string source_root;
  // Only report accesses in these files (empty: every file under source_root).
  std::vector<std::string> only_files;
};

// Pure function of its input apart from reading source files for suppression comments.
AuditResult audit(const std::vector<TuFacts>& units, const AuditOptions& options);

}  // namespace hawk::audit
