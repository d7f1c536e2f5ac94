// --format sarif: the built CLI's output on checker fixtures and TSan logs is valid against
// the SARIF 2.1.0 schema (sarif/sarif-schema-2.1.0.json, checked by a real JSON-schema
// validator, python3's jsonschema) and carries the same findings as --format json: one
// rule per check with its doc, related locations for the conflicts, the ids as
// fingerprints, suppressions kept as SARIF suppressions. Also the rules from checks/*.md
// and a finding whose file cannot be read.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>
#include <llvm/Support/raw_ostream.h>
#include <nlohmann/json.hpp>

#include "output/check_rules.h"
#include "output/sarif_output.h"
#include "tool_run.h"

namespace hawk::audit {
namespace {

using nlohmann::json;
using testing::read_file;
using testing::run_tool;
using testing::ToolRun;
using testing::write_file;

const std::string kSource = HAWK_SOURCE_DIR;
const std::string kSchema = kSource + "/tests/audit/sarif/sarif-schema-2.1.0.json";
const std::string kValidator = kSource + "/tests/audit/sarif/validate_sarif.py";

// A python3 that has the jsonschema module (scripts/setup.sh installs python3-jsonschema);
// empty when there is none.
std::string python_with_jsonschema(const std::string& scratch) {
  std::vector<std::string> candidates;
  if (auto on_path = llvm::sys::findProgramByName("python3")) candidates.push_back(*on_path);
  candidates.push_back("/usr/bin/python3");
  for (const std::string& python : candidates) {
    if (!llvm::sys::fs::can_execute(python)) continue;
    if (run_tool(python, {"-c", "import jsonschema"}, scratch, 60).status == 0) return python;
  }
  return {};
}

class SarifTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-sarif-test", dir));
    root_ = std::string(dir);
    // Paths under the working directory are written relative to it (uriBaseId SRCROOT):
    // run from the source tree, as CI runs from the repository's root.
    llvm::SmallString<256> cwd;
    ASSERT_FALSE(llvm::sys::fs::current_path(cwd));
    saved_cwd_ = std::string(cwd);
    ASSERT_FALSE(llvm::sys::fs::set_current_path(kSource));
    python_ = python_with_jsonschema(root_);
    ASSERT_FALSE(python_.empty()) << "no python3 with the jsonschema module: run scripts/setup.sh "
                                     "(python3-jsonschema)";
  }
  void TearDown() override {
    llvm::sys::fs::set_current_path(saved_cwd_);
    llvm::sys::fs::remove_directories(root_);
  }

  std::string path(const std::string& name) const { return root_ + "/" + name; }
  ToolRun hawk(std::vector<std::string> args) { return run_tool(HAWK_AUDIT_BINARY, std::move(args), root_, 300); }

  // The validator's verdict on `file`: its status, 0 valid, 1 violations (printed).
  ToolRun validate(const std::string& file) { return run_tool(python_, {kValidator, kSchema, file}, root_, 120); }

  std::string root_, saved_cwd_, python_;
};

const json& run_of(const json& sarif) { return sarif.at("runs").at(0); }

