#include "report/mutation_results.h"

#include <nlohmann/json.hpp>

#include "report/input_file.h"
#include "report/json_fields.h"

namespace hawk::audit::report {

using nlohmann::json;

llvm::Expected<MutationResults> parse_mutation_results(const std::string& text, const std::string& path) {
  return parse_json_input(text, path, "mutation results", [&](const json& root) {
    MutationResults results;
    results.path = path;
    const json& mutants = array_at(root, "mutants", "mutation", /*required=*/true);
    for (std::size_t i = 0; i < mutants.size(); ++i) {
      const std::string where = "mutants[" + std::to_string(i) + "]";
      const json& m = mutants[i];
      if (!m.is_object()) throw JsonShapeError(where + ": not an object");
      Mutant mutant;
      mutant.id = string_at(m, "id", where);
      mutant.file = string_at(m, "file", where);
      mutant.line = unsigned_at(m, "line", where);
      mutant.guard = string_at(m, "guard", where);
      mutant.kind = string_at(m, "kind", where);
      mutant.function = string_at(m, "function", where);
      mutant.module = string_at(m, "module", where);
      mutant.static_caught = bool_at(m, "static_caught", where);
      mutant.stress_caught = optional_bool_at(m, "stress_caught", where);
      mutant.stress_status = string_at(m, "stress_status", where);
      results.mutants.push_back(std::move(mutant));
    }
    results.unremovable_sites = unsigned_at(object_at(root, "totals", "mutation"), "unremovable_sites", "totals");
    results.static_catch_rate = optional_number_at(root, "static_catch_rate", "mutation");
    results.stress_catch_rate = optional_number_at(root, "stress_catch_rate", "mutation");
    return results;
  });
}

llvm::Expected<MutationResults> load_mutation_results(const std::string& path) {
  auto text = read_input_file(path, "mutation results");
  if (!text) return text.takeError();
  return parse_mutation_results(*text, path);
}

}  // namespace hawk::audit::report
