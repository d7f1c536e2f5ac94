#include "report/inventory_html.h"

#include <map>
#include <set>

#include "report/finding_html.h"
#include "report/html_escape.h"
#include "report/overview_html.h"

namespace hawk::audit::report {

std::string inventory_html(const std::vector<InventoryRow>& inventory, const std::vector<std::string>& verdicts) {
  std::map<std::string, unsigned> per_verdict;
  std::set<std::string> modules;
  for (const InventoryRow& row : inventory) {
    ++per_verdict[row.verdict];
    modules.insert(row.module);
  }
  std::string html = "<section class=\"part\" id=\"inventory-section\"><h2>Inventory</h2>"
                     "<p class=\"muted\">Every shared mutable location, with its verdict and the evidence. "
                     "Click a column header to sort.</p><div class=\"filters\">"
                     "<input type=\"search\" id=\"inventory-filter\" placeholder=\"filter: name, file, guard...\" "
                     "aria-label=\"filter the inventory\">"
                     "<select id=\"inventory-verdict\" aria-label=\"verdict\"><option value=\"\">every verdict</option>";
  for (const std::string& verdict : verdicts) {
    auto it = per_verdict.find(verdict);
    if (it == per_verdict.end()) continue;
    html += "<option value=\"" + escape_html(verdict) + "\">" + escape_html(verdict) + " (" + std::to_string(it->second) +
            ")</option>";
  }
  html += "</select><select id=\"inventory-module\" aria-label=\"module\"><option value=\"\">every module</option>";
  for (const std::string& module : modules) {
    html += "<option value=\"" + escape_html(module) + "\">" + escape_html(module.empty() ? "(no module)" : module) +
            "</option>";
  }
  html += "</select><span class=\"muted\" id=\"inventory-shown\">" + std::to_string(inventory.size()) +
          " shown</span></div>";
  html += "<div class=\"scroll\"><table class=\"grid sortable\" id=\"inventory\"><thead><tr><th>module</th><th>location</th><th>kind</th>"
          "<th>verdict</th><th>guard</th><th>evidence</th><th>declared at</th></tr></thead><tbody>";
  for (const InventoryRow& row : inventory) {
    html += "<tr data-verdict=\"" + escape_html(row.verdict) + "\" data-module=\"" + escape_html(row.module) + "\"><td>" +
            escape_html(row.module) + "</td><td><code>" + escape_html(row.name) + "</code></td><td>" +
            escape_html(row.kind) + "</td><td><span class=\"legend\"><span class=\"" + verdict_class(row.verdict) + "\">" +
            escape_html(row.verdict) + "</span></span></td><td>" +
            (row.guard.empty() ? std::string() : "<code>" + escape_html(row.guard) + "</code>") + "</td><td>" +
            escape_html(row.evidence) + "</td><td class=\"mono\">" + escape_html(position_text(row.file, row.line)) +
            "</td></tr>";
  }
  if (inventory.empty()) html += "<tr><td colspan=\"7\" class=\"muted\">no shared mutable location</td></tr>";
  return html + "</tbody></table></div></section>";
}

}  // namespace hawk::audit::report
