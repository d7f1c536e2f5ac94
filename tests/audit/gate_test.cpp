// The gate layer: results read back from the JSON contract, the baseline (its own format
// and a results file), the comparison by id, and what the gate prints.
#include <string>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>
#include <nlohmann/json.hpp>

#include "gate/baseline.h"
#include "gate/gate.h"
#include "gate/gate_report.h"
#include "gate/results_file.h"
#include "output/json_output.h"
#include "tool_run.h"

namespace hawk::audit {
namespace {

using nlohmann::json;

Finding finding(const std::string& id, unsigned line, bool suppressed = false, const std::string& reason = {}) {
  Finding f;
  f.id = id;
  f.check = "unguarded-read";
  f.message = "read of 'C::v_' without holding 'C::mu_' (" + id + ")";
  f.location_name = "C::v_";
  f.location_kind = LocationKind::Field;
  f.access.pos = {"/repo/src/c.cpp", line, 10};
  f.access.function = "C::get";
  f.access.kind = AccessKind::Read;
  f.access.via = {{"C::outer", "/repo/src/c.cpp", line + 1}};
  AccessReport other;
  other.pos = {"/repo/src/c.cpp", 3, 5};
  other.function = "C::set";
  other.kind = AccessKind::Write;
  other.locks = {{"C::mu_", false}, {"C::rw_", true}};
  f.conflicts.push_back(other);
  f.guard = GuardReport{"C::mu_", "inferred", "held at 1 of 2 accesses"};
  f.suppressed = suppressed;
  f.suppression_reason = reason;
  return f;
}

AuditResult results(std::vector<Finding> findings) {
  AuditResult r;
  r.findings = std::move(findings);
  return r;
}

TEST(ResultsFile, RoundTripsTheJsonContract) {
  AuditResult written = results({finding("aa", 10), finding("bb", 20, true, "benign")});
  written.findings[0].suppression_without_reason = true;
  written.errors.push_back({"/repo/src/broken.cpp", "expected ';'"});
  auto read = results_from_json(to_json(written));
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  ASSERT_EQ(read->findings.size(), 2u);
  const Finding& a = read->findings[0];
  EXPECT_EQ(a.id, "aa");
  EXPECT_EQ(a.check, "unguarded-read");
  EXPECT_EQ(a.access.pos, (SourcePos{"/repo/src/c.cpp", 10, 10}));
  EXPECT_EQ(a.access.via.size(), 1u);
  ASSERT_EQ(a.conflicts.size(), 1u);
  EXPECT_EQ(a.conflicts[0].locks, (std::vector<HeldLock>{{"C::mu_", false}, {"C::rw_", true}}));
  EXPECT_EQ(a.conflicts[0].kind, AccessKind::Write);
  EXPECT_TRUE(a.suppression_without_reason);
  EXPECT_FALSE(a.suppressed);
  EXPECT_TRUE(read->findings[1].suppressed);
  EXPECT_EQ(read->findings[1].suppression_reason, "benign");
  EXPECT_EQ(read->errors.size(), 1u);
}

TEST(ResultsFile, RejectsWhatIsNotResults) {
  EXPECT_FALSE(static_cast<bool>(results_from_json(json::array())));
  EXPECT_FALSE(static_cast<bool>(results_from_json(json{{"tool", "x"}})));
  auto no_id = results_from_json(json{{"findings", json::array({{{"check", "x"}}})}});
  ASSERT_FALSE(static_cast<bool>(no_id));
  EXPECT_NE(llvm::toString(no_id.takeError()).find("findings[0] has no id"), std::string::npos);
}

TEST(ResultsFile, MergeKeepsOneFindingPerIdUnsuppressedWins) {
  AuditResult first = results({finding("aa", 10, true, "ok"), finding("bb", 20)});
  first.errors.push_back({"x.cpp", "bad"});
  AuditResult second = results({finding("aa", 10), finding("cc", 30)});
  second.errors.push_back({"x.cpp", "bad"});
  const AuditResult merged = merge_results({first, second});
  ASSERT_EQ(merged.findings.size(), 3u);
  EXPECT_EQ(merged.findings[0].id, "aa");
  EXPECT_FALSE(merged.findings[0].suppressed);
  EXPECT_EQ(merged.errors.size(), 1u);
}

TEST(Baseline, AcceptsUnsuppressedFindingsWithRelativePathsSortedById) {
  const Baseline baseline =
      baseline_from(results({finding("bb", 20), finding("aa", 10), finding("cc", 30, true, "ok")}), "/repo");
  ASSERT_EQ(baseline.entries.size(), 2u);
  EXPECT_EQ(baseline.entries[0].id, "aa");
  EXPECT_EQ(baseline.entries[0].file, "src/c.cpp");
  EXPECT_EQ(baseline.entries[0].line, 10u);
  EXPECT_TRUE(baseline.contains("bb"));
  EXPECT_FALSE(baseline.contains("cc")) << "a suppression, not the baseline, accepts it";

  const json j = to_json(baseline);
  EXPECT_EQ(j.at("format"), kBaselineFormat);
  EXPECT_EQ(j.at("findings").at(0),
            (json{{"id", "aa"}, {"check", "unguarded-read"}, {"file", "src/c.cpp"}, {"line", 10},
                  {"message", "read of 'C::v_' without holding 'C::mu_' (aa)"}}));
  auto back = baseline_from_json(j);
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  ASSERT_EQ(back->entries.size(), 2u);
  EXPECT_EQ(back->entries[1].id, "bb");
  EXPECT_EQ(back->entries[1].file, "src/c.cpp");
  EXPECT_EQ(back->entries[1].line, 20u);
}

TEST(Baseline, AResultsFileIsABaselineOfItsUnsuppressedFindings) {
  auto baseline = baseline_from_json(to_json(results({finding("aa", 10), finding("bb", 20, true, "ok")})));
  ASSERT_TRUE(static_cast<bool>(baseline)) << llvm::toString(baseline.takeError());
  ASSERT_EQ(baseline->entries.size(), 1u);
  EXPECT_EQ(baseline->entries[0].id, "aa");
  EXPECT_EQ(baseline->entries[0].file, "/repo/src/c.cpp");
}

TEST(Baseline, CorruptOrMissingFilesAreErrorsNamingTheFile) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-gate-test", dir));
  const std::string root(dir);
  const std::string corrupt = root + "/corrupt.json";
  testing::write_file(corrupt, "{\"findings\": [");
  auto read = read_baseline(corrupt);
  ASSERT_FALSE(static_cast<bool>(read));
  EXPECT_NE(llvm::toString(read.takeError()).find("corrupt baseline " + corrupt), std::string::npos);

