// Reports made by the real CLI for the report tests (report_cli_test, report_browser_test):
//  - a checker fixture with several findings (std_mutex.cpp) and one with suppressed ones
//    (suppression.cpp), `hawk-audit check --format json`; a real TSan log
//    (tsan_logs/global_race.log) pointed at one of std_mutex.cpp's racy lines, plus one
//    that matches nothing (heap_race.log), through `hawk-audit tsan --format json`; a ctest
//    JUnit file and a mutation file; then `hawk-audit report`.
//  - a racy program whose folder name, file name, comments and string literals (and the
//    suppression reason, the TSan log's function names, the JUnit's test names and the
//    mutation file's modules) hold HTML and <script>.
// Needs HAWK_AUDIT_BINARY, HAWK_SOURCE_DIR and HAWK_TSAN_LOGS.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <nlohmann/json.hpp>

#include "tool_run.h"

namespace hawk::audit::testing {

inline std::string join_path(llvm::StringRef dir, llvm::StringRef name) {
  llvm::SmallString<256> p(dir);
  llvm::sys::path::append(p, name);
  return std::string(p);
}

inline std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The 1-based line of `source` holding `needle`, or 0.
inline unsigned line_of(const std::string& source, const std::string& needle) {
  const std::size_t at = source.find(needle);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<unsigned>(std::count(source.begin(), source.begin() + static_cast<long>(at), '\n'));
}

struct MadeReport {
  std::string error;  // empty: made
  std::string html_path;
  std::string html;
  nlohmann::json static_results;
  nlohmann::json tsan_results;
  std::string source;       // the racy source file
  unsigned tsan_line = 0;   // the line of it the TSan log was pointed at
};

inline std::string fixture(const char* name) {
  return std::string(HAWK_SOURCE_DIR) + "/tests/checker/fixtures/" + name;
}

// Runs hawk-audit `args` in `dir`; appends to `error` when its status is not `expected`.
inline bool run_expecting(const std::vector<std::string>& args, int expected, const std::string& dir,
                          std::string& error) {
  ToolRun run = run_tool(HAWK_AUDIT_BINARY, args, dir, 300);
  if (run.status == expected) return true;
  error += "hawk-audit";
  for (const std::string& arg : args) error += " " + arg;
  error += ": exit " + std::to_string(run.status) + " (expected " + std::to_string(expected) + ")\n" + run.err;
  return false;
}

inline constexpr const char* kJunitTemplate = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="stress" tests="2" failures="1" disabled="0" skipped="0" hostname="" time="4" timestamp="2024-01-01T00:00:00">
	<testcase name="stress.FAILING" classname="stress.FAILING" time="2.5" status="fail">
		<failure message="Failed"/>
		<system-out>WARNING: ThreadSanitizer: data race (pid=1) &lt;script&gt;alert(&quot;junit&quot;)&lt;/script&gt;
SUMMARY: ThreadSanitizer: data race</system-out>
	</testcase>
	<testcase name="PASSING_stress" classname="PASSING_stress" time="1.5" status="run">
		<system-out>ok</system-out>
	</testcase>
</testsuite>
)xml";

// The fixture report in `dir` (a scratch folder the caller owns).
inline MadeReport make_fixture_report(const std::string& dir) {
  MadeReport made;
  const std::string std_mutex = fixture("std_mutex.cpp");
  made.source = std_mutex;
  const std::string static_json = join_path(dir, "static.json");
  if (!run_expecting({"check", std_mutex, fixture("suppression.cpp"), "--format", "json", "-o", static_json, "--",
                      "-std=c++20", "-pthread"},
                     1, dir, made.error))
    return made;
  made.static_results = nlohmann::json::parse(read_file(static_json));

  // global_race.log's racing line, moved to `++errors_;` (non-atomic-rmw) in std_mutex.cpp.
  made.tsan_line = line_of(read_file(std_mutex), "++errors_;");
  const std::string log = join_path(dir, "race.log");
  write_file(log, replace_all(read_file(std::string(HAWK_TSAN_LOGS) + "/global_race.log"),
                              "/home/ci/demo/src/global.cpp:3:24", std_mutex + ":" + std::to_string(made.tsan_line) + ":5"));
  const std::string tsan_json = join_path(dir, "tsan.json");
  if (!run_expecting({"tsan", log, std::string(HAWK_TSAN_LOGS) + "/heap_race.log", "--format", "json", "-o", tsan_json},
                     1, dir, made.error))
    return made;
  made.tsan_results = nlohmann::json::parse(read_file(tsan_json));

  const std::string junit = join_path(dir, "stress.xml");
  write_file(junit, replace_all(replace_all(kJunitTemplate, "FAILING", "std_mutex.cpp"), "PASSING", "suppression.cpp"));
  const std::string mutation = join_path(dir, "mutation.json");
  write_file(mutation, nlohmann::json{{"mutants",
                                       {{{"id", "std_mutex.cpp:12:5:guard-declaration"}, {"file", "std_mutex.cpp"},
                                         {"line", 12}, {"guard", "Counter::mu_"}, {"kind", "guard-declaration"},
                                         {"function", "Counter::add"}, {"module", "std_mutex.cpp"},
                                         {"static_caught", true}, {"stress_caught", false}, {"stress_status", "missed"}},
                                        {{"id", "suppression.cpp:10:5:guard-declaration"}, {"file", "suppression.cpp"},
                                         {"line", 10}, {"guard", "Progress::mu_"}, {"kind", "guard-declaration"},
                                         {"function", "Progress::step"}, {"module", "suppression.cpp"},
                                         {"static_caught", false}, {"stress_caught", nullptr},
                                         {"stress_status", "no-harness"}}}},
                                      {"totals", {{"mutants", 2}, {"unremovable_sites", 0}}},
                                      {"static_catch_rate", 0.5},
                                      {"stress_catch_rate", 0.0}}
                           .dump(2));

  made.html_path = join_path(dir, "report.html");
  if (!run_expecting({"report", "--static", static_json, "--tsan", tsan_json, "--mutation", mutation, "--stress-junit",
                      junit, "--source-root", std::string(HAWK_SOURCE_DIR) + "/tests/checker/fixtures", "-o",
                      made.html_path},
                     0, dir, made.error))
    return made;
  made.html = read_file(made.html_path);
  return made;
}

