#include "cli/inventory_summary.h"

#include <map>
#include <string>

#include <llvm/Support/Format.h>

namespace hawk::audit {
namespace {

struct ModuleCounts {
  std::size_t locations = 0, guarded = 0, synchronised = 0, atomic = 0, once = 0, immutable = 0, unguarded = 0,
              other = 0, findings = 0;
};

void print_row(llvm::raw_ostream& out, llvm::StringRef module, const ModuleCounts& c) {
  out << llvm::format("%-24s %9zu %8zu %13zu %7zu %5zu %10zu %10zu %6zu %9zu\n", module.str().c_str(), c.locations,
                      c.guarded, c.synchronised, c.atomic, c.once, c.immutable, c.unguarded, c.other, c.findings);
}

}  // namespace

void print_inventory_summary(const AuditResult& result, llvm::raw_ostream& out) {
  std::map<std::string, ModuleCounts> modules;
  std::map<std::string, std::string> module_of_location;
  for (const InventoryEntry& entry : result.inventory) {
    ModuleCounts& counts = modules[entry.module];
    ++counts.locations;
    if (entry.verdict == "guarded") ++counts.guarded;
    else if (entry.verdict == "synchronised") ++counts.synchronised;
    else if (entry.verdict == "atomic") ++counts.atomic;
    else if (entry.verdict == "once-initialised") ++counts.once;
    else if (entry.verdict == "immutable") ++counts.immutable;
    else if (entry.verdict == "unguarded") ++counts.unguarded;
    else ++counts.other;  // thread-local, read-only
    module_of_location.emplace(entry.name, entry.module);
  }
  for (const Finding& finding : result.findings) {
    if (finding.suppressed) continue;
    auto it = module_of_location.find(finding.location_name);
    ++modules[it == module_of_location.end() ? "(not in inventory)" : it->second].findings;
  }

  // The column widths of print_row.
  out << "module                   locations  guarded  synchronised  atomic  once  immutable  unguarded  other  findings\n";
  ModuleCounts total;
  for (const auto& [module, c] : modules) {
    print_row(out, module, c);
    total.locations += c.locations;
    total.guarded += c.guarded;
    total.synchronised += c.synchronised;
    total.atomic += c.atomic;
    total.once += c.once;
    total.immutable += c.immutable;
    total.unguarded += c.unguarded;
    total.other += c.other;
    total.findings += c.findings;
  }
  print_row(out, "total", total);
  out << result.stats.translation_units << " translation units, " << result.errors.size()
      << " could not be analysed\n";
}

}  // namespace hawk::audit
