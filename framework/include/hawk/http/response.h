#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hawk/http/headers.h"

namespace hawk {

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  static Response text(std::string body, int status = 200);
  static Response json(const nlohmann::json& value, int status = 200);
  // An RFC 9457 problem-details body (application/problem+json); `extra` members
  // (an object) are merged in, e.g. {"errors": [...]} for a 422.
  static Response problem(int status, std::string_view detail, const nlohmann::json& extra = nullptr);

  // Parses the body as JSON (throws nlohmann::json::parse_error if it is not).
  nlohmann::json json_body() const { return nlohmann::json::parse(body); }
};

// The standard reason phrase for a status code ("Not Found"), or "Unknown".
std::string_view reason_phrase(int status);

}  // namespace hawk
