#include "hawk/routing/path_pattern.h"

#include <cctype>
#include <stdexcept>

namespace hawk {

namespace {

[[noreturn]] void fail(std::string_view pattern, const std::string& problem) {
  throw std::invalid_argument("invalid route pattern '" + std::string(pattern) + "': " + problem);
}

bool is_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

std::vector<PatternToken> parse_path_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') fail(pattern, "must start with '/'");
  std::vector<PatternToken> tokens;
  std::vector<std::string> names;
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t open = pattern.find('{', i);
    std::size_t stray_close = pattern.find('}', i);
    if (stray_close < open) fail(pattern, "'}' without '{'");
    if (open == std::string_view::npos) {
      tokens.push_back({false, std::string(pattern.substr(i)), ParamType::Str});
      break;
    }
    if (open > i) tokens.push_back({false, std::string(pattern.substr(i, open - i)), ParamType::Str});
    if (pattern[open - 1] != '/') fail(pattern, "a parameter must fill a whole segment");
    std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) fail(pattern, "'{' without '}'");
    std::string_view inner = pattern.substr(open + 1, close - open - 1);
    std::size_t colon = inner.find(':');
    std::string_view name = inner.substr(0, colon);
    ParamType type = ParamType::Str;
    if (colon != std::string_view::npos) {
      auto parsed = parse_param_type(inner.substr(colon + 1));
      if (!parsed) {
        fail(pattern, "unknown parameter type '" + std::string(inner.substr(colon + 1)) +
                          "' (int, float, uuid, str or path)");
      }
      type = *parsed;
    }
    if (!is_identifier(name)) fail(pattern, "parameter name '" + std::string(name) + "' is not an identifier");
    for (const std::string& seen : names) {
      if (seen == name) fail(pattern, "parameter '" + std::string(name) + "' appears twice");
    }
    names.emplace_back(name);
    i = close + 1;
    if (i < pattern.size() && pattern[i] != '/') fail(pattern, "a parameter must fill a whole segment");
    if (type == ParamType::Path && i != pattern.size()) fail(pattern, "a 'path' parameter must come last");
    tokens.push_back({true, std::string(name), type});
  }
  return tokens;
}

std::string openapi_path(std::string_view pattern) {
  std::string out;
  for (const PatternToken& t : parse_path_pattern(pattern)) {
    out += t.is_param ? "{" + t.text + "}" : t.text;
  }
  return out;
}

std::string join_path(std::string_view prefix, std::string_view pattern) {
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  if (pattern.empty() || pattern == "/") return prefix.empty() ? "/" : std::string(prefix) + std::string(pattern);
  if (pattern.front() != '/') return std::string(prefix) + "/" + std::string(pattern);
  return std::string(prefix) + std::string(pattern);
}

}  // namespace hawk
