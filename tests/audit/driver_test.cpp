// The driver over real sources on disk: loading a compile database, clang errors kept per
// unit, `-- FLAGS`, shards, and the facts cache (reuse, invalidation, damaged entries).
#include <atomic>
#include <fstream>
#include <set>
#include <string>

#include <clang/Frontend/FrontendActions.h>
#include <gtest/gtest.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <nlohmann/json.hpp>

#include "driver/analysis_arguments.h"
#include "driver/capture.h"
#include "driver/facts_cache.h"
#include "driver/shard.h"
#include "driver/unit_loader.h"
#include "tool_run.h"

namespace hawk::audit {
namespace {

using clang::tooling::CompileCommand;

using testing::read_file;
using testing::write_file;

// UnitSource spelled out, as the CLI fills it.
UnitSource database(const std::string& build_dir, std::vector<std::string> files = {}) {
  UnitSource source;
  source.build_dir = build_dir;
  source.files = std::move(files);
  return source;
}

UnitSource fixed(std::vector<std::string> files, std::vector<std::string> flags, const std::string& build_dir = {}) {
  UnitSource source = database(build_dir, std::move(files));
  source.fixed_flags = std::move(flags);
  return source;
}

// A project with two good units (C and C++, one including a header) and one that does
// not compile, and a compile_commands.json with a duplicate and a header entry.
class DriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-driver-test", dir));
    root_ = std::string(dir);
    write_file(path("counter.h"), "#pragma once\nint next_count(void);\n");
    write_file(path("counter.c"), "#include \"counter.h\"\nstatic int count;\nint next_count(void) { return ++count; }\n");
    write_file(path("table.cpp"),
               "#include <mutex>\n#include \"counter.h\"\nstd::mutex mu;\nint table[4];\n"
               "void put(int i) { std::lock_guard<std::mutex> lock(mu); table[i] = next_count(); }\n");
    write_file(path("broken.cpp"), "int ok = 1;\nint broken( { return missing_name; }\n");
    nlohmann::json db = nlohmann::json::array();
    auto entry = [&](const std::string& compiler, const std::string& file, const std::string& flags) {
      db.push_back({{"directory", root_}, {"file", file}, {"command", compiler + " " + flags + " -c " + file + " -o x.o"}});
    };
    entry("/usr/bin/gcc", "counter.c", "-O2 -std=c11");
    // gcc-only options must not make the unit fail.
    entry("/usr/bin/g++", "table.cpp", "-std=c++20 -fno-tree-vrp -fno-lifetime-dse -fconcepts-diagnostics-depth=2 -Wno-psabi");
    entry("/usr/bin/g++", "broken.cpp", "-std=c++20");
    entry("/usr/bin/g++", "./table.cpp", "-std=c++17");  // duplicate: the first one wins
    entry("/usr/bin/g++", "counter.h", "-x c++-header");  // header entry: analysed through the sources
    write_file(path("compile_commands.json"), db.dump(2));
  }

  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  std::string path(llvm::StringRef name) const {
    llvm::SmallString<128> p(root_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  std::vector<CompileCommand> load(UnitSource source) {
    auto units = load_units(source);
    EXPECT_TRUE(static_cast<bool>(units)) << llvm::toString(units.takeError());
    return units ? *units : std::vector<CompileCommand>{};
  }

  // SyntaxOnlyAction stands in for FactsAction: the driver does not care what it records.
  FactsActionFactory counting_action() {
    return [this](TuFacts&) -> std::unique_ptr<clang::FrontendAction> {
      ++actions_run_;
      return std::make_unique<clang::SyntaxOnlyAction>();
    };
  }

  CaptureResult capture(const std::vector<CompileCommand>& units, unsigned jobs, const std::string& cache = {}) {
    CaptureOptions options;
    options.jobs = jobs;
    options.cache_dir = cache;
    options.show_progress = false;
    return capture_units(units, counting_action(), options);
  }

  std::string root_;
  std::atomic<int> actions_run_ = 0;
};

TEST_F(DriverTest, LoadsEachSourceFileOnceSortedAndSkipsHeaderEntries) {
  const auto units = load(database(root_));
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].Filename, path("broken.cpp"));
  EXPECT_EQ(units[1].Filename, path("counter.c"));
  EXPECT_EQ(units[2].Filename, path("table.cpp"));
  EXPECT_NE(llvm::join(units[2].CommandLine, " ").find("-std=c++20"), std::string::npos) << "first entry wins";
}

TEST_F(DriverTest, TheBuildDirMayNameTheDatabaseFileItself) {
  EXPECT_EQ(load(database(path("compile_commands.json"))).size(), 3u);
}

