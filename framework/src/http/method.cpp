#include "hawk/http/method.h"

namespace hawk {

std::string_view to_string(Method method) {
  switch (method) {
    case Method::Get: return "GET";
    case Method::Head: return "HEAD";
    case Method::Post: return "POST";
    case Method::Put: return "PUT";
    case Method::Patch: return "PATCH";
    case Method::Delete: return "DELETE";
    case Method::Options: return "OPTIONS";
  }
  return "UNKNOWN";
}

std::optional<Method> parse_method(std::string_view token) {
  for (Method m : kAllMethods) {
    if (to_string(m) == token) return m;
  }
  return std::nullopt;
}

}  // namespace hawk
