// hawk-bench-http-server --port N --threads N: the routes of scripts/bench-http.sh, served
// by hawk (the same routes as pistache_server.cpp and, trivially, httplib_ceiling.cpp).
#include <cstdlib>
#include <string>
#include <string_view>

#include "hawk/hawk.h"
#include "hawk/serve/serve.h"

namespace {

int arg_int(int argc, char** argv, std::string_view flag, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == flag) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

hawk::QueryParamSpec query_param(std::string name, hawk::ParamType type, std::optional<std::string> fallback) {
  hawk::QueryParamSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.required = !fallback.has_value();
  spec.default_value = std::move(fallback);
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  hawk::App app;
  app.get("/plaintext", [](hawk::Request&) { return hawk::Response::text("Hello, World!"); });
  app.get("/json", [](hawk::Request&) { return hawk::Response::json({{"message", "Hello, World!"}}); });
  app.get("/users/{id:int}", [](hawk::Request& r) {
    return hawk::Response::json({{"id", r.params.get<std::int64_t>("id")}});
  });
  hawk::RouteOptions search;
  search.query = {query_param("q", hawk::ParamType::Str, std::nullopt),
                  query_param("limit", hawk::ParamType::Int, "10")};
  app.get("/search", [](hawk::Request& r) {
    return hawk::Response::json({{"q", r.params.get<std::string>("q")}, {"limit", r.params.get<std::int64_t>("limit")}});
  }, search);
  app.post("/items", [](hawk::Request& r) {
    nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
    if (!body.is_object() || !body["name"].is_string() || !body["price"].is_number()) {
      throw hawk::HttpError(422, "expected {\"name\": string, \"price\": number}");
    }
    return hawk::Response::json({{"name", body["name"]}, {"price", body["price"]}}, 201);
  });
  for (int i = 0; i < 100; ++i) {  // routing_stress
    app.get("/r" + std::to_string(i) + "/items/{id:int}", [i](hawk::Request& r) {
      return hawk::Response::json({{"route", i}, {"id", r.params.get<std::int64_t>("id")}});
    });
  }
  hawk::ServeOptions options;
  options.port = arg_int(argc, argv, "--port", 8080);
  options.threads = static_cast<std::size_t>(arg_int(argc, argv, "--threads", 8));
  options.keep_alive_max_requests = 1000000;  // wrk keeps its connections
  return hawk::serve(app, options) ? 0 : 1;
}
