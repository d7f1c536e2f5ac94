// Tolerant reads of JSON fields for the report's inputs: a missing or null field is its
// default; a field of the wrong type is an error (JsonShapeError, caught by the loader
// and reported against the file).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <llvm/Support/Error.h>
#include <nlohmann/json.hpp>

namespace hawk::audit::report {

struct JsonShapeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const nlohmann::json& object_at(const nlohmann::json& parent, const char* key, const std::string& where);
// An array field; a missing or null one is empty (`required`: it must be there).
const nlohmann::json& array_at(const nlohmann::json& parent, const char* key, const std::string& where,
                               bool required = false);
std::string string_at(const nlohmann::json& object, const char* key, const std::string& where);
unsigned unsigned_at(const nlohmann::json& object, const char* key, const std::string& where);
double number_at(const nlohmann::json& object, const char* key, const std::string& where);
bool bool_at(const nlohmann::json& object, const char* key, const std::string& where);
std::optional<bool> optional_bool_at(const nlohmann::json& object, const char* key, const std::string& where);
std::optional<double> optional_number_at(const nlohmann::json& object, const char* key, const std::string& where);

// `text` (the contents of `path`) parsed, its top level checked to be an object and read by
// `read(root)`; a wrong shape anywhere is an error "PATH: not WHAT (where: what)".
template <class Read>
auto parse_json_input(const std::string& text, const std::string& path, const std::string& what, Read&& read)
    -> llvm::Expected<decltype(read(std::declval<const nlohmann::json&>()))> {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    return llvm::createStringError(path + ": not valid JSON: " + error.what());
  }
  try {
    if (!root.is_object()) throw JsonShapeError("the top level is not an object");
    return read(std::as_const(root));
  } catch (const JsonShapeError& error) {
    return llvm::createStringError(path + ": not " + what + " (" + error.what() + ")");
  } catch (const nlohmann::json::exception& error) {
    return llvm::createStringError(path + ": not " + what + " (" + error.what() + ")");
  }
}

}  // namespace hawk::audit::report
