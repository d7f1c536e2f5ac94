// `hawk-audit report` as a user runs it: on a checker fixture with several findings, a
// TSan log and stress and mutation results (each finding with its highlighted source and
// marked lines, the TSan race matched or listed on its own); inputs that are missing or
// malformed (exit 2, naming the file); and a source whose folder and file names, comments
// and strings are HTML and <script>: the page holds no element or attribute it did not
// make itself.
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <nlohmann/json.hpp>

#include "report_fixtures.h"
#include "tool_run.h"

namespace {

using hawk::audit::testing::join_path;
using hawk::audit::testing::MadeReport;
using hawk::audit::testing::read_file;
using hawk::audit::testing::run_tool;
using hawk::audit::testing::ToolRun;
using hawk::audit::testing::write_file;
using nlohmann::json;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The whole <details> element whose id is `id` (nested <details> included), or empty.
std::string details_block(const std::string& html, const std::string& id) {
  const std::size_t at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  const std::size_t start = html.rfind("<details", at);
  if (start == std::string::npos) return {};
  int depth = 0;
  for (std::size_t i = start; i < html.size(); ++i) {
    if (html.compare(i, 8, "<details") == 0) ++depth;
    if (html.compare(i, 10, "</details>") == 0 && --depth == 0) return html.substr(start, i + 10 - start);
  }
  return {};
}

// The text of the <section> whose id is `id`, up to the next top-level section.
std::string section(const std::string& html, const std::string& id) {
  const std::size_t at = html.find("<section class=\"part\" id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  const std::size_t end = html.find("<section class=\"part\"", at + 1);
  return html.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

struct Tag {
  std::string name;  // lower case; "/x" for an end tag
  std::string text;  // everything between `<` and `>`
};

// Every tag of the page, as a browser's tokenizer would see them outside raw-text
// elements: the contents of <script> and <style> are skipped (the page's own).
std::vector<Tag> tags(const std::string& html) {
  std::vector<Tag> out;
  for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    const std::size_t end = html.find('>', i);
    if (end == std::string::npos) break;
    Tag tag;
    tag.text = html.substr(i + 1, end - i - 1);
    std::size_t n = 0;
    if (n < tag.text.size() && (tag.text[n] == '/' || tag.text[n] == '!')) ++n;
    while (n < tag.text.size() && (std::isalnum(static_cast<unsigned char>(tag.text[n])) || tag.text[n] == '-')) ++n;
    tag.name = lower(tag.text.substr(0, n));
    out.push_back(tag);
    if (tag.name == "script" || tag.name == "style") {
      const std::size_t close = lower(html).find("</" + tag.name, end);
      if (close == std::string::npos) break;
      i = close - 1;
      continue;
    }
    i = end;
  }
  return out;
}

// Attribute names of a tag (quoted values removed first, so text inside them is not one).
std::vector<std::string> attribute_names(const Tag& tag) {
  std::string bare;
  char quote = 0;
  for (char c : tag.text) {
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      continue;
    }
    bare += c;
  }
  std::vector<std::string> names;
  llvm::SmallVector<llvm::StringRef> words;
  llvm::StringRef(bare).split(words, ' ', -1, false);
  for (std::size_t i = 1; i < words.size(); ++i) names.push_back(lower(words[i].split('=').first.str()));
  return names;
}

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-report-cli", dir));
    root_ = std::string(dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(root_); }
  std::string path(const std::string& name) const { return join_path(root_, name); }
  ToolRun run(std::vector<std::string> args) {
    args.insert(args.begin(), "report");
    return run_tool(HAWK_AUDIT_BINARY, std::move(args), root_, 120);
  }
  void write_static(const std::string& name, const json& findings, const json& inventory = json::array()) {
    write_file(path(name), json{{"tool", {{"name", "hawk-audit"}, {"version", "0"}}},
                                {"findings", findings},
                                {"inventory", inventory},
                                {"errors", json::array()},
                                {"stats", {{"translation_units", 1}, {"functions", 1}, {"accesses", 1}, {"seconds", 0}}}}
                               .dump());
  }

  std::string root_;
};

