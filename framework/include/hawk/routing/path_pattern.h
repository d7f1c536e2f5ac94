#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hawk/http/param.h"

namespace hawk {

// One piece of a parsed pattern: literal text (which may span several segments and
// contains its slashes) or a parameter that fills one whole segment (or, for `path`,
// the rest of the path).
struct PatternToken {
  bool is_param = false;
  std::string text;  // literal text, or the parameter's name
  ParamType type = ParamType::Str;
};

// Parses "/users/{id:int}/posts/{slug}" into tokens. Throws std::invalid_argument with a
// message naming the pattern and the problem: not starting with '/', an unclosed or
// empty '{}', a parameter that is not a whole segment, an unknown type, a repeated name,
// or a `path` parameter that is not last.
std::vector<PatternToken> parse_path_pattern(std::string_view pattern);

// "/users/{id:int}" -> "/users/{id}": the OpenAPI form of a pattern.
std::string openapi_path(std::string_view pattern);

// Joins a prefix and a pattern without doubling or dropping the slash between them.
std::string join_path(std::string_view prefix, std::string_view pattern);

}  // namespace hawk
