// The audit of libhawk as a user runs it: the framework audits clean (every finding
// suppressed with a reason), and a race seeded into a copy of a framework file — one
// guard removed — is caught at the unguarded access.
#include <algorithm>
#include <fstream>
#include <functional>
#include <memory>
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

class LibhawkAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-libhawk-audit", dir));
    scratch_ = std::string(dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(scratch_); }

  std::string scratch(llvm::StringRef name) const {
    llvm::SmallString<128> p(scratch_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  // Runs hawk-audit with `args`, --format json to a file; returns its exit status.
  int run_json(std::vector<std::string> args, nlohmann::json& report) {
    const std::string json = scratch("report.json");
    // Before `--`: what follows it are compiler flags.
    auto dashes = std::find(args.begin(), args.end(), "--");
    args.insert(dashes, {"--format", "json", "-o", json});
    const auto run = run_tool(HAWK_AUDIT_BINARY, std::move(args), scratch_, /*seconds_to_wait=*/600);
    stderr_ = run.err;
    report = nlohmann::json::parse(read_file(json), nullptr, /*allow_exceptions=*/false);
    return run.status;
  }

  // A copy of framework/src/<relative> with every line for which `drop` is true removed,
  // analysed on its own with the framework's include paths.
  int audit_copy(const std::string& relative, const std::function<bool(int, const std::string&)>& drop,
                 nlohmann::json& report) {
    std::ifstream in(std::string(HAWK_SOURCE_DIR) + "/framework/src/" + relative);
    EXPECT_TRUE(in.good()) << relative;
    copy_ = scratch(llvm::sys::path::filename(relative));
    std::ofstream out(copy_);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (!drop(number, line)) out << line << '\n';
    }
    out.close();
    return run_json({"check", copy_, "--", "-std=c++20", "-I" HAWK_SOURCE_DIR "/framework/include",
                     "-I" HAWK_BINARY_DIR "/framework/include", "-I" HAWK_SOURCE_DIR "/framework/src/" +
                         std::string(llvm::sys::path::parent_path(relative))},
                    report);
  }

  std::string scratch_, copy_, stderr_;
};

// Lines of `function`'s body in `text` that contain `needle` (function starts at its
// definition line and ends at the next line that is just "}").
std::function<bool(int, const std::string&)> drop_in(std::string function, std::string needle) {
  auto inside = std::make_shared<bool>(false);
  return [=](int, const std::string& line) {
    if (line.find(function) != std::string::npos) *inside = true;
    if (*inside && line == "}") *inside = false;
    return *inside && line.find(needle) != std::string::npos;
  };
}

TEST_F(LibhawkAudit, FrameworkAuditsCleanWithItsInventory) {
  nlohmann::json report;
  const int status = run_json({"check", "-p", HAWK_BINARY_DIR, "--units-under", HAWK_SOURCE_DIR "/framework/src",
                               "--units-under", HAWK_SOURCE_DIR "/tests/unit", "--source-root",
                               HAWK_SOURCE_DIR "/framework/include/hawk", "--source-root",
                               HAWK_SOURCE_DIR "/framework/src"},
                              report);
  ASSERT_FALSE(report.is_discarded()) << stderr_;
  for (const auto& f : report["findings"]) {
    EXPECT_TRUE(f["suppressed"].get<bool>()) << f["access"]["file"] << ":" << f["access"]["line"] << " " << f["message"];
  }
  EXPECT_EQ(status, 0) << stderr_;
  EXPECT_TRUE(report["errors"].empty()) << report["errors"].dump();
  auto verdict_of = [&](const std::string& name) -> std::pair<std::string, std::string> {
    for (const auto& e : report["inventory"])
      if (e["name"] == name) return {e["verdict"], e["guard"].is_string() ? e["guard"].get<std::string>() : ""};
    return {"(missing)", ""};
  };
  // The state issue 2 names: route table, DI singletons, middleware counters, OpenAPI cache.
  EXPECT_EQ(verdict_of("hawk::Router::routes_"), std::make_pair(std::string("guarded"), std::string("hawk::Router::write_mu_")));
  EXPECT_EQ(verdict_of("hawk::Router::table_").first, "synchronised");
  EXPECT_EQ(verdict_of("hawk::Provider::instance"),
            std::make_pair(std::string("guarded"), std::string("hawk::Container::singleton_mu_")));
  EXPECT_EQ(verdict_of("hawk::MiddlewareStack::builds_").first, "atomic");
  EXPECT_EQ(verdict_of("hawk::MiddlewareStack::added_"),
            std::make_pair(std::string("guarded"), std::string("hawk::MiddlewareStack::mu_")));
  EXPECT_EQ(verdict_of("hawk::OpenApiCache::entries_"),
            std::make_pair(std::string("guarded"), std::string("hawk::OpenApiCache::mu_")));
}

TEST_F(LibhawkAudit, UnchangedCopyOfTheRouterIsClean) {
  nlohmann::json report;
  const int status = audit_copy("routing/router.cpp", [](int, const std::string&) { return false; }, report);
  ASSERT_FALSE(report.is_discarded()) << stderr_;
  EXPECT_EQ(status, 0) << report["findings"].dump(2) << stderr_;
}

TEST_F(LibhawkAudit, RemovingTheWriterLockInRemoveRouteIsCaught) {
  nlohmann::json report;
  const int status =
      audit_copy("routing/router.cpp", drop_in("bool Router::remove_route(RouteId id)", "ThreadLockGuard"), report);
  ASSERT_FALSE(report.is_discarded()) << stderr_;
  EXPECT_EQ(status, 1);
  bool caught = false;
  for (const auto& f : report["findings"]) {
    if (f["location"]["name"] == "hawk::Router::routes_" && f["access"]["file"] == copy_ &&
        f["access"]["function"].get<std::string>().find("remove_route") != std::string::npos &&
        f["guard"]["lock"] == "hawk::Router::write_mu_")
      caught = true;
  }
  EXPECT_TRUE(caught) << report["findings"].dump(2);
}

TEST_F(LibhawkAudit, RemovingTheLockInMiddlewareAddIsCaught) {
  nlohmann::json report;
  const int status = audit_copy("middleware/middleware_stack.cpp",
                                drop_in("void MiddlewareStack::add(", "ThreadLockGuard"), report);
  ASSERT_FALSE(report.is_discarded()) << stderr_;
  EXPECT_EQ(status, 1);
  bool caught = false;
  for (const auto& f : report["findings"])
    if (f["check"] == "unguarded-write" && f["location"]["name"] == "hawk::MiddlewareStack::added_") caught = true;
  EXPECT_TRUE(caught) << report["findings"].dump(2);
}

}  // namespace
