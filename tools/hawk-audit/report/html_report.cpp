#include "report/html_report.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include "report/check_docs.h"
#include "report/evidence_html.h"
#include "report/finding_html.h"
#include "report/html_escape.h"
#include "report/inventory_html.h"
#include "report/module_overview.h"
#include "report/overview_html.h"
#include "report/page_assets.h"
#include "report/source_view.h"

#ifndef HAWK_AUDIT_VERSION
#define HAWK_AUDIT_VERSION "0.0.0"
#endif

namespace hawk::audit::report {
namespace {

// Element ids for findings: finding-<id>, made unique.
class Anchors {
 public:
  std::string next(const std::string& id) {
    const std::string base = "finding-" + id_token(id.empty() ? "unnamed" : id);
    std::string anchor = base;
    for (int n = 2; !used_.insert(anchor).second; ++n) anchor = base + "-" + std::to_string(n);
    return anchor;
  }

 private:
  std::set<std::string> used_;
};

std::string header_html(const ReportData& data) {
  const AuditResults& s = data.static_results;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", s.seconds);
  std::string html = "<header class=\"top\"><h1>hawk-audit report</h1><p>Static results: " + escape_html(s.path) +
                     " &middot; hawk-audit " + escape_html(s.tool_version.empty() ? "?" : s.tool_version) + " &middot; " +
                     std::to_string(s.translation_units) + " translation units, " + std::to_string(s.functions) +
                     " functions, " + std::to_string(s.accesses) + " accesses in " + seconds + " s</p>";
  if (data.tsan) html += "<p>TSan results: " + escape_html(data.tsan->path) + "</p>";
  if (data.stress) html += "<p>Stress suite: " + escape_html(data.stress->path) + "</p>";
  if (data.mutation) html += "<p>Mutation results: " + escape_html(data.mutation->path) + "</p>";
  return html + "</header>";
}

std::string nav_html(const ReportData& data, bool has_unmatched, bool has_suppressed, bool has_errors) {
  std::string html = "<nav class=\"sections\"><a href=\"#overview\">Overview</a><a href=\"#findings\">Findings</a>";
  if (has_unmatched) html += "<a href=\"#tsan-only\">TSan only</a>";
  if (has_suppressed) html += "<a href=\"#suppressed\">Suppressed</a>";
  html += "<a href=\"#inventory-section\">Inventory</a>";
  if (data.stress) html += "<a href=\"#stress-section\">Stress suite</a>";
  if (data.mutation) html += "<a href=\"#mutation-section\">Mutants</a>";
  if (has_errors) html += "<a href=\"#errors\">Errors</a>";
  return html + "</nav>";
}

std::string errors_html(const ReportData& data) {
  std::string html = "<section class=\"part\" id=\"errors\"><h2>Errors</h2><p class=\"muted\">What could not be "
                     "analysed or read; everything else is reported above.</p><ul class=\"errors\">";
  const auto add = [&](const AuditResults& results) {
    for (const ErrorRow& error : results.errors) {
      html += "<li><code>" + escape_html(error.file) + "</code>: " + escape_html(error.message) + " <span class=\"muted\">(" +
              escape_html(results.path) + ")</span></li>";
    }
  };
  add(data.static_results);
  if (data.tsan) add(*data.tsan);
  return html + "</ul></section>";
}

}  // namespace

std::string render_html_report(const ReportData& data, const HtmlReportOptions& options) {
  SourceExcerpts sources(options.source_dirs);
  const CheckDocs docs(options.report_dir, options.source_dirs);
  FindingHtml findings_html(sources, docs, options.context_lines);
  Anchors anchors;
  const Overview overview = build_overview(data);
  const std::vector<FindingView>& findings = data.static_results.findings;

  // Open findings first, by module and place; then the suppressed ones.
  std::vector<std::size_t> order(findings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const FindingView& x = findings[a];
    const FindingView& y = findings[b];
    return std::tie(x.suppressed, data.finding_modules[a], x.access.file, x.access.line, a) <
           std::tie(y.suppressed, data.finding_modules[b], y.access.file, y.access.line, b);
  });
  std::vector<std::string> anchor(findings.size());
  for (std::size_t i : order) anchor[i] = anchors.next(findings[i].id);

