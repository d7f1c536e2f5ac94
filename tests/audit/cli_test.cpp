// The built hawk-audit binary as a user runs it: exit statuses, messages, the JSON
// contract's top level, a unit that does not compile, capture in shards + link.
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>
#include <nlohmann/json.hpp>

#include "tool_run.h"

namespace {

using hawk::audit::testing::read_file;
using hawk::audit::testing::run_tool;
using hawk::audit::testing::ToolRun;
using hawk::audit::testing::write_file;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-cli-test", dir));
    root_ = std::string(dir);
    // A class that owns a lock and reads its counter without it: one unguarded-read.
    write_file(path("race.cpp"),
               "#include <mutex>\n"
               "class Counter {\n public:\n"
               "  void add() { std::lock_guard<std::mutex> lock(mu_); ++value_; }\n"
               "  int get() const { return value_; }\n"
               " private:\n  mutable std::mutex mu_;\n  int value_ = 0;\n};\n"
               "int use(Counter& c) { c.add(); return c.get(); }\n");
    write_file(path("clean.cpp"), "int twice(int x) { return 2 * x; }\n");
    write_file(path("broken.cpp"), "int broken( { return undeclared_name; }\n");
    nlohmann::json db = nlohmann::json::array();
    for (const char* file : {"race.cpp", "clean.cpp", "broken.cpp"}) {
      db.push_back({{"directory", root_}, {"file", file}, {"command", std::string("g++ -std=c++20 -c ") + file}});
    }
    write_file(path("compile_commands.json"), db.dump());
  }

  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  std::string path(llvm::StringRef name) const {
    llvm::SmallString<128> p(root_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  ToolRun run(std::vector<std::string> args) { return run_tool(HAWK_AUDIT_BINARY, std::move(args), root_); }

  std::string root_;
};

TEST_F(CliTest, UsageErrorsExitTwo) {
  ToolRun none = run({});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("usage: hawk-audit"), std::string::npos);

  ToolRun unknown = run({"frobnicate"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos) << unknown.err;

  ToolRun bad_flag = run({"check", "-p", root_, "--no-such-flag"});
  EXPECT_EQ(bad_flag.status, 2);
  EXPECT_NE(bad_flag.err.find("--no-such-flag"), std::string::npos) << bad_flag.err;

  ToolRun bad_shard = run({"check", "-p", root_, "--shard", "3/2"});
  EXPECT_EQ(bad_shard.status, 2);
  EXPECT_NE(bad_shard.err.find("3/2"), std::string::npos) << bad_shard.err;

  ToolRun unknown_format = run({"check", "-p", root_, "--format", "yaml"});
  EXPECT_EQ(unknown_format.status, 2);
  EXPECT_NE(unknown_format.err.find("yaml"), std::string::npos) << unknown_format.err;

  ToolRun capture_without_output = run({"capture", "-p", root_});
  EXPECT_EQ(capture_without_output.status, 2);
  EXPECT_NE(capture_without_output.err.find("-o"), std::string::npos);
}

TEST_F(CliTest, HelpAndVersionExitZero) {
  ToolRun help = run({"help"});
  EXPECT_EQ(help.status, 0);
  for (const char* command : {"check", "capture", "link"}) EXPECT_NE(help.out.find(command), std::string::npos);
  ToolRun version = run({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_NE(version.out.find("hawk-audit " HAWK_AUDIT_VERSION), std::string::npos) << version.out;
}

TEST_F(CliTest, MissingBuildDirExitsTwoNamingThePath) {
  ToolRun missing = run({"check", "-p", path("no-build")});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find(path("no-build/compile_commands.json")), std::string::npos) << missing.err;
}

TEST_F(CliTest, FileNotInTheDatabaseExitsTwoNamingIt) {
  write_file(path("stray.cpp"), "int stray;\n");
  ToolRun stray = run({"check", "-p", root_, path("stray.cpp")});
  EXPECT_EQ(stray.status, 2);
  EXPECT_NE(stray.err.find(path("stray.cpp")), std::string::npos) << stray.err;
}

// Needs capture and link: the JSON contract's top level, and the broken unit reported.
TEST_F(CliTest, BrokenUnitExitsThreeWithItsErrorInTheJson) {
  ToolRun check = run({"check", "-p", root_, "--format", "json", "-j", "2"});
  EXPECT_EQ(check.status, 3) << check.err;
  const nlohmann::json report = nlohmann::json::parse(check.out);
  for (const char* key : {"tool", "findings", "inventory", "errors", "stats"}) EXPECT_TRUE(report.contains(key)) << key;
  EXPECT_EQ(report["tool"]["name"], "hawk-audit");
  ASSERT_EQ(report["errors"].size(), 1u) << report["errors"].dump();
  EXPECT_EQ(report["errors"][0]["file"], path("broken.cpp"));
  EXPECT_NE(report["errors"][0]["message"].get<std::string>().find("error:"), std::string::npos);
  EXPECT_GE(report["stats"]["seconds"].get<double>(), 0.0);
  EXPECT_NE(check.err.find(path("broken.cpp") + ": error: "), std::string::npos) << check.err;
  // The other units were still analysed: the race is there.
  ASSERT_FALSE(report["findings"].empty());
  EXPECT_EQ(report["findings"][0]["location"]["name"], "Counter::value_");
}

TEST_F(CliTest, FindingsExitOneAndCleanCodeExitsZero) {
  ToolRun race = run({"check", "-p", root_, path("race.cpp")});
  EXPECT_EQ(race.status, 1) << race.err;
  EXPECT_NE(race.out.find("race.cpp:5:"), std::string::npos) << race.out;
  EXPECT_NE(race.out.find("[hawk-unguarded-read]"), std::string::npos) << race.out;

  ToolRun clean = run({"check", "-p", root_, path("clean.cpp")});
  EXPECT_EQ(clean.status, 0) << clean.out << clean.err;

  ToolRun flags = run({"check", path("race.cpp"), "--", "-std=c++20"});
  EXPECT_EQ(flags.status, 1) << flags.err;
}

// A race in a project header is reported in the header when only the .cpp is named;
// --header-filter narrows the report, and the summary and stats.hidden count what it hid.
TEST_F(CliTest, HeaderFindingsAreKeptAndTheFilterCountsWhatItHides) {
  write_file(path("hits.h"), "#pragma once\ninline int g_hits = 0;\ninline void hit() { g_hits++; }\n");
  write_file(path("workers.cpp"),
             "#include <thread>\n#include \"hits.h\"\n"
             "int main() { std::thread a(hit), b(hit); a.join(); b.join(); return g_hits; }\n");
  const std::vector<std::string> flags = {"--", "-std=c++20", "-pthread"};
  std::vector<std::string> all = {"check", "--format", "json", path("workers.cpp")};
  all.insert(all.end(), flags.begin(), flags.end());
  ToolRun kept = run(all);
  ASSERT_EQ(kept.status, 1) << kept.err;
  const nlohmann::json report = nlohmann::json::parse(kept.out);
  ASSERT_EQ(report["findings"].size(), 1u) << kept.out;
  EXPECT_EQ(report["findings"][0]["check"], "non-atomic-rmw");
  EXPECT_NE(report["findings"][0]["access"]["file"].get<std::string>().find("hits.h"), std::string::npos);
  EXPECT_EQ(report["stats"]["hidden"], 0);

  std::vector<std::string> filtered = {"check", "--header-filter", "workers\\.cpp", path("workers.cpp")};
  filtered.insert(filtered.end(), flags.begin(), flags.end());
  ToolRun hidden = run(filtered);
  EXPECT_EQ(hidden.status, 0) << hidden.out << hidden.err;
  EXPECT_NE(hidden.out.find("1 more in files the selection leaves out"), std::string::npos) << hidden.out;
}

TEST_F(CliTest, OutputFileAndWarmCacheGiveTheSameReport) {
  const std::string cache = path("cache");
  ToolRun cold = run({"check", "-p", root_, "--format", "json", "-o", path("cold.json"), "--cache", cache});
  ToolRun warm = run({"check", "-p", root_, "--format", "json", "-o", path("warm.json"), "--cache", cache});
  EXPECT_EQ(cold.status, 3);
  EXPECT_EQ(warm.status, 3);
  EXPECT_TRUE(cold.out.empty()) << "the report went to -o";
  nlohmann::json a = nlohmann::json::parse(read_file(path("cold.json")));
  nlohmann::json b = nlohmann::json::parse(read_file(path("warm.json")));
  EXPECT_EQ(a["findings"], b["findings"]);
  EXPECT_EQ(a["inventory"], b["inventory"]);
}

TEST_F(CliTest, ShardedCaptureThenLinkEqualsCheck) {
  ToolRun check = run({"check", "-p", root_, "--format", "json"});
  std::vector<std::string> link_args = {"link", "--format", "json"};
  for (const char* shard : {"1/2", "2/2"}) {
    const std::string facts = path(std::string("facts-") + shard[0] + ".json");
    ToolRun capture = run({"capture", "-p", root_, "--shard", shard, "-o", facts});
    EXPECT_TRUE(capture.status == 0 || capture.status == 3) << capture.err;
    const nlohmann::json written = nlohmann::json::parse(read_file(facts));
    EXPECT_FALSE(written["units"].empty()) << shard;
    link_args.push_back(facts);
  }
  ToolRun link = run(link_args);
  EXPECT_EQ(link.status, check.status);
  const nlohmann::json linked = nlohmann::json::parse(link.out);
  const nlohmann::json checked = nlohmann::json::parse(check.out);
  EXPECT_EQ(linked["findings"], checked["findings"]);
  EXPECT_EQ(linked["errors"], checked["errors"]);
}

// A lock wrapper in one shard, its callers in the other: the shards' first captures do
// not know it; capturing again with --lock-summaries-from the other's facts does, and
// link then agrees with check.
TEST_F(CliTest, ShardsExchangeLockSummaries) {
  write_file(path("lock.h"), "#pragma once\n#include <mutex>\nextern std::mutex g_mu;\nvoid take();\nvoid give();\n");
  write_file(path("a_lock.cpp"),
             "#include \"lock.h\"\nstd::mutex g_mu;\nvoid take() { g_mu.lock(); }\nvoid give() { g_mu.unlock(); }\n");
  write_file(path("b_use.cpp"),
             "#include <thread>\n#include \"lock.h\"\nlong g_n = 0;\n"
             "void work() { take(); ++g_n; give(); }\n"
             "int main() { std::thread a(work), b(work); a.join(); b.join(); }\n");
  nlohmann::json db = nlohmann::json::array();
  for (const char* file : {"a_lock.cpp", "b_use.cpp"})
    db.push_back({{"directory", root_}, {"file", file}, {"command", std::string("g++ -std=c++20 -c ") + file}});
  ASSERT_FALSE(llvm::sys::fs::create_directory(path("two")));
  write_file(path("two/compile_commands.json"), db.dump());

  ToolRun check = run({"check", "-p", path("two"), "--format", "json"});
  ASSERT_EQ(check.status, 0) << check.out << check.err;
  const std::vector<std::string> facts = {path("shard-1.json"), path("shard-2.json")};
  auto capture_shards = [&](std::vector<std::string> extra) {
    for (int k = 1; k <= 2; ++k) {
      std::vector<std::string> args = {"capture", "-p", path("two"), "--shard", std::to_string(k) + "/2", "-o",
                                       facts[k - 1] + (extra.empty() ? "" : ".2")};
      args.insert(args.end(), extra.begin(), extra.end());
      ToolRun capture = run(args);
      EXPECT_EQ(capture.status, 0) << capture.err;
    }
  };
  capture_shards({});
  ToolRun alone = run({"link", "--format", "json", facts[0], facts[1]});
  EXPECT_EQ(alone.status, 1) << "the shards alone cannot see the wrapper: " << alone.out;

  capture_shards({"--lock-summaries-from", facts[0], "--lock-summaries-from", facts[1]});
  ToolRun together = run({"link", "--format", "json", facts[0] + ".2", facts[1] + ".2"});
  EXPECT_EQ(together.status, 0) << together.out;
  EXPECT_EQ(nlohmann::json::parse(together.out)["findings"], nlohmann::json::parse(check.out)["findings"]);
}

TEST_F(CliTest, LinkOfAMissingOrCorruptFactsFileExitsTwoNamingIt) {
  ToolRun missing = run({"link", path("absent.json")});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find(path("absent.json")), std::string::npos) << missing.err;

  write_file(path("corrupt.json"), "{\"units\": [ {\"version\": ");
  ToolRun corrupt = run({"link", path("corrupt.json")});
  EXPECT_EQ(corrupt.status, 2);
  EXPECT_NE(corrupt.err.find(path("corrupt.json")), std::string::npos) << corrupt.err;
}

}  // namespace

