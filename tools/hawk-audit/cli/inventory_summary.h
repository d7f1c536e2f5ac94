// `--format summary`: the inventory counted per module (locations by verdict, and the
// unsuppressed findings), a table for people and for scripts/audit.sh, which has no jq.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include "model/findings.h"

namespace hawk::audit {

void print_inventory_summary(const AuditResult& result, llvm::raw_ostream& out);

}  // namespace hawk::audit
