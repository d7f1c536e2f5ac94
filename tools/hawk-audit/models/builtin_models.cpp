#include "models/builtin_models.h"

#include <cstdlib>

#include <llvm/Support/raw_ostream.h>

#include "models/models_file.h"

namespace hawk::audit {
namespace {

#include "builtin_models.inc"  // kBuiltinModels: builtin_models.yaml's text

}  // namespace

std::string_view builtin_models_text() { return kBuiltinModels; }

const LibraryModels& builtin_models() {
  static const LibraryModels models = [] {
    llvm::Expected<LibraryModels> parsed = parse_models(kBuiltinModels, "built-in models");
    if (!parsed) {
      llvm::errs() << "hawk-audit: " << llvm::toString(parsed.takeError()) << "\n";
      std::abort();  // a broken build, not a user error: builtin_models_test catches it
    }
    return std::move(*parsed);
  }();
  return models;
}

}  // namespace hawk::audit
