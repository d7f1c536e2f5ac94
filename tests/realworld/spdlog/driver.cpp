// hawk realworld suite: a small program that uses spdlog (Debian's libspdlog-dev, header-only
// mode) the way its README shows, from several threads at once, so that hawk-audit sees the
// library's own multi-threaded machinery: the async logger and its thread pool, the global
// registry, the periodic flusher, and *_mt sinks shared by several loggers.
// This is our code; spdlog itself comes from /usr/include/spdlog at test time.
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/dup_filter_sink.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

// Workers log through every kind of logger the registry hands out, and reconfigure the
// library (level, pattern, flush policy) while other threads log: all of this is documented
// as thread-safe for the *_mt sinks and the registry.
void worker(int id, const std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt>& ring) {
  for (int i = 0; i < 200; ++i) {
    if (auto lg = spdlog::get("async")) lg->info("worker {} async message {}", id, i);
    if (auto lg = spdlog::get("sync")) lg->warn("worker {} sync message {}", id, i);
    spdlog::info("worker {} default logger {}", id, i);
    if (i % 50 == 0) {
      spdlog::set_level(i % 100 == 0 ? spdlog::level::debug : spdlog::level::info);
      spdlog::set_pattern("[%H:%M:%S.%e] [%n] [%l] [t%t] %v");
      spdlog::flush_on(spdlog::level::err);
    }
    if (i % 64 == 0) {
      auto last = ring->last_formatted(8);
      (void)last;
    }
    if (i % 80 == 0) {
      // Loggers created and dropped concurrently with the others' use of the registry.
      std::string name = "tmp-" + std::to_string(id) + "-" + std::to_string(i);
      auto tmp = spdlog::stdout_color_mt(name);
      tmp->debug("temporary logger {}", name);
      spdlog::drop(name);
    }
  }
}

}  // namespace

int main() {
  // Configure (single-threaded), then run.
  spdlog::init_thread_pool(1024, 2);  // two pool threads drain the async queue
  auto file_sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/tmp/hawk-realworld-spdlog.log", true);
  auto rotating = std::make_shared<spdlog::sinks::rotating_file_sink_mt>("/tmp/hawk-realworld-rot.log", 1 << 16, 3);
  auto ring = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
  auto dist = std::make_shared<spdlog::sinks::dist_sink_mt>();
  dist->add_sink(file_sink);
  dist->add_sink(ring);
  auto dedup = std::make_shared<spdlog::sinks::dup_filter_sink_mt>(std::chrono::seconds(1));
  dedup->add_sink(rotating);

  std::vector<spdlog::sink_ptr> sinks{dist, dedup};
  auto async_logger = std::make_shared<spdlog::async_logger>(
      "async", sinks.begin(), sinks.end(), spdlog::thread_pool(), spdlog::async_overflow_policy::block);
  spdlog::register_logger(async_logger);
  auto sync_logger = std::make_shared<spdlog::logger>("sync", sinks.begin(), sinks.end());
  spdlog::register_logger(sync_logger);
  spdlog::set_default_logger(spdlog::basic_logger_mt("default", "/tmp/hawk-realworld-default.log"));
  spdlog::flush_every(std::chrono::seconds(1));  // the registry's periodic flusher thread

  std::vector<std::thread> threads;
  for (int id = 0; id < 4; ++id) threads.emplace_back(worker, id, ring);
  // Sinks added while the workers log (dist_sink guards its vector with its own mutex).
  dist->add_sink(std::make_shared<spdlog::sinks::basic_file_sink_mt>("/tmp/hawk-realworld-late.log", true));
  async_logger->flush();
  for (auto& t : threads) t.join();

  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& lg) { lg->flush(); });
  spdlog::shutdown();
  return 0;
}
