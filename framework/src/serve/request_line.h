#pragma once

#include <httplib.h>

namespace hawk::serve_detail {

// Whether httplib 0.11 accepted this request line (its Server::parse_request_line): a
// known method, HTTP/1.0 or 1.1, at most one '?' in the target. When it did and the
// request still failed before routing, the header section was what it could not read.
bool request_line_valid(const httplib::Request& req);

}  // namespace hawk::serve_detail