std::vector<std::string> rule_ids(const json& sarif) {
  std::vector<std::string> ids;
  for (const json& rule : run_of(sarif).at("tool").at("driver").at("rules")) ids.push_back(rule.at("id"));
  return ids;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST_F(SarifTest, CheckOutputIsValidSarifCarryingTheJsonFindings) {
  const std::vector<std::string> files = {"tests/checker/fixtures/suppression.cpp",
                                          "tests/checker/fixtures/interprocedural_locks.cpp"};
  std::vector<std::string> json_args = {"check"}, sarif_args = {"check"};
  for (const std::string& file : files) {
    json_args.push_back(file);
    sarif_args.push_back(file);
  }
  // Two programs' units in one run, one with a main: --library keeps suppression.cpp's
  // classes open to unknown callers.
  for (auto* args : {&json_args, &sarif_args}) args->insert(args->end(), {"-j", "2", "--library"});
  json_args.insert(json_args.end(), {"--format", "json", "-o", path("findings.json"), "--", "-std=c++20"});
  sarif_args.insert(sarif_args.end(), {"--format", "sarif", "-o", path("findings.sarif"), "--", "-std=c++20"});
  const ToolRun as_json = hawk(json_args);
  const ToolRun as_sarif = hawk(sarif_args);
  ASSERT_EQ(as_json.status, 1) << as_json.err;
  ASSERT_EQ(as_sarif.status, 1) << "same exit status as the other formats: " << as_sarif.err;

  const ToolRun verdict = validate(path("findings.sarif"));
  EXPECT_EQ(verdict.status, 0) << verdict.out << verdict.err;

  const json findings = json::parse(read_file(path("findings.json"))).at("findings");
  const json sarif = json::parse(read_file(path("findings.sarif")));
  EXPECT_EQ(sarif.at("version"), "2.1.0");
  const json& run = run_of(sarif);
  EXPECT_EQ(run.at("tool").at("driver").at("name"), "hawk-audit");
  EXPECT_EQ(run.at("tool").at("driver").at("version"), HAWK_AUDIT_VERSION);

  // One rule per static check, each with its doc.
  const std::vector<std::string> ids = rule_ids(sarif);
  for (const char* check : {"unguarded-write", "unguarded-read", "unprotected-shared-write", "non-atomic-rmw",
                            "lazy-init-race", "write-under-shared-lock", "guarded-ref-escape", "inconsistent-guard",
                            "lock-order-inversion", "thread-unsafe-call"}) {
    EXPECT_TRUE(contains(ids, std::string("hawk-") + check)) << check;
  }
  for (const json& rule : run.at("tool").at("driver").at("rules")) {
    const std::string check = rule.at("id").get<std::string>().substr(5);
    EXPECT_NE(rule.at("help").at("markdown").get<std::string>().find("# " + check), std::string::npos) << check;
    EXPECT_FALSE(rule.at("shortDescription").at("text").get<std::string>().empty()) << check;
    EXPECT_FALSE(rule.at("fullDescription").at("text").get<std::string>().empty()) << check;
  }

  // The same findings, in the same order, suppressed ones included.
  const json& results = run.at("results");
  ASSERT_EQ(results.size(), findings.size());
  ASSERT_GE(results.size(), 5u);
  bool saw_suppressed = false, saw_reasonless = false, saw_flow = false;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const json& result = results[i];
    const json& finding = findings[i];
    SCOPED_TRACE(finding.at("id").get<std::string>());
    EXPECT_EQ(result.at("ruleId"), "hawk-" + finding.at("check").get<std::string>());
    EXPECT_EQ(ids.at(result.at("ruleIndex").get<std::size_t>()), result.at("ruleId").get<std::string>());
    EXPECT_EQ(result.at("partialFingerprints").at(kSarifFingerprintKey), finding.at("id"));
    EXPECT_EQ(result.at("message").at("text"), finding.at("message"));
    EXPECT_EQ(result.at("level"), "warning");

    // The access, by a path relative to the source root.
    const json& primary = result.at("locations").at(0).at("physicalLocation");
    const std::string file = finding.at("access").at("file");
    EXPECT_EQ(primary.at("artifactLocation").at("uriBaseId"), kSarifSourceRoot);
    EXPECT_EQ(kSource + "/" + primary.at("artifactLocation").at("uri").get<std::string>(), file);
    EXPECT_EQ(primary.at("region").at("startLine"), finding.at("access").at("line"));
    EXPECT_EQ(primary.at("region").at("startColumn"), finding.at("access").at("column"));

    // A related location per conflicting access.
    const json& conflicts = finding.at("conflicts");
    const json related = result.value("relatedLocations", json::array());
    ASSERT_EQ(related.size(), conflicts.size());
    for (std::size_t k = 0; k < conflicts.size(); ++k) {
      EXPECT_EQ(related[k].at("physicalLocation").at("region").at("startLine"), conflicts[k].at("line"));
      EXPECT_EQ(related[k].at("id"), k + 1);
      EXPECT_NE(related[k].at("message").at("text").get<std::string>().find(conflicts[k].at("function")),
                std::string::npos);
    }

    if (finding.at("suppressed").get<bool>()) {
      saw_suppressed = true;
      ASSERT_EQ(result.at("suppressions").size(), 1u);
      EXPECT_EQ(result.at("suppressions")[0].at("kind"), "inSource");
      EXPECT_EQ(result.at("suppressions")[0].at("justification"), finding.at("suppression_reason"));
    } else {
      EXPECT_EQ(result.at("suppressions"), json::array()) << "looked for, none applies";
    }
    if (finding.value("suppression_without_reason", false)) {
      saw_reasonless = true;
      EXPECT_EQ(result.at("properties").at("suppressionWithoutReason"), true);
    }
    if (!finding.at("access").at("via").empty()) {
      saw_flow = true;
      const json& steps = result.at("codeFlows").at(0).at("threadFlows").at(0).at("locations");
      EXPECT_EQ(steps.size(), finding.at("access").at("via").size() + 1);
    }
  }
  EXPECT_TRUE(saw_suppressed);
  EXPECT_TRUE(saw_reasonless) << "suppression.cpp has a suppression without a reason";
  EXPECT_TRUE(saw_flow) << "interprocedural_locks.cpp reaches accesses through calls";

  EXPECT_EQ(run.at("originalUriBaseIds").at(kSarifSourceRoot).at("uri"), "file://" + kSource + "/");
  EXPECT_EQ(run.at("invocations").at(0).at("executionSuccessful"), true);
}