  const std::string wrong = root + "/wrong.json";
  testing::write_file(wrong, "{\"format\": \"hawk-audit-baseline/9\", \"findings\": []}");
  auto unsupported = read_baseline(wrong);
  ASSERT_FALSE(static_cast<bool>(unsupported));
  EXPECT_NE(llvm::toString(unsupported.takeError()).find("unsupported format"), std::string::npos);

  auto missing = read_baseline(root + "/missing.json");
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find(root + "/missing.json"), std::string::npos);

  const std::string written = root + "/written.json";
  ASSERT_FALSE(static_cast<bool>(write_baseline(baseline_from(results({finding("aa", 1)}), "/repo"), written)));
  auto reread = read_baseline(written);
  ASSERT_TRUE(static_cast<bool>(reread)) << llvm::toString(reread.takeError());
  EXPECT_TRUE(reread->contains("aa"));
  llvm::sys::fs::remove_directories(root);
}

TEST(Gate, SortsFindingsIntoNewBaselinedSuppressedAndFixed) {
  const Baseline baseline =
      baseline_from(results({finding("kept", 1), finding("gone", 2), finding("hushed", 3)}), "/repo");
  AuditResult current = results({finding("kept", 1), finding("fresh", 4), finding("hushed", 3, true, "benign"),
                                 finding("quiet", 5, true, "by design")});
  current.errors.push_back({"/repo/src/broken.cpp", "expected ';'"});
  const GateOutcome outcome = run_gate(current, baseline);
  ASSERT_EQ(outcome.new_findings.size(), 1u);
  EXPECT_EQ(outcome.new_findings[0].id, "fresh");
  EXPECT_TRUE(outcome.without_reason.empty());
  EXPECT_EQ(outcome.baselined, 1u);
  EXPECT_EQ(outcome.suppressed, 2u);
  ASSERT_EQ(outcome.fixed.size(), 2u);
  EXPECT_EQ(outcome.fixed[0].entry.id, "gone");
  EXPECT_FALSE(outcome.fixed[0].now_suppressed);
  EXPECT_EQ(outcome.fixed[1].entry.id, "hushed");
  EXPECT_TRUE(outcome.fixed[1].now_suppressed);
  EXPECT_EQ(outcome.errors.size(), 1u);
  EXPECT_TRUE(outcome.fails());
}