TEST_F(ReportCliTest, FixtureFindingsWithSourceAndTsan) {
  const MadeReport made = hawk::audit::testing::make_fixture_report(root_);
  ASSERT_TRUE(made.error.empty()) << made.error;
  const std::string& html = made.html;
  EXPECT_EQ(count(lower(html), "<script"), 1u);

  const json& findings = made.static_results.at("findings");
  ASSERT_GE(findings.size(), 10u);
  unsigned open = 0, suppressed = 0, matched = 0;
  for (const json& f : findings) {
    const std::string id = f.at("id");
    const std::string block = details_block(html, "finding-" + id);
    ASSERT_FALSE(block.empty()) << id;
    const unsigned line = f.at("access").at("line");
    // The access and every conflicting access, each with its source and its line marked.
    EXPECT_NE(block.find("<tr class=\"hit\" data-line=\"" + std::to_string(line) + "\">"), std::string::npos) << id;
    for (const json& other : f.at("conflicts")) {
      const unsigned other_line = other.at("line");
      EXPECT_NE(block.find("<tr class=\"hit\" data-line=\"" + std::to_string(other_line) + "\">"), std::string::npos)
          << id << " conflict at " << other_line;
    }
    EXPECT_EQ(count(block, "<table class=\"src\">"), 1 + f.at("conflicts").size()) << id;
    EXPECT_NE(block.find("<span class='keyword'>"), std::string::npos) << id;  // clang's highlighting
    EXPECT_NE(block.find(std::string("checks/") + f.at("check").get<std::string>() + ".md\""), std::string::npos)
        << id << ": no link to the check's doc";
    if (f.at("guard").is_object()) {
      EXPECT_NE(block.find(f.at("guard").at("evidence").get<std::string>()), std::string::npos) << id;
    }
    if (f.at("suppressed")) {
      ++suppressed;
      EXPECT_NE(section(html, "suppressed").find("id=\"finding-" + id + "\""), std::string::npos) << id;
      EXPECT_NE(block.find(f.at("suppression_reason").get<std::string>()), std::string::npos) << id;
    } else {
      ++open;
      EXPECT_NE(section(html, "findings").find("href=\"#finding-" + id + "\""), std::string::npos) << id;
    }
    // The TSan race was pointed at this line of std_mutex.cpp.
    const bool at_tsan_line = line == made.tsan_line && f.at("access").at("file") == made.source;
    EXPECT_EQ(block.find("class=\"tsan-match\"") != std::string::npos, at_tsan_line) << id;
    if (at_tsan_line) ++matched;
  }
  EXPECT_EQ(matched, 1u);
  EXPECT_GE(open, 9u);
  EXPECT_GE(suppressed, 2u);

  // The TSan findings: the moved global race matched, the heap race on its own.
  const json& tsan = made.tsan_results.at("findings");
  ASSERT_EQ(tsan.size(), 2u);
  const std::string tsan_only = section(html, "tsan-only");
  for (const json& f : tsan) {
    const std::string id = f.at("id");
    const bool heap = f.at("location").at("kind") == "heap";
    EXPECT_EQ(tsan_only.find("id=\"finding-" + id + "\"") != std::string::npos, heap) << id;
    if (!heap) EXPECT_NE(section(html, "findings").find(id), std::string::npos);
  }
  EXPECT_NE(tsan_only.find("Source not shown: /home/ci/demo/src/heap.cpp"), std::string::npos);

  // The overview: each module with its verdicts, stress outcome and mutation score.
  const std::string overview = section(html, "overview");
  EXPECT_NE(overview.find("data-module=\"std_mutex.cpp\""), std::string::npos);
  EXPECT_NE(overview.find("<svg class=\"stack\""), std::string::npos);
  EXPECT_NE(overview.find("<svg class=\"rates\""), std::string::npos);
  EXPECT_NE(overview.find("<span class=\"pill fail\">fail</span>"), std::string::npos);
  EXPECT_NE(overview.find("<span class=\"pill pass\">pass</span>"), std::string::npos);
  EXPECT_NE(section(html, "stress-section").find("data race (pid=1) &lt;script&gt;"), std::string::npos);
  EXPECT_NE(section(html, "mutation-section").find("Counter::mu_"), std::string::npos);
  // The inventory: one row per location, with the filter controls.
  const std::string inventory = section(html, "inventory-section");
  EXPECT_EQ(count(inventory, "<tr data-verdict="), made.static_results.at("inventory").size());
  EXPECT_NE(inventory.find("id=\"inventory-filter\""), std::string::npos);
  EXPECT_NE(inventory.find("<option value=\"guarded\">"), std::string::npos);
}

