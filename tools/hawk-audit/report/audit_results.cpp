#include "report/audit_results.h"

#include <nlohmann/json.hpp>

#include "report/input_file.h"
#include "report/json_fields.h"

namespace hawk::audit::report {
namespace {

using nlohmann::json;

std::vector<CodePlace> places_at(const json& object, const char* key, const std::string& where) {
  std::vector<CodePlace> places;
  const json& array = array_at(object, key, where);
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string at = where + "." + key + "[" + std::to_string(i) + "]";
    if (!array[i].is_object()) throw JsonShapeError(at + ": not an object");
    places.push_back({string_at(array[i], "function", at), string_at(array[i], "file", at),
                      unsigned_at(array[i], "line", at)});
  }
  return places;
}

// "the thread of worker started at a.c:12, many at once", from the contract's thread object.
std::string thread_text(const json& thread, const std::string& where) {
  const std::string at = where + ".thread";
  const std::string how = string_at(thread, "how", at);
  const std::string root = string_at(thread, "root", at);
  std::string text;
  if (how == "main") {
    text = root == "main" ? "main" : "the main thread, in " + root;
  } else if (how == "unknown-callers") {
    text = "unknown callers of public " + root;
  } else {
    text = "the thread of " + root;
    if (const json& started = object_at(thread, "started_at", at); started.is_object()) {
      std::string file = string_at(started, "file", at + ".started_at");
      if (auto slash = file.rfind('/'); slash != std::string::npos) file = file.substr(slash + 1);
      text += " started at " + file + ":" + std::to_string(unsigned_at(started, "line", at + ".started_at"));
    }
  }
  if (string_at(thread, "multiplicity", at) == "many") text += ", many at once";
  return text;
}

AccessView access_from(const json& j, const std::string& where) {
  if (!j.is_object()) throw JsonShapeError(where + ": not an object");
  AccessView access;
  access.file = string_at(j, "file", where);
  access.line = unsigned_at(j, "line", where);
  access.column = unsigned_at(j, "column", where);
  access.function = string_at(j, "function", where);
  access.kind = string_at(j, "kind", where);
  const json& locks = array_at(j, "locks", where);
  for (std::size_t i = 0; i < locks.size(); ++i) {
    if (!locks[i].is_string()) throw JsonShapeError(where + ".locks[" + std::to_string(i) + "]: not a string");
    access.locks.push_back(locks[i].get<std::string>());
  }
  access.via = places_at(j, "via", where);
  // A static finding's thread is an object (the contract's), a dynamic one's TSan's name.
  if (auto thread = j.find("thread"); thread != j.end() && thread->is_object()) access.runs_on = thread_text(*thread, where);
  else access.thread = string_at(j, "thread", where);
  access.description = string_at(j, "description", where);
  access.stack = places_at(j, "stack", where);
  return access;
}

FindingView finding_from(const json& j, const std::string& where) {
  if (!j.is_object()) throw JsonShapeError(where + ": not an object");
  FindingView finding;
  finding.id = string_at(j, "id", where);
  finding.check = string_at(j, "check", where);
  finding.severity = string_at(j, "severity", where);
  finding.message = string_at(j, "message", where);
  const json& location = object_at(j, "location", where);
  finding.location_name = string_at(location, "name", where + ".location");
  finding.location_kind = string_at(location, "kind", where + ".location");
  finding.location_description = string_at(location, "description", where + ".location");
  finding.access = access_from(object_at(j, "access", where), where + ".access");
  const json& conflicts = array_at(j, "conflicts", where);
  for (std::size_t i = 0; i < conflicts.size(); ++i)
    finding.conflicts.push_back(access_from(conflicts[i], where + ".conflicts[" + std::to_string(i) + "]"));
  const json& guard = object_at(j, "guard", where);
  if (guard.is_object()) {
    finding.guard = GuardView{string_at(guard, "lock", where + ".guard"), string_at(guard, "source", where + ".guard"),
                              string_at(guard, "evidence", where + ".guard"), bool_at(guard, "weak", where + ".guard")};
  }
  finding.mhp = string_at(j, "mhp", where);
  finding.confidence = string_at(j, "confidence", where);
  finding.suppressed = bool_at(j, "suppressed", where);
  finding.suppression_reason = string_at(j, "suppression_reason", where);
  finding.occurrences = unsigned_at(j, "occurrences", where);
  return finding;
}

InventoryRow inventory_from(const json& j, const std::string& where) {
  if (!j.is_object()) throw JsonShapeError(where + ": not an object");
  return {string_at(j, "name", where),   string_at(j, "kind", where),    string_at(j, "file", where),
          unsigned_at(j, "line", where), string_at(j, "module", where),  string_at(j, "verdict", where),
          string_at(j, "guard", where),  string_at(j, "evidence", where)};
}

}  // namespace

llvm::Expected<AuditResults> parse_audit_results(const std::string& text, const std::string& path) {
  return parse_json_input(text, path, "hawk-audit results", [&](const json& root) {
    AuditResults results;
    results.path = path;
    results.tool_version = string_at(object_at(root, "tool", "tool"), "version", "tool");
    const json& findings = array_at(root, "findings", "results", /*required=*/true);
    for (std::size_t i = 0; i < findings.size(); ++i)
      results.findings.push_back(finding_from(findings[i], "findings[" + std::to_string(i) + "]"));
    const json& inventory = array_at(root, "inventory", "results", /*required=*/true);
    for (std::size_t i = 0; i < inventory.size(); ++i)
      results.inventory.push_back(inventory_from(inventory[i], "inventory[" + std::to_string(i) + "]"));
    const json& errors = array_at(root, "errors", "results");
    for (std::size_t i = 0; i < errors.size(); ++i) {
      const std::string where = "errors[" + std::to_string(i) + "]";
      if (!errors[i].is_object()) throw JsonShapeError(where + ": not an object");
      results.errors.push_back({string_at(errors[i], "file", where), string_at(errors[i], "message", where)});
    }
    const json& stats = object_at(root, "stats", "results");
    results.translation_units = unsigned_at(stats, "translation_units", "stats");
    results.functions = unsigned_at(stats, "functions", "stats");
    results.accesses = unsigned_at(stats, "accesses", "stats");
    results.seconds = number_at(stats, "seconds", "stats");
    return results;
  });
}

llvm::Expected<AuditResults> load_audit_results(const std::string& path) {
  auto text = read_input_file(path, "results");
  if (!text) return text.takeError();
  return parse_audit_results(*text, path);
}

}  // namespace hawk::audit::report
