// `hawk-audit gate` as CI runs it, on real `check --format json` results: a new finding
// fails (exit 1, listed), a clean or baselined run passes (0), fixed findings are listed,
// --update-baseline rewrites the baseline, a suppression without a reason fails, and a
// corrupt or missing baseline is a usage error naming the file (2).
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <nlohmann/json.hpp>

#include "tool_run.h"

namespace {

using hawk::audit::testing::read_file;
using hawk::audit::testing::run_tool;
using hawk::audit::testing::ToolRun;
using hawk::audit::testing::write_file;
using nlohmann::json;

// A class that owns a lock; `reads` are its methods that read the counter without it.
std::string counter_source(const std::string& reads) {
  return "#include <mutex>\n"
         "class Counter {\n"
         " public:\n"
         "  void add() { std::lock_guard<std::mutex> lock(mu_); ++value_; }\n" +
         reads +
         " private:\n"
         "  mutable std::mutex mu_;\n"
         "  int value_ = 0;\n"
         "};\n";
}

const std::string kGet = "  int get() const { return value_; }\n";
const std::string kPeek = "  int peek() const { return value_ + 0; }\n";

class GateCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-gate-cli", dir));
    root_ = std::string(dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  std::string path(const std::string& name) const { return root_ + "/" + name; }
  ToolRun hawk(std::vector<std::string> args) { return run_tool(HAWK_AUDIT_BINARY, std::move(args), root_, 300); }

  // `check --format json` of counter.cpp with this source, into `results`.
  void check(const std::string& source, const std::string& results, int expected_status) {
    write_file(path("counter.cpp"), source);
    const ToolRun run = hawk({"check", path("counter.cpp"), "--format", "json", "-o", path(results), "--", "-std=c++20"});
    ASSERT_EQ(run.status, expected_status) << run.err;
  }

  ToolRun gate(std::vector<std::string> args) {
    args.insert(args.begin(), {"gate", "--baseline", path("baseline.json")});
    return hawk(std::move(args));
  }

  std::string root_;
};

TEST_F(GateCliTest, NewFindingFailsFixedIsListedUpdateRewrites) {
  check(counter_source(kGet), "one.json", 1);

  // No baseline yet: --update-baseline creates it.
  ToolRun created = gate({"--update-baseline", path("one.json")});
  ASSERT_EQ(created.status, 0) << created.err;
  EXPECT_NE(created.out.find("wrote 1 finding"), std::string::npos) << created.out;
  const json baseline = json::parse(read_file(path("baseline.json")));
  EXPECT_EQ(baseline.at("format"), "hawk-audit-baseline/1");
  const json one = json::parse(read_file(path("one.json")));
  ASSERT_EQ(baseline.at("findings").size(), 1u);
  EXPECT_EQ(baseline.at("findings")[0].at("id"), one.at("findings")[0].at("id"));

  // The same findings: nothing new.
  ToolRun same = gate({path("one.json")});
  EXPECT_EQ(same.status, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("gate: 0 new findings"), std::string::npos) << same.out;
  EXPECT_NE(same.out.find("1 baselined"), std::string::npos) << same.out;

  // A second unguarded read: new, listed clang-style; the baselined one is not listed.
  check(counter_source(kGet + kPeek), "two.json", 1);
  ToolRun added = gate({path("two.json")});
  EXPECT_EQ(added.status, 1) << added.out << added.err;
  EXPECT_NE(added.out.find(path("counter.cpp") + ":6:"), std::string::npos) << added.out;
  EXPECT_NE(added.out.find("warning: read of 'Counter::value_'"), std::string::npos) << added.out;
  EXPECT_NE(added.out.find("[hawk-unguarded-read]"), std::string::npos) << added.out;
  EXPECT_EQ(added.out.find(path("counter.cpp") + ":5:"), std::string::npos) << "baselined: " << added.out;
  EXPECT_NE(added.out.find("gate: 1 new finding"), std::string::npos) << added.out;

  // Results on stdin (`check --format json | hawk-audit gate --baseline FILE`) work the same.
  ToolRun piped = run_tool("/bin/sh", {"-c", std::string("exec '") + HAWK_AUDIT_BINARY + "' gate --baseline '" +
                                                 path("baseline.json") + "' < '" + path("two.json") + "'"},
                           root_, 120);
  EXPECT_EQ(piped.status, 1) << piped.out << piped.err;
  EXPECT_NE(piped.out.find("gate: 1 new finding"), std::string::npos) << piped.out;

  // Both reads fixed: nothing new, the baseline entry is listed as fixed.
  check(counter_source(""), "clean.json", 0);
  ToolRun fixed = gate({path("clean.json")});
  EXPECT_EQ(fixed.status, 0) << fixed.out << fixed.err;
  EXPECT_NE(fixed.out.find("note: fixed since the baseline: read of 'Counter::value_'"), std::string::npos)
      << fixed.out;
  EXPECT_NE(fixed.out.find("1 fixed"), std::string::npos) << fixed.out;

  // Accepting the current state rewrites the baseline.
  ToolRun updated = gate({"--update-baseline", path("two.json")});
  EXPECT_EQ(updated.status, 0) << updated.err;
  EXPECT_NE(updated.out.find("1 added, 0 dropped"), std::string::npos) << updated.out;
  EXPECT_EQ(json::parse(read_file(path("baseline.json"))).at("findings").size(), 2u);
  EXPECT_EQ(gate({path("two.json")}).status, 0);
  // Several results files are merged (check's and tsan's, or shards').
  EXPECT_EQ(gate({path("one.json"), path("two.json")}).status, 0);
}

TEST_F(GateCliTest, SuppressionWithoutReasonFailsWithOneItPasses) {
  check(counter_source(kGet), "one.json", 1);
  ASSERT_EQ(gate({"--update-baseline", path("one.json")}).status, 0);

  // The baselined read, now under a comment with no reason: the comment is ignored, and
  // the gate fails on it although the finding is in the baseline.
  check(counter_source("  // hawk-audit: ignore(unguarded-read)\n" + kGet), "reasonless.json", 1);
  const json results = json::parse(read_file(path("reasonless.json")));
  ASSERT_EQ(results.at("findings").size(), 1u);
  EXPECT_EQ(results.at("findings")[0].at("suppression_without_reason"), true);
  ToolRun reasonless = gate({path("reasonless.json")});
  EXPECT_EQ(reasonless.status, 1) << reasonless.out;
  EXPECT_NE(reasonless.out.find("note: a suppression needs a reason"), std::string::npos) << reasonless.out;
  EXPECT_NE(reasonless.out.find("1 suppression without a reason"), std::string::npos) << reasonless.out;

  // With a reason it is suppressed: never fails, and the baseline entry is stale.
  check(counter_source("  // hawk-audit: ignore(unguarded-read): approximate is fine here\n" + kGet),
        "reasoned.json", 0);
  ToolRun reasoned = gate({path("reasoned.json")});
  EXPECT_EQ(reasoned.status, 0) << reasoned.out;
  EXPECT_NE(reasoned.out.find("note: suppressed since the baseline"), std::string::npos) << reasoned.out;

  // A suppressed new finding does not fail either.
  check(counter_source(kGet + "  // hawk-audit: ignore(unguarded-read): approximate is fine here\n" + kPeek),
        "new_suppressed.json", 1);
  EXPECT_EQ(gate({path("new_suppressed.json")}).status, 0);
}

TEST_F(GateCliTest, CorruptOrMissingBaselineExitsTwoNamingIt) {
  check(counter_source(kGet), "one.json", 1);

  write_file(path("baseline.json"), "{\"findings\": [ {\"id\": ");
  ToolRun corrupt = gate({path("one.json")});
  EXPECT_EQ(corrupt.status, 2);
  EXPECT_NE(corrupt.err.find("corrupt baseline " + path("baseline.json")), std::string::npos) << corrupt.err;
  EXPECT_EQ(gate({"--update-baseline", path("one.json")}).status, 2) << "a corrupt baseline is not overwritten";

  llvm::sys::fs::remove(path("baseline.json"));
  ToolRun missing = gate({path("one.json")});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find(path("baseline.json")), std::string::npos) << missing.err;

