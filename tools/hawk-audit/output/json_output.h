#pragma once

#include <nlohmann/json.hpp>

#include "model/findings.h"

namespace hawk::audit {

// The output contract of DESIGN.md: tool, findings, inventory, errors, stats.
nlohmann::json to_json(const AuditResult& result);

}  // namespace hawk::audit
