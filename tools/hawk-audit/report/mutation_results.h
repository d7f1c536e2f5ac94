// What the report reads from scripts/mutants.sh's reports/mutation.json: each lock-removal
// mutant and whether the static checker and the module's stress harness caught it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <llvm/Support/Error.h>

namespace hawk::audit::report {

struct Mutant {
  std::string id;  // path:line:column:kind
  std::string file;
  unsigned line = 0;
  std::string guard;  // the lock removed
  std::string kind;
  std::string function;
  std::string module;
  bool static_caught = false;
  std::optional<bool> stress_caught;  // null: the harness did not run (stress_status says why)
  std::string stress_status;          // caught (or caught-tsan, caught-invariant, ...), missed, no-harness, ...
};

struct MutationResults {
  std::string path;
  std::vector<Mutant> mutants;
  unsigned unremovable_sites = 0;
  std::optional<double> static_catch_rate;  // as the file gives them (null: no mutant)
  std::optional<double> stress_catch_rate;
};

llvm::Expected<MutationResults> load_mutation_results(const std::string& path);
llvm::Expected<MutationResults> parse_mutation_results(const std::string& text, const std::string& path);

}  // namespace hawk::audit::report
