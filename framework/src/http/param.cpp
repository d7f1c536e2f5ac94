#include "hawk/http/param.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace hawk {

std::string_view to_string(ParamType type) {
  switch (type) {
    case ParamType::Int: return "int";
    case ParamType::Float: return "float";
    case ParamType::Uuid: return "uuid";
    case ParamType::Str: return "str";
    case ParamType::Path: return "path";
  }
  return "str";
}

std::optional<ParamType> parse_param_type(std::string_view name) {
  for (ParamType t : {ParamType::Int, ParamType::Float, ParamType::Uuid, ParamType::Str, ParamType::Path}) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

namespace {

bool is_uuid(std::string_view s) {
  // 8-4-4-4-12 hexadecimal digits.
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = (i == 8 || i == 13 || i == 18 || i == 23);
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

bool param_conforms(ParamType type, std::string_view text) {
  switch (type) {
    case ParamType::Int:
    case ParamType::Float:
      return convert_param(type, text).has_value();  // numbers convert without allocating
    case ParamType::Uuid: return is_uuid(text);
    case ParamType::Str: return !text.empty();
    case ParamType::Path: return true;
  }
  return false;
}

std::optional<ParamValue> convert_param(ParamType type, std::string_view text) {
  switch (type) {
    case ParamType::Int: {
      std::int64_t v = 0;
      std::string_view digits = (!text.empty() && text.front() == '+') ? text.substr(1) : text;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
      return v;
    }
    case ParamType::Float: {
      double v = 0;
      std::string_view digits = (!text.empty() && text.front() == '+') ? text.substr(1) : text;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(v)) {
        return std::nullopt;
      }
      return v;
    }
    case ParamType::Uuid:
      if (!is_uuid(text)) return std::nullopt;
      return std::string(text);
    case ParamType::Str:
      if (text.empty()) return std::nullopt;
      return std::string(text);
    case ParamType::Path:
      return std::string(text);
  }
  return std::nullopt;
}

const ParamValue* Params::find(std::string_view name) const {
  for (const auto& [n, v] : values_) {
    if (n == name) return &v;
  }
  return nullptr;
}

}  // namespace hawk
