// The inventory as a table: filterable by text, verdict and module, sortable by any
// column (the page's script does both; without it the table is still all there).
#pragma once

#include <string>
#include <vector>

#include "report/audit_results.h"

namespace hawk::audit::report {

std::string inventory_html(const std::vector<InventoryRow>& inventory, const std::vector<std::string>& verdicts);

}  // namespace hawk::audit::report
