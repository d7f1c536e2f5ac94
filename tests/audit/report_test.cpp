// The report layer (`hawk-audit report`): escaping, reading the inputs, the JUnit reader,
// TSan matching, the per-module overview, highlighted source excerpts, charts, links to
// the checks' docs, and the page's structure.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/Base64.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/SHA256.h>

#include "report/audit_results.h"
#include "report/charts.h"
#include "report/check_docs.h"
#include "report/html_escape.h"
#include "report/html_report.h"
#include "report/module_overview.h"
#include "report/mutation_results.h"
#include "report/page_assets.h"
#include "report/report_data.h"
#include "report/source_view.h"
#include "report/stress_results.h"
#include "report/tsan_matching.h"
#include "tool_run.h"

namespace {

using namespace hawk::audit::report;
using hawk::audit::testing::write_file;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class TempDir {
 public:
  TempDir() {
    llvm::SmallString<128> dir;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-report-test", dir));
    root_ = std::string(dir);
  }
  ~TempDir() { llvm::sys::fs::remove_directories(root_); }
  std::string path(llvm::StringRef name) const {
    llvm::SmallString<128> p(root_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_html("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
  EXPECT_EQ(escape_html("plain text"), "plain text");
  EXPECT_EQ(escape_html("caf\xC3\xA9 \xE2\x80\xA8"), "caf\xC3\xA9 \xE2\x80\xA8");  // valid UTF-8 kept
}

TEST(HtmlEscape, ReplacesInvalidUtf8AndControls) {
  EXPECT_EQ(escape_html("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(escape_html("a\xC0\xBC" "b"), "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");  // an overlong '<'
  EXPECT_EQ(escape_html("a\x01" "b\tc\nd"), "a\xEF\xBF\xBD" "b\tc\nd");
  EXPECT_EQ(escape_html(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(valid_utf8("<b>\xFE</b>"), "<b>\xEF\xBF\xBD</b>");
}

TEST(HtmlEscape, IdTokens) {
  EXPECT_EQ(id_token("3b6fb855753fdeeb"), "3b6fb855753fdeeb");
  EXPECT_EQ(id_token("a\"b <c>"), "a_b__c_");
}

TEST(AuditResults, ReadsTheContract) {
  const std::string text = R"({"tool": {"name": "hawk-audit", "version": "1.2.3"},
    "findings": [{"id": "abc", "check": "unguarded-read", "severity": "warning", "message": "m",
                  "location": {"name": "C::x_", "kind": "field"},
                  "access": {"file": "a.cpp", "line": 3, "column": 5, "function": "C::get", "kind": "read",
                             "locks": [], "via": [{"function": "C::api", "file": "a.cpp", "line": 9}]},
                  "conflicts": [{"file": "a.cpp", "line": 7, "column": 2, "function": "C::set", "kind": "write",
                                 "locks": ["C::mu_"], "via": []}],
                  "guard": {"lock": "C::mu_", "source": "inferred", "evidence": "held at 1 of 2 accesses"},
                  "suppressed": true, "suppression_reason": "because", "future_key": [1, 2]}],
    "inventory": [{"name": "C::x_", "kind": "field", "file": "a.cpp", "line": 2, "module": "m",
                   "verdict": "guarded", "guard": "C::mu_", "evidence": "e"}],
    "errors": [{"file": "b.cpp", "message": "no"}],
    "stats": {"translation_units": 2, "functions": 3, "accesses": 4, "seconds": 0.5}})";
  auto results = parse_audit_results(text, "r.json");
  ASSERT_TRUE(static_cast<bool>(results)) << llvm::toString(results.takeError());
  EXPECT_EQ(results->tool_version, "1.2.3");
  ASSERT_EQ(results->findings.size(), 1u);
  const FindingView& f = results->findings[0];
  EXPECT_EQ(f.location_name, "C::x_");
  EXPECT_EQ(f.access.via.size(), 1u);
  ASSERT_EQ(f.conflicts.size(), 1u);
  EXPECT_EQ(f.conflicts[0].locks, std::vector<std::string>{"C::mu_"});
  ASSERT_TRUE(f.guard.has_value());
  EXPECT_EQ(f.guard->evidence, "held at 1 of 2 accesses");
  EXPECT_TRUE(f.suppressed);
  EXPECT_EQ(f.suppression_reason, "because");
  ASSERT_EQ(results->inventory.size(), 1u);
  EXPECT_EQ(results->inventory[0].guard, "C::mu_");
  EXPECT_EQ(results->errors.size(), 1u);
  EXPECT_EQ(results->translation_units, 2u);
}

TEST(AuditResults, ErrorsNameTheFile) {
  auto not_json = parse_audit_results("{nope", "bad.json");
  ASSERT_FALSE(static_cast<bool>(not_json));
  const std::string a = llvm::toString(not_json.takeError());
  EXPECT_NE(a.find("bad.json"), std::string::npos) << a;
  EXPECT_NE(a.find("not valid JSON"), std::string::npos) << a;

  auto no_findings = parse_audit_results(R"({"inventory": []})", "other.json");
  ASSERT_FALSE(static_cast<bool>(no_findings));
  const std::string b = llvm::toString(no_findings.takeError());
  EXPECT_NE(b.find("other.json"), std::string::npos) << b;
  EXPECT_NE(b.find("findings"), std::string::npos) << b;

  auto wrong_type = parse_audit_results(R"({"findings": [{"access": {"line": "three"}}], "inventory": []})", "t.json");
  ASSERT_FALSE(static_cast<bool>(wrong_type));
  const std::string c = llvm::toString(wrong_type.takeError());
  EXPECT_NE(c.find("findings[0].access.line"), std::string::npos) << c;

  auto missing = load_audit_results("/nonexistent/dir/results.json");
  ASSERT_FALSE(static_cast<bool>(missing));
  const std::string d = llvm::toString(missing.takeError());
  EXPECT_NE(d.find("/nonexistent/dir/results.json"), std::string::npos) << d;
}

TEST(MutationResults, ReadsMutantsAndRates) {
  auto results = parse_mutation_results(
      R"({"mutants": [{"id": "f.cpp:3:5:guard-declaration", "file": "f.cpp", "line": 3, "guard": "mu", "module": "di",
                       "static_caught": true, "stress_caught": null, "stress_status": "no-harness"},
                      {"id": "g", "module": "di", "static_caught": false, "stress_caught": true,
                       "stress_status": "caught"}],
          "totals": {"mutants": 2, "unremovable_sites": 1}, "static_catch_rate": 0.5, "stress_catch_rate": 1})",
      "m.json");
  ASSERT_TRUE(static_cast<bool>(results)) << llvm::toString(results.takeError());
  ASSERT_EQ(results->mutants.size(), 2u);
  EXPECT_FALSE(results->mutants[0].stress_caught.has_value());
  EXPECT_TRUE(*results->mutants[1].stress_caught);
  EXPECT_EQ(results->unremovable_sites, 1u);
  EXPECT_DOUBLE_EQ(*results->static_catch_rate, 0.5);
  auto bad = parse_mutation_results(R"({"totals": {}})", "m2.json");
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_NE(llvm::toString(bad.takeError()).find("m2.json"), std::string::npos);
}

// ctest --output-junit, as CMake 3.25 writes it (passed, failed, disabled, not run).
constexpr const char* kJunit = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="(empty)" tests="6" failures="1" disabled="1" skipped="1" hostname="" time="0" timestamp="2024-01-01T00:00:00">
	<testcase name="stress.routing" classname="stress.routing" time="2.5" status="run">
		<system-out>&lt;b&gt;ok &amp; fine&lt;/b&gt;
</system-out>
	</testcase>
	<testcase name="di_stress" classname="di_stress" time="1.25" status="fail">
		<failure message="Failed"/>
		<system-out>WARNING: ThreadSanitizer: data race &lt;x&gt;
</system-out>
	</testcase>
	<testcase name="stress.app" classname="stress.app" time="0" status="disabled">
		<system-out>Disabled</system-out>
	</testcase>
	<testcase name="stress.openapi" classname="stress.openapi" time="0" status="notrun">
		<skipped message="Unable to find executable"/>
		<system-out>Unable to find executable: /x</system-out>
	</testcase>
	<testcase name="routing_stress.Lookups" classname="x" time="1" status="run"/>
	<testcase name="router_test.Adds" classname="x" time="1" status="run"/>
</testsuite>
)xml";

TEST(StressResults, ReadsCtestJunit) {
  auto results = parse_stress_junit(kJunit, "s.xml");
  ASSERT_TRUE(static_cast<bool>(results)) << llvm::toString(results.takeError());
  ASSERT_EQ(results->tests.size(), 5u);  // router_test is not a stress harness
  EXPECT_EQ(results->tests[0].module, "routing");
  EXPECT_EQ(results->tests[0].outcome, StressOutcome::Passed);
  EXPECT_DOUBLE_EQ(results->tests[0].seconds, 2.5);
  EXPECT_EQ(results->tests[1].module, "di");
  EXPECT_EQ(results->tests[1].outcome, StressOutcome::Failed);
  EXPECT_EQ(results->tests[1].why, "Failed");
  EXPECT_NE(results->tests[1].output.find("data race <x>"), std::string::npos);
  EXPECT_EQ(results->tests[2].outcome, StressOutcome::NotRun);
  EXPECT_EQ(results->tests[3].outcome, StressOutcome::NotRun);
  EXPECT_EQ(results->tests[3].why, "Unable to find executable");
  EXPECT_EQ(results->tests[4].module, "routing");

  EXPECT_EQ(module_outcome(*results, "routing"), StressOutcome::Passed);
  EXPECT_EQ(module_outcome(*results, "di"), StressOutcome::Failed);
  EXPECT_EQ(module_outcome(*results, "app"), StressOutcome::NotRun);
  EXPECT_FALSE(module_outcome(*results, "middleware").has_value());
}

TEST(StressResults, TestNamesToModules) {
  EXPECT_EQ(stress_test_module("stress.routing"), "routing");
  EXPECT_EQ(stress_test_module("routing_stress"), "routing");
  EXPECT_EQ(stress_test_module("di_stress.FirstResolution"), "di");
  EXPECT_EQ(stress_test_module("routing_test.X"), "");
  EXPECT_EQ(stress_test_module("_stress"), "");
  EXPECT_EQ(stress_test_module("stress.std_mutex.cpp"), "std_mutex.cpp");
  EXPECT_EQ(stress_test_module("std_mutex.cpp_stress"), "std_mutex.cpp");
  EXPECT_EQ(stress_test_module("std_mutex.cpp_stress.Case"), "std_mutex.cpp");
}

TEST(StressResults, RejectsWhatIsNotJunit) {
  auto results = parse_stress_junit("{\"json\": true}", "not.xml");
  ASSERT_FALSE(static_cast<bool>(results));
  EXPECT_NE(llvm::toString(results.takeError()).find("not.xml"), std::string::npos);
}

FindingView finding(std::string name, std::string file, unsigned line, std::string other_file = "",
                    unsigned other_line = 0) {
  FindingView f;
  f.id = name + std::to_string(line);
  f.check = "unguarded-write";
  f.location_name = std::move(name);
  f.location_kind = "global";
  f.access.file = std::move(file);
  f.access.line = line;
  if (other_line != 0) {
    AccessView other;
    other.file = std::move(other_file);
    other.line = other_line;
    f.conflicts.push_back(other);
  }
  return f;
}

TEST(TsanMatching, ByNameOrByPosition) {
  const std::vector<FindingView> statics = {finding("g_counter", "/src/a.cpp", 10),
                                            finding("C::x_", "/src/b.cpp", 20, "/src/b.cpp", 30),
                                            finding("other", "/src/c.cpp", 5)};
  FindingView by_name = finding("g_counter", "/elsewhere/x.cpp", 99);
  FindingView by_conflict_line = finding("", "src/b.cpp", 30);  // relative path of a conflicting access
  by_conflict_line.location_kind = "heap";
  FindingView nowhere = finding("", "/src/c.cpp", 6);
  nowhere.location_kind = "heap";
  FindingView other_name_on_heap = finding("other", "/x.cpp", 1);
  other_name_on_heap.location_kind = "heap";  // names only count for globals
  const TsanMatches m = match_tsan_findings(statics, {by_name, by_conflict_line, nowhere, other_name_on_heap});
  EXPECT_EQ(m.by_static[0], std::vector<std::size_t>{0});
  EXPECT_EQ(m.by_static[1], std::vector<std::size_t>{1});
  EXPECT_TRUE(m.by_static[2].empty());
  EXPECT_EQ(m.unmatched, (std::vector<std::size_t>{2, 3}));
  EXPECT_TRUE(same_file("/a/./b/../c.cpp", "/a/c.cpp"));
  EXPECT_TRUE(same_file("/root/src/c.cpp", "src/c.cpp"));
  EXPECT_FALSE(same_file("/root/xsrc/c.cpp", "src/c.cpp"));
  EXPECT_FALSE(same_file("/a/c.cpp", "/b/c.cpp"));
}

TEST(ModuleOverview, CountsPerModule) {
  AuditResults results;
  results.inventory = {{"A::a", "field", "/p/a.cpp", 1, "alpha", "guarded", "A::mu", ""},
                       {"A::b", "field", "/p/a.cpp", 2, "alpha", "unguarded", "", ""},
                       {"B::c", "field", "/p/b.cpp", 3, "beta", "atomic", "", ""},
                       {"B::d", "field", "/p/b.cpp", 4, "beta", "a-new-verdict", "", ""}};
  results.findings = {finding("A::b", "/p/a.cpp", 2), finding("B::zz", "/p/b.cpp", 9), finding("?", "/q/x.cpp", 1)};
  results.findings[1].suppressed = true;
  MutationResults mutation;
  mutation.mutants = {{"1", "", 0, "", "", "", "alpha", true, true, "caught"},
                      {"2", "", 0, "", "", "", "alpha", false, std::nullopt, "no-harness"},
                      {"3", "", 0, "", "", "", "beta", true, false, "missed"}};
  StressResults stress;
  stress.tests = {{"stress.alpha", "alpha", StressOutcome::Failed, 1, "", ""},
                  {"stress.gamma", "gamma", StressOutcome::Passed, 1, "", ""}};
  const ReportData data = join_report_data(results, std::nullopt, mutation, stress);
  EXPECT_EQ(data.finding_modules, (std::vector<std::string>{"alpha", "beta", ""}));  // by name, by file, none
  const Overview o = build_overview(data);
  // The verdicts in use, in their order, then new ones; unguarded always.
  EXPECT_EQ(o.verdicts, (std::vector<std::string>{"guarded", "atomic", "unguarded", "a-new-verdict"}));
  ASSERT_EQ(o.modules.size(), 4u);  // alpha, beta, gamma, then the one without a module
  EXPECT_EQ(o.modules[0].module, "alpha");
  EXPECT_EQ(o.modules[0].locations, 2u);
  EXPECT_EQ(o.modules[0].verdicts.at("unguarded"), 1u);
  EXPECT_EQ(o.modules[0].open_findings, 1u);
  EXPECT_EQ(o.modules[0].stress, StressOutcome::Failed);
  EXPECT_EQ(o.modules[0].mutation.mutants, 2u);
  EXPECT_DOUBLE_EQ(*o.modules[0].mutation.static_rate(), 0.5);
  EXPECT_DOUBLE_EQ(*o.modules[0].mutation.stress_rate(), 1.0);  // over the one whose harness ran
  EXPECT_EQ(o.modules[1].module, "beta");
  EXPECT_EQ(o.modules[1].suppressed_findings, 1u);
  EXPECT_FALSE(o.modules[1].stress.has_value());
  EXPECT_EQ(o.modules[2].module, "gamma");
  EXPECT_EQ(o.modules[2].stress, StressOutcome::Passed);
  EXPECT_EQ(o.modules[3].module, "");
  EXPECT_EQ(o.modules[3].open_findings, 1u);
  EXPECT_EQ(o.total.locations, 4u);
  EXPECT_EQ(o.total.open_findings, 2u);
  EXPECT_EQ(o.total.mutation.mutants, 3u);
  EXPECT_EQ(o.total.stress, StressOutcome::Failed);
}

TEST(SourceView, HighlightsWithClangAndMarksTheLine) {
  TempDir dir;
  write_file(dir.path("code.cpp"),
             "#include <vector>\n"                        // 1
             "/* a comment over\n"                        // 2
             "   two lines <b>bold</b> */\n"              // 3
             "int counter = 0;  // <script>alert(1)</script>\n"  // 4
             "const char* s = \"<img src=x onerror=alert(2)>\";\n"  // 5
             "void bump() { ++counter; }\n"                // 6
             "int main() { return 0; }\n");                // 7
  SourceExcerpts sources({dir.root()});
  const std::string html = sources.render("code.cpp", 4, 2);
  EXPECT_NE(html.find("<tr class=\"hit\" data-line=\"4\">"), std::string::npos) << html;
  EXPECT_EQ(count(html, "class=\"hit\""), 1u);
  for (unsigned line = 2; line <= 6; ++line)
    EXPECT_NE(html.find("data-line=\"" + std::to_string(line) + "\""), std::string::npos) << line;
  EXPECT_EQ(html.find("data-line=\"1\""), std::string::npos);
  EXPECT_EQ(html.find("data-line=\"7\""), std::string::npos);
  // clang's highlighter: keywords, comments (closed and reopened on each line), strings.
  EXPECT_NE(html.find("<span class='keyword'>int</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class='comment'>/* a comment over</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class='comment'>two lines &lt;b&gt;bold&lt;/b&gt; */</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class='comment'>// &lt;script&gt;alert(1)&lt;/script&gt;</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class='string_literal'>\"&lt;img src=x onerror=alert(2)&gt;\"</span>"), std::string::npos)
      << html;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);

