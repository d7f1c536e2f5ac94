#include "harness/stress_run.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

namespace hawk::stress {

namespace {
constexpr std::size_t kMaxFailuresPerThread = 20;
}  // namespace

double time_scale() {
  static const double scale = [] {
    const char* text = std::getenv("HAWK_STRESS_TIME_SCALE");
    const double parsed = text != nullptr ? std::strtod(text, nullptr) : 0.0;
    return parsed > 0 ? parsed : 1.0;
  }();
  return scale;
}

std::uint64_t base_seed() {
  static const std::uint64_t seed = []() -> std::uint64_t {
    const char* text = std::getenv("HAWK_STRESS_SEED");
    if (text != nullptr && *text != '\0') return std::uint64_t{std::strtoull(text, nullptr, 0)};
    return (std::uint64_t{std::random_device{}()} << 32) | std::random_device{}();
  }();
  return seed;
}

Worker::Worker(int index, int threads, std::uint64_t seed, const StressOptions& options, Rendezvous& rendezvous,
               const std::atomic<int>& finished)
    : index_(index),
      threads_(threads),
      random_(seed),
      yield_probability_(options.yield_probability),
      max_iterations_(options.max_iterations),
      rendezvous_(&rendezvous),
      finished_(&finished) {}

bool Worker::next() {
  if (iterations_ >= max_iterations_ || past_deadline()) return false;
  ++iterations_;
  if (finished_->load(std::memory_order_relaxed) == 0) ++iterations_all_running_;
  return true;
}

void Worker::fail(std::string message) {
  if (failures_.size() < kMaxFailuresPerThread) {
    failures_.push_back("thread " + std::to_string(index_) + ": " + std::move(message));
  } else {
    ++failures_dropped_;
  }
}

bool Worker::check(bool ok, std::string_view what) {
  if (!ok) fail(std::string(what));
  return ok;
}

std::uint64_t RunReport::total_iterations() const {
  std::uint64_t total = 0;
  for (const ThreadSummary& t : threads) total += t.iterations;
  return total;
}

void RunReport::expect_healthy() const {
  for (const std::string& f : failures) ADD_FAILURE() << name << ": " << f;
  EXPECT_EQ(failures_dropped, 0u) << name << ": more broken invariants than shown";
  for (std::size_t i = 0; i < threads.size(); ++i) {
    EXPECT_GT(threads[i].iterations_all_running, 0u)
        << name << ": thread " << i << " never worked while all the others were running";
  }
}

// Owns the workers; friend of Worker so the run can set deadlines and collect results.
class StressRun {
 public:
  static RunReport run(const StressOptions& options, const std::function<void(Worker&)>& thread_main) {
    const int n = options.threads;
    const auto budget = std::chrono::duration_cast<std::chrono::steady_clock::duration>(options.budget * time_scale());
    Rendezvous rendezvous(n);
    std::atomic<int> finished{0};
    std::vector<Worker> workers;
    workers.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      const std::uint64_t seed = base_seed() ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(i + 1));
      workers.push_back(Worker(i, n, seed, options, rendezvous, finished));
    }

    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        Worker& w = workers[static_cast<std::size_t>(i)];
        rendezvous.arrive(0);  // the start line
        w.deadline_ = std::chrono::steady_clock::now() + budget;
        thread_main(w);
        finished.fetch_add(1, std::memory_order_relaxed);
        rendezvous.leave();  // later rounds must not wait for a thread that is gone
      });
    }
    for (std::thread& t : threads) t.join();

    RunReport report;
    report.name = options.name;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (Worker& w : workers) {
      report.threads.push_back({w.iterations_, w.iterations_all_running_});
      for (std::string& f : w.failures_) report.failures.push_back(std::move(f));
      report.failures_dropped += w.failures_dropped_;
    }
    std::printf("[stress] %-40s %d threads, %.2f s, %llu iterations (seed %#llx)\n", options.name.c_str(), n,
                report.seconds, static_cast<unsigned long long>(report.total_iterations()),
                static_cast<unsigned long long>(base_seed()));
    std::fflush(stdout);
    return report;
  }
};

RunReport run_stress(const StressOptions& options, const std::function<void(Worker&)>& thread_main) {
  return StressRun::run(options, thread_main);
}

}  // namespace hawk::stress
