// A project's config file: `.hawk-audit.yaml`, found the way clang-tidy finds
// `.clang-tidy` (the nearest one in the source file's directory or above it), or named
// with `--config FILE` for every unit. Its `models:` section (models_file.h) adds to the
// built-in models, without rebuilding the tool.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <llvm/Support/Error.h>

#include "models/library_models.h"

namespace hawk::audit {

inline constexpr const char* kConfigFileName = ".hawk-audit.yaml";

// The nearest config file at or above `source_file`'s directory; none when there is none.
std::optional<std::string> find_config_file(const std::string& source_file);

// The models each unit is analysed with: built-in + its config file's. Thread-safe.
class UnitModels {
 public:
  // `config_file`: --config (every unit uses it); empty: each unit's nearest file.
  explicit UnitModels(std::string config_file = {});

  // An error names the file, line and problem (a usage error: exit 2).
  llvm::Expected<std::shared_ptr<const LibraryModels>> for_unit(const std::string& source_file);

 private:
  llvm::Expected<std::shared_ptr<const LibraryModels>> load(const std::string& config_file);

  const std::string explicit_config_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const LibraryModels>> by_config_;  // "" : built-in only
};

}  // namespace hawk::audit