TEST_F(ReportCliTest, BadInputsExitTwoNamingTheFile) {
  write_static("ok.json", json::array());
  write_file(path("text.txt"), "not json at all");
  write_file(path("array.json"), "[1, 2]");
  write_file(path("no_testsuite.xml"), "<html></html>");

  const auto expect_usage_error = [&](std::vector<std::string> args, const std::string& named) {
    ToolRun r = run(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  };
  expect_usage_error({"--static", path("missing.json"), "-o", path("r.html")}, path("missing.json"));
  expect_usage_error({"--static", path("text.txt"), "-o", path("r.html")}, path("text.txt"));
  expect_usage_error({"--static", path("array.json"), "-o", path("r.html")}, path("array.json"));
  expect_usage_error({"--static", path("ok.json"), "--tsan", path("text.txt"), "-o", path("r.html")}, path("text.txt"));
  expect_usage_error({"--static", path("ok.json"), "--mutation", path("ok.json"), "-o", path("r.html")},
                     path("ok.json") + ": not mutation results");
  expect_usage_error({"--static", path("ok.json"), "--stress-junit", path("no_testsuite.xml"), "-o", path("r.html")},
                     path("no_testsuite.xml"));
  expect_usage_error({"--static", path("ok.json"), "--stress-junit", path("gone.xml")}, path("gone.xml"));
  expect_usage_error({"-o", path("r.html")}, "--static");
  expect_usage_error({"--static", path("ok.json"), "-o", path("no/such/dir/r.html")}, path("no/such/dir/r.html"));
  EXPECT_FALSE(llvm::sys::fs::exists(path("r.html")));
}

TEST_F(ReportCliTest, UnreadableSourcesAreNotesAndStdoutWorks) {
  const json access = {{"file", path("vanished.cpp")}, {"line", 3}, {"column", 1}, {"function", "f"},
                       {"kind", "write"}, {"locks", json::array()}, {"via", json::array()}};
  write_static("gone.json", json::array({{{"id", "0000000000000001"},
                                          {"check", "unprotected-shared-write"},
                                          {"severity", "warning"},
                                          {"message", "write"},
                                          {"location", {{"name", "g"}, {"kind", "global"}}},
                                          {"access", access},
                                          {"conflicts", json::array({access})},
                                          {"guard", nullptr},
                                          {"suppressed", false}}}));
  ToolRun r = run({"--static", path("gone.json")});  // no -o: the page on stdout
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(r.out, "Source not shown: " + path("vanished.cpp") + ": not found"), 2u);
  EXPECT_NE(r.out.find("no lock guards this location anywhere"), std::string::npos);
}

TEST_F(ReportCliTest, HostileNamesAndTextAreEscaped) {
  const MadeReport made = hawk::audit::testing::make_hostile_report(root_);
  ASSERT_TRUE(made.error.empty()) << made.error;
  const std::string& html = made.html;
  ASSERT_FALSE(made.static_results.at("findings").empty());

  // Only the report's own elements, each only with its own attributes.
  const std::set<std::string> allowed = {
      "!doctype", "html", "head", "meta", "link", "title", "style", "script", "/script", "/style", "body",
      "header", "nav", "main", "section", "footer", "h1", "h2", "h3", "h4", "p", "a", "div", "span", "table",
      "thead", "tbody", "tr", "th", "td", "details", "summary", "svg", "rect", "text", "code", "ol", "ul", "li",
      "dl", "dt", "dd", "input", "select", "option", "pre", "hr"};
  unsigned scripts = 0;
  for (const Tag& tag : tags(html)) {
    const std::string name = tag.name.starts_with("/") && tag.name != "/script" && tag.name != "/style"
                                 ? tag.name.substr(1)
                                 : tag.name;
    EXPECT_TRUE(allowed.count(name)) << "unexpected element <" << tag.text << ">";
    if (tag.name == "script") ++scripts;
    for (const std::string& attribute : attribute_names(tag)) {
      EXPECT_FALSE(llvm::StringRef(attribute).starts_with("on")) << "event handler in <" << tag.text << ">";
      EXPECT_NE(attribute, "src") << "<" << tag.text << ">";
    }
    EXPECT_EQ(lower(tag.text).find("javascript:"), std::string::npos) << tag.text;
  }
  EXPECT_EQ(scripts, 1u);
  EXPECT_EQ(count(lower(html), "<script"), 1u);
  EXPECT_EQ(lower(html).find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  EXPECT_EQ(html.find("<b onmouseover"), std::string::npos);

  // The hostile text is there, as text.
  for (const char* text : {
           "&lt;img src=y onerror=alert(3)&gt;&amp;amp;&lt;svg onload=alert(4)&gt;.cpp",       // the file name
           "d&quot;q&#39;&amp;amp;&lt;script&gt;alert(1)&lt;!--x--&gt;&lt;img src=x onerror=alert(2)&gt;",  // the folder
           "// &lt;script&gt;alert(\"comment\")&lt;/script&gt; &lt;img src=x onerror=alert(5)&gt;",  // a comment (clang)
           "&lt;script&gt;alert(7)&lt;/script&gt;&lt;img src=x onerror=alert(8)&gt;&amp;amp;",  // a string literal
           "/* &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;/details&gt;&lt;script&gt;alert(6)&lt;/script&gt; */",  // a comment
           "&lt;img src=x onerror=alert(10)&gt; &quot;quoted&quot; &amp; &#39;fine&#39; &lt;/details&gt;",  // a reason
           "&lt;b onmouseover=alert(16)&gt;m&lt;/b&gt;",                                        // a module
           "stress.&lt;img src=x onerror=alert(12)&gt;",                                         // a test name
       }) {
    EXPECT_NE(html.find(text), std::string::npos) << text;
  }
  // The suppressed finding and its reason, the real race with its source.
  bool race_shown = false;
  for (const json& f : made.static_results.at("findings")) {
    const std::string block = details_block(html, "finding-" + f.at("id").get<std::string>());
    EXPECT_FALSE(block.empty());
    if (f.at("access").at("line") == made.tsan_line)
      race_shown = block.find("<tr class=\"hit\" data-line=\"" + std::to_string(made.tsan_line) + "\">") != std::string::npos;
  }
  EXPECT_TRUE(race_shown) << html;
}

}  // namespace
