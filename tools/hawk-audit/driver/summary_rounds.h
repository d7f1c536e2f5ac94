// Lock wrappers defined in another translation unit. A unit sees the bodies it includes;
// a call to `Lock()` defined in lock.cpp is, to the caller's unit, a call to an unknown
// function. So capture runs in rounds: the first captures every unit alone; the lock
// summaries all units produced are gathered by function (locks/lock_summary_table.h);
// each unit that asked for the summary of a function it has no body of, and now has an
// answer it has not been captured with, is captured again with those summaries applied
// at its calls. A wrapper of a wrapper in a third unit needs one round more; the rounds
// stop when no unit's answers change (at most kMaxSummaryRounds). Units that call no
// wrapper of another unit are captured once, and every round goes through the cache
// under the digest of the answers it used, so a warm run parses nothing.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <clang/Frontend/FrontendAction.h>
#include <clang/Tooling/CompilationDatabase.h>

#include "driver/capture.h"
#include "locks/lock_summary_table.h"

namespace hawk::audit {

inline constexpr int kMaxSummaryRounds = 4;

// Makes the analysis action for one unit, applying `lock_summaries` (null in round one).
using RoundActionFactory =
    std::function<std::unique_ptr<clang::FrontendAction>(TuFacts&, const LockSummaryTable* lock_summaries)>;

struct RoundsResult {
  std::vector<TuFacts> units;  // in the order of the input units
  CaptureStats stats;          // summed over rounds
  int rounds = 0;              // capture rounds that parsed or looked up something
};

// `lock_summaries_from`: units captured elsewhere (other shards) whose summaries count
// too; the result holds only `units`.
RoundsResult capture_in_rounds(const std::vector<clang::tooling::CompileCommand>& units,
                               const RoundActionFactory& make_action, const CaptureOptions& options,
                               const std::vector<TuFacts>& lock_summaries_from = {});

}  // namespace hawk::audit
