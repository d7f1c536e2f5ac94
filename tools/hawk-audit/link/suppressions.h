// Suppression comments in the analysed source:
//   // hawk-audit: ignore(<check>[, <check>…]): <reason>
// on the access's line, or alone on the line above. `*` matches every check. A reason is
// required: without one the finding stays active and its message says why.
#pragma once

#include <llvm/ADT/StringMap.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/findings.h"

namespace hawk::audit {

struct Suppression {
  std::vector<std::string> checks;  // as written; "*" for all
  std::string reason;               // empty when none was given

  bool covers(std::string_view check) const;
};

// The suppression comment in one source line, if it has one.
std::optional<Suppression> parse_suppression(std::string_view line);

class SuppressionIndex {
 public:
  // The suppression for `check` that applies to `line` (1-based) of `file`.
  std::optional<Suppression> find(const std::string& file, unsigned line, std::string_view check);

 private:
  const std::vector<std::string>& lines_of(const std::string& file);
  llvm::StringMap<std::vector<std::string>> files_;  // each file read once
};

// Marks suppressed findings (they stay in the list) and explains reason-less comments.
void apply_suppressions(std::vector<Finding>& findings, SuppressionIndex& index);

}  // namespace hawk::audit
