#include "hawk/openapi/openapi.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "hawk/http/param.h"
#include "hawk/routing/path_pattern.h"

namespace hawk {

namespace {

using nlohmann::json;

const char* const kProblemRef = "#/components/schemas/ProblemDetails";

// One route as it appears in the document: an operation under an OpenAPI path.
struct Operation {
  std::string path;  // "/users/{id}"
  const Route* route;
};

bool listed(const Route& route, std::string_view api_version) {
  if (route.is_mount || route.method == Method::Head || !route.options.include_in_schema) return false;
  return api_version.empty() || route.options.api_version.empty() || route.options.api_version == api_version;
}

// Sorted by path and method so the document does not depend on the order routes were added.
// Two routes can share both (typed variants of one segment, "/a/{x:int}" and "/a/{x}");
// OpenAPI has room for one, so the first added is kept.
std::vector<Operation> collect_operations(const RouteTable& table, std::string_view api_version) {
  std::vector<Operation> ops;
  for (const auto& route : table.routes()) {
    if (listed(*route, api_version)) ops.push_back({openapi_path(route->pattern), route.get()});
  }
  auto key = [](const Operation& op) { return std::tie(op.path, op.route->method, op.route->id); };
  std::sort(ops.begin(), ops.end(), [&](const Operation& a, const Operation& b) { return key(a) < key(b); });
  auto same_slot = [](const Operation& a, const Operation& b) {
    return a.path == b.path && a.route->method == b.route->method;
  };
  ops.erase(std::unique(ops.begin(), ops.end(), same_slot), ops.end());
  return ops;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "GET /users/{id}" -> "get_users_id"; "GET /" -> "get_root".
std::string derived_operation_id(Method method, std::string_view path) {
  std::string words;
  bool in_word = false;
  for (char c : path) {
    bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (alnum && !in_word) words += '_';
    if (alnum) words += c;
    in_word = alnum;
  }
  return lower(to_string(method)) + (words.empty() ? "_root" : words);
}

// operationIds by position in `ops`, unique within the document: declared names are given
// out first, so a derived id never takes a name a route asked for; repeats get "_2", "_3".
std::vector<std::string> operation_ids(const std::vector<Operation>& ops) {
  std::vector<std::string> ids(ops.size());
  std::set<std::string> taken;
  auto claim = [&](std::size_t i, const std::string& base) {
    std::string id = base;
    for (int n = 2; !taken.insert(id).second; ++n) id = base + "_" + std::to_string(n);
    ids[i] = id;
  };
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (!ops[i].route->options.name.empty()) claim(i, ops[i].route->options.name);
  }
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].route->options.name.empty()) claim(i, derived_operation_id(ops[i].route->method, ops[i].path));
  }
  return ids;
}

json schema_for(ParamType type) {
  switch (type) {
    case ParamType::Int: return {{"type", "integer"}, {"format", "int64"}};
    case ParamType::Float: return {{"type", "number"}, {"format", "double"}};
    case ParamType::Uuid: return {{"type", "string"}, {"format", "uuid"}};
    case ParamType::Str:
    case ParamType::Path: break;
  }
  return {{"type", "string"}};
}

// A default in its declared type ("10" for an int is 10); one that does not convert is
// shown as written rather than hidden.
json typed_default(ParamType type, const std::string& text) {
  std::optional<ParamValue> value = convert_param(type, text);
  if (!value) return text;
  return std::visit([](const auto& v) { return json(v); }, *value);
}

json parameters(const Route& route) {
  json params = json::array();
  for (const PathParamSpec& p : route.path_params) {
    params.push_back({{"name", p.name}, {"in", "path"}, {"required", true}, {"schema", schema_for(p.type)}});
  }
  for (const QueryParamSpec& q : route.options.query) {
    json schema = schema_for(q.type);
    // OpenAPI 3.1 keeps a parameter's default in its schema.
    if (q.default_value) schema["default"] = typed_default(q.type, *q.default_value);
    json param = {{"name", q.name}, {"in", "query"}, {"required", q.required}, {"schema", std::move(schema)}};
    if (!q.description.empty()) param["description"] = q.description;
    params.push_back(std::move(param));
  }
  return params;
}

// Only typed path parameters and query parameters can fail validation before the handler.
bool may_reject_as_invalid(const Route& route) {
  auto typed = [](const PathParamSpec& p) { return p.type != ParamType::Str && p.type != ParamType::Path; };
  return !route.options.query.empty() || std::any_of(route.path_params.begin(), route.path_params.end(), typed);
}

json problem_response(const char* description) {
  return {{"description", description},
          {"content", {{"application/problem+json", {{"schema", {{"$ref", kProblemRef}}}}}}}};
}

json responses(const Route& route) {
  json out = {{"200", {{"description", "Successful Response"}}}, {"default", problem_response("Error")}};
  if (may_reject_as_invalid(route)) out["422"] = problem_response("Validation Error");
  return out;
}

// Tags in declared order without repeats (include_router may append one a route already has).
json unique_tags(const std::vector<std::string>& tags) {
  json out = json::array();
  std::set<std::string_view> seen;
  for (const std::string& tag : tags) {
    if (seen.insert(tag).second) out.push_back(tag);
  }
  return out;
}

json operation(const Route& route, const std::string& operation_id) {
  json op = {{"operationId", operation_id}, {"parameters", parameters(route)}, {"responses", responses(route)}};
  if (!route.options.summary.empty()) op["summary"] = route.options.summary;
  if (!route.options.tags.empty()) op["tags"] = unique_tags(route.options.tags);
  return op;
}

// RFC 9457 problem details; extension members (such as a 422's "errors") are allowed.
json problem_details_schema() {
  return {
      {"type", "object"},
      {"description", "An RFC 9457 problem details object."},
      {"properties",
       {{"type", {{"type", "string"}, {"format", "uri-reference"}, {"default", "about:blank"}}},
        {"title", {{"type", "string"}}},
        {"status", {{"type", "integer"}, {"minimum", 100}, {"maximum", 599}}},
        {"detail", {{"type", "string"}}},
        {"instance", {{"type", "string"}, {"format", "uri-reference"}}}}},
      {"additionalProperties", true},
  };
}

}  // namespace

nlohmann::json build_openapi(const RouteTable& table, const OpenApiInfo& info, std::string_view api_version) {
  json info_object = {{"title", info.title}, {"version", info.version}};
  if (!info.description.empty()) info_object["description"] = info.description;

  std::vector<Operation> ops = collect_operations(table, api_version);
  std::vector<std::string> ids = operation_ids(ops);
  json paths = json::object();
  for (std::size_t i = 0; i < ops.size(); ++i) {
    paths[ops[i].path][lower(to_string(ops[i].route->method))] = operation(*ops[i].route, ids[i]);
  }

  return {
      {"openapi", "3.1.0"},
      {"info", std::move(info_object)},
      {"paths", std::move(paths)},
      {"components", {{"schemas", {{"ProblemDetails", problem_details_schema()}}}}},
  };
}

}  // namespace hawk
