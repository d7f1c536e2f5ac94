#include "cli/selected_units.h"

#include "capture/facts_action.h"
#include "cli/facts_file.h"
#include "driver/summary_rounds.h"
#include "driver/shard.h"
#include "driver/unit_loader.h"

namespace hawk::audit {

llvm::Expected<std::vector<clang::tooling::CompileCommand>> load_selected_units(const CommandArgs& args) {
  UnitSource source;
  source.build_dir = args.build_dir;
  source.files = args.inputs;
  source.fixed_flags = args.fixed_flags;
  source.unit_dirs = args.unit_dirs;
  return load_units(source);
}

llvm::Expected<std::vector<TuFacts>> capture_selected_units(const CommandArgs& args) {
  Shard shard;
  if (!args.shard.empty()) {
    auto parsed = parse_shard(args.shard);
    if (!parsed) return parsed.takeError();
    shard = *parsed;
  }
  auto units = load_selected_units(args);
  if (!units) return units.takeError();

  CaptureOptions options;
  options.jobs = args.jobs;
  options.cache_dir = args.cache_dir;
  const RoundActionFactory facts_action = [](TuFacts& facts,
                                             const LockSummaryTable* summaries) -> std::unique_ptr<clang::FrontendAction> {
    return std::make_unique<FactsAction>(facts, summaries);
  };
  std::vector<TuFacts> other_units;
  for (const std::string& file : args.summaries_from)
    if (llvm::Error error = read_facts_file(file, other_units)) return std::move(error);
  return capture_in_rounds(take_shard(*units, shard), facts_action, options, other_units).units;
}

}  // namespace hawk::audit
