#include "cli/selected_units.h"

#include "capture/facts_action.h"
#include "cli/facts_file.h"
#include "driver/summary_rounds.h"
#include "driver/shard.h"
#include "driver/unit_loader.h"
#include "models/config_file.h"

#include <map>

#include <llvm/Support/FileSystem.h>

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

  // Each unit's models, read before any unit is parsed: a bad config file is a usage
  // error (exit 2) naming the file, the line and the problem.
  if (!args.config_file.empty() && !llvm::sys::fs::is_regular_file(args.config_file))
    return llvm::createStringError("--config: %s: no such file", args.config_file.c_str());
  // Units sharing a config file share one models object, and its digest (the cache key).
  UnitModels unit_models(args.config_file);
  std::map<std::string, std::shared_ptr<const LibraryModels>> models_by_file;
  std::map<const LibraryModels*, std::string> digests;
  for (const clang::tooling::CompileCommand& unit : *units) {
    auto models = unit_models.for_unit(unit.Filename);
    if (!models) return models.takeError();
    if (!digests.count(models->get())) digests.emplace(models->get(), (*models)->digest());
    models_by_file.emplace(unit.Filename, std::move(*models));
  }
  auto models_for = [&](const std::string& file) -> std::shared_ptr<const LibraryModels> {
    auto found = models_by_file.find(file);
    return found == models_by_file.end() ? nullptr : found->second;
  };

  CaptureOptions options;
  options.jobs = args.jobs;
  options.cache_dir = args.cache_dir;
  options.models_digest = [&](const std::string& file) {
    std::shared_ptr<const LibraryModels> models = models_for(file);
    return models ? digests.at(models.get()) : std::string();
  };
  const RoundActionFactory facts_action = [&](TuFacts& facts, const LockSummaryTable* summaries)
      -> std::unique_ptr<clang::FrontendAction> {
    return std::make_unique<FactsAction>(facts, summaries, models_for(facts.main_file));
  };
  std::vector<TuFacts> other_units;
  for (const std::string& file : args.summaries_from)
    if (llvm::Error error = read_facts_file(file, other_units)) return std::move(error);
  return capture_in_rounds(take_shard(*units, shard), facts_action, options, other_units).units;
}

}  // namespace hawk::audit