  ToolRun no_results = gate({path("no-such.json")});
  EXPECT_EQ(no_results.status, 2);
  EXPECT_NE(no_results.err.find(path("no-such.json")), std::string::npos) << no_results.err;

  ToolRun no_baseline_flag = hawk({"gate", path("one.json")});
  EXPECT_EQ(no_baseline_flag.status, 2);
  EXPECT_NE(no_baseline_flag.err.find("--baseline"), std::string::npos) << no_baseline_flag.err;
}

// Units that could not be analysed: still gated; exit 3 when nothing is new, 1 when
// something is.
TEST_F(GateCliTest, ResultsWithErrorsExitThreeUnlessSomethingIsNew) {
  check(counter_source(kGet), "one.json", 1);
  ASSERT_EQ(gate({"--update-baseline", path("one.json")}).status, 0);
  json incomplete = json::parse(read_file(path("one.json")));
  incomplete["errors"].push_back({{"file", path("broken.cpp")}, {"message", "error: expected ';'"}});
  write_file(path("incomplete.json"), incomplete.dump());
  ToolRun three = gate({path("incomplete.json")});
  EXPECT_EQ(three.status, 3) << three.out << three.err;
  EXPECT_NE(three.err.find(path("broken.cpp") + ": error: "), std::string::npos) << three.err;

  check(counter_source(kGet + kPeek), "two.json", 1);
  EXPECT_EQ(gate({path("two.json"), path("incomplete.json")}).status, 1);
}

}  // namespace