  // An absolute path, the first line, a window cut at the end of the file.
  const std::string first = sources.render(dir.path("code.cpp"), 1, 3);
  EXPECT_NE(first.find("<tr class=\"hit\" data-line=\"1\">"), std::string::npos);
  EXPECT_NE(first.find("<span class='directive'>"), std::string::npos) << first;
  const std::string last = sources.render("code.cpp", 7, 3);
  EXPECT_NE(last.find("data-line=\"7\""), std::string::npos);
}

TEST(SourceView, UnreadableFilesGiveANote) {
  TempDir dir;
  write_file(dir.path("short.c"), "int x;\n");
  SourceExcerpts sources({dir.root()});
  const std::string missing = sources.render("/no/such/<dir>/file.cpp", 3);
  EXPECT_NE(missing.find("class=\"note\""), std::string::npos);
  EXPECT_NE(missing.find("/no/such/&lt;dir&gt;/file.cpp"), std::string::npos) << missing;
  const std::string past_end = sources.render("short.c", 40);
  EXPECT_NE(past_end.find("has no line 40"), std::string::npos) << past_end;
  EXPECT_NE(sources.render("", 1).find("class=\"note\""), std::string::npos);
  ASSERT_FALSE(llvm::sys::fs::create_directory(dir.path("a_dir")));
  EXPECT_NE(sources.render(dir.path("a_dir"), 1).find("class=\"note\""), std::string::npos);
}