// A project's .hawk-audit.yaml next to its sources (found as clang-tidy finds
// .clang-tidy) or named with --config: a bad one stops the run before any unit is
// parsed, naming the file, the line and the problem.
TEST_F(CliTest, BadConfigFileExitsTwoNamingFileAndLine) {
  write_file(path(".hawk-audit.yaml"), "models:\n  thread_starts:\n    - {function: spawn, callable: first}\n");
  ToolRun discovered = run({"check", "-p", root_, path("clean.cpp")});
  EXPECT_EQ(discovered.status, 2) << discovered.err;
  EXPECT_NE(discovered.err.find(path(".hawk-audit.yaml") + ":3:"), std::string::npos) << discovered.err;
  EXPECT_NE(discovered.err.find("'last'"), std::string::npos) << discovered.err;

  write_file(path(".hawk-audit.yaml"), "models:\n  thread_startz: []\n");
  ToolRun unknown_key = run({"check", "-p", root_, path("clean.cpp")});
  EXPECT_EQ(unknown_key.status, 2);
  EXPECT_NE(unknown_key.err.find(":2:"), std::string::npos) << unknown_key.err;
  EXPECT_NE(unknown_key.err.find("thread_startz"), std::string::npos) << unknown_key.err;
  llvm::sys::fs::remove(path(".hawk-audit.yaml"));

  ToolRun missing = run({"check", "-p", root_, "--config", path("nope.yaml"), path("clean.cpp")});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nope.yaml"), std::string::npos) << missing.err;

  // A valid one applies: its start model makes `spawn`'s routine a thread.
  write_file(path("models.yaml"), "models:\n  thread_starts:\n    - {function: spawn, callable: 0, multiplicity: many}\n");
  write_file(path("spawned.cpp"), "void spawn(void (*)());\nint hits;\nvoid count() { ++hits; }\n"
                                  "int main() { spawn(count); return hits; }\n");
  ToolRun without = run({"check", "--format", "json", path("spawned.cpp"), "--", "-std=c++20"});
  EXPECT_EQ(without.status, 0) << without.out << without.err;
  ToolRun with = run({"check", "--format", "json", "--config", path("models.yaml"), path("spawned.cpp"), "--", "-std=c++20"});
  EXPECT_EQ(with.status, 1) << with.out << with.err;
  const nlohmann::json report = nlohmann::json::parse(with.out);
  ASSERT_FALSE(report.at("findings").empty());
  EXPECT_EQ(report.at("findings")[0].at("access").at("thread").at("how"), "model") << with.out;
}
