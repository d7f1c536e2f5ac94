#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace hawk {

// Thrown by a handler (or the framework) to answer with an RFC 9457 problem response.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string detail, nlohmann::json extra = nullptr)
      : std::runtime_error(std::move(detail)), status_(status), extra_(std::move(extra)) {}

  int status() const { return status_; }
  const nlohmann::json& extra() const { return extra_; }

 private:
  int status_;
  nlohmann::json extra_;
};

}  // namespace hawk
