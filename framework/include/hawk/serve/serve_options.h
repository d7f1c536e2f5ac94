#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace hawk {

class Server;

// How hawk::Server / hawk::serve() run an App over HTTP/1.1.
struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8000;          // 0: an ephemeral port, reported by Server::port()
  std::size_t threads = 8;  // worker threads; each keeps one connection for as long as it is alive

  std::size_t max_body_bytes = std::size_t{1} << 20;  // larger bodies: 413
  // Request headers (names + values + ": " and CRLF per field): over either limit, 431.
  // A single header line over 8 KiB is refused with 431 whatever these say (httplib's
  // compiled-in line limit); a request target over 8 KiB gets 414.
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_header_count = 100;

  std::chrono::milliseconds read_timeout{5000};   // per read of a request (slow clients)
  std::chrono::milliseconds write_timeout{5000};  // per write of a response
  std::chrono::seconds keep_alive_timeout{5};     // an idle keep-alive connection is closed after this
  std::size_t keep_alive_max_requests = 100;      // requests per connection before it is closed

  // serve(): how long in-flight requests may take to finish after SIGINT/SIGTERM.
  std::chrono::milliseconds shutdown_timeout{10000};
  // serve(): called once the socket is bound and served (e.g. to print the port).
  std::function<void(const Server&)> on_listening{};
};

}  // namespace hawk
