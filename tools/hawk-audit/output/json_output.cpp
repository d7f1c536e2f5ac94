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

// A runtime stack (dynamic findings): each frame with what the sanitizer printed of it.
json stack_json(const std::vector<StackFrame>& stack) {
  json out = json::array();
  for (const StackFrame& frame : stack) {
    json f = {{"function", frame.function}, {"file", frame.file}, {"line", frame.line}, {"column", frame.column},
              {"module", frame.module}};
    if (frame.module_offset != 0) f["module_offset"] = frame.module_offset;
    out.push_back(std::move(f));
  }
  return out;
}

// The thread an access runs on (static findings): its root function, where it starts
// (null for main and unknown callers), how it became a thread, and how many instances.
json thread_json(const ThreadReport& thread) {
  json started_at = nullptr;
  if (thread.started_at)
    started_at = {{"file", thread.started_at->file}, {"line", thread.started_at->line}};
  json out = {{"root", thread.root},
              {"started_at", std::move(started_at)},
              {"how", thread.how},
              {"multiplicity", thread.multiplicity}};
  if (!thread.many_because.empty()) out["many_because"] = thread.many_because;
  return out;
}

json access_json(const AccessReport& access) {
  json out = {{"file", access.pos.file},
              {"line", access.pos.line},
              {"column", access.pos.column},
              {"function", access.function},
              {"kind", to_string(access.kind)},
              {"locks", locks_json(access.locks)},
              {"via", via_json(access.via)}};
  if (access.runs_on) out["thread"] = thread_json(*access.runs_on);
  // Dynamic findings only: left out when empty, so static findings keep their shape.
  if (!access.description.empty()) out["description"] = access.description;
  if (!access.thread.empty()) out["thread"] = access.thread;
  if (access.size != 0) out["size"] = access.size;
  if (!access.stack.empty()) out["stack"] = stack_json(access.stack);
  if (access.stack_unavailable) out["stack_unavailable"] = true;
  return out;
}

json location_json(const Finding& finding) {
  json out = {{"name", finding.location_name}, {"kind", to_string(finding.location_kind)}};
  if (!finding.location_details) return out;
  const LocationDetails& details = *finding.location_details;
  if (!details.kind.empty()) out["kind"] = details.kind;
  if (!details.description.empty()) out["description"] = details.description;
  if (!details.file.empty()) out["file"] = details.file;
  if (details.line != 0) out["line"] = details.line;
  if (details.size != 0) out["size"] = details.size;
  if (!details.thread.empty()) out["thread"] = details.thread;
  if (!details.stack.empty()) out["stack"] = stack_json(details.stack);
  return out;
}

json objects_json(const std::vector<RuntimeObject>& objects) {
  json out = json::array();
  for (const RuntimeObject& object : objects) {
    out.push_back({{"name", object.name}, {"description", object.description}, {"stack", stack_json(object.stack)}});
  }
  return out;
}

// What dynamic findings add at the finding's level; nothing for static ones.
void add_dynamic_fields(const Finding& finding, json& out) {
  if (!finding.mutexes.empty()) out["mutexes"] = objects_json(finding.mutexes);
  if (!finding.threads.empty()) out["threads"] = objects_json(finding.threads);
  if (finding.occurrences != 0) out["occurrences"] = finding.occurrences;
  if (!finding.origins.empty()) {
    json origins = json::array();
    for (const ReportOrigin& origin : finding.origins) {
      json o = {{"log", origin.log}, {"line", origin.line}};
      if (origin.pid != 0) o["pid"] = origin.pid;
      origins.push_back(std::move(o));
    }
    out["origins"] = std::move(origins);
  }
  if (finding.incomplete) out["incomplete"] = true;
}

json finding_json(const Finding& finding) {
  json conflicts = json::array();
  for (const AccessReport& other : finding.conflicts) conflicts.push_back(access_json(other));
  json guard = nullptr;  // null: no lock guards the location anywhere
  if (finding.guard) {
    guard = {{"lock", finding.guard->lock},
             {"source", finding.guard->source},
             {"evidence", finding.guard->evidence},
             {"weak", finding.guard->weak}};
  }
  json out = {{"id", finding.id},
              {"check", finding.check},
              {"severity", finding.severity},
              {"message", finding.message},
              {"location", location_json(finding)},
              {"access", access_json(finding.access)},
              {"conflicts", std::move(conflicts)},
              {"guard", std::move(guard)},
              {"suppressed", finding.suppressed}};
  // Static findings: why the pair may happen in parallel, and how sure the finding is.
  if (!finding.confidence.empty()) {
    out["mhp"] = finding.mhp;
    out["confidence"] = finding.confidence;
  }
  // The reason only exists for suppressed findings; an empty key would suggest otherwise.
  if (finding.suppressed) out["suppression_reason"] = finding.suppression_reason;
  // Only when set, so findings keep their shape: a comment without a reason was ignored.
  if (finding.suppression_without_reason) out["suppression_without_reason"] = true;
  add_dynamic_fields(finding, out);
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
  json stats = {{"translation_units", result.stats.translation_units},
                {"functions", result.stats.functions},
                {"accesses", result.stats.accesses},
                {"seconds", result.stats.seconds},
                {"hidden", result.stats.hidden}};
  if (result.stats.logs) stats["logs"] = *result.stats.logs;
  if (result.stats.reports) stats["reports"] = *result.stats.reports;
  return {{"tool", {{"name", "hawk-audit"}, {"version", HAWK_AUDIT_VERSION}}},
          {"findings", std::move(findings)},
          {"inventory", std::move(inventory)},
          {"errors", std::move(errors)},
          {"stats", std::move(stats)}};
}

}  // namespace hawk::audit
