#include "convert.h"

#include <string>

#include "hawk/http/headers.h"
#include "hawk/http/http_error.h"
#include "hawk/http/method.h"

namespace hawk::serve_detail {

Request to_hawk_request(const httplib::Request& in) {
  std::optional<Method> method = parse_method(in.method);
  if (!method) throw HttpError(501, "method not implemented: " + in.method);
  // The raw target, not httplib's decoded path: hawk decodes it itself and refuses bad escapes.
  Request out = Request::from_target(*method, in.target);
  for (const auto& [name, value] : in.headers) out.headers.add(name, value);
  out.body = in.body;
  out.client = in.remote_addr + ":" + std::to_string(in.remote_port);
  return out;
}

void to_httplib_response(Response&& in, const httplib::Request& req, httplib::Response& out) {
  out.status = in.status;
  const bool head = req.method == "HEAD";
  for (auto& [name, value] : in.headers.fields()) {
    if (iequals(name, "connection") || iequals(name, "transfer-encoding")) continue;
    if (iequals(name, "content-length") && !head) continue;
    out.set_header(name, value);  // httplib drops values with CR/LF (no header injection)
  }
  out.body = std::move(in.body);
}

void write_problem(int status, std::string_view detail, httplib::Response& out) {
  Response problem = Response::problem(status, detail);
  out.status = problem.status;
  for (const auto& [name, value] : problem.headers.fields()) out.set_header(name, value);
  out.body = std::move(problem.body);
}

std::size_t header_bytes(const httplib::Headers& headers) {
  std::size_t total = 0;
  for (const auto& [name, value] : headers) total += name.size() + value.size() + 4;
  return total;
}

}  // namespace hawk::serve_detail
