#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "hawk/serve/serve_options.h"

namespace hawk {

class App;

// Serves an App over HTTP/1.1 (cpp-httplib underneath) on a pool of worker threads.
// start() binds and returns once the server accepts connections; stop() stops accepting,
// lets the requests in flight finish (App::shutdown) and joins every thread. The App must
// outlive the Server. start() and stop() may be called from any thread; a Server runs once.
class Server {
 public:
  Server(App& app, ServeOptions options = {});
  ~Server();  // stop()s a running server
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port and serves in the background. Throws std::runtime_error when the
  // address cannot be bound or the server was already started.
  void start();
  // The bound port (the real one when ServeOptions::port was 0); 0 before start().
  int port() const;
  const std::string& host() const;
  bool running() const;

  // Stops accepting connections and waits up to `timeout` for the requests in flight (new
  // ones on open connections get 503). True when none was left. Idempotent.
  bool stop(std::chrono::milliseconds timeout);
  bool stop();  // with ServeOptions::shutdown_timeout

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk
