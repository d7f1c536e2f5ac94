// The capture half shared by `check` and `capture`: the units the command line selects
// (database, FILES, `-- FLAGS`, --shard), captured with FactsAction in rounds, so lock
// wrappers of other units (and, --lock-summaries-from, of other shards) apply.
#pragma once

#include <vector>

#include <clang/Tooling/CompilationDatabase.h>
#include <llvm/Support/Error.h>

#include "cli/command_args.h"
#include "model/facts.h"

namespace hawk::audit {

// The units the command line selects (database, FILES, `-- FLAGS`, --units-under).
llvm::Expected<std::vector<clang::tooling::CompileCommand>> load_selected_units(const CommandArgs& args);

// Errors are usage or configuration errors (exit 2); units that do not compile are not
// errors here but TuFacts with `errors`.
llvm::Expected<std::vector<TuFacts>> capture_selected_units(const CommandArgs& args);

}  // namespace hawk::audit
