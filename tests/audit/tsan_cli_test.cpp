// `hawk-audit tsan LOG...` as a user runs it: the JSON contract, the text format, -o, and
// the exit statuses (0 no finding, 1 findings, 2 usage error or unreadable log, 3 a log
// that could not be read completely).
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <nlohmann/json.hpp>

#include "tool_run.h"

namespace {

using hawk::audit::testing::read_file;
using hawk::audit::testing::run_tool;
using hawk::audit::testing::ToolRun;
using nlohmann::json;

class TsanCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-tsan-cli", dir));
    root_ = std::string(dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  static std::string log(const std::string& name) { return std::string(HAWK_TSAN_LOGS) + "/" + name; }
  std::string path(const std::string& name) const { return root_ + "/" + name; }
  ToolRun run(std::vector<std::string> args) {
    args.insert(args.begin(), "tsan");
    return run_tool(HAWK_AUDIT_BINARY, std::move(args), root_, 120);
  }

  std::string root_;
};

TEST_F(TsanCliTest, JsonHasTheStaticCheckersContract) {
  ToolRun r = run({log("global_race.log"), log("lock_order.log"), "--format", "json", "--source-root", "/home/ci/demo"});
  EXPECT_EQ(r.status, 1) << r.err;
  const json report = json::parse(r.out);
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(report.size(), 5u);
  EXPECT_EQ(report.at("tool").at("name"), "hawk-audit");
  EXPECT_EQ(report.at("inventory"), json::array());
  EXPECT_EQ(report.at("errors"), json::array());
  for (const char* key : {"translation_units", "functions", "accesses", "seconds"})
    EXPECT_TRUE(report.at("stats").contains(key)) << key;
  EXPECT_EQ(report.at("stats").at("logs"), 2);
  EXPECT_EQ(report.at("stats").at("reports"), 2);
  ASSERT_EQ(report.at("findings").size(), 2u);

  const json& race = report.at("findings").at(0);
  for (const char* key : {"id", "check", "severity", "message", "location", "access", "conflicts", "guard",
                          "suppressed"}) {
    EXPECT_TRUE(race.contains(key)) << key;
  }
  EXPECT_EQ(race.at("id").get<std::string>().size(), 16u);
  EXPECT_EQ(race.at("check"), "tsan-data-race");
  EXPECT_EQ(race.at("severity"), "warning");
  EXPECT_TRUE(race.at("guard").is_null());
  EXPECT_EQ(race.at("suppressed"), false);
  EXPECT_EQ(race.at("location").at("name"), "g_counter");
  EXPECT_EQ(race.at("location").at("kind"), "global");
  const json& access = race.at("access");
  for (const char* key : {"file", "line", "column", "function", "kind", "locks", "via"})
    EXPECT_TRUE(access.contains(key)) << key;
  EXPECT_EQ(access.at("file"), "/home/ci/demo/src/global.cpp");
  EXPECT_EQ(access.at("line"), 3);
  EXPECT_EQ(access.at("function"), "bump()");
  EXPECT_EQ(access.at("kind"), "write");
  EXPECT_EQ(access.at("thread"), "T2");
  EXPECT_EQ(access.at("size"), 4);
  ASSERT_EQ(access.at("stack").size(), 7u);
  EXPECT_EQ(access.at("stack").at(0),
            (json{{"function", "bump()"}, {"file", "/home/ci/demo/src/global.cpp"}, {"line", 3}, {"column", 24},
                  {"module", "global"}, {"module_offset", 0xe77ee}}));
  ASSERT_EQ(race.at("conflicts").size(), 1u);
  EXPECT_EQ(race.at("conflicts").at(0).at("kind"), "write");
  EXPECT_EQ(race.at("occurrences"), 1);
  EXPECT_EQ(race.at("origins").at(0), (json{{"log", log("global_race.log")}, {"line", 2}, {"pid", 20183}}));
  EXPECT_EQ(race.at("threads").size(), 2u);

  const json& cycle = report.at("findings").at(1);
  EXPECT_EQ(cycle.at("check"), "tsan-lock-order-inversion");
  EXPECT_EQ(cycle.at("location").at("name"), "M0 -> M1 -> M0");
  EXPECT_EQ(cycle.at("location").at("kind"), "lock-order");
  EXPECT_EQ(cycle.at("access").at("locks"), json::array({"M0"}));
}

TEST_F(TsanCliTest, TextIsClangStyleWithNotes) {
  ToolRun r = run({log("heap_race.log")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("/home/ci/demo/src/heap.cpp:3:39: warning: data race on a heap block of size 4"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[hawk-tsan-data-race]\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/home/ci/demo/src/heap.cpp:4:38: note: previous read of size 4 by main thread here "
                       "(in read_box(Box*))\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("/home/ci/demo/src/heap.cpp:6: note: heap block of size 4 allocated here"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 finding (0 suppressed) in 1 log\n"), std::string::npos) << r.out;
}

TEST_F(TsanCliTest, ExitZeroWithoutReports) {
  ToolRun empty = run({log("empty.log"), "--format", "json"});
  EXPECT_EQ(empty.status, 0) << empty.err;
  EXPECT_EQ(json::parse(empty.out).at("findings"), json::array());
  ToolRun text = run({log("empty.log")});
  EXPECT_EQ(text.status, 0);
  EXPECT_EQ(text.out, "0 findings (0 suppressed) in 1 log\n");
}

TEST_F(TsanCliTest, UsageErrorsExitTwo) {
  ToolRun none = run({});
  EXPECT_EQ(none.status, 2);

  ToolRun missing = run({log("global_race.log"), path("no-such.log")});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find(path("no-such.log")), std::string::npos) << missing.err;
  EXPECT_TRUE(missing.out.empty()) << missing.out;

  ToolRun directory = run({root_});
  EXPECT_EQ(directory.status, 2);
  EXPECT_NE(directory.err.find(root_), std::string::npos) << directory.err;

  ToolRun format = run({log("global_race.log"), "--format", "yaml"});
  EXPECT_EQ(format.status, 2);
  EXPECT_NE(format.err.find("yaml"), std::string::npos) << format.err;

  ToolRun summary = run({log("global_race.log"), "--format", "summary"});
  EXPECT_EQ(summary.status, 2);

  ToolRun flag = run({log("global_race.log"), "--no-such-flag"});
  EXPECT_EQ(flag.status, 2);

  ToolRun check_only = run({log("global_race.log"), "-p", root_});
  EXPECT_EQ(check_only.status, 2) << "-p is check's";
}

TEST_F(TsanCliTest, OutputFileAndHelp) {
  ToolRun r = run({log("duplicates.log"), "--format", "json", "-o", path("out.json")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(r.out.empty());
  const json report = json::parse(read_file(path("out.json")));
  ASSERT_EQ(report.at("findings").size(), 1u);
  EXPECT_EQ(report.at("findings").at(0).at("occurrences"), 2);

  ToolRun help = run_tool(HAWK_AUDIT_BINARY, {"help"}, root_);
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("tsan LOG..."), std::string::npos) << help.out;
}

// A log that could not be read completely: its findings are reported, the problem is in
// errors[] naming the log, and the status says the input was incomplete (as check's 3).
TEST_F(TsanCliTest, DamagedLogsReportWhatTheyCanAndSayWhatTheyCannot) {
  ToolRun r = run({log("truncated_mid_stack.log"), log("not_a_log.bin"), log("interleaved_two_pids.log"),
                   log("unsymbolized.log"), log("failed_stack.log"), log("garbage.log"), "--format", "json"});
  EXPECT_EQ(r.status, 3) << r.err;
  const json report = json::parse(r.out);
  std::vector<std::string> files;
  for (const json& error : report.at("errors")) files.push_back(error.at("file").get<std::string>());
  EXPECT_EQ(files, (std::vector<std::string>{log("truncated_mid_stack.log"), log("not_a_log.bin"),
                                             log("garbage.log")}));
  EXPECT_NE(r.err.find(log("truncated_mid_stack.log") + ": error: line 2: "), std::string::npos) << r.err;
  // global race (truncated, interleaved, failed stack, garbage), heap race (interleaved),
  // the unsymbolized heap race.
  EXPECT_EQ(report.at("findings").size(), 3u) << report.at("findings").dump(1);
  EXPECT_EQ(report.at("stats").at("reports"), 6);
}

}  // namespace
