// Between httplib's request/response types and hawk's. Private to the serve module.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <optional>

#include "hawk/http/request.h"
#include "hawk/http/response.h"

namespace hawk::serve_detail {

// The hawk::Request for an httplib request: method, path decoded from the raw target,
// raw query string, headers (grouped by name, in order within a name: httplib keeps them in
// a multimap), body, client "addr:port". Throws HttpError(400) for a malformed target and
// HttpError(501) for a method hawk does not route.
Request to_hawk_request(const httplib::Request& in);

// Copies status, headers and body. httplib writes Content-Length and Connection itself, so
// those are not copied, except Content-Length for HEAD (the length GET would have sent).
void to_httplib_response(Response&& in, const httplib::Request& req, httplib::Response& out);

// A problem-details response straight into httplib's (for errors found before App runs).
void write_problem(int status, std::string_view detail, httplib::Response& out);

// Bytes of the header section as received (name + ": " + value + CRLF per field).
std::size_t header_bytes(const httplib::Headers& headers);

}  // namespace hawk::serve_detail
