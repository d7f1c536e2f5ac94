// httplib-ceiling-server PORT THREADS: cpp-httplib's hello world, answering every GET and
// POST with a fixed body: what the HTTP layer under hawk can do at best. Bench-only.
#include <httplib.h>

#include <cstdlib>

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 8082;
  const std::size_t threads = argc > 2 ? static_cast<std::size_t>(std::atoi(argv[2])) : 8;
  httplib::Server svr;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_keep_alive_max_count(1000000);
  svr.set_tcp_nodelay(true);
  auto hello = [](const httplib::Request&, httplib::Response& res) { res.set_content("Hello, World!", "text/plain"); };
  svr.Get(".*", hello);
  svr.Post(".*", hello);
  svr.listen("127.0.0.1", port);
}
