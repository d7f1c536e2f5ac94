// Stable finding ids: a hash of the check, the location, the function and the access's
// source line as written (not its number), so edits elsewhere in the file keep ids, and
// a baseline keeps matching.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/findings.h"

namespace hawk::audit {

// Whitespace collapsed, comments dropped: reformatting or adding a suppression comment
// on the line does not change the id.
std::string normalise_line(std::string_view line_text);

// 16 hex digits.
std::string finding_id(std::string_view check, std::string_view location, std::string_view function,
                       std::string_view line_text);

// Findings that would share an id (the same statement twice in one function) get the
// 2nd, 3rd, ... occurrence in source order mixed in. Call once on all findings.
void number_identical_ids(std::vector<Finding>& findings);

}  // namespace hawk::audit
