#include "driver/capture.h"

#include <atomic>
#include <optional>

#include <llvm/Support/CrashRecoveryContext.h>
#include <llvm/Support/ThreadPool.h>
#include <llvm/Support/Threading.h>

#include "driver/facts_cache.h"
#include "driver/progress_line.h"

namespace hawk::audit {

CaptureResult capture_units(const std::vector<clang::tooling::CompileCommand>& units,
                            const FactsActionFactory& make_action, const CaptureOptions& options,
                            const std::vector<std::string>& cache_variants) {
  llvm::CrashRecoveryContext::Enable();  // a crash in one unit becomes that unit's error

  CaptureResult result;
  result.units.resize(units.size());
  std::optional<FactsCache> cache;
  if (!options.cache_dir.empty()) cache.emplace(options.cache_dir);
  ContentHasher hasher;
  ProgressLine progress(units.size(), options.show_progress);
  std::atomic<std::size_t> analysed = 0, cache_hits = 0, failed = 0;

  auto capture_one = [&](std::size_t index) {
    const clang::tooling::CompileCommand& unit = units[index];
    std::string variant = index < cache_variants.size() ? cache_variants[index] : std::string();
    if (options.models_digest) variant = options.models_digest(unit.Filename) + variant;
    if (cache) {
      if (std::optional<TuFacts> cached = cache->lookup(unit, hasher, variant)) {
        result.units[index] = std::move(*cached);
        ++cache_hits;
        progress.advance(unit.Filename);
        return;
      }
    }
    UnitOutcome outcome = run_unit(unit, make_action, hasher);
    ++analysed;
    if (outcome.failed()) {
      ++failed;  // not cached: the fix may be a header that did not exist, which no hash sees
    } else if (cache) {
      // A cache that cannot be written only costs time next run.
      llvm::consumeError(cache->store(unit, outcome.facts, outcome.inputs, variant));
    }
    result.units[index] = std::move(outcome.facts);
    progress.advance(unit.Filename);
  };

  const llvm::ThreadPoolStrategy strategy = llvm::hardware_concurrency(options.jobs);
  if (strategy.compute_thread_count() <= 1 || units.size() <= 1) {
    for (std::size_t i = 0; i < units.size(); ++i) capture_one(i);  // -j1: no thread to start
  } else {
    llvm::DefaultThreadPool pool(strategy);
    for (std::size_t i = 0; i < units.size(); ++i) pool.async(capture_one, i);
    pool.wait();
  }
  result.stats = {analysed, cache_hits, failed};
  return result;
}

}  // namespace hawk::audit
