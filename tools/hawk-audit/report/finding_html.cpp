#include "report/finding_html.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>

#include "report/html_escape.h"

namespace hawk::audit::report {
namespace {

std::string code(const std::string& text) { return "<code>" + escape_html(text) + "</code>"; }

std::string places_list(const std::vector<CodePlace>& places, const char* css) {
  std::string html = "<ol class=\"" + std::string(css) + "\">";
  for (const CodePlace& place : places) {
    html += "<li>" + code(place.function.empty() ? "??" : place.function);
    if (!place.file.empty()) html += " <span class=\"muted\">" + escape_html(position_text(place.file, place.line)) + "</span>";
    html += "</li>";
  }
  return html + "</ol>";
}

}  // namespace

std::string position_text(const std::string& file, unsigned line, unsigned column) {
  static const std::string cwd = [] {
    llvm::SmallString<256> dir;
    if (llvm::sys::fs::current_path(dir)) return std::string();
    return std::string(dir) + "/";
  }();
  llvm::StringRef shown = file;
  if (!cwd.empty() && shown.starts_with(cwd) && shown.size() > cwd.size()) shown = shown.drop_front(cwd.size());
  std::string out = shown.empty() ? "(unknown file)" : shown.str();
  if (line != 0) out += ":" + std::to_string(line);
  if (line != 0 && column != 0) out += ":" + std::to_string(column);
  return out;
}

std::string FindingHtml::check_html(const std::string& check) {
  const std::string doc = "checks/" + check_doc_name(check);
  if (auto href = docs_.href(check)) {
    return "<a class=\"check-doc\" href=\"" + escape_html(*href) + "\">" + code(check) + "</a> <span class=\"muted\">(" +
           escape_html(doc) + ")</span>";
  }
  return code(check) + " <span class=\"muted\">(" + escape_html(doc) + ")</span>";
}

std::string FindingHtml::access_html(const AccessView& access, const std::string& role, bool primary, bool dynamic,
                                     bool with_source) {
  std::string html = std::string("<section class=\"access") + (primary ? " primary" : "") + "\"><h4>" +
                     escape_html(role) + ": " + escape_html(access.kind.empty() ? "access" : access.kind);
  if (!access.function.empty()) html += " in " + code(access.function);
  html += "</h4><p class=\"pos\">" + code(position_text(access.file, access.line, access.column)) + "</p>";
  if (dynamic) {
    if (!access.description.empty()) html += "<p>" + escape_html(access.description) + "</p>";
    else if (!access.thread.empty()) html += "<p>thread " + escape_html(access.thread) + "</p>";
  }
  html += "<p class=\"locks\">";
  if (access.locks.empty()) {
    html += "holding no lock";
  } else {
    html += "holding ";
    for (std::size_t i = 0; i < access.locks.size(); ++i) html += (i ? ", " : "") + code(access.locks[i]);
  }
  html += "</p>";
  if (!access.runs_on.empty()) html += "<p class=\"thread\">on " + escape_html(access.runs_on) + "</p>";
  if (!access.via.empty()) html += "<p class=\"muted\">reached from the entry through:</p>" + places_list(access.via, "via");
  if (with_source) html += sources_.render(access.file, access.line, context_);
  if (!access.stack.empty()) {
    html += "<details class=\"stack\"><summary>stack (" + std::to_string(access.stack.size()) + " frames)</summary>" +
            places_list(access.stack, "frames") + "</details>";
  }
  return html + "</section>";
}

std::string FindingHtml::tsan_match_html(const FindingView& tsan) {
  std::string html = "<div class=\"tsan-match\"><h4><span class=\"pill tsan\">ThreadSanitizer</span> " +
                     escape_html(tsan.message) + "</h4><p>" + check_html(tsan.check);
  if (tsan.occurrences > 1) html += " &middot; seen " + std::to_string(tsan.occurrences) + " times";
  html += " &middot; id " + code(tsan.id) + "</p><div class=\"accesses\">";
  html += access_html(tsan.access, "Access", true, true, false);
  for (std::size_t i = 0; i < tsan.conflicts.size(); ++i)
    html += access_html(tsan.conflicts[i], "Other access " + std::to_string(i + 1), false, true, false);
  return html + "</div></div>";
}

std::string FindingHtml::render(const FindingView& finding, const std::string& module, const std::string& anchor,
                                const std::vector<const FindingView*>& tsan, bool dynamic) {
  std::string classes = "finding";
  if (finding.suppressed) classes += " is-suppressed";
  if (dynamic) classes += " is-tsan";
  std::string html = "<details class=\"" + classes + "\" id=\"" + escape_html(anchor) + "\" data-check=\"" +
                     escape_html(finding.check) + "\" data-module=\"" + escape_html(module) + "\"><summary>";
  html += "<span class=\"pill check\">" + escape_html(finding.check) + "</span> ";
  if (finding.suppressed) html += "<span class=\"pill suppressed\">suppressed</span> ";
  if (!tsan.empty()) html += "<span class=\"pill tsan\">also seen by TSan</span> ";
  if (!finding.confidence.empty() && finding.confidence != "high")
    html += "<span class=\"pill confidence-" + escape_html(finding.confidence) + "\">" +
            escape_html(finding.confidence) + " confidence</span> ";
  html += "<span class=\"msg\">" + escape_html(finding.message) + "</span><span class=\"where\">" +
          escape_html(position_text(finding.access.file, finding.access.line)) + "</span></summary>";

  html += "<div class=\"body\"><dl class=\"facts\"><dt>Check</dt><dd>" + check_html(finding.check) + "</dd>";
  html += "<dt>Location</dt><dd>" + code(finding.location_name.empty() ? "(unnamed)" : finding.location_name);
  if (!finding.location_kind.empty()) html += " <span class=\"muted\">" + escape_html(finding.location_kind) + "</span>";
  if (!finding.location_description.empty()) html += " &mdash; " + escape_html(finding.location_description);
  html += "</dd><dt>Module</dt><dd>" + (module.empty() ? std::string("<span class=\"muted\">unknown</span>") : code(module)) +
          "</dd>";
  if (!dynamic) {
    html += "<dt>Guard</dt><dd>";
    if (finding.guard) {
      html += code(finding.guard->lock) + " <span class=\"muted\">" + escape_html(finding.guard->source) + "</span>";
      if (!finding.guard->evidence.empty()) html += " &mdash; " + escape_html(finding.guard->evidence);
      if (finding.guard->weak) html += " <span class=\"pill weak\">weak</span>";
    } else {
      html += "<span class=\"muted\">no lock guards this location anywhere</span>";
    }
    html += "</dd>";
  }
  if (!finding.mhp.empty()) html += "<dt>In parallel</dt><dd>" + escape_html(finding.mhp) + "</dd>";
  if (!finding.confidence.empty())
    html += "<dt>Confidence</dt><dd><span class=\"pill confidence-" + escape_html(finding.confidence) + "\">" +
            escape_html(finding.confidence) + "</span></dd>";
  if (finding.suppressed) {
    html += "<dt>Suppressed</dt><dd>" +
            (finding.suppression_reason.empty() ? std::string("<span class=\"muted\">no reason given</span>")
                                                : escape_html(finding.suppression_reason)) +
            "</dd>";
  }
  if (dynamic && finding.occurrences > 1) html += "<dt>Reports</dt><dd>" + std::to_string(finding.occurrences) + "</dd>";
  html += "<dt>Id</dt><dd>" + code(finding.id) + " <a href=\"#" + escape_html(anchor) + "\">link</a></dd></dl>";

  html += "<div class=\"accesses\">";
  html += access_html(finding.access, "This access", true, dynamic, true);
  for (std::size_t i = 0; i < finding.conflicts.size(); ++i)
    html += access_html(finding.conflicts[i], "Conflicting access " + std::to_string(i + 1), false, dynamic, true);
  html += "</div>";
  for (const FindingView* match : tsan) html += tsan_match_html(*match);
  return html + "</div></details>";
}

}  // namespace hawk::audit::report
