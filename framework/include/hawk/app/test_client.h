#pragma once

#include <string>
#include <string_view>

#include "hawk/app/app.h"

namespace hawk {

// Calls an App in-process, the way an HTTP server would: builds the Request from a method
// and a request target, and turns a malformed target into a 400 problem response.
class TestClient {
 public:
  explicit TestClient(App& app, std::string client = "testclient") : app_(app), client_(std::move(client)) {}

  Response request(Method method, std::string_view target, std::string body = {}, Headers headers = {});
  Response get(std::string_view target, Headers headers = {}) { return request(Method::Get, target, {}, std::move(headers)); }
  Response head(std::string_view target) { return request(Method::Head, target); }
  Response post(std::string_view target, std::string body = {}, Headers headers = {}) {
    return request(Method::Post, target, std::move(body), std::move(headers));
  }
  Response put(std::string_view target, std::string body = {}) { return request(Method::Put, target, std::move(body)); }
  Response patch(std::string_view target, std::string body = {}) { return request(Method::Patch, target, std::move(body)); }
  Response del(std::string_view target) { return request(Method::Delete, target); }

 private:
  App& app_;
  const std::string client_;
};

}  // namespace hawk