TEST_F(DriverTest, MissingDatabaseIsAnErrorNamingItsPath) {
  auto units = load_units(database(path("no-such-build")));
  ASSERT_FALSE(static_cast<bool>(units));
  const std::string message = llvm::toString(units.takeError());
  EXPECT_NE(message.find(path("no-such-build/compile_commands.json")), std::string::npos) << message;
}

TEST_F(DriverTest, UnreadableDatabaseIsAnErrorNamingItsPath) {
  write_file(path("compile_commands.json"), "[{\"directory\": ");
  auto units = load_units(database(root_));
  ASSERT_FALSE(static_cast<bool>(units));
  EXPECT_NE(llvm::toString(units.takeError()).find(path("compile_commands.json")), std::string::npos);
}

TEST_F(DriverTest, FilesSelectUnitsAndAFileNotInTheDatabaseIsAnError) {
  const auto units = load(database(root_, {path("table.cpp"), root_ + "/./counter.c"}));
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].Filename, path("counter.c"));

  write_file(path("extra.cpp"), "int extra;\n");
  auto missing = load_units(database(root_, {path("extra.cpp")}));
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find(path("extra.cpp")), std::string::npos);
}

TEST_F(DriverTest, DatabaseIsFoundUpwardFromTheFirstFile) {
  ASSERT_FALSE(llvm::sys::fs::create_directories(path("sub")));
  const auto units = load(database("", {path("counter.c")}));
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].Directory, root_);
}

TEST_F(DriverTest, FixedFlagsAnalyseFilesWithoutADatabase) {
  write_file(path("flags.cpp"), "#ifndef NEEDED\n#error NEEDED not defined\n#endif\nint flagged;\n");
  const auto units = load(fixed({path("flags.cpp")}, {"-DNEEDED", "-std=c++20"}));
  ASSERT_EQ(units.size(), 1u);
  const CaptureResult result = capture(units, 1);
  ASSERT_EQ(result.units.size(), 1u);
  EXPECT_TRUE(result.units[0].errors.empty()) << result.units[0].errors[0].message;

  const auto without = load(fixed({path("flags.cpp")}, {}));
  const CaptureResult failed = capture(without, 1);
  ASSERT_EQ(failed.units[0].errors.size(), 1u);
  EXPECT_NE(failed.units[0].errors[0].message.find("NEEDED not defined"), std::string::npos);
}

TEST_F(DriverTest, UnitThatDoesNotCompileIsAnErrorAndTheOthersStillRun) {
  const CaptureResult result = capture(load(database(root_)), 2);
  ASSERT_EQ(result.units.size(), 3u);
  EXPECT_EQ(result.stats.failed, 1u);
  const TuFacts& broken = result.units[0];
  EXPECT_EQ(broken.main_file, path("broken.cpp"));
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_EQ(broken.errors[0].file, path("broken.cpp"));
  // clang's own message, located: "…/broken.cpp:2:…: error: …"
  EXPECT_NE(broken.errors[0].message.find("broken.cpp:2:"), std::string::npos) << broken.errors[0].message;
  EXPECT_NE(broken.errors[0].message.find("error: "), std::string::npos);

  for (const TuFacts& good : {result.units[1], result.units[2]}) {
    EXPECT_TRUE(good.errors.empty()) << good.main_file << ": " << good.errors[0].message;
    EXPECT_NE(std::find(good.inputs.begin(), good.inputs.end(), path("counter.h")), good.inputs.end())
        << good.main_file << " read counter.h";
  }
}

TEST_F(DriverTest, UnknownGccOptionsAreDroppedAndKnownOnesKept) {
  const std::vector<std::string> args = {"g++", "-std=c++20", "-fno-tree-vrp", "-DX=1", "-fno-lifetime-dse",
                                         "-c", "a.cpp"};
  const auto kept = strip_unknown_arguments(args);
  EXPECT_EQ(kept, (std::vector<std::string>{"g++", "-std=c++20", "-fno-tree-vrp", "-DX=1", "-c", "a.cpp"}));
}

TEST_F(DriverTest, ShardsPartitionTheUnits) {
  write_file(path("d.cpp"), "int d;\n");
  write_file(path("e.cpp"), "int e;\n");
  std::vector<std::string> files = {path("broken.cpp"), path("counter.c"), path("table.cpp"), path("d.cpp"),
                                    path("e.cpp")};
  const auto units = load(fixed(files, {}));
  ASSERT_EQ(units.size(), 5u);
  for (unsigned count : {1u, 2u, 3u, 5u, 7u}) {
    std::multiset<std::string> covered;
    for (unsigned index = 1; index <= count; ++index) {
      for (const CompileCommand& unit : take_shard(units, Shard{index, count})) covered.insert(unit.Filename);
    }
    EXPECT_EQ(covered.size(), units.size()) << count << " shards";
    for (const CompileCommand& unit : units) EXPECT_EQ(covered.count(unit.Filename), 1u);
  }
  EXPECT_EQ(take_shard(units, Shard{2, 2}).front().Filename, units[1].Filename);
}

