#include "gate/gate_report.h"

#include "output/text_output.h"

namespace hawk::audit {
namespace {

std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void position(llvm::raw_ostream& out, const std::string& file, unsigned line, unsigned column) {
  out << file;
  if (line != 0) out << ':' << line;
  if (line != 0 && column != 0) out << ':' << column;
  out << ": ";
}

}  // namespace

void print_gate(const GateOutcome& outcome, const std::string& baseline_path, llvm::raw_ostream& out, bool color) {
  for (const Finding& finding : outcome.new_findings) print_finding(finding, out, color);
  for (const Finding& finding : outcome.without_reason) {
    print_finding(finding, out, color);
    position(out, finding.access.pos.file, finding.access.pos.line, finding.access.pos.column);
    out << "note: a suppression needs a reason: `// hawk-audit: ignore(" << finding.check
        << "): <why this is safe>` [hawk-gate]\n";
  }
  for (const StaleEntry& stale : outcome.fixed) {
    position(out, stale.entry.file.empty() ? baseline_path : stale.entry.file, stale.entry.line, 0);
    out << "note: " << (stale.now_suppressed ? "suppressed" : "fixed") << " since the baseline: " << stale.entry.message
        << " [hawk-" << stale.entry.check << "]\n";
  }
  out << "gate: " << count(outcome.new_findings.size(), "new finding", "new findings") << ", "
      << count(outcome.without_reason.size(), "suppression without a reason", "suppressions without a reason") << ", "
      << outcome.fixed.size() << " fixed; " << outcome.baselined << " baselined, " << outcome.suppressed
      << " suppressed (baseline " << baseline_path << ")\n";
  if (!outcome.fixed.empty()) {
    out << "gate: the baseline has " << count(outcome.fixed.size(), "stale entry", "stale entries")
        << "; `hawk-audit gate --update-baseline` drops them\n";
  }
}

}  // namespace hawk::audit
