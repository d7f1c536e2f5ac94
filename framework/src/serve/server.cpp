#include "hawk/serve/server.h"

#include <httplib.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "convert.h"
#include "hawk/app/app.h"
#include "hawk/http/http_error.h"
#include "hawk/thread_annotations.h"
#include "hawk/threading/mutex.h"
#include "request_line.h"

namespace hawk {

namespace {

// The httplib request whose header section parsed (the pre-routing handler ran for it) on
// this worker thread. httplib answers both "header line too long" and a bad request line
// with a bare 400 and never reaches a handler; this tells the error handler which one it
// was. Per thread, because a worker serves one request at a time; cleared after each
// response, because the next request on the connection reuses the same Request address.
thread_local const httplib::Request* tl_headers_parsed = nullptr;

}  // namespace

class Server::Impl {
 public:
  Impl(App& a, ServeOptions o) : app(a), options(std::move(o)) { configure(); }

  App& app;
  const ServeOptions options;  // immutable after construction
  // Configured in the constructor, before any thread runs; from then on only its
  // thread-safe calls (listen, stop, is_running) are made, and its handlers are immutable.
  httplib::Server http;

  Mutex control_mu;  // serialises start() and stop()
  enum class State { Idle, Running, Stopped };
  State state GUARDED_BY(control_mu) = State::Idle;
  std::thread listener GUARDED_BY(control_mu);
  bool drained GUARDED_BY(control_mu) = true;
  std::atomic<int> port{0};
  std::atomic<bool> listen_returned{false};

 private:
  void configure();
  httplib::Server::HandlerResponse pre_route(const httplib::Request& req, httplib::Response& res) const;
  void dispatch(const httplib::Request& req, httplib::Response& res);
};

void Server::Impl::configure() {
  const std::size_t threads = options.threads == 0 ? 1 : options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.max_body_bytes);  // httplib answers 413 past it
  http.set_read_timeout(options.read_timeout);
  http.set_write_timeout(options.write_timeout);
  http.set_keep_alive_timeout(static_cast<time_t>(options.keep_alive_timeout.count()));
  http.set_keep_alive_max_count(options.keep_alive_max_requests);
  http.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which would let a second server bind a port
  // that is in use and silently share it: reuse only TIME_WAIT addresses.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  http.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { return pre_route(req, res); });
  // One catch-all per method: App does the routing. ".*" so every path reaches it.
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { dispatch(req, res); };
  http.Get(".*", handler);  // httplib routes HEAD here too
  http.Post(".*", handler);
  http.Put(".*", handler);
  http.Patch(".*", handler);
  http.Delete(".*", handler);
  http.Options(".*", handler);

  // Errors httplib found itself (bare status, empty body): give them a problem body, and
  // map a header section it could not read (a line over its 8 KiB limit) to 431.
  http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    const bool headers_parsed = tl_headers_parsed == &req;
    tl_headers_parsed = nullptr;
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // App's own
    int status = res.status;
    if (status == 400 && !headers_parsed && serve_detail::request_line_valid(req)) status = 431;
    serve_detail::write_problem(status, reason_phrase(status), res);
    res.set_header("Connection", "close");  // advice to the client, as in pre_route
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    serve_detail::write_problem(500, "internal server error", res);
  });
  http.set_logger([](const httplib::Request&, const httplib::Response&) { tl_headers_parsed = nullptr; });
}

// Runs once the request line and headers are read, before the body is: refuses methods
// hawk does not route (httplib would answer them 400 or 404).
httplib::Server::HandlerResponse Server::Impl::pre_route(const httplib::Request& req,
                                                          httplib::Response& res) const {
  tl_headers_parsed = &req;
  if (parse_method(req.method)) return httplib::Server::HandlerResponse::Unhandled;
  serve_detail::write_problem(501, "method not implemented: " + req.method, res);
  // Any body is left unread: ask the client to close (httplib 0.11 only closes a
  // connection when the request asked for it, so this is advice to the client).
  res.set_header("Connection", "close");
  return httplib::Server::HandlerResponse::Handled;
}

void Server::Impl::dispatch(const httplib::Request& req, httplib::Response& res) {
  tl_headers_parsed = nullptr;
  // Header limits are checked here, after the body (bounded by max_body_bytes) was read,
  // not in pre_route: httplib would leave an unread body in the connection and parse it
  // as the next request.
  if (req.headers.size() > options.max_header_count || serve_detail::header_bytes(req.headers) > options.max_header_bytes) {
    serve_detail::write_problem(431, "request header fields too large", res);
    return;
  }
  Response response;
  try {
    response = app.handle(serve_detail::to_hawk_request(req));
  } catch (const HttpError& e) {  // a malformed target or an unknown method
    response = Response::problem(e.status(), e.what());
  }
  serve_detail::to_httplib_response(std::move(response), req, res);
}

Server::Server(App& app, ServeOptions options) : impl_(std::make_unique<Impl>(app, std::move(options))) {}

Server::~Server() { stop(); }

void Server::start() {
  Impl& s = *impl_;
  MutexLock lock(s.control_mu);
  if (s.state != Impl::State::Idle) throw std::runtime_error("hawk::Server: already started");
  const std::string& host = s.options.host;
  int bound = -1;
  if (s.options.port == 0) {
    bound = s.http.bind_to_any_port(host);
  } else if (s.http.bind_to_port(host, s.options.port)) {
    bound = s.options.port;
  }
  if (bound <= 0) {
    throw std::runtime_error("hawk::Server: cannot listen on " + host + ":" + std::to_string(s.options.port));
  }
  s.port.store(bound, std::memory_order_release);
  s.listener = std::thread([&s] {
    // hawk-audit: ignore(unguarded-write): httplib::Server is made to listen on one thread and be stopped from another
    s.http.listen_after_bind();
    s.listen_returned.store(true, std::memory_order_release);
  });
  // httplib::Server::stop() does nothing until listen has begun: wait for it, so that a
  // stop() right after start() is never lost.
  while (!s.http.is_running() && !s.listen_returned.load(std::memory_order_acquire)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  s.state = Impl::State::Running;
}

int Server::port() const { return impl_->port.load(std::memory_order_acquire); }

const std::string& Server::host() const { return impl_->options.host; }

bool Server::running() const {
  MutexLock lock(impl_->control_mu);
  return impl_->state == Impl::State::Running;
}

bool Server::stop() { return stop(impl_->options.shutdown_timeout); }

bool Server::stop(std::chrono::milliseconds timeout) {
  Impl& s = *impl_;
  MutexLock lock(s.control_mu);
  if (s.state != Impl::State::Running) return s.drained;
  s.http.stop();                           // no new connections; open ones end after their request
  s.drained = s.app.shutdown(timeout);     // the requests in flight finish (new ones: 503)
  s.listener.join();                       // httplib joins its workers before listen returns
  s.state = Impl::State::Stopped;
  return s.drained;
}

}  // namespace hawk
