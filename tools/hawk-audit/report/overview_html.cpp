#include "report/overview_html.h"

#include <algorithm>

#include "report/charts.h"
#include "report/html_escape.h"

namespace hawk::audit::report {
namespace {

std::string card(const std::string& number, const std::string& title, const char* tone = "") {
  return "<div class=\"card " + std::string(tone) + "\"><div class=\"n\">" + escape_html(number) +
         "</div><div class=\"t\">" + escape_html(title) + "</div></div>";
}

std::string count_cell(unsigned n, const char* css = "num") {
  return "<td class=\"" + std::string(css) + (n == 0 ? " zero" : "") + "\">" + std::to_string(n) + "</td>";
}

std::string rate_cell(std::optional<double> rate, unsigned caught, unsigned of) {
  return "<td class=\"num\" data-sort=\"" + (rate ? std::to_string(*rate) : std::string("-1")) + "\" title=\"" +
         std::to_string(caught) + " of " + std::to_string(of) + "\">" + escape_html(percent(rate)) + "</td>";
}

std::string module_row_html(const ModuleRow& row, const std::vector<std::string>& verdicts, bool has_tsan,
                            bool has_stress, bool has_mutation, bool total) {
  std::vector<BarSegment> segments;
  for (const std::string& verdict : verdicts) {
    auto it = row.verdicts.find(verdict);
    const unsigned n = it == row.verdicts.end() ? 0 : it->second;
    segments.push_back({verdict + ": " + std::to_string(n), n, verdict_class(verdict)});
  }
  std::string html = total ? "<tr class=\"total\">" : "<tr>";
  if (total) {
    html += "<td>all modules</td>";
  } else if (row.module.empty()) {
    html += "<td class=\"muted\">(no module)</td>";
  } else {
    html += "<td><a href=\"#inventory-section\" data-module=\"" + escape_html(row.module) + "\">" +
            escape_html(row.module) + "</a></td>";
  }
  html += count_cell(row.locations) + "<td data-sort=\"" + std::to_string(row.locations) + "\">" +
          stacked_bar_svg(segments, 160) + "</td>";
  for (const std::string& verdict : verdicts) {
    auto it = row.verdicts.find(verdict);
    html += count_cell(it == row.verdicts.end() ? 0 : it->second);
  }
  html += count_cell(row.open_findings) + count_cell(row.suppressed_findings);
  if (has_tsan) html += count_cell(row.tsan_findings);
  if (has_stress) {
    const int order = !row.stress ? 0 : *row.stress == StressOutcome::Failed ? 3 : *row.stress == StressOutcome::Passed ? 1 : 2;
    html += "<td data-sort=\"" + std::to_string(order) + "\">" + stress_pill(row.stress, "no harness") + "</td>";
  }
  if (has_mutation) {
    html += count_cell(row.mutation.mutants) +
            rate_cell(row.mutation.static_rate(), row.mutation.static_caught, row.mutation.mutants) +
            rate_cell(row.mutation.stress_rate(), row.mutation.stress_caught, row.mutation.stress_run);
  }
  return html + "</tr>";
}

}  // namespace

std::string verdict_class(const std::string& verdict) {
  const auto& known = known_verdicts();
  if (std::find(known.begin(), known.end(), verdict) != known.end()) return "v-" + verdict;
  return "v-other";
}

std::string stress_pill(std::optional<StressOutcome> outcome, const char* none_text) {
  if (!outcome) return "<span class=\"pill none\">" + escape_html(none_text) + "</span>";
  const std::string name = to_string(*outcome);
  const std::string css = *outcome == StressOutcome::Passed ? "pass" : *outcome == StressOutcome::Failed ? "fail" : "not-run";
  return "<span class=\"pill " + css + "\">" + escape_html(name) + "</span>";
}

std::string overview_html(const ReportData& data, const Overview& overview) {
  const bool has_tsan = data.tsan.has_value();
  const bool has_stress = data.stress.has_value();
  const bool has_mutation = data.mutation.has_value();
  const ModuleRow& total = overview.total;
  std::string html = "<section class=\"part\" id=\"overview\"><h2>Overview</h2><div class=\"cards\">";
  auto unguarded = total.verdicts.find("unguarded");
  const unsigned unguarded_count = unguarded == total.verdicts.end() ? 0 : unguarded->second;
  html += card(std::to_string(total.locations), "shared mutable locations");
  html += card(std::to_string(unguarded_count), "unguarded", unguarded_count ? "bad" : "good");
  html += card(std::to_string(total.open_findings), "open findings", total.open_findings ? "bad" : "good");
  html += card(std::to_string(total.suppressed_findings), "suppressed findings");
  if (has_tsan) {
    const std::size_t unmatched = data.tsan_matches.unmatched.size();
    html += card(std::to_string(data.tsan->findings.size()), "TSan findings (" + std::to_string(unmatched) + " with no static finding)",
                 data.tsan->findings.empty() ? "good" : "bad");
  }
  if (has_stress) {
    unsigned passed = 0, run = 0;
    for (const ModuleRow& row : overview.modules) {
      if (!row.stress) continue;
      ++run;
      if (*row.stress == StressOutcome::Passed) ++passed;
    }
    html += card(std::to_string(passed) + " / " + std::to_string(run), "stress harnesses passing",
                 passed == run ? "good" : "bad");
  }
  if (has_mutation) {
    const std::optional<double> static_rate =
        data.mutation->static_catch_rate ? data.mutation->static_catch_rate : total.mutation.static_rate();
    const std::optional<double> stress_rate =
        data.mutation->stress_catch_rate ? data.mutation->stress_catch_rate : total.mutation.stress_rate();
    html += card(percent(static_rate), "mutants caught by the static checker");
    html += card(percent(stress_rate), "mutants caught by the stress suite");
  }
  html += "</div>";

  html += "<h3>Modules</h3><div class=\"legend\">";
  for (const std::string& verdict : overview.verdicts)
    html += "<span class=\"" + verdict_class(verdict) + "\">" + escape_html(verdict) + "</span>";
  html += "</div><div class=\"scroll\"><table class=\"grid sortable\" id=\"modules\"><thead><tr><th>module</th><th class=\"num\">locations</th>"
          "<th class=\"num\">verdicts</th>";
  for (const std::string& verdict : overview.verdicts) html += "<th class=\"num\">" + escape_html(verdict) + "</th>";
  html += "<th class=\"num\">open findings</th><th class=\"num\">suppressed</th>";
  if (has_tsan) html += "<th class=\"num\">TSan findings</th>";
  if (has_stress) html += "<th class=\"num\">stress harness</th>";
  if (has_mutation) html += "<th class=\"num\">mutants</th><th class=\"num\">static catch</th><th class=\"num\">stress catch</th>";
  html += "</tr></thead><tbody>";
  for (const ModuleRow& row : overview.modules)
    html += module_row_html(row, overview.verdicts, has_tsan, has_stress, has_mutation, false);
  html += module_row_html(total, overview.verdicts, has_tsan, has_stress, has_mutation, true);
  html += "</tbody></table></div>";
  if (!has_tsan || !has_stress || !has_mutation) {
    html += "<p class=\"note\">Not given:";
    if (!has_tsan) html += " TSan results (--tsan);";
    if (!has_stress) html += " stress-suite results (--stress-junit);";
    if (!has_mutation) html += " mutation results (--mutation);";
    html.back() = '.';
    html += "</p>";
  }

  if (has_mutation) {
    std::vector<RateRow> rows;
    for (const ModuleRow& row : overview.modules) {
      if (row.mutation.mutants == 0) continue;
      rows.push_back({row.module.empty() ? "(no module)" : row.module, row.mutation.static_rate(),
                      row.mutation.stress_rate(),
                      std::to_string(row.mutation.static_caught) + " of " + std::to_string(row.mutation.mutants) + " mutants",
                      std::to_string(row.mutation.stress_caught) + " of " + std::to_string(row.mutation.stress_run) +
                          " mutants whose harness ran"});
    }
    rows.push_back({"all modules", total.mutation.static_rate(), total.mutation.stress_rate(),
                    std::to_string(total.mutation.static_caught) + " of " + std::to_string(total.mutation.mutants) + " mutants",
                    std::to_string(total.mutation.stress_caught) + " of " + std::to_string(total.mutation.stress_run) +
                        " mutants whose harness ran"});
    html += "<h3>Mutation catch rates</h3><p class=\"muted\">Each mutant removes one lock from the audited code; "
            "caught means the static checker reported a new finding, or the module's stress harness failed under "
            "ThreadSanitizer.</p><div class=\"legend\"><span class=\"rate-static-key\">static checker</span>"
            "<span class=\"rate-stress-key\">stress suite</span></div>" +
            rate_bars_svg(rows);
  }
  return html + "</section>";
}

}  // namespace hawk::audit::report