// A real race in a file whose every string is hostile.
inline constexpr const char* kHostileSource = R"cpp(#include <mutex>
#include <thread>

const char* g_banner = "<script>alert(7)</script><img src=x onerror=alert(8)>&amp;";
int g_hits = 0;  // "</code></section><script>alert(9)</script>"

struct Tag {  // operator< is in the function's name: <
  bool operator<(const Tag&) const { ++g_hits; return false; }
};
// <script>alert("comment")</script> <img src=x onerror=alert(5)>
/* </td></tr></table></details><script>alert(6)</script> */

std::mutex g_mu;
int g_total = 0;
void add() { std::lock_guard<std::mutex> lock(g_mu); ++g_total; }
int peek() {
  // hawk-audit: ignore(unguarded-read): <img src=x onerror=alert(10)> "quoted" & 'fine' </details>
  return g_total;
}

void worker() {
  Tag a, b;
  for (int i = 0; i < 1000; ++i) {
    (void)(a < b);
    add();
    (void)peek();
  }
  (void)g_banner;
}

int main() {
  std::thread t1(worker), t2(worker);
  t1.join();
  t2.join();
  return g_hits;
}
)cpp";

// The hostile folder and file names (Linux allows anything but `/` and NUL; hawk-audit
// reads `\\` in a path as a separator, so there is none).
inline constexpr const char* kHostileDir = "d\"q'&amp;<script>alert(1)<!--x--><img src=x onerror=alert(2)>";
inline constexpr const char* kHostileFile = "<img src=y onerror=alert(3)>&amp;<svg onload=alert(4)>.cpp";

inline MadeReport make_hostile_report(const std::string& scratch) {
  MadeReport made;
  const std::string dir = join_path(scratch, kHostileDir);
  if (std::error_code error = llvm::sys::fs::create_directories(dir)) {
    made.error = "cannot create " + dir + ": " + error.message();
    return made;
  }
  made.source = join_path(dir, kHostileFile);
  write_file(made.source, kHostileSource);
  const std::string static_json = join_path(scratch, "static.json");
  if (!run_expecting({"check", made.source, "--format", "json", "-o", static_json, "--", "-std=c++20", "-pthread"}, 1,
                     scratch, made.error))
    return made;
  made.static_results = nlohmann::json::parse(read_file(static_json));

  // A TSan log of the same race, its frames in the hostile file, its function names HTML.
  made.tsan_line = line_of(kHostileSource, "++g_hits;");
  std::string log = read_file(std::string(HAWK_TSAN_LOGS) + "/global_race.log");
  log = replace_all(log, "/home/ci/demo/src/global.cpp:3:24", made.source + ":" + std::to_string(made.tsan_line) + ":38");
  log = replace_all(log, "bump()", "Tag::operator<<script>alert(11)</script>(Tag const&) const");
  const std::string log_path = join_path(scratch, "race.log");
  write_file(log_path, log);
  const std::string tsan_json = join_path(scratch, "tsan.json");
  if (!run_expecting({"tsan", log_path, "--format", "json", "-o", tsan_json}, 1, scratch, made.error)) return made;
  made.tsan_results = nlohmann::json::parse(read_file(tsan_json));

  const std::string junit = join_path(scratch, "stress.xml");
  write_file(junit, replace_all(replace_all(kJunitTemplate, "FAILING", "&lt;img src=x onerror=alert(12)&gt;"), "PASSING",
                                "&quot;&gt;&lt;script&gt;alert(13)&lt;/script&gt;"));
  const std::string mutation = join_path(scratch, "mutation.json");
  write_file(mutation, nlohmann::json{{"mutants",
                                       {{{"id", "<script>alert(14)</script>"}, {"file", made.source}, {"line", 15},
                                         {"guard", "g_mu\"><img src=x onerror=alert(15)>"}, {"kind", "guard-declaration"},
                                         {"function", "add<script>"}, {"module", "<b onmouseover=alert(16)>m</b>"},
                                         {"static_caught", true}, {"stress_caught", nullptr},
                                         {"stress_status", "<i>no-harness</i>"}}}},
                                      {"totals", {{"mutants", 1}}},
                                      {"static_catch_rate", 1.0},
                                      {"stress_catch_rate", nullptr}}
                           .dump(2));

  made.html_path = join_path(scratch, "report.html");
  if (!run_expecting({"report", "--static", static_json, "--tsan", tsan_json, "--mutation", mutation, "--stress-junit",
                      junit, "-o", made.html_path},
                     0, scratch, made.error))
    return made;
  made.html = read_file(made.html_path);
  return made;
}

}  // namespace hawk::audit::testing
