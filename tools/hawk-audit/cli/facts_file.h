// The file `capture` writes and `link` reads: {"tool": {...}, "units": [TuFacts...]}.
#pragma once

#include <string>
#include <vector>

#include <llvm/Support/Error.h>

#include "model/facts.h"

namespace hawk::audit {

// Written atomically, so a CI job never uploads half a file.
llvm::Error write_facts_file(const std::string& path, const std::vector<TuFacts>& units);

// Appends the file's units to `units`; errors name the file (missing, not JSON, not a
// facts file, written by another hawk-audit version).
llvm::Error read_facts_file(const std::string& path, std::vector<TuFacts>& units);

}  // namespace hawk::audit