TEST_F(DriverTest, ShardSyntax) {
  auto shard = parse_shard("2/3");
  ASSERT_TRUE(static_cast<bool>(shard));
  EXPECT_EQ(shard->index, 2u);
  EXPECT_EQ(shard->count, 3u);
  for (const char* bad : {"0/3", "4/3", "1/0", "2", "a/b", "1/2/3", "-1/2", "", "/"}) {
    auto parsed = parse_shard(bad);
    EXPECT_FALSE(static_cast<bool>(parsed)) << bad;
    if (!parsed) llvm::consumeError(parsed.takeError());
  }
}

TEST_F(DriverTest, CacheReusesUnchangedUnitsAndNeverCachesFailures) {
  const auto units = load(database(root_));
  const std::string cache = path("cache");
  const CaptureResult cold = capture(units, 2, cache);
  EXPECT_EQ(cold.stats.analysed, 3u);
  EXPECT_EQ(actions_run_, 3);

  actions_run_ = 0;
  const CaptureResult warm = capture(units, 2, cache);
  EXPECT_EQ(warm.stats.cache_hits, 2u);
  EXPECT_EQ(actions_run_, 1) << "only the broken unit runs again";
  EXPECT_EQ(nlohmann::json(warm.units[2]), nlohmann::json(cold.units[2]));
  ASSERT_EQ(warm.units[0].errors.size(), 1u);
}

TEST_F(DriverTest, ChangedHeaderInvalidatesTheUnitsThatReadIt) {
  write_file(path("solo.c"), "int solo;\n");
  std::vector<std::string> files = {path("counter.c"), path("table.cpp"), path("solo.c")};
  const auto units = load(fixed(files, {}, root_));
  const std::string cache = path("cache");
  capture(units, 1, cache);

  write_file(path("counter.h"), "#pragma once\nint next_count(void); /* edited */\n");
  actions_run_ = 0;
  const CaptureResult after_edit = capture(units, 1, cache);
  EXPECT_EQ(after_edit.stats.cache_hits, 1u) << "solo.c does not read counter.h";
  EXPECT_EQ(actions_run_, 2);

  actions_run_ = 0;
  EXPECT_EQ(capture(units, 1, cache).stats.cache_hits, 3u);
  EXPECT_EQ(actions_run_, 0);
}

TEST_F(DriverTest, DamagedCacheEntriesAreRebuilt) {
  const auto units = load(database(root_, {path("counter.c"), path("table.cpp")}));
  const std::string cache = path("cache");
  capture(units, 1, cache);
  const FactsCache entries(cache);
  const std::string counter_entry = entries.entry_path(units[0]);
  const std::string table_entry = entries.entry_path(units[1]);
  const std::string good_entry = read_file(table_entry);
  ASSERT_FALSE(good_entry.empty());

  write_file(counter_entry, "{\"format\": \"hawk-audit-cache-1\", \"facts\": ");  // truncated
  nlohmann::json other_version = nlohmann::json::parse(good_entry);
  other_version["facts"]["version"] = "hawk-audit-facts-0";
  write_file(table_entry, other_version.dump());
  actions_run_ = 0;
  CaptureResult rebuilt = capture(units, 2, cache);
  EXPECT_EQ(rebuilt.stats.cache_hits, 0u);
  EXPECT_EQ(actions_run_, 2);
  EXPECT_TRUE(rebuilt.units[0].errors.empty());
  EXPECT_EQ(read_file(table_entry), good_entry) << "rewritten whole";

  write_file(counter_entry, "\x01\x02 not json at all");
  actions_run_ = 0;
  EXPECT_EQ(capture(units, 1, cache).stats.cache_hits, 1u);
  EXPECT_EQ(actions_run_, 1);
  EXPECT_EQ(capture(units, 1, cache).stats.cache_hits, 2u);
}

TEST_F(DriverTest, MissingWorkingDirectoryFailsOnlyThatUnit) {
  auto units = load(database(root_, {path("counter.c"), path("table.cpp")}));
  units[0].Directory = path("gone");
  const CaptureResult result = capture(units, 2);
  ASSERT_EQ(result.units[0].errors.size(), 1u);
  EXPECT_NE(result.units[0].errors[0].message.find("gone"), std::string::npos);
  EXPECT_TRUE(result.units[1].errors.empty());
}

}  // namespace
}  // namespace hawk::audit
