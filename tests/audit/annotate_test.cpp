// `hawk-audit annotate` and `check --suggest-annotations`, run as a user would: clang
// fix-its for the guards the checker inferred, exit 0, usage errors exit 2.
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

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class AnnotateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-annotate-test", dir));
    root_ = std::string(dir);
    // value_ and extra_ are only touched under mu_ (extra_ through a private helper
    // only called with mu_ held): guarded, but nothing says so.
    write_file(path("counter.cpp"),
               "#include <mutex>\n"
               "class Counter {\n public:\n"
               "  void add() { std::lock_guard<std::mutex> lock(mu_); bump(); ++value_; }\n"
               "  int get() { std::lock_guard<std::mutex> lock(mu_); return value_; }\n"
               " private:\n"
               "  void bump() { ++extra_; }\n"
               "  std::mutex mu_;\n"
               "  int value_ = 0;\n"
               "  int extra_ = 0;\n"
               "};\n"
               "int use(Counter& c) { c.add(); return c.get(); }\n");
    nlohmann::json db = nlohmann::json::array();
    db.push_back({{"directory", root_}, {"file", "counter.cpp"}, {"command", "g++ -std=c++20 -c counter.cpp"}});
    write_file(path("compile_commands.json"), db.dump());
  }

  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  std::string path(llvm::StringRef name) const {
    llvm::SmallString<128> p(root_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  ToolRun run(std::vector<std::string> args) { return run_tool(HAWK_AUDIT_BINARY, std::move(args), root_); }

  // The suggestions need capture's annotation positions; say so rather than pass vacuously.
  bool capture_records_annotation_positions() {
    const std::string facts = path("facts.json");
    if (run({"capture", "-p", root_, "-o", facts}).status != 0) return false;
    const nlohmann::json written = nlohmann::json::parse(read_file(facts), nullptr, /*allow_exceptions=*/false);
    if (!written.is_object() || !written.contains("units")) return false;
    for (const nlohmann::json& unit : written["units"])
      for (const nlohmann::json& location : unit.value("locations", nlohmann::json::array()))
        if (location.value("name", "") == "Counter::value_")
          return location.value("annotation_pos", nlohmann::json::object()).value("line", 0) == 9;
    return false;
  }

  std::string root_;
};

TEST_F(AnnotateTest, UsageErrorsExitTwo) {
  ToolRun bad = run({"annotate", "-p", root_, "--no-such-option"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(contains(bad.err, "usage: hawk-audit")) << bad.err;
  ToolRun help = run({"help"});
  EXPECT_TRUE(contains(help.out, "annotate")) << help.out;
}

TEST_F(AnnotateTest, PrintsGuardedByAndRequiresAsFixIts) {
  ToolRun r = run({"annotate", "-p", root_});
  ASSERT_EQ(r.status, 0) << r.err;
  // Every suggestion is a note line followed by its fix-it line.
  std::vector<std::string> lines;
  for (std::size_t at = 0, next; at < r.out.size(); at = next + 1) {
    next = r.out.find('\n', at);
    if (next == std::string::npos) next = r.out.size();
    lines.push_back(r.out.substr(at, next - at));
  }
  ASSERT_EQ(lines.size() % 2, 0u) << r.out;
  for (std::size_t i = 0; i < lines.size(); i += 2) {
    EXPECT_TRUE(contains(lines[i], ": note: add ")) << lines[i];
    EXPECT_TRUE(contains(lines[i], "[hawk-annotate]")) << lines[i];
    EXPECT_EQ(lines[i + 1].rfind("fix-it:\"", 0), 0u) << lines[i + 1];
  }
  if (!capture_records_annotation_positions()) GTEST_SKIP() << "capture does not record annotation positions yet";
  const std::string file = path("counter.cpp");
  EXPECT_TRUE(contains(r.out, file + ":9:")) << r.out;
  EXPECT_TRUE(contains(r.out, "note: add GUARDED_BY(mu_) to 'Counter::value_' (held at 2 of 2 accesses) "
                              "[hawk-annotate]"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "fix-it:\"" + file + "\":{9:")) << r.out;
  EXPECT_TRUE(contains(r.out, "}:\" GUARDED_BY(mu_)\"")) << r.out;
  EXPECT_TRUE(contains(r.out, "add GUARDED_BY(mu_) to 'Counter::extra_'")) << r.out;
  EXPECT_TRUE(contains(r.out, "add REQUIRES(mu_) to 'Counter::bump'")) << r.out;
}

TEST_F(AnnotateTest, CheckCanSuggestToo) {
  ToolRun r = run({"check", "-p", root_, "--suggest-annotations"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;  // clean code: suggestions are not findings
  ToolRun annotate = run({"annotate", "-p", root_, "-o", path("fixits.txt")});
  EXPECT_EQ(annotate.status, 0) << annotate.err;
  EXPECT_TRUE(contains(r.out, read_file(path("fixits.txt")))) << r.out;
}

}  // namespace
