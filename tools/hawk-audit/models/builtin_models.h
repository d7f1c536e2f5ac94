// The models hawk-audit ships with (builtin_models.yaml, compiled into the tool).
#pragma once

#include <string_view>

#include "models/library_models.h"

namespace hawk::audit {

// The YAML text, as shipped.
std::string_view builtin_models_text();

// Parsed once; the tool's own file is checked by a test, so it always parses.
const LibraryModels& builtin_models();

}  // namespace hawk::audit
