#include "output/sarif_output.h"

#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include <clang/Basic/Sarif.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/Path.h>

#include "output/check_rules.h"
#include "output/source_ranges.h"
#include "output/text_output.h"

#ifndef HAWK_AUDIT_VERSION
#define HAWK_AUDIT_VERSION "0.0.0"
#endif

namespace hawk::audit {
namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

clang::SarifResultLevel level_of(const std::string& severity) {
  if (severity == "error") return clang::SarifResultLevel::Error;
  if (severity == "note") return clang::SarifResultLevel::Note;
  return clang::SarifResultLevel::Warning;
}

// RFC 3986 path characters, as clang's writer spells its file:// URIs; '/' separates.
std::string percent_encode(llvm::StringRef path) {
  std::string out;
  for (char c : path) {
    if (llvm::isAlnum(c) || llvm::StringRef("-._~:@!$&'()*+,;=/").contains(c)) {
      out += c;
    } else {
      out += '%';
      out += llvm::toHex(llvm::StringRef(&c, 1));
    }
  }
  return out;
}

std::optional<std::string> percent_decode(llvm::StringRef text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    unsigned byte = 0;
    if (text.substr(i + 1, 2).getAsInteger(16, byte)) return std::nullopt;
    out += static_cast<char>(byte);
    i += 2;
  }
  return out;
}

std::string absolute(const std::string& path) {
  llvm::SmallString<256> p(path);
  llvm::sys::fs::make_absolute(p);
  llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
  return std::string(p);
}

// What the text output's note says at a conflicting access.
std::string access_note(const Finding& finding, const AccessReport& access) {
  if (!access.description.empty()) {
    std::string note = access.description + " here";
    if (!access.function.empty()) note += " (in " + access.function + ")";
    return note;
  }
  std::string note = std::string(to_string(access.kind)) + " of '" + finding.location_name + "' here, holding " +
                     locks_text(access.locks) + " (in " + access.function;
  if (access.runs_on) note += ", " + thread_text(*access.runs_on);
  return note + ")";
}

// Where a position is shown: a dynamic report without a symbolized frame points at the
// report in its log, as in the text output.
SourcePos shown_at(const Finding& finding, const SourcePos& pos) {
  if (pos.file.empty() && !finding.origins.empty()) return {finding.origins.front().log, finding.origins.front().line, 0};
  return pos;
}

// A location clang's writer cannot express: its file cannot be read (it is not on this
// machine, or changed since the analysis), so there is no SourceManager location for it.
// It is added to the document after createDocument(), by file:line:column alone.
Object position_only_location(const SourcePos& pos) {
  Object physical{{"artifactLocation", Object{{"uri", "file://" + percent_encode(absolute(pos.file))}}}};
  if (pos.line != 0) {
    Object region{{"startLine", static_cast<int64_t>(pos.line)}};
    if (pos.column != 0) region["startColumn"] = static_cast<int64_t>(pos.column);
    physical["region"] = std::move(region);
  }
  return Object{{"physicalLocation", std::move(physical)}};
}

// One location of a result: the index of the one clang's writer made from a range, or a
// position-only one; with the message a related location carries.
struct PlannedLocation {
  std::variant<std::size_t, Object> where;
  std::string message;
};

struct PlannedResult {
  std::vector<PlannedLocation> locations;  // the access first, then each conflict
  bool has_primary = false;
};

Array json_locks(const std::vector<HeldLock>& locks) {
  Array out;
  for (const HeldLock& held : locks) out.push_back(held.shared ? held.lock + " (shared)" : held.lock);
  return out;
}

// What SARIF has no place for, in the result's property bag: the contract's names.
Object result_properties(const Finding& finding) {
  Object props{{"check", finding.check},
               {"location", finding.location_name},
               {"function", finding.access.function},
               {"accessKind", to_string(finding.access.kind)},
               {"locks", json_locks(finding.access.locks)}};
  if (finding.location_details && !finding.location_details->kind.empty()) {
    props["locationKind"] = finding.location_details->kind;
  } else {
    props["locationKind"] = to_string(finding.location_kind);
  }
  if (finding.guard) {
    props["guard"] = Object{{"lock", finding.guard->lock},
                            {"source", finding.guard->source},
                            {"evidence", finding.guard->evidence}};
  }
  if (finding.access.runs_on) {
    const ThreadReport& thread = *finding.access.runs_on;
    Object object{{"root", thread.root}, {"how", thread.how}, {"multiplicity", thread.multiplicity}};
    if (thread.started_at)
      object["startedAt"] = Object{{"file", thread.started_at->file},
                                   {"line", static_cast<int64_t>(thread.started_at->line)}};
    props["thread"] = std::move(object);
  }
  if (!finding.confidence.empty()) {
    props["mhp"] = finding.mhp;
    props["confidence"] = finding.confidence;
  }
  if (finding.occurrences != 0) props["occurrences"] = static_cast<int64_t>(finding.occurrences);
  if (finding.suppression_without_reason) props["suppressionWithoutReason"] = true;
  return props;
}

