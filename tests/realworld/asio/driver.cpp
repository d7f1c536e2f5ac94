// hawk realworld suite: a small program that uses standalone Asio (Debian's libasio-dev,
// header-only) the way its documentation shows: one io_context run by several threads,
// strands that serialise handlers, steady timers, post/dispatch/defer, a TCP echo over the
// loopback interface, and a thread_pool. hawk-audit sees asio's scheduler, reactor, timer
// queues and strand implementation as they are instantiated here.
// This is our code; asio itself comes from /usr/include/asio at test time.
#include <asio.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace {

// State touched only from handlers of one strand: serialised by the strand, no lock.
struct Counter {
  explicit Counter(asio::io_context& io) : strand(asio::make_strand(io)) {}
  asio::strand<asio::io_context::executor_type> strand;
  long value = 0;
};

// A TCP echo session: its handlers run on the io_context's threads one after another
// (each async operation is started from the previous one's completion).
class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}
  void start() { read(); }

 private:
  void read() {
    auto self = shared_from_this();
    socket_.async_read_some(asio::buffer(data_), [this, self](std::error_code ec, std::size_t n) {
      if (!ec) write(n);
    });
  }
  void write(std::size_t n) {
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(data_, n), [this, self](std::error_code ec, std::size_t) {
      if (!ec) read();
    });
  }
  asio::ip::tcp::socket socket_;
  std::array<char, 1024> data_{};
};

void accept_loop(asio::ip::tcp::acceptor& acceptor) {
  acceptor.async_accept([&acceptor](std::error_code ec, asio::ip::tcp::socket socket) {
    if (!ec) std::make_shared<Session>(std::move(socket))->start();
    if (acceptor.is_open()) accept_loop(acceptor);
  });
}

}  // namespace

int main() {
  asio::io_context io;
  auto work = asio::make_work_guard(io);

  Counter counter(io);
  std::atomic<int> ticks{0};

  // Timers re-armed from their own handlers.
  asio::steady_timer timer(io, std::chrono::milliseconds(5));
  std::function<void(std::error_code)> on_tick = [&](std::error_code ec) {
    if (ec || ticks.fetch_add(1) >= 20) return;
    timer.expires_after(std::chrono::milliseconds(5));
    timer.async_wait(on_tick);
  };
  timer.async_wait(on_tick);

  // A loopback echo server and one client.
  asio::ip::tcp::acceptor acceptor(io, asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  accept_loop(acceptor);
  asio::ip::tcp::socket client(io);
  client.connect(acceptor.local_endpoint());

  // The io_context is run by four threads.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&io] { io.run(); });

  // Handlers posted from main and from the pool threads, serialised by the strand.
  for (int i = 0; i < 1000; ++i) {
    asio::post(counter.strand, [&counter] { ++counter.value; });
    asio::dispatch(io, [&counter] { asio::post(counter.strand, [&counter] { --counter.value; }); });
  }

  // A blocking echo round trip from main while the pool serves it.
  const char msg[] = "hello";
  asio::write(client, asio::buffer(msg, sizeof msg));
  std::array<char, sizeof msg> reply{};
  asio::read(client, asio::buffer(reply));

  // A separate thread_pool: work submitted from main, joined at the end.
  asio::thread_pool pool(2);
  std::atomic<long> sum{0};
  for (int i = 0; i < 100; ++i) asio::post(pool, [&sum, i] { sum += i; });
  asio::defer(pool, [&sum] { sum += 1; });
  pool.join();

  // Stop: close the client and the acceptor from inside the io_context, then let run() return.
  asio::post(io, [&] {
    client.close();
    acceptor.close();
  });
  work.reset();
  for (auto& t : threads) t.join();

  std::printf("counter %ld, ticks %d, sum %ld\n", counter.value, ticks.load(), sum.load());
  return counter.value == 0 ? 0 : 1;
}
