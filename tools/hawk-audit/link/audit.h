// The link step: merges the facts of every translation unit, decides what may run
// concurrently, infers each location's guard, runs the checks and builds the inventory.
#pragma once

#include <string>
#include <vector>

#include "model/facts.h"
#include "model/findings.h"

namespace hawk::audit {

struct AuditOptions {
  // Modules are the top-level folders under these roots (default: the common directory
  // of the analysed main files); with several roots, the deepest one holding a file
  // names its module, so `include/proj/<m>` and `src/<m>` can both map to `<m>`.
  // Locations outside every root go in module "(external)".
  std::vector<std::string> source_roots;
  // Only report findings in these files and in headers (empty: every file under the
  // source roots). A header is a file that is no unit's main file.
  std::vector<std::string> only_files;
  // Only report findings in headers whose path matches this (llvm::Regex); empty: all.
  std::string header_filter;
  // Analyse as a library even if the units have a main: the public methods of shared
  // classes have unknown callers (--library).
  bool library = false;
};

// Pure function of its input apart from reading source files for suppression comments.
AuditResult audit(const std::vector<TuFacts>& units, const AuditOptions& options);

}  // namespace hawk::audit
