#include "gate/results_file.h"

#include <algorithm>

#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/MemoryBuffer.h>
#include <nlohmann/json.hpp>

namespace hawk::audit {
namespace {

using nlohmann::json;

// Lenient field readers: results written by an older or newer hawk-audit may lack a key
// or add one; only what identifies a finding is required.
std::string text(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

unsigned number(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<unsigned>() : 0;
}

bool flag(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

AccessKind access_kind(const std::string& name) {
  for (AccessKind kind : {AccessKind::Read, AccessKind::Write, AccessKind::ReadModifyWrite, AccessKind::AtomicRead,
                          AccessKind::AtomicWrite, AccessKind::AtomicReadModifyWrite}) {
    if (name == to_string(kind)) return kind;
  }
  return AccessKind::Read;
}

AccessReport access_report(const json& access) {
  AccessReport report;
  if (!access.is_object()) return report;
  report.pos = {text(access, "file"), number(access, "line"), number(access, "column")};
  report.function = text(access, "function");
  report.kind = access_kind(text(access, "kind"));
  if (auto locks = access.find("locks"); locks != access.end() && locks->is_array()) {
    for (const json& lock : *locks) {
      if (!lock.is_string()) continue;
      llvm::StringRef name = lock.get_ref<const std::string&>();
      const bool shared = name.consume_back(" (shared)");
      report.locks.push_back({name.str(), shared});
    }
  }
  if (auto via = access.find("via"); via != access.end() && via->is_array()) {
    for (const json& step : *via)
      if (step.is_object()) report.via.push_back({text(step, "function"), text(step, "file"), number(step, "line")});
  }
  report.description = text(access, "description");
  report.thread = text(access, "thread");  // dynamic findings' thread name; static ones carry an object
  if (auto thread = access.find("thread"); thread != access.end() && thread->is_object()) {
    ThreadReport runs_on;
    runs_on.root = text(*thread, "root");
    runs_on.how = text(*thread, "how");
    runs_on.multiplicity = text(*thread, "multiplicity");
    if (auto started = thread->find("started_at"); started != thread->end() && started->is_object())
      runs_on.started_at = SourcePos{text(*started, "file"), number(*started, "line"), 0};
    report.runs_on = std::move(runs_on);
  }
  return report;
}

llvm::Expected<Finding> finding_from_json(const json& object, std::size_t index) {
  if (!object.is_object() || !object.contains("id") || !object["id"].is_string() ||
      object["id"].get_ref<const std::string&>().empty()) {
    return llvm::createStringError("findings[%zu] has no id", index);
  }
  Finding finding;
  finding.id = object["id"].get<std::string>();
  finding.check = text(object, "check");
  finding.severity = text(object, "severity");
  if (finding.severity.empty()) finding.severity = "warning";
  finding.message = text(object, "message");
  if (auto location = object.find("location"); location != object.end() && location->is_object()) {
    finding.location_name = text(*location, "name");
    const std::string kind = text(*location, "kind");
    bool known = false;
    for (LocationKind k : {LocationKind::Global, LocationKind::StaticMember, LocationKind::LocalStatic,
                           LocationKind::Field, LocationKind::Local, LocationKind::LibraryState}) {
      if (kind == to_string(k)) {
        finding.location_kind = k;
        known = true;
      }
    }
    // A dynamic location (heap, stack, lock-order, ...), and where a global was declared.
    if ((!known && !kind.empty()) || location->contains("file")) {
      LocationDetails details;
      if (!known) details.kind = kind;
      details.description = text(*location, "description");
      details.file = text(*location, "file");
      details.line = number(*location, "line");
      finding.location_details = details;
    }
  }
  if (auto access = object.find("access"); access != object.end()) finding.access = access_report(*access);
  if (auto conflicts = object.find("conflicts"); conflicts != object.end() && conflicts->is_array()) {
    for (const json& other : *conflicts) finding.conflicts.push_back(access_report(other));
  }
  if (auto guard = object.find("guard"); guard != object.end() && guard->is_object()) {
    finding.guard = GuardReport{text(*guard, "lock"), text(*guard, "source"), text(*guard, "evidence"),
                                flag(*guard, "weak")};
  }
  finding.mhp = text(object, "mhp");
  finding.confidence = text(object, "confidence");
  finding.suppressed = flag(object, "suppressed");
  finding.suppression_reason = text(object, "suppression_reason");
  finding.suppression_without_reason = flag(object, "suppression_without_reason");
  finding.occurrences = number(object, "occurrences");
  if (auto origins = object.find("origins"); origins != object.end() && origins->is_array()) {
    for (const json& origin : *origins)
      if (origin.is_object()) finding.origins.push_back({text(origin, "log"), number(origin, "line"), 0});
  }
  return finding;
}

}  // namespace

llvm::Expected<AuditResult> results_from_json(const json& results) {
  if (!results.is_object()) return llvm::createStringError("not a JSON object");
  const auto findings = results.find("findings");
  if (findings == results.end() || !findings->is_array()) return llvm::createStringError("no findings[] array");
  AuditResult result;
  for (std::size_t i = 0; i < findings->size(); ++i) {
    llvm::Expected<Finding> finding = finding_from_json((*findings)[i], i);
    if (!finding) return finding.takeError();
    result.findings.push_back(std::move(*finding));
  }
  if (auto errors = results.find("errors"); errors != results.end() && errors->is_array()) {
    for (const json& error : *errors)
      if (error.is_object()) result.errors.push_back({text(error, "file"), text(error, "message")});
  }
  return result;
}

llvm::Expected<AuditResult> read_results_file(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!buffer) return llvm::createStringError("cannot read %s: %s", path.c_str(), buffer.getError().message().c_str());
  const json parsed = json::parse((*buffer)->getBuffer().begin(), (*buffer)->getBuffer().end(), nullptr,
                                  /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return llvm::createStringError("%s is not valid JSON", path.c_str());
  llvm::Expected<AuditResult> result = results_from_json(parsed);
  if (!result) {
    return llvm::createStringError("%s is not hawk-audit results (--format json): %s", path.c_str(),
                                   llvm::toString(result.takeError()).c_str());
  }
  return result;
}

AuditResult merge_results(const std::vector<AuditResult>& results) {
  AuditResult merged;
  llvm::StringMap<std::size_t> by_id;
  for (const AuditResult& result : results) {
    for (const Finding& finding : result.findings) {
      auto [it, inserted] = by_id.try_emplace(finding.id, merged.findings.size());
      if (inserted) {
        merged.findings.push_back(finding);
      } else if (merged.findings[it->second].suppressed && !finding.suppressed) {
        merged.findings[it->second] = finding;
      }
    }
    for (const CaptureError& error : result.errors) {
      const bool known = std::any_of(merged.errors.begin(), merged.errors.end(), [&](const CaptureError& e) {
        return e.file == error.file && e.message == error.message;
      });
      if (!known) merged.errors.push_back(error);
    }
  }
  return merged;
}

}  // namespace hawk::audit