// The validator is real: a broken document fails it, naming what is wrong.
TEST_F(SarifTest, ValidatorRejectsInvalidSarif) {
  const ToolRun check = hawk({"check", "tests/checker/fixtures/suppression.cpp", "--format", "sarif", "-o",
                              path("good.sarif"), "--", "-std=c++20"});
  ASSERT_EQ(check.status, 1) << check.err;
  ASSERT_EQ(validate(path("good.sarif")).status, 0);
  json sarif = json::parse(read_file(path("good.sarif")));

  json bad_level = sarif;
  bad_level["runs"][0]["results"][0]["level"] = "fatal";
  write_file(path("bad_level.sarif"), bad_level.dump());
  const ToolRun level = validate(path("bad_level.sarif"));
  EXPECT_EQ(level.status, 1);
  EXPECT_NE(level.out.find("fatal"), std::string::npos) << level.out;

  json no_version = sarif;
  no_version.erase("version");
  write_file(path("no_version.sarif"), no_version.dump());
  EXPECT_EQ(validate(path("no_version.sarif")).status, 1);

  json bad_suppression = sarif;
  bad_suppression["runs"][0]["results"][0]["suppressions"] = json::array({{{"kind", "inComment"}}});
  write_file(path("bad_suppression.sarif"), bad_suppression.dump());
  EXPECT_EQ(validate(path("bad_suppression.sarif")).status, 1);

  json extra_key = sarif;
  extra_key["runs"][0]["results"][0]["hawkId"] = "not a SARIF property";
  write_file(path("extra_key.sarif"), extra_key.dump());
  EXPECT_EQ(validate(path("extra_key.sarif")).status, 1);
}

TEST_F(SarifTest, TsanOutputIsValidSarifWithTsanRules) {
  for (const char* log : {"global_race.log", "lock_order.log", "thread_leak.log", "unsymbolized.log"}) {
    SCOPED_TRACE(log);
    const std::string in = std::string(HAWK_TSAN_LOGS) + "/" + log;
    const ToolRun as_json = hawk({"tsan", in, "--format", "json", "-o", path("tsan.json")});
    const ToolRun as_sarif = hawk({"tsan", in, "--format", "sarif", "-o", path("tsan.sarif")});
    ASSERT_EQ(as_sarif.status, as_json.status) << as_sarif.err;
    const ToolRun verdict = validate(path("tsan.sarif"));
    EXPECT_EQ(verdict.status, 0) << verdict.out << verdict.err;

    const json findings = json::parse(read_file(path("tsan.json"))).at("findings");
    const json sarif = json::parse(read_file(path("tsan.sarif")));
    const std::vector<std::string> ids = rule_ids(sarif);
    for (const char* check : {"tsan-data-race", "tsan-lock-order-inversion", "tsan-mutex-misuse", "tsan-thread-leak",
                              "tsan-other"}) {
      EXPECT_TRUE(contains(ids, std::string("hawk-") + check)) << check;
    }
    EXPECT_FALSE(contains(ids, "hawk-unguarded-read")) << "a tsan run has the tsan rules";
    const json& results = run_of(sarif).at("results");
    ASSERT_EQ(results.size(), findings.size());
    ASSERT_FALSE(results.empty());
    for (std::size_t i = 0; i < results.size(); ++i) {
      EXPECT_EQ(results[i].at("ruleId"), "hawk-" + findings[i].at("check").get<std::string>());
      EXPECT_EQ(results[i].at("partialFingerprints").at(kSarifFingerprintKey), findings[i].at("id"));
      EXPECT_FALSE(results[i].contains("suppressions")) << "TSan reports have no suppressions to look for";
      EXPECT_TRUE(results[i].contains("locations")) << "an access, or the report in its log";
    }
  }
}