  const auto tsan_for = [&](std::size_t i) {
    std::vector<const FindingView*> out;
    if (data.tsan && i < data.tsan_matches.by_static.size()) {
      for (std::size_t t : data.tsan_matches.by_static[i]) out.push_back(&data.tsan->findings[t]);
    }
    return out;
  };

  std::string open_index, open_details, suppressed_details;
  unsigned open = 0, suppressed = 0;
  for (std::size_t i : order) {
    const FindingView& f = findings[i];
    const std::vector<const FindingView*> tsan = tsan_for(i);
    const std::string details = findings_html.render(f, data.finding_modules[i], anchor[i], tsan, false);
    if (f.suppressed) {
      ++suppressed;
      suppressed_details += details;
      continue;
    }
    ++open;
    open_details += details;
    open_index += "<tr><td><a href=\"#" + escape_html(anchor[i]) + "\">" + escape_html(f.check) + "</a></td><td><code>" +
                  escape_html(f.location_name) + "</code></td><td>" + escape_html(data.finding_modules[i]) +
                  "</td><td class=\"mono\">" + escape_html(position_text(f.access.file, f.access.line)) + "</td><td>" +
                  (tsan.empty() ? std::string(data.tsan ? "<span class=\"muted\">no</span>" : "")
                                : "<span class=\"pill tsan\">yes</span>") +
                  "</td></tr>";
  }

  std::string body = overview_html(data, overview);
  body += "<section class=\"part\" id=\"findings\"><h2>Findings</h2>";
  if (open == 0) {
    body += "<p>No open finding.</p>";
  } else {
    body += "<table class=\"grid sortable\" id=\"finding-index\"><thead><tr><th>check</th><th>location</th><th>module</th>"
            "<th>access</th><th>TSan</th></tr></thead><tbody>" +
            open_index + "</tbody></table>" + open_details;
  }
  body += "</section>";

  const bool has_unmatched = data.tsan && !data.tsan_matches.unmatched.empty();
  if (has_unmatched) {
    body += "<section class=\"part\" id=\"tsan-only\"><h2>ThreadSanitizer findings with no static finding</h2>"
            "<p class=\"muted\">Races the stress runs saw that no static finding points at (by location name or the "
            "file and line of an access).</p>";
    for (std::size_t t : data.tsan_matches.unmatched) {
      const FindingView& f = data.tsan->findings[t];
      body += findings_html.render(f, data.tsan_modules[t], anchors.next(f.id), {}, true);
    }
    body += "</section>";
  }
  if (suppressed != 0) {
    body += "<section class=\"part\" id=\"suppressed\"><h2>Suppressed findings</h2><p class=\"muted\">Silenced in the "
            "source with <code>// hawk-audit: ignore(&lt;check&gt;): &lt;reason&gt;</code>; each shows its reason.</p>" +
            suppressed_details + "</section>";
  }
  body += inventory_html(data.static_results.inventory, overview.verdicts);
  if (data.stress) body += stress_html(*data.stress);
  if (data.mutation) body += mutation_html(*data.mutation);
  const bool has_errors = !data.static_results.errors.empty() || (data.tsan && !data.tsan->errors.empty());
  if (has_errors) body += errors_html(data);

  const std::string_view script = page_script();
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
                     escape_html(content_security_policy(script)) +
                     "\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<link rel=\"icon\" href=\"data:,\"><title>hawk-audit report</title><style>";
  page += page_style();
  page += "</style></head><body>";
  page += header_html(data);
  page += nav_html(data, has_unmatched, suppressed != 0, has_errors);
  page += "<main>" + body + "<footer>Generated by hawk-audit " HAWK_AUDIT_VERSION
          " report. Self-contained: no network, no external asset.</footer></main><script>";
  page += script;
  page += "</script></body></html>\n";
  return page;
}

}  // namespace hawk::audit::report
