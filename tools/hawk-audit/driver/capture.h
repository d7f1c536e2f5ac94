// Capture, the first half of `check`: every selected unit through the analysis action,
// in parallel, through the facts cache, with a progress line.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <clang/Tooling/CompilationDatabase.h>

#include "driver/unit_runner.h"
#include "model/facts.h"

namespace hawk::audit {

struct CaptureOptions {
  unsigned jobs = 0;        // 0: one per hardware thread
  std::string cache_dir;    // empty: no cache
  bool show_progress = true;  // on a terminal only
  // The digest of the models a unit's facts are captured with (cache key); may be empty.
  std::function<std::string(const std::string& main_file)> models_digest;
};

struct CaptureStats {
  std::size_t analysed = 0;    // units parsed this run
  std::size_t cache_hits = 0;  // units whose facts came from the cache
  std::size_t failed = 0;      // units with a CaptureError
};

struct CaptureResult {
  std::vector<TuFacts> units;  // in the order of the input units
  CaptureStats stats;
};

// `cache_variants`: per unit, what besides its sources its facts depend on (FactsCache);
// empty: nothing.
CaptureResult capture_units(const std::vector<clang::tooling::CompileCommand>& units,
                            const FactsActionFactory& make_action, const CaptureOptions& options,
                            const std::vector<std::string>& cache_variants = {});

}  // namespace hawk::audit
