// pistache-bench-server PORT THREADS: the peer of hawk_server.cpp (same routes, same
// answers) on Pistache's REST router. Bench-only; compiled by scripts/bench-http.sh.
#include <pistache/endpoint.h>
#include <pistache/router.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>

using namespace Pistache;

namespace {

void send_json(Http::ResponseWriter& w, const nlohmann::json& j, Http::Code code = Http::Code::Ok) {
  w.send(code, j.dump(), MIME(Application, Json));
}

bool is_int(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtoll(s.c_str(), &end, 10);
  return *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 8081;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 8;
  Rest::Router router;
  using Result = Rest::Route::Result;
  Rest::Routes::Get(router, "/plaintext", [](const Rest::Request&, Http::ResponseWriter w) {
    w.send(Http::Code::Ok, "Hello, World!", MIME(Text, Plain));
    return Result::Ok;
  });
  Rest::Routes::Get(router, "/json", [](const Rest::Request&, Http::ResponseWriter w) {
    send_json(w, {{"message", "Hello, World!"}});
    return Result::Ok;
  });
  Rest::Routes::Get(router, "/users/:id", [](const Rest::Request& r, Http::ResponseWriter w) {
    std::string id = r.param(":id").as<std::string>();
    if (!is_int(id)) {
      send_json(w, {{"detail", "id is not an int"}}, Http::Code::Unprocessable_Entity);
    } else {
      send_json(w, {{"id", std::atoll(id.c_str())}});
    }
    return Result::Ok;
  });
  Rest::Routes::Get(router, "/search", [](const Rest::Request& r, Http::ResponseWriter w) {
    auto q = r.query().get("q");
    std::string limit = r.query().get("limit").value_or("10");
    if (!q || !is_int(limit)) {
      send_json(w, {{"detail", "bad query"}}, Http::Code::Unprocessable_Entity);
    } else {
      send_json(w, {{"q", *q}, {"limit", std::atoll(limit.c_str())}});
    }
    return Result::Ok;
  });
  Rest::Routes::Post(router, "/items", [](const Rest::Request& r, Http::ResponseWriter w) {
    nlohmann::json body = nlohmann::json::parse(r.body(), nullptr, false);
    if (!body.is_object() || !body["name"].is_string() || !body["price"].is_number()) {
      send_json(w, {{"detail", "bad body"}}, Http::Code::Unprocessable_Entity);
    } else {
      send_json(w, {{"name", body["name"]}, {"price", body["price"]}}, Http::Code::Created);
    }
    return Result::Ok;
  });
  for (int i = 0; i < 100; ++i) {
    Rest::Routes::Get(router, "/r" + std::to_string(i) + "/items/:id", [i](const Rest::Request& r, Http::ResponseWriter w) {
      send_json(w, {{"route", i}, {"id", std::atoll(r.param(":id").as<std::string>().c_str())}});
      return Result::Ok;
    });
  }
  Http::Endpoint server(Address(Ipv4::loopback(), Port(static_cast<uint16_t>(port))));
  server.init(Http::Endpoint::options().threads(threads).flags(Tcp::Options::ReuseAddr));
  server.setHandler(router.handler());
  server.serve();  // until killed
}
