#include "request_line.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace hawk::serve_detail {

bool request_line_valid(const httplib::Request& req) {
  static constexpr std::array<std::string_view, 10> kMethods = {"GET",     "HEAD",  "POST",  "PUT", "DELETE",
                                                               "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
  if (std::find(kMethods.begin(), kMethods.end(), req.method) == kMethods.end()) return false;
  if (req.version != "HTTP/1.1" && req.version != "HTTP/1.0") return false;
  return std::count(req.target.begin(), req.target.end(), '?') <= 1;
}

}  // namespace hawk::serve_detail
