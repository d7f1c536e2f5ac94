#include "hawk/app/test_client.h"

#include "hawk/http/http_error.h"

namespace hawk {

Response TestClient::request(Method method, std::string_view target, std::string body, Headers headers) {
  Request req;
  try {
    req = Request::from_target(method, target);
  } catch (const HttpError& e) {
    return Response::problem(e.status(), e.what());
  }
  req.headers = std::move(headers);
  req.body = std::move(body);
  req.client = client_;
  return app_.handle(std::move(req));
}

}  // namespace hawk
