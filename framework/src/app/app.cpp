#include "hawk/app/app.h"

#include <exception>

#include "hawk/http/http_error.h"
#include "hawk/threading/interpreter_lock.h"

namespace hawk {

namespace {

nlohmann::json param_error(std::string_view where, std::string_view name, std::string_view message,
                           std::string_view input) {
  return {{"loc", {where, name}}, {"msg", message}, {"input", input}};
}

std::string type_message(ParamType type) { return "value is not a valid " + std::string(to_string(type)); }

// Checks and converts the route's declared query parameters into request.params.
nlohmann::json validate_query(const Route& route, Request& request) {
  nlohmann::json errors = nlohmann::json::array();
  for (const QueryParamSpec& spec : route.options.query) {
    std::optional<std::string_view> raw = request.query_value(spec.name);
    if (!raw && spec.default_value) raw = *spec.default_value;
    if (!raw) {
      if (spec.required) errors.push_back(param_error("query", spec.name, "field required", ""));
      continue;
    }
    // An empty string is a fine `str` in a query, unlike in a path segment.
    std::optional<ParamValue> value =
        spec.type == ParamType::Str ? ParamValue(std::string(*raw)) : convert_param(spec.type, *raw);
    if (!value) {
      errors.push_back(param_error("query", spec.name, type_message(spec.type), *raw));
      continue;
    }
    request.params.add(spec.name, std::move(*value));
  }
  return errors;
}

Response validation_problem(const nlohmann::json& errors) {
  return Response::problem(422, "request parameters failed validation", {{"errors", errors}});
}

}  // namespace

// Counts a request in for its lifetime and wakes shutdown() when the last one leaves.
// Counting out is the request's last touch of the App: once shutdown() sees no request left
// it returns, and the App's owner may destroy it at once.
class App::InFlight {
 public:
  // Counts in, and learns in the same step whether shutdown() had begun.
  explicit InFlight(App& app) : app_(app), admitted_((app_.state_.fetch_add(1) & kDraining) == 0) {}
  ~InFlight() {
    std::uint64_t state = app_.state_.load(std::memory_order_relaxed);
    // Not the last one out while draining: the decrement alone, touching nothing after it.
    while (state != (kDraining | 1)) {
      if (app_.state_.compare_exchange_weak(state, state - 1)) return;
    }
    // The last one out while draining: count out and say so under drain_mu_, which
    // shutdown() waits under, so it returns only after this notify is done with the App.
    MutexLock lock(app_.drain_mu_);
    app_.state_.fetch_sub(1);
    app_.drained_ = true;
    app_.drained_cv_.notify_all();
  }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

  // False when the request arrived after shutdown() began: it is to be refused.
  bool admitted() const { return admitted_; }

 private:
  App& app_;
  const bool admitted_;
};

App::App(AppOptions options) : options_(std::move(options)) {
  if (options_.openapi_url.empty()) return;
  RouteOptions route_options;
  route_options.name = "openapi";
  route_options.query = {{"version", ParamType::Str, false, std::nullopt, "API version to describe"}};
  route_options.include_in_schema = false;
  router_.get(
      options_.openapi_url,
      [this](Request& request) {
        const ParamValue* version = request.params.find("version");
        Response r;
        r.headers.set("content-type", "application/json");
        r.body = *openapi_json(version != nullptr ? std::get<std::string>(*version) : std::string());
        return r;
      },
      std::move(route_options));
}

RouteId App::mount(std::string_view prefix, std::shared_ptr<App> sub) {
  return router_.mount(prefix, [sub = std::move(sub)](Request& request) { return sub->handle(std::move(request)); });
}

std::shared_ptr<const std::string> App::openapi_json(std::string_view api_version) {
  return openapi_cache_.get(*router_.snapshot(), options_.info, api_version);
}

Response App::handle(Request request) {
  InterpreterLockHolder interpreter;  // serialises requests in the GIL build only
  InFlight counted(*this);
  Response response;
  if (!counted.admitted()) {
    response = Response::problem(503, "the application is shutting down");
    response.headers.set("connection", "close");
  } else {
    try {
      response = dispatch(request);
    } catch (const HttpError& e) {
      response = Response::problem(e.status(), e.what(), e.extra());
    } catch (...) {
      response = problem_for_exception();
    }
  }
  if (request.method == Method::Head) {
    response.headers.set("content-length", std::to_string(response.body.size()));
    response.body.clear();
  }
  return response;
}

Response App::dispatch(Request& request) {
  RouteMatch match = router_.match(request.method, request.path);
  if (match.result.kind == LookupResult::Kind::Found) {
    request.route_pattern = match.result.route->pattern;
    request.params = std::move(match.result.params);
  }
  Scope scope = container_.create_scope();  // torn down when the response is done
  request.scope_ptr = &scope;
  Response response = middleware_.run(request, [this, &match](Request& r) { return endpoint(r, match); });
  request.scope_ptr = nullptr;
  return response;
}

Response App::endpoint(Request& request, const RouteMatch& match) {
  const LookupResult& result = match.result;
  switch (result.kind) {
    case LookupResult::Kind::Found:
      return call_handler(result, request);
    case LookupResult::Kind::MethodNotAllowed: {
      Response r = Response::problem(
          405, "method " + std::string(to_string(request.method)) + " is not allowed for " + request.path);
      r.headers.set("allow", result.allow);
      return r;
    }
    case LookupResult::Kind::InvalidParam: {
      nlohmann::json errors = nlohmann::json::array();
      for (const ParamError& e : result.errors) errors.push_back(param_error("path", e.name, type_message(e.type), e.value));
      return validation_problem(errors);
    }
    case LookupResult::Kind::NotFound:
      break;
  }
  return Response::problem(404, "no route matches " + std::string(to_string(request.method)) + " " + request.path);
}

Response App::call_handler(const LookupResult& result, Request& request) {
  const Route& route = *result.route;
  try {
    if (route.is_mount) {
      Request inner = request;
      inner.path = result.mount_path;
      inner.root_path += route.pattern == "/" ? "" : route.pattern;
      inner.route_pattern.clear();
      inner.params = {};
      inner.scope_ptr = nullptr;
      return route.handler(inner);
    }
    if (nlohmann::json errors = validate_query(route, request); !errors.empty()) return validation_problem(errors);
    return route.handler(request);
  } catch (const HttpError& e) {
    return Response::problem(e.status(), e.what(), e.extra());
  } catch (...) {
    return problem_for_exception();  // inside the middleware, so metrics see the 500
  }
}

Response App::problem_for_exception() const {
  std::string detail = "the request handler failed";
  if (options_.debug) {
    try {
      throw;
    } catch (const std::exception& e) {
      detail = e.what();
    } catch (...) {
      detail = "a non-standard exception was thrown";
    }
  }
  return Response::problem(500, detail);
}

bool App::shutdown(std::chrono::milliseconds timeout) {
  const std::uint64_t before = state_.fetch_or(kDraining);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  MutexLock lock(drain_mu_);
  // Nothing in flight as draining began (or an earlier shutdown saw them all out).
  if ((before & ~kDraining) == 0) return true;
  // Else the last request out sets drained_; see InFlight.
  while (!drained_) {
    if (drained_cv_.wait_until(drain_mu_, deadline) == std::cv_status::timeout) return drained_;
  }
  return true;
}

}  // namespace hawk
