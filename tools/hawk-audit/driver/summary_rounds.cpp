#include "driver/summary_rounds.h"

namespace hawk::audit {
namespace {

LockSummaryTable gather(const std::vector<TuFacts>& units, const std::vector<TuFacts>& others) {
  if (others.empty()) return LockSummaryTable::from_units(units);
  std::vector<TuFacts> all = others;
  all.insert(all.end(), units.begin(), units.end());
  return LockSummaryTable::from_units(all);
}

void add(CaptureStats& into, const CaptureStats& from) {
  into.analysed += from.analysed;
  into.cache_hits += from.cache_hits;
  into.failed += from.failed;
}

}  // namespace

RoundsResult capture_in_rounds(const std::vector<clang::tooling::CompileCommand>& units,
                               const RoundActionFactory& make_action, const CaptureOptions& options,
                               const std::vector<TuFacts>& lock_summaries_from) {
  RoundsResult result;
  const FactsActionFactory first = [&](TuFacts& facts) { return make_action(facts, nullptr); };
  CaptureResult captured = capture_units(units, first, options);
  result.units = std::move(captured.units);
  result.stats = captured.stats;
  result.rounds = 1;

  // The digest of the answers each unit was last captured with ("" : none).
  std::vector<std::string> applied(units.size());
  for (int round = 1; round < kMaxSummaryRounds; ++round) {
    const LockSummaryTable table = gather(result.units, lock_summaries_from);
    if (table.empty()) break;
    std::vector<std::size_t> again;
    std::vector<std::string> digests;
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (!result.units[i].errors.empty()) continue;  // a broken unit stays reported as broken
      std::string digest = table.digest(result.units[i].lock_queries);
      if (digest == applied[i]) continue;
      again.push_back(i);
      digests.push_back(std::move(digest));
    }
    if (again.empty()) break;

    std::vector<clang::tooling::CompileCommand> subset;
    for (std::size_t i : again) subset.push_back(units[i]);
    const FactsActionFactory with_table = [&](TuFacts& facts) { return make_action(facts, &table); };
    CaptureResult recaptured = capture_units(subset, with_table, options, digests);
    add(result.stats, recaptured.stats);
    ++result.rounds;
    for (std::size_t k = 0; k < again.size(); ++k) {
      result.units[again[k]] = std::move(recaptured.units[k]);
      applied[again[k]] = std::move(digests[k]);
    }
  }
  return result;
}

}  // namespace hawk::audit
