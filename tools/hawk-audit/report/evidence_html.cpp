#include "report/evidence_html.h"

#include <cstdio>

#include <llvm/ADT/StringRef.h>

#include "report/finding_html.h"
#include "report/html_escape.h"
#include "report/overview_html.h"

namespace hawk::audit::report {
namespace {

std::string caught_cell(std::optional<bool> caught, const std::string& status) {
  if (!caught) return "<td data-sort=\"0\"><span class=\"pill none\">" + escape_html(status.empty() ? "not run" : status) +
                      "</span></td>";
  // The status says how (mutants.sh: caught-tsan, caught-invariant, caught-timeout, ...).
  const bool says_how = llvm::StringRef(status).starts_with("caught");
  return *caught ? "<td data-sort=\"2\"><span class=\"pill pass\">" + escape_html(says_how ? status : "caught") +
                       "</span></td>"
                 : "<td data-sort=\"1\"><span class=\"pill fail\">missed</span></td>";
}

}  // namespace

std::string mutation_html(const MutationResults& mutation) {
  std::string html = "<section class=\"part\" id=\"mutation-section\"><h2>Mutants</h2><p class=\"muted\">From " +
                     escape_html(mutation.path) + ": " + std::to_string(mutation.mutants.size()) + " mutants";
  if (mutation.unremovable_sites) html += ", " + std::to_string(mutation.unremovable_sites) + " guard sites that cannot be removed";
  html += ".</p><table class=\"grid sortable\" id=\"mutants\"><thead><tr><th>module</th><th>lock removed</th>"
          "<th>site</th><th>function</th><th>static checker</th><th>stress suite</th></tr></thead><tbody>";
  for (const Mutant& mutant : mutation.mutants) {
    html += "<tr><td>" + escape_html(mutant.module) + "</td><td><code>" + escape_html(mutant.guard) + "</code> <span class=\"muted\">" +
            escape_html(mutant.kind) + "</span></td><td class=\"mono\">" + escape_html(position_text(mutant.file, mutant.line)) +
            "</td><td><code>" + escape_html(mutant.function) + "</code></td>" + caught_cell(mutant.static_caught, "") +
            caught_cell(mutant.stress_caught, mutant.stress_status) + "</tr>";
  }
  if (mutation.mutants.empty()) html += "<tr><td colspan=\"6\" class=\"muted\">no mutant</td></tr>";
  return html + "</tbody></table></section>";
}

std::string stress_html(const StressResults& stress) {
  std::string html = "<section class=\"part\" id=\"stress-section\"><h2>Stress suite</h2><p class=\"muted\">From " +
                     escape_html(stress.path) + ": ThreadSanitizer harnesses, one per module.</p>"
                     "<table class=\"grid sortable\" id=\"stress\"><thead><tr><th>module</th><th>test</th><th>outcome</th>"
                     "<th class=\"num\">seconds</th><th>details</th></tr></thead><tbody>";
  for (const StressTest& test : stress.tests) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", test.seconds);
    html += "<tr><td>" + escape_html(test.module) + "</td><td><code>" + escape_html(test.name) + "</code></td><td>" +
            stress_pill(test.outcome, "") + "</td><td class=\"num\">" + seconds + "</td><td>" + escape_html(test.why);
    if (!test.output.empty()) {
      html += "<details><summary>output</summary><pre class=\"output\">" + escape_html(test.output) + "</pre></details>";
    }
    html += "</td></tr>";
  }
  if (stress.tests.empty()) html += "<tr><td colspan=\"5\" class=\"muted\">no stress test in the file</td></tr>";
  return html + "</tbody></table></section>";
}

}  // namespace hawk::audit::report
