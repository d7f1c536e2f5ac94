#include "gate/baseline.h"

#include <algorithm>

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Errc.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <nlohmann/json.hpp>

#include "gate/results_file.h"

#ifndef HAWK_AUDIT_VERSION
#define HAWK_AUDIT_VERSION "0.0.0"
#endif

namespace hawk::audit {
namespace {

using nlohmann::json;

std::string relative_to(const std::string& file, const std::string& base) {
  if (base.empty() || file.empty()) return file;
  llvm::SmallString<256> prefix(base);
  llvm::sys::path::remove_dots(prefix, /*remove_dot_dot=*/true);
  if (!prefix.ends_with("/")) prefix += '/';
  llvm::StringRef path(file);
  if (path.consume_front(prefix)) return path.str();
  return file;
}

void sort_unique(std::vector<BaselineEntry>& entries) {
  std::sort(entries.begin(), entries.end(), [](const BaselineEntry& a, const BaselineEntry& b) { return a.id < b.id; });
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const BaselineEntry& a, const BaselineEntry& b) { return a.id == b.id; }),
                entries.end());
}

}  // namespace

bool Baseline::contains(const std::string& id) const {
  auto it = std::lower_bound(entries.begin(), entries.end(), id,
                             [](const BaselineEntry& entry, const std::string& key) { return entry.id < key; });
  return it != entries.end() && it->id == id;
}

Baseline baseline_from(const AuditResult& current, const std::string& base_directory) {
  std::string base = base_directory;
  if (base.empty()) {
    llvm::SmallString<256> cwd;
    if (!llvm::sys::fs::current_path(cwd)) base = std::string(cwd);
  }
  Baseline baseline;
  for (const Finding& finding : current.findings) {
    // A suppressed finding is accepted by its comment, not by the baseline: if the comment
    // goes, the finding must fail the gate again.
    if (finding.suppressed) continue;
    baseline.entries.push_back({finding.id, finding.check, relative_to(finding.access.pos.file, base),
                                finding.access.pos.line, finding.message});
  }
  sort_unique(baseline.entries);
  return baseline;
}

nlohmann::json to_json(const Baseline& baseline) {
  json findings = json::array();
  for (const BaselineEntry& entry : baseline.entries) {
    findings.push_back({{"id", entry.id},
                        {"check", entry.check},
                        {"file", entry.file},
                        {"line", entry.line},
                        {"message", entry.message}});
  }
  return {{"format", kBaselineFormat},
          {"tool", {{"name", "hawk-audit"}, {"version", HAWK_AUDIT_VERSION}}},
          {"findings", std::move(findings)}};
}

llvm::Expected<Baseline> baseline_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return llvm::createStringError("not a JSON object");
  if (auto format = j.find("format"); format != j.end()) {
    if (!format->is_string() || format->get_ref<const std::string&>() != kBaselineFormat) {
      return llvm::createStringError("unsupported format %s (this hawk-audit reads %s)", format->dump().c_str(),
                                     kBaselineFormat);
    }
  }
  // Both formats list findings with an id; the results format nests the position.
  llvm::Expected<AuditResult> results = results_from_json(j);
  if (!results) return results.takeError();
  Baseline baseline;
  const json& findings = j.at("findings");
  for (std::size_t i = 0; i < results->findings.size(); ++i) {
    const Finding& finding = results->findings[i];
    if (finding.suppressed) continue;
    BaselineEntry entry{finding.id, finding.check, finding.access.pos.file, finding.access.pos.line,
                        finding.message};
    const json& raw = findings[i];
    if (auto file = raw.find("file"); file != raw.end() && file->is_string()) entry.file = file->get<std::string>();
    if (auto line = raw.find("line"); line != raw.end() && line->is_number_unsigned()) entry.line = line->get<unsigned>();
    baseline.entries.push_back(std::move(entry));
  }
  sort_unique(baseline.entries);
  return baseline;
}

llvm::Expected<Baseline> read_baseline(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    return llvm::createStringError(buffer.getError(), "cannot read baseline %s: %s", path.c_str(),
                                   buffer.getError().message().c_str());
  }
  const json parsed = json::parse((*buffer)->getBuffer().begin(), (*buffer)->getBuffer().end(), nullptr,
                                  /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return llvm::createStringError("corrupt baseline %s: not valid JSON", path.c_str());
  llvm::Expected<Baseline> baseline = baseline_from_json(parsed);
  if (!baseline) {
    return llvm::createStringError("corrupt baseline %s: %s", path.c_str(),
                                   llvm::toString(baseline.takeError()).c_str());
  }
  return baseline;
}

llvm::Error write_baseline(const Baseline& baseline, const std::string& path) {
  // Through a temporary file renamed over the old one: an interrupted write never leaves a
  // corrupt baseline behind.
  return llvm::writeToOutput(path, [&](llvm::raw_ostream& out) {
    out << to_json(baseline).dump(2) << '\n';
    return llvm::Error::success();
  });
}

}  // namespace hawk::audit
