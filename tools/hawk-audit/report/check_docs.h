// Links from the report to each check's documentation: checks/<check>.md (the `tsan-*`
// checks share checks/tsan.md), found in a `checks/` folder at or above a source root or
// else the working directory, and linked relative to the report's own folder.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hawk::audit::report {

// checks/<check>.md's file name for a check.
std::string check_doc_name(const std::string& check);

class CheckDocs {
 public:
  // `report_dir`: where the report is written; `search_from`: folders to look at and above.
  CheckDocs(const std::string& report_dir, const std::vector<std::string>& search_from);
  // A relative URL to the check's doc, or nullopt when it was not found.
  std::optional<std::string> href(const std::string& check) const;

 private:
  std::string checks_dir_;  // absolute; empty: not found
  std::string report_dir_;  // absolute
};

// `to` relative to the folder `from` (both absolute), with `/` separators.
std::string relative_path(const std::string& from, const std::string& to);

// A path as a URL path: bytes other than unreserved characters and `/` percent-encoded.
std::string url_path(const std::string& path);

}  // namespace hawk::audit::report
