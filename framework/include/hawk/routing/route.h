#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hawk/http/method.h"
#include "hawk/http/param.h"
#include "hawk/http/request.h"
#include "hawk/http/response.h"

namespace hawk {

using Handler = std::function<Response(Request&)>;
using RouteId = std::uint64_t;

struct PathParamSpec {
  std::string name;
  ParamType type = ParamType::Str;
};

// A typed query parameter a route declares; App validates it (422) before the handler runs.
struct QueryParamSpec {
  std::string name;
  ParamType type = ParamType::Str;
  bool required = false;
  std::optional<std::string> default_value;
  std::string description;
};

// What a route says about itself beyond method and path: used by App and the OpenAPI document.
struct RouteOptions {
  std::string name;         // operationId; derived from method and path when empty
  std::string summary;
  std::vector<std::string> tags;
  std::vector<QueryParamSpec> query;
  std::string api_version;  // empty: part of every API version's document
  bool include_in_schema = true;
};

// One registered route. Immutable once published in a RouteTable.
struct Route {
  RouteId id = 0;
  Method method = Method::Get;
  bool is_mount = false;       // a mount answers every method under its prefix
  std::string pattern;         // as written, prefixes applied: "/users/{id:int}"
  std::vector<PathParamSpec> path_params;  // in path order
  Handler handler;
  RouteOptions options;
};

}  // namespace hawk
