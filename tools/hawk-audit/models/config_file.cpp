#include "models/config_file.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include "models/builtin_models.h"
#include "models/models_file.h"

namespace hawk::audit {

std::optional<std::string> find_config_file(const std::string& source_file) {
  llvm::SmallString<256> directory(source_file);
  llvm::sys::fs::make_absolute(directory);
  llvm::sys::path::remove_dots(directory, /*remove_dot_dot=*/true);
  llvm::sys::path::remove_filename(directory);
  while (!directory.empty()) {
    llvm::SmallString<256> candidate(directory);
    llvm::sys::path::append(candidate, kConfigFileName);
    if (llvm::sys::fs::is_regular_file(candidate)) return std::string(candidate);
    llvm::StringRef parent = llvm::sys::path::parent_path(directory);
    if (parent == directory) break;
    directory = parent;
  }
  return std::nullopt;
}

UnitModels::UnitModels(std::string config_file) : explicit_config_(std::move(config_file)) {}

llvm::Expected<std::shared_ptr<const LibraryModels>> UnitModels::for_unit(const std::string& source_file) {
  std::string config = explicit_config_;
  if (config.empty()) config = find_config_file(source_file).value_or("");
  std::lock_guard<std::mutex> guard(mu_);
  if (auto known = by_config_.find(config); known != by_config_.end()) return known->second;
  auto loaded = load(config);
  if (!loaded) return loaded.takeError();
  by_config_.emplace(config, *loaded);
  return *loaded;
}

llvm::Expected<std::shared_ptr<const LibraryModels>> UnitModels::load(const std::string& config_file) {
  auto models = std::make_shared<LibraryModels>(builtin_models());
  if (config_file.empty()) return models;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFile(config_file, /*IsText=*/true);
  if (!text)
    return llvm::createStringError(text.getError(), config_file + ": cannot read the config file: " +
                                                        text.getError().message());
  llvm::Expected<LibraryModels> own = parse_models((*text)->getBuffer().str(), config_file);
  if (!own) return own.takeError();
  models->add(*own);
  return models;
}

}  // namespace hawk::audit