TEST(Charts, StackedBarAndRates) {
  const std::string bar = stacked_bar_svg({{"guarded: 3", 3, "v-guarded"}, {"<b>: 1", 1, "v-other"}, {"none", 0, "x"}}, 200);
  EXPECT_EQ(count(bar, "<rect"), 2u);
  EXPECT_NE(bar.find("width=\"150.0\""), std::string::npos) << bar;
  EXPECT_NE(bar.find("<title>&lt;b&gt;: 1</title>"), std::string::npos);
  EXPECT_NE(stacked_bar_svg({}).find("no shared locations"), std::string::npos);
  const std::string rates = rate_bars_svg({{"<m>", 0.5, std::nullopt, "1 of 2", ""}});
  EXPECT_NE(rates.find("&lt;m&gt;"), std::string::npos);
  EXPECT_NE(rates.find("50%"), std::string::npos);
  EXPECT_EQ(count(rates, "class=\"rate-static\""), 1u);
  EXPECT_EQ(count(rates, "class=\"rate-stress\""), 0u);
  EXPECT_EQ(percent(0.777), "78%");
  // A long label is cut (on a character boundary: never inside the two-byte e-acute).
  const std::string label = "twenty-characters-ab\xC3\xA9\xC3\xA9-and-more";
  const std::string long_label = rate_bars_svg({{label, 1.0, 1.0, "", ""}});
  EXPECT_NE(long_label.find("<title>" + label + "</title>"), std::string::npos);
  EXPECT_NE(long_label.find("</title>twenty-characters-ab\xE2\x80\xA6</text>"), std::string::npos) << long_label;
}

