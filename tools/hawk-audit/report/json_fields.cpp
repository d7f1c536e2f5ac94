#include "report/json_fields.h"

namespace hawk::audit::report {
namespace {

using nlohmann::json;

const json& null_value() {
  static const json value = nullptr;
  return value;
}

const json& field(const json& object, const char* key) {
  if (!object.is_object()) return null_value();
  auto it = object.find(key);
  return it == object.end() ? null_value() : *it;
}

[[noreturn]] void wrong_type(const std::string& where, const char* key, const char* expected) {
  throw JsonShapeError(where + "." + key + ": not " + expected);
}

}  // namespace

const json& object_at(const json& parent, const char* key, const std::string& where) {
  const json& value = field(parent, key);
  if (!value.is_null() && !value.is_object()) wrong_type(where, key, "an object");
  return value;
}

const json& array_at(const json& parent, const char* key, const std::string& where, bool required) {
  static const json empty = json::array();
  const json& value = field(parent, key);
  if (value.is_null()) {
    if (required) throw JsonShapeError(where + ": no " + key + "[] array");
    return empty;
  }
  if (!value.is_array()) wrong_type(where, key, "an array");
  return value;
}

std::string string_at(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key);
  if (value.is_null()) return {};
  if (!value.is_string()) wrong_type(where, key, "a string");
  return value.get<std::string>();
}

unsigned unsigned_at(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key);
  if (value.is_null()) return 0;
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<long long>() >= 0))
    wrong_type(where, key, "a count");
  return value.get<unsigned>();
}

double number_at(const json& object, const char* key, const std::string& where) {
  return optional_number_at(object, key, where).value_or(0);
}

std::optional<double> optional_number_at(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key);
  if (value.is_null()) return std::nullopt;
  if (!value.is_number()) wrong_type(where, key, "a number");
  return value.get<double>();
}

bool bool_at(const json& object, const char* key, const std::string& where) {
  return optional_bool_at(object, key, where).value_or(false);
}

std::optional<bool> optional_bool_at(const json& object, const char* key, const std::string& where) {
  const json& value = field(object, key);
  if (value.is_null()) return std::nullopt;
  if (!value.is_boolean()) wrong_type(where, key, "true or false");
  return value.get<bool>();
}

}  // namespace hawk::audit::report
