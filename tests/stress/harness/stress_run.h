#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/random_yield.h"
#include "harness/rendezvous.h"

namespace hawk::stress {

struct StressOptions {
  std::string name;  // printed in the run's summary line
  int threads = 4;
  // Wall-clock budget per thread, scaled by HAWK_STRESS_TIME_SCALE; and a bound on
  // iterations per thread, whichever ends first.
  std::chrono::milliseconds budget{1000};
  std::uint64_t max_iterations = 10'000'000;
  double yield_probability = 0.05;  // for Worker::maybe_yield()
};

// One thread's handle on a run: its index, its random source, its bounds, and where it
// records broken invariants. Never shared: each thread has its own.
class Worker {
 public:
  int index() const { return index_; }
  int threads() const { return threads_; }

  // Starts one more iteration; false once the iteration bound or the deadline is reached.
  bool next();

  // Yields now and then (StressOptions::yield_probability), varying the interleaving.
  void maybe_yield() { random_.maybe_yield(yield_probability_); }
  Random& random() { return random_; }
  // Waits until every thread of the run has reached round `round` (0, 1, 2, ... in order),
  // without synchronising them; see Rendezvous.
  void align(std::uint64_t round) { rendezvous_->arrive(round + 1); }  // arrival 0 is the start line
  bool past_deadline() const { return std::chrono::steady_clock::now() >= deadline_; }

  // Records a broken invariant; the main thread fails the test with it after the join
  // (gtest assertions from worker threads would also do, but would lock inside gtest).
  void fail(std::string message);
  // fail(what) unless ok; returns ok.
  bool check(bool ok, std::string_view what);

 private:
  friend class StressRun;
  Worker(int index, int threads, std::uint64_t seed, const StressOptions& options, Rendezvous& rendezvous,
         const std::atomic<int>& finished);

  int index_;
  int threads_;
  Random random_;
  double yield_probability_;
  std::uint64_t max_iterations_;
  std::chrono::steady_clock::time_point deadline_{};
  Rendezvous* rendezvous_;
  const std::atomic<int>* finished_;  // threads done so far (relaxed)

  std::uint64_t iterations_ = 0;
  std::uint64_t iterations_all_running_ = 0;  // started while no thread had finished
  std::vector<std::string> failures_;
  std::size_t failures_dropped_ = 0;
};

struct ThreadSummary {
  std::uint64_t iterations = 0;
  std::uint64_t iterations_all_running = 0;
};

struct RunReport {
  std::string name;
  std::vector<ThreadSummary> threads;
  std::vector<std::string> failures;  // every thread's, up to a cap each
  std::size_t failures_dropped = 0;
  double seconds = 0;

  std::uint64_t total_iterations() const;
  // gtest expectations: no broken invariant, and every thread worked while all the
  // others were running (otherwise the run proved nothing about concurrency).
  void expect_healthy() const;
};

// Runs `thread_main` on options.threads threads that leave the start line together (see
// Rendezvous) and loop on Worker::next(). Prints a one-line summary.
RunReport run_stress(const StressOptions& options, const std::function<void(Worker&)>& thread_main);

// The factor HAWK_STRESS_TIME_SCALE (default 1) applies to every budget.
double time_scale();
// Base seed of the per-thread random sources: HAWK_STRESS_SEED, or else fresh each run.
std::uint64_t base_seed();

}  // namespace hawk::stress