TEST(CheckDocs, RelativeLinks) {
  EXPECT_EQ(check_doc_name("unguarded-read"), "unguarded-read.md");
  EXPECT_EQ(check_doc_name("tsan-data-race"), "tsan.md");
  EXPECT_EQ(relative_path("/repo/reports", "/repo/checks/a.md"), "../checks/a.md");
  EXPECT_EQ(relative_path("/repo", "/repo/checks/a.md"), "checks/a.md");
  EXPECT_EQ(relative_path("/tmp/x/y", "/repo/checks/a.md"), "../../../repo/checks/a.md");
  EXPECT_EQ(url_path("../a b/<c>#.md"), "../a%20b/%3Cc%3E%23.md");

  TempDir dir;
  ASSERT_FALSE(llvm::sys::fs::create_directories(dir.path("checks")));
  ASSERT_FALSE(llvm::sys::fs::create_directories(dir.path("reports")));
  ASSERT_FALSE(llvm::sys::fs::create_directories(dir.path("src/deep")));
  write_file(dir.path("checks/unguarded-write.md"), "# unguarded-write\n");
  write_file(dir.path("checks/tsan.md"), "# tsan\n");
  const CheckDocs docs(dir.path("reports"), {dir.path("src/deep")});
  EXPECT_EQ(docs.href("unguarded-write"), "../checks/unguarded-write.md");
  EXPECT_EQ(docs.href("tsan-thread-leak"), "../checks/tsan.md");
  EXPECT_FALSE(docs.href("no-such-check").has_value());
}

