#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace hawk {

// The types a path or query parameter may declare: `{id:int}`, `{x:float}`, `{u:uuid}`,
// `{name}` / `{name:str}`. `Path` is the catch-all a mount uses for the rest of the path.
enum class ParamType : std::uint8_t { Int, Float, Uuid, Str, Path };

std::string_view to_string(ParamType type);
std::optional<ParamType> parse_param_type(std::string_view name);

using ParamValue = std::variant<std::int64_t, double, std::string>;

// Whether raw (already percent-decoded) text conforms to the type; never allocates.
bool param_conforms(ParamType type, std::string_view text);

// Converts raw (already percent-decoded) text to the declared type; nullopt if it does
// not conform (an int out of range, "1.5x", a malformed uuid, an empty segment).
std::optional<ParamValue> convert_param(ParamType type, std::string_view text);

// Named, typed parameter values (path parameters first, then query parameters).
class Params {
 public:
  void add(std::string name, ParamValue value) { values_.emplace_back(std::move(name), std::move(value)); }
  const ParamValue* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }

  // The value as T (std::int64_t, double or std::string); throws std::out_of_range when
  // absent and std::bad_variant_access when declared with another type.
  template <class T>
  const T& get(std::string_view name) const {
    const ParamValue* v = find(name);
    if (v == nullptr) throw std::out_of_range("no parameter named '" + std::string(name) + "'");
    return std::get<T>(*v);
  }

  const std::vector<std::pair<std::string, ParamValue>>& all() const { return values_; }
  std::size_t size() const { return values_.size(); }

 private:
  std::vector<std::pair<std::string, ParamValue>> values_;
};

}  // namespace hawk
