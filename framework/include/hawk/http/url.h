#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk {

// Decodes %XX escapes (and '+' as a space when `plus_as_space`, as in query strings).
// nullopt when an escape is malformed ("%4", "%zz") or decodes to a NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space = false);

// Splits "a=1&b=two%20words" into decoded pairs; nullopt on malformed percent-encoding.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query);

// Escapes everything outside RFC 3986's unreserved set.
std::string percent_encode(std::string_view text);

}  // namespace hawk
