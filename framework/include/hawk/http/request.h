#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hawk/http/headers.h"
#include "hawk/http/method.h"
#include "hawk/http/param.h"

namespace hawk {

class Scope;

struct Request {
  Method method = Method::Get;
  std::string path = "/";     // percent-decoded
  std::string query_string;   // raw, as received (without '?')
  Headers headers;
  std::string body;
  std::string client;         // the peer ("127.0.0.1:5000" or a test name); rate-limit key
  std::string root_path;      // prefix consumed by mounts on the way here

  // Filled by App while handling: the matched route's pattern, the typed path and
  // query parameters, and the per-request DI scope.
  std::string route_pattern;
  Params params;
  std::vector<std::pair<std::string, std::string>> query;  // decoded query pairs
  Scope* scope_ptr = nullptr;

  // Builds a request from a method and a request target ("/users/7?verbose=1").
  // Throws HttpError(400) when the target is not origin-form or is badly percent-encoded.
  static Request from_target(Method method, std::string_view target);

  // The first query value called `name`, decoded.
  std::optional<std::string_view> query_value(std::string_view name) const;

  // The request's DI scope; throws std::logic_error outside App::handle.
  Scope& scope() const {
    if (scope_ptr == nullptr) throw std::logic_error("request has no DI scope (not inside App::handle)");
    return *scope_ptr;
  }
};

}  // namespace hawk