// A finding in a file this machine does not have still has its location, by position.
TEST_F(SarifTest, UnreadableFileStillGetsALocation) {
  AuditResult result;
  Finding f;
  f.id = "0123abcd";
  f.check = "unguarded-write";
  f.message = "write to 'g' without holding 'mu'";
  f.location_name = "g";
  f.access.pos = {"/nonexistent/hawk/src/a.cpp", 12, 5};
  f.access.function = "f";
  f.access.kind = AccessKind::Write;
  AccessReport other;
  other.pos = {kSource + "/tests/checker/fixtures/suppression.cpp", 11, 7};
  other.function = "Progress::step";
  other.kind = AccessKind::ReadModifyWrite;
  f.conflicts.push_back(other);
  result.findings.push_back(f);
  result.errors.push_back({"/nonexistent/hawk/src/b.cpp", "error: expected ';'"});

  const llvm::json::Object document = to_sarif(result, {kSource});
  std::string text;
  llvm::raw_string_ostream(text) << llvm::json::Value(llvm::json::Object(document));
  write_file(path("unreadable.sarif"), text);
  const ToolRun verdict = validate(path("unreadable.sarif"));
  EXPECT_EQ(verdict.status, 0) << verdict.out << verdict.err;

  const json sarif = json::parse(text);
  const json& sarif_result = run_of(sarif).at("results").at(0);
  const json& primary = sarif_result.at("locations").at(0).at("physicalLocation");
  EXPECT_EQ(primary.at("artifactLocation").at("uri"), "file:///nonexistent/hawk/src/a.cpp");
  EXPECT_EQ(primary.at("region"), (json{{"startLine", 12}, {"startColumn", 5}}));
  // The readable conflict goes through clang's writer: an artifact, a relative path.
  const json& related = sarif_result.at("relatedLocations").at(0).at("physicalLocation");
  EXPECT_EQ(related.at("artifactLocation").at("uri"), "tests/checker/fixtures/suppression.cpp");
  EXPECT_EQ(related.at("artifactLocation").at("uriBaseId"), kSarifSourceRoot);
  EXPECT_EQ(related.at("region").at("startColumn"), 7);
  EXPECT_EQ(related.at("region").at("endColumn"), 12) << "the token done_";
  // The unit that could not be analysed.
  const json& invocation = run_of(sarif).at("invocations").at(0);
  EXPECT_EQ(invocation.at("executionSuccessful"), false);
  EXPECT_EQ(invocation.at("toolExecutionNotifications").at(0).at("level"), "error");
}

TEST(CheckRules, EveryCheckHasARuleFromItsDoc) {
  std::vector<std::string> static_checks, dynamic_checks;
  for (const CheckRule& rule : check_rules()) {
    SCOPED_TRACE(rule.check);
    (rule.dynamic ? dynamic_checks : static_checks).push_back(rule.check);
    EXPECT_EQ(rule.id, "hawk-" + rule.check);
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(rule.name[0])));
    EXPECT_EQ(rule.name.find('-'), std::string::npos);
    EXPECT_EQ(rule.short_description.back(), '.');
    EXPECT_EQ(rule.short_description.find("**"), std::string::npos);
    EXPECT_LE(rule.short_description.size(), rule.full_description.size());
    EXPECT_FALSE(rule.help_markdown.empty());
  }
  EXPECT_EQ(static_checks.size(), 10u);
  EXPECT_EQ(rule_for("thread-unsafe-call").name, "ThreadUnsafeCall");
  EXPECT_EQ(dynamic_checks, (std::vector<std::string>{"tsan-data-race", "tsan-lock-order-inversion",
                                                      "tsan-mutex-misuse", "tsan-other", "tsan-thread-leak"}));
  EXPECT_EQ(rule_for("unguarded-read").name, "UnguardedRead");
  EXPECT_EQ(rule_for("unguarded-read").short_description,
            "Finds a read of shared state without its guard, where some write to the same location does hold the "
            "guard.");
  EXPECT_EQ(rule_for("no-such-check").id, "hawk-no-such-check");
}

TEST(CheckRules, DocParts) {
  EXPECT_EQ(doc_first_paragraph("# x\n\n**Finds** a *thing*\nin `code`.\n\nMore.\n"), "Finds a thing in code.");
  EXPECT_EQ(doc_first_paragraph("# x\n\n**Finds** a list:\n- one\n- two\n"), "Finds a list:");
  EXPECT_EQ(first_sentence("Finds x, e.g. this. Then more."), "Finds x, e.g. this.");
  EXPECT_EQ(first_sentence("Finds a list:"), "Finds a list.");
}

}  // namespace
}  // namespace hawk::audit