// Rewrites every file:// URI under `base` as a path relative to it with uriBaseId SRCROOT.
class UriRebaser {
 public:
  explicit UriRebaser(std::string base) : base_(std::move(base)) {
    if (!base_.empty() && !llvm::StringRef(base_).ends_with("/")) base_ += '/';
  }

  const std::string& base() const { return base_; }

  void rewrite(Value& value) const {
    if (Array* array = value.getAsArray()) {
      for (Value& item : *array) rewrite(item);
      return;
    }
    Object* object = value.getAsObject();
    if (!object) return;
    if (std::optional<llvm::StringRef> uri = object->getString("uri"); uri && uri->starts_with("file://")) {
      if (std::optional<std::string> path = percent_decode(uri->drop_front(7)); path && !base_.empty() &&
                                                                                llvm::StringRef(*path).starts_with(base_)) {
        (*object)["uri"] = percent_encode(llvm::StringRef(*path).drop_front(base_.size()));
        (*object)["uriBaseId"] = kSarifSourceRoot;
      }
    }
    for (auto& [key, child] : *object) rewrite(child);
  }

 private:
  std::string base_;
};

}  // namespace

llvm::json::Object to_sarif(const AuditResult& result, const SarifOptions& options) {
  SourceRanges ranges;
  clang::SarifDocumentWriter writer(ranges.source_manager());
  const bool dynamic = result.stats.logs.has_value();
  writer.createRun("hawk-audit",
                   dynamic ? "hawk-audit tsan: ThreadSanitizer reports" : "hawk-audit: static thread-safety checker",
                   HAWK_AUDIT_VERSION);

  // One rule per check this kind of run has, and any other check a finding names.
  std::vector<CheckRule> rules;
  llvm::StringMap<std::size_t> rule_index;
  auto add_rule = [&](const CheckRule& rule) {
    if (rule_index.contains(rule.check)) return;
    rule_index[rule.check] = writer.createRule(clang::SarifRule::create()
                                                   .setRuleId(rule.id)
                                                   .setName(rule.name)
                                                   .setDescription(rule.full_description));
    rules.push_back(rule);
  };
  for (const CheckRule& rule : check_rules())
    if (rule.dynamic == dynamic) add_rule(rule);
  for (const Finding& finding : result.findings) add_rule(rule_for(finding.check));

  std::vector<PlannedResult> planned;
  for (const Finding& finding : result.findings) {
    PlannedResult plan;
    llvm::SmallVector<clang::CharSourceRange, 8> locations;
    auto add_location = [&](const SourcePos& at, std::string message) {
      const SourcePos pos = shown_at(finding, at);
      if (pos.file.empty()) return false;
      if (std::optional<clang::CharSourceRange> range = ranges.range(pos.file, pos.line, pos.column)) {
        plan.locations.push_back({locations.size(), std::move(message)});
        locations.push_back(*range);
      } else {
        plan.locations.push_back({position_only_location(pos), std::move(message)});
      }
      return true;
    };
    plan.has_primary = add_location(finding.access.pos, finding.message);
    for (const AccessReport& other : finding.conflicts) add_location(other.pos, access_note(finding, other));

    // The call chain from the entry down to the access, as one thread flow.
    llvm::SmallVector<clang::ThreadFlow, 8> flow;
    if (!finding.access.via.empty()) {
      for (const ViaStep& step : finding.access.via) {
        if (auto range = ranges.range(step.file, step.line, 0)) {
          flow.push_back(clang::ThreadFlow::create()
                             .setRange(*range)
                             .setImportance(clang::ThreadFlowImportance::Important)
                             .setMessage("called from '" + step.function + "' here"));
        }
      }
      const SourcePos& pos = finding.access.pos;
      if (auto range = ranges.range(pos.file, pos.line, pos.column)) {
        flow.push_back(clang::ThreadFlow::create()
                           .setRange(*range)
                           .setImportance(clang::ThreadFlowImportance::Essential)
                           .setMessage(std::string(to_string(finding.access.kind)) + " of '" +
                                       finding.location_name + "' in " + finding.access.function));
      }
    }

    std::string message = finding.message;
    if (finding.occurrences > 1) message += " (reported " + std::to_string(finding.occurrences) + " times)";
    clang::SarifResult sarif = clang::SarifResult::create(static_cast<uint32_t>(rule_index[finding.check]))
                                   .setRuleId(rules[rule_index[finding.check]].id)
                                   .setDiagnosticMessage(message)
                                   .setDiagnosticLevel(level_of(finding.severity))
                                   .setLocations(locations);
    if (!flow.empty()) sarif = sarif.setThreadFlows(flow);
    writer.appendResult(sarif);
    planned.push_back(std::move(plan));
  }

  Object document = writer.createDocument();

  // What clang's writer has no setter for is added to its output.
  Array* runs = document.getArray("runs");
  Object& run = *(*runs)[0].getAsObject();
  Object& driver = *run.getObject("tool")->getObject("driver");
  driver.erase("informationUri");  // clang's own manual, not hawk-audit's
  if (Array* sarif_rules = driver.getArray("rules")) {
    for (std::size_t i = 0; i < sarif_rules->size() && i < rules.size(); ++i) {
      Object& rule = *(*sarif_rules)[i].getAsObject();
      rule["shortDescription"] = Object{{"text", rules[i].short_description}};
      if (!rules[i].help_markdown.empty()) {
        rule["help"] = Object{{"text", rules[i].help_markdown}, {"markdown", rules[i].help_markdown}};
      }
      rule["properties"] =
          Object{{"tags", Array{"concurrency", rules[i].dynamic ? "threadsanitizer" : "thread-safety"}}};
    }
  }

  Array* results = run.getArray("results");
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& finding = result.findings[i];
    Object& sarif = *(*results)[i].getAsObject();
    Array made;  // the locations clang's writer made, in the order their ranges were given
    if (Array* locations = sarif.getArray("locations")) made = std::move(*locations);
    sarif.erase("locations");

    Array primary, related;
    for (std::size_t k = 0; k < planned[i].locations.size(); ++k) {
      PlannedLocation& planned_location = planned[i].locations[k];
      Value location = std::holds_alternative<std::size_t>(planned_location.where)
                           ? made[std::get<std::size_t>(planned_location.where)]
                           : Value(std::move(std::get<Object>(planned_location.where)));
      if (k == 0 && planned[i].has_primary) {
        primary.push_back(std::move(location));
        continue;
      }
      Object& object = *location.getAsObject();
      object["id"] = static_cast<int64_t>(related.size() + 1);
      object["message"] = Object{{"text", planned_location.message}};
      related.push_back(std::move(location));
    }
    if (!primary.empty()) sarif["locations"] = std::move(primary);
    if (!related.empty()) sarif["relatedLocations"] = std::move(related);
    if (!finding.id.empty()) sarif["partialFingerprints"] = Object{{kSarifFingerprintKey, finding.id}};
    if (finding.suppressed) {
      sarif["suppressions"] = Array{Object{{"kind", "inSource"}, {"justification", finding.suppression_reason}}};
    } else if (!dynamic) {
      sarif["suppressions"] = Array{};  // looked for, none applies (a tsan run has none to look for)
    }
    sarif["properties"] = result_properties(finding);
    // SARIF's own ranking (0-100): how sure the finding is.
    if (!finding.confidence.empty())
      sarif["rank"] = finding.confidence == "high" ? 90.0 : finding.confidence == "medium" ? 60.0 : 30.0;
  }

  // The units that could not be analysed: the run did not fully succeed.
  Array notifications;
  for (const CaptureError& error : result.errors) {
    Object notification{{"level", "error"}, {"message", Object{{"text", error.message}}}};
    if (!error.file.empty()) {
      notification["locations"] = Array{Object{
          {"physicalLocation",
           Object{{"artifactLocation", Object{{"uri", "file://" + percent_encode(absolute(error.file))}}}}}}};
    }
    notifications.push_back(std::move(notification));
  }
  Object invocation{{"executionSuccessful", result.errors.empty()}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  run["invocations"] = Array{std::move(invocation)};

  std::string base = options.base_directory;
  if (base.empty()) {
    llvm::SmallString<256> cwd;
    if (!llvm::sys::fs::current_path(cwd)) base = std::string(cwd);
  }
  const UriRebaser rebaser(base.empty() ? std::string() : absolute(base));
  Value run_value(std::move(run));
  rebaser.rewrite(run_value);
  Object& rebased = *run_value.getAsObject();
  if (!rebaser.base().empty()) {
    rebased["originalUriBaseIds"] =
        Object{{kSarifSourceRoot, Object{{"uri", "file://" + percent_encode(rebaser.base())},
                                         {"description", Object{{"text", "The directory result paths are relative to."}}}}}};
  }
  (*runs)[0] = std::move(run_value);
  return document;
}

void print_sarif(const AuditResult& result, llvm::raw_ostream& out, const SarifOptions& options) {
  out << llvm::formatv("{0:2}", Value(to_sarif(result, options))) << '\n';
}

}  // namespace hawk::audit
