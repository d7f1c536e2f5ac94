#include "hawk/http/request.h"

#include "hawk/http/http_error.h"
#include "hawk/http/url.h"

namespace hawk {

Request Request::from_target(Method method, std::string_view target) {
  if (target.empty() || target.front() != '/') {
    throw HttpError(400, "request target must start with '/'");
  }
  Request req;
  req.method = method;
  std::size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (std::size_t hash = raw_path.find('#'); hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  auto path = percent_decode(raw_path);
  if (!path) throw HttpError(400, "malformed percent-encoding in path");
  req.path = std::move(*path);
  if (q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    if (std::size_t hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
    req.query_string = std::string(query);
    auto pairs = parse_query(query);
    if (!pairs) throw HttpError(400, "malformed percent-encoding in query string");
    req.query = std::move(*pairs);
  }
  return req;
}

std::optional<std::string_view> Request::query_value(std::string_view name) const {
  for (const auto& [n, v] : query) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

}  // namespace hawk
