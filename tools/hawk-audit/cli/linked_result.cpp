#include "cli/linked_result.h"

#include <algorithm>

#include "driver/paths.h"

namespace hawk::audit {

AuditOptions audit_options(const CommandArgs& args, const std::vector<std::string>& only_files) {
  AuditOptions options;
  for (const std::string& root : args.source_roots) options.source_roots.push_back(normalized_path(root));
  for (const std::string& file : only_files) options.only_files.push_back(normalized_path(file));
  options.header_filter = args.header_filter;
  options.library = args.library;
  return options;
}

AuditResult link_units(const std::vector<TuFacts>& units, const CommandArgs& args,
                       const std::vector<std::string>& only_files) {
  AuditResult result = audit(units, audit_options(args, only_files));

  // Every unit that could not be analysed is reported, whatever link did with it.
  for (const TuFacts& unit : units) {
    for (const CaptureError& error : unit.errors) {
      const bool known = std::any_of(result.errors.begin(), result.errors.end(), [&](const CaptureError& e) {
        return e.file == error.file && e.message == error.message;
      });
      if (!known) result.errors.push_back(error);
    }
  }
  result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - args.started).count();
  return result;
}

}  // namespace hawk::audit