TEST(PageAssets, PolicyNamesTheScriptsHash) {
  const std::string_view script = page_script();
  const auto digest =
      llvm::SHA256::hash(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t*>(script.data()), script.size()));
  const std::string policy = content_security_policy(script);
  EXPECT_NE(policy.find("script-src 'sha256-" + llvm::encodeBase64(digest) + "'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos);
}

TEST(HtmlReport, OnePageWithEverySection) {
  TempDir dir;
  write_file(dir.path("a.cpp"), "int g = 0;\nvoid f() { ++g; }\nvoid h() { g = 1; }\n");
  AuditResults results;
  results.path = "audit.json";
  results.inventory = {{"g", "global", dir.path("a.cpp"), 1, "core", "unguarded", "", "written at 2 places"}};
  FindingView open = finding("g", dir.path("a.cpp"), 2, dir.path("a.cpp"), 3);
  open.id = "0123456789abcdef";
  open.message = "increment of 'g' <unguarded>";
  FindingView quiet = finding("g", dir.path("a.cpp"), 3);
  quiet.id = "fedcba9876543210";
  quiet.suppressed = true;
  quiet.suppression_reason = "only at start-up <really>";
  FindingView same_id = open;  // two findings with one id still get two anchors
  results.findings = {open, quiet, same_id};
  results.errors = {{"broken.cpp", "expected ';'"}};
  AuditResults tsan;
  tsan.path = "tsan.json";
  FindingView race = finding("g", "/elsewhere.cpp", 1);
  race.id = "7777777777777777";
  race.check = "tsan-data-race";
  FindingView alone = finding("", "/elsewhere.cpp", 50);
  alone.location_kind = "heap";
  alone.id = "8888888888888888";
  alone.check = "tsan-data-race";
  tsan.findings = {race, alone};
  const ReportData data = join_report_data(results, tsan, std::nullopt, std::nullopt);
  HtmlReportOptions options;
  options.report_dir = dir.root();
  const std::string page = render_html_report(data, options);

  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(page, "<script"), 1u);
  EXPECT_EQ(count(page, "</script>"), 1u);
  EXPECT_NE(page.find("Content-Security-Policy"), std::string::npos);
  for (const char* id : {"overview", "findings", "tsan-only", "suppressed", "inventory-section", "errors",
                         "finding-0123456789abcdef", "finding-0123456789abcdef-2", "finding-fedcba9876543210",
                         "finding-8888888888888888", "inventory", "inventory-filter", "inventory-verdict", "modules"}) {
    EXPECT_NE(page.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(page.find("increment of &#39;g&#39; &lt;unguarded&gt;"), std::string::npos);
  EXPECT_NE(page.find("only at start-up &lt;really&gt;"), std::string::npos);
  EXPECT_NE(page.find("also seen by TSan"), std::string::npos);
  EXPECT_EQ(page.find("<unguarded>"), std::string::npos);
  EXPECT_NE(page.find("<tr class=\"hit\" data-line=\"2\">"), std::string::npos);
  EXPECT_NE(page.find("<tr class=\"hit\" data-line=\"3\">"), std::string::npos);
  EXPECT_NE(page.find("<svg class=\"stack\""), std::string::npos);
  EXPECT_NE(page.find("Not given:"), std::string::npos);  // no stress or mutation results
  EXPECT_EQ(page.find("http://"), std::string::npos);     // nothing external
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find(" src="), std::string::npos);
}

}  // namespace
