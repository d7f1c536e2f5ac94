#include "hawk/http/response.h"

namespace hawk {

Response Response::text(std::string body, int status) {
  Response r;
  r.status = status;
  r.headers.set("content-type", "text/plain; charset=utf-8");
  r.body = std::move(body);
  return r;
}

Response Response::json(const nlohmann::json& value, int status) {
  Response r;
  r.status = status;
  r.headers.set("content-type", "application/json");
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::problem(int status, std::string_view detail, const nlohmann::json& extra) {
  nlohmann::json doc = {
      {"type", "about:blank"},
      {"title", reason_phrase(status)},
      {"status", status},
      {"detail", detail},
  };
  if (extra.is_object()) doc.update(extra);
  Response r = json(doc, status);
  r.headers.set("content-type", "application/problem+json");
  return r;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

}  // namespace hawk
