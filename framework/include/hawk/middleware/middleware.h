#pragma once

#include <functional>
#include <memory>
#include <span>

#include "hawk/http/request.h"
#include "hawk/http/response.h"

namespace hawk {

// What a pipeline ends in: the matched route's handler, or App's router.
using Endpoint = std::function<Response(Request&)>;

class Middleware;

// The rest of a middleware chain, handed to each middleware: calling it runs the next
// middleware (or, at the end, the endpoint) and returns its response. Three words wide
// and never allocates; the middlewares and the endpoint it refers to must outlive it.
class Next {
 public:
  explicit Next(const Endpoint& endpoint) : endpoint_(&endpoint) {}
  Next(std::span<const std::shared_ptr<Middleware>> rest, const Endpoint& endpoint)
      : rest_(rest), endpoint_(&endpoint) {}
  // A temporary endpoint would be gone before the Next is called.
  explicit Next(Endpoint&&) = delete;
  Next(std::span<const std::shared_ptr<Middleware>>, Endpoint&&) = delete;

  Response operator()(Request& req) const;

 private:
  std::span<const std::shared_ptr<Middleware>> rest_;
  const Endpoint* endpoint_;
};

// One layer of the onion. handle() may run on many threads at once, so a middleware's
// own state must be thread-safe. It may answer without calling next (short-circuit).
class Middleware {
 public:
  virtual ~Middleware() = default;
  virtual Response handle(Request& req, const Next& next) = 0;
};

// A middleware from a lambda; what it captures is shared by all threads that run it.
std::shared_ptr<Middleware> make_middleware(std::function<Response(Request&, const Next&)> fn);

}  // namespace hawk
