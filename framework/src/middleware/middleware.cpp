#include "hawk/middleware/middleware.h"

#include <utility>

namespace hawk {

Response Next::operator()(Request& req) const {
  if (rest_.empty()) return (*endpoint_)(req);
  const Next after(rest_.subspan(1), *endpoint_);
  return rest_.front()->handle(req, after);
}

namespace {

class FunctionMiddleware : public Middleware {
 public:
  explicit FunctionMiddleware(std::function<Response(Request&, const Next&)> fn) : fn_(std::move(fn)) {}
  Response handle(Request& req, const Next& next) override { return fn_(req, next); }

 private:
  const std::function<Response(Request&, const Next&)> fn_;  // immutable after construction
};

}  // namespace

std::shared_ptr<Middleware> make_middleware(std::function<Response(Request&, const Next&)> fn) {
  return std::make_shared<FunctionMiddleware>(std::move(fn));
}

}  // namespace hawk
