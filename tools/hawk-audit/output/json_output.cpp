#include "output/json_output.h"

#ifndef HAWK_AUDIT_VERSION
#define HAWK_AUDIT_VERSION "0.0.0"
#endif

namespace hawk::audit {
namespace {

using nlohmann::json;

// locks[] are plain strings, not objects: "mu" for an exclusive hold and "mu (shared)"
// for a shared one (shared_lock, lock_shared, rdlock). Strings keep the common case
// readable and grep-able; the suffix is the only extra information a hold carries.
json locks_json(const std::vector<HeldLock>& locks) {
  json out = json::array();
  for (const HeldLock& held : locks) out.push_back(held.shared ? held.lock + " (shared)" : held.lock);
  return out;
}

json via_json(const std::vector<ViaStep>& via) {
  json out = json::array();
  for (const ViaStep& step : via) {
    out.push_back({{"function", step.function}, {"file", step.file}, {"line", step.line}});
  }
  return out;
}

json access_json(const AccessReport& access) {
  return {{"file", access.pos.file},
          {"line", access.pos.line},
          {"column", access.pos.column},
          {"function", access.function},
          {"kind", to_string(access.kind)},
          {"locks", locks_json(access.locks)},
          {"via", via_json(access.via)}};
}

json finding_json(const Finding& finding) {
  json conflicts = json::array();
  for (const AccessReport& other : finding.conflicts) conflicts.push_back(access_json(other));
  json guard = nullptr;  // null: no lock guards the location anywhere
  if (finding.guard) {
    guard = {{"lock", finding.guard->lock},
             {"source", finding.guard->source},
             {"evidence", finding.guard->evidence}};
  }
  json out = {{"id", finding.id},
              {"check", finding.check},
              {"severity", finding.severity},
              {"message", finding.message},
              {"location", {{"name", finding.location_name}, {"kind", to_string(finding.location_kind)}}},
              {"access", access_json(finding.access)},
              {"conflicts", std::move(conflicts)},
              {"guard", std::move(guard)},
              {"suppressed", finding.suppressed}};
  // The reason only exists for suppressed findings; an empty key would suggest otherwise.
  if (finding.suppressed) out["suppression_reason"] = finding.suppression_reason;
  return out;
}

json inventory_json(const InventoryEntry& entry) {
  return {{"name", entry.name},
          {"kind", to_string(entry.kind)},
          {"file", entry.file},
          {"line", entry.line},
          {"module", entry.module},
          {"verdict", entry.verdict},
          {"guard", entry.guard ? json(*entry.guard) : json(nullptr)},
          {"evidence", entry.evidence}};
}

}  // namespace

nlohmann::json to_json(const AuditResult& result) {
  json findings = json::array();
  for (const Finding& finding : result.findings) findings.push_back(finding_json(finding));
  json inventory = json::array();
  for (const InventoryEntry& entry : result.inventory) inventory.push_back(inventory_json(entry));
  json errors = json::array();
  for (const CaptureError& error : result.errors) {
    errors.push_back({{"file", error.file}, {"message", error.message}});
  }
  return {{"tool", {{"name", "hawk-audit"}, {"version", HAWK_AUDIT_VERSION}}},
          {"findings", std::move(findings)},
          {"inventory", std::move(inventory)},
          {"errors", std::move(errors)},
          {"stats",
           {{"translation_units", result.stats.translation_units},
            {"functions", result.stats.functions},
            {"accesses", result.stats.accesses},
            {"seconds", result.stats.seconds}}}};
}

}  // namespace hawk::audit