TEST(Gate, CleanWhenEverythingIsBaselinedOrSuppressed) {
  const Baseline baseline = baseline_from(results({finding("kept", 1)}), "/repo");
  const GateOutcome outcome = run_gate(results({finding("kept", 1), finding("ok", 2, true, "why")}), baseline);
  EXPECT_FALSE(outcome.fails());
  EXPECT_TRUE(outcome.fixed.empty());
}

TEST(Gate, ASuppressionWithoutAReasonFailsEvenWhenBaselined) {
  const Baseline baseline = baseline_from(results({finding("kept", 1)}), "/repo");
  Finding ignored = finding("kept", 1);
  ignored.suppression_without_reason = true;  // the comment was ignored: still active
  const GateOutcome outcome = run_gate(results({ignored}), baseline);
  EXPECT_TRUE(outcome.new_findings.empty());
  ASSERT_EQ(outcome.without_reason.size(), 1u);
  EXPECT_TRUE(outcome.fails());

  // Hand-made results that mark a finding suppressed with no reason: not accepted either.
  const GateOutcome empty_reason = run_gate(results({finding("other", 2, true, "")}), baseline);
  ASSERT_EQ(empty_reason.without_reason.size(), 1u);
  EXPECT_EQ(empty_reason.suppressed, 0u);
  EXPECT_TRUE(empty_reason.fails());
}

TEST(GateReport, ListsNewFindingsClangStyleAndFixedOnesAsNotes) {
  const Baseline baseline = baseline_from(results({finding("gone", 2)}), "/repo");
  Finding reasonless = finding("why", 7);
  reasonless.suppression_without_reason = true;
  const GateOutcome outcome = run_gate(results({finding("fresh", 4), reasonless}), baseline);
  std::string text;
  llvm::raw_string_ostream out(text);
  print_gate(outcome, "reports/baseline.json", out, /*color=*/false);
  EXPECT_NE(text.find("/repo/src/c.cpp:4:10: warning: read of 'C::v_' without holding 'C::mu_' (fresh) "
                      "[hawk-unguarded-read]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("/repo/src/c.cpp:3:5: note: write of 'C::v_' here, holding C::mu_, C::rw_ (shared)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("/repo/src/c.cpp:7:10: note: a suppression needs a reason"), std::string::npos) << text;
  EXPECT_NE(text.find("src/c.cpp:2: note: fixed since the baseline: read of 'C::v_' without holding 'C::mu_' "
                      "(gone) [hawk-unguarded-read]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("gate: 1 new finding, 1 suppression without a reason, 1 fixed; 0 baselined, 0 suppressed "
                      "(baseline reports/baseline.json)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("--update-baseline"), std::string::npos) << text;
}

}  // namespace
}  // namespace hawk::audit
