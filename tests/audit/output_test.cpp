#include <string>

#include <gtest/gtest.h>
#include <llvm/Support/raw_ostream.h>
#include <nlohmann/json.hpp>

#include "output/json_output.h"
#include "output/text_output.h"

namespace hawk::audit {
namespace {

using nlohmann::json;

// One unguarded write with a conflict reached through a call chain, one suppressed
// finding without a guard, an inventory entry of each guard shape, and an error.
AuditResult sample() {
  AuditResult r;
  Finding f;
  f.id = "3f2a9c";
  f.check = "unguarded-write";
  f.message = "write to 'Counter::n_' without holding 'Counter::mu_' (held at 2 of 3 accesses)";
  f.location_name = "Counter::n_";
  f.location_kind = LocationKind::Field;
  f.access.pos = {"/src/counter.cpp", 12, 5};
  f.access.function = "Counter::reset";
  f.access.kind = AccessKind::Write;
  f.access.via = {{"Counter::clear", "/src/counter.cpp", 20}};
  f.access.runs_on = ThreadReport{"worker", SourcePos{"/src/main.cpp", 30, 3}, "start", "many", "started in a loop"};
  AccessReport other;
  other.pos = {"/src/counter.cpp", 7, 5};
  other.function = "Counter::bump";
  other.kind = AccessKind::ReadModifyWrite;
  other.locks = {{"Counter::mu_", false}, {"g_rw", true}};
  other.runs_on = ThreadReport{"main", std::nullopt, "main", "once"};
  f.conflicts.push_back(other);
  f.mhp = "main runs this after starting the thread of worker started at main.cpp:30 and before joining it";
  f.confidence = "high";
  f.guard = GuardReport{"Counter::mu_", "inferred", "held at 2 of 3 accesses"};
  r.findings.push_back(f);

  Finding s;
  s.id = "77aa01";
  s.check = "unprotected-shared-write";
  s.message = "'g_hits' written from concurrent code with no lock";
  s.location_name = "g_hits";
  s.location_kind = LocationKind::Global;
  s.access.pos = {"/src/hits.c", 3, 1};
  s.access.function = "worker";
  s.access.kind = AccessKind::Write;
  s.suppressed = true;
  s.suppression_reason = "benign statistics counter";
  r.findings.push_back(s);

  r.inventory.push_back({"Counter::n_", LocationKind::Field, "/src/counter.h", 9, "src", "guarded",
                         std::string("Counter::mu_"), "held at 2 of 3 accesses"});
  r.inventory.push_back({"g_hits", LocationKind::Global, "/src/hits.c", 1, "src", "unguarded", std::nullopt,
                         "written at 1 access, no lock held"});
  r.errors.push_back({"/src/broken.cpp", "expected ';' after expression"});
  r.stats = {4, 17, 42, 0.5};
  return r;
}

TEST(JsonOutput, TopLevelHasExactlyTheContractKeys) {
  const json j = to_json(sample());
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 5u);
  EXPECT_EQ(j.at("tool").at("name"), "hawk-audit");
  EXPECT_EQ(j.at("tool").at("version"), HAWK_AUDIT_VERSION);
  EXPECT_TRUE(j.at("findings").is_array());
  EXPECT_TRUE(j.at("inventory").is_array());
  EXPECT_TRUE(j.at("errors").is_array());
  EXPECT_TRUE(j.at("stats").is_object());
}

TEST(JsonOutput, FindingFieldByField) {
  const json f = to_json(sample()).at("findings").at(0);
  EXPECT_EQ(f.at("id"), "3f2a9c");
  EXPECT_EQ(f.at("check"), "unguarded-write");
  EXPECT_EQ(f.at("severity"), "warning");
  EXPECT_EQ(f.at("message"), "write to 'Counter::n_' without holding 'Counter::mu_' (held at 2 of 3 accesses)");
  EXPECT_EQ(f.at("location"), (json{{"name", "Counter::n_"}, {"kind", "field"}}));

  const json& a = f.at("access");
  EXPECT_EQ(a.size(), 8u);
  EXPECT_EQ(a.at("file"), "/src/counter.cpp");
  EXPECT_EQ(a.at("line"), 12);
  EXPECT_EQ(a.at("column"), 5);
  EXPECT_EQ(a.at("function"), "Counter::reset");
  EXPECT_EQ(a.at("kind"), "write");
  EXPECT_EQ(a.at("locks"), json::array());
  ASSERT_EQ(a.at("via").size(), 1u);
  EXPECT_EQ(a.at("via").at(0), (json{{"function", "Counter::clear"}, {"file", "/src/counter.cpp"}, {"line", 20}}));
  EXPECT_EQ(a.at("thread"), (json{{"root", "worker"},
                                  {"started_at", {{"file", "/src/main.cpp"}, {"line", 30}}},
                                  {"how", "start"},
                                  {"multiplicity", "many"},
                                  {"many_because", "started in a loop"}}));

  ASSERT_EQ(f.at("conflicts").size(), 1u);
  const json& c = f.at("conflicts").at(0);
  EXPECT_EQ(c.size(), 8u);  // same shape as access
  EXPECT_EQ(c.at("thread"), (json{{"root", "main"}, {"started_at", nullptr}, {"how", "main"}, {"multiplicity", "once"}}));
  EXPECT_EQ(c.at("line"), 7);
  EXPECT_EQ(c.at("function"), "Counter::bump");
  EXPECT_EQ(c.at("kind"), "read-modify-write");
  // Locks are strings; a shared hold carries the " (shared)" suffix.
  EXPECT_EQ(c.at("locks"), (json{"Counter::mu_", "g_rw (shared)"}));
  EXPECT_EQ(c.at("via"), json::array());

  EXPECT_EQ(f.at("guard"), (json{{"lock", "Counter::mu_"},
                                 {"source", "inferred"},
                                 {"evidence", "held at 2 of 3 accesses"},
                                 {"weak", false}}));
  EXPECT_EQ(f.at("mhp"), "main runs this after starting the thread of worker started at main.cpp:30 and before joining it");
  EXPECT_EQ(f.at("confidence"), "high");
  EXPECT_EQ(f.at("suppressed"), false);
  EXPECT_FALSE(f.contains("suppression_reason"));
}

TEST(JsonOutput, SuppressedFindingWithoutGuard) {
  const json f = to_json(sample()).at("findings").at(1);
  EXPECT_EQ(f.at("check"), "unprotected-shared-write");
  EXPECT_EQ(f.at("location").at("kind"), "global");
  EXPECT_TRUE(f.at("guard").is_null());
  EXPECT_EQ(f.at("conflicts"), json::array());
  EXPECT_EQ(f.at("suppressed"), true);
  EXPECT_EQ(f.at("suppression_reason"), "benign statistics counter");
}

// A suppression comment without a reason was ignored: said as data, for the gate, and
// only then, so other findings keep their shape.
TEST(JsonOutput, SuppressionWithoutReasonOnlyWhenSet) {
  AuditResult r = sample();
  EXPECT_FALSE(to_json(r).at("findings").at(0).contains("suppression_without_reason"));
  r.findings[0].suppression_without_reason = true;
  const json f = to_json(r).at("findings").at(0);
  EXPECT_EQ(f.at("suppression_without_reason"), true);
  EXPECT_EQ(f.at("suppressed"), false);
}

TEST(JsonOutput, InventoryErrorsAndStats) {
  const json j = to_json(sample());
  ASSERT_EQ(j.at("inventory").size(), 2u);
  EXPECT_EQ(j.at("inventory").at(0), (json{{"name", "Counter::n_"},
                                           {"kind", "field"},
                                           {"file", "/src/counter.h"},
                                           {"line", 9},
                                           {"module", "src"},
                                           {"verdict", "guarded"},
                                           {"guard", "Counter::mu_"},
                                           {"evidence", "held at 2 of 3 accesses"}}));
  EXPECT_TRUE(j.at("inventory").at(1).at("guard").is_null());
  EXPECT_EQ(j.at("inventory").at(1).at("verdict"), "unguarded");
  EXPECT_EQ(j.at("errors"), (json::array({{{"file", "/src/broken.cpp"}, {"message", "expected ';' after expression"}}})));
  EXPECT_EQ(j.at("stats"), (json{{"translation_units", 4}, {"functions", 17}, {"accesses", 42}, {"seconds", 0.5}, {"hidden", 0}}));
}

TEST(JsonOutput, EmptyResultStillHasEveryKey) {
  const json j = to_json(AuditResult{});
  EXPECT_EQ(j.at("findings"), json::array());
  EXPECT_EQ(j.at("inventory"), json::array());
  EXPECT_EQ(j.at("errors"), json::array());
  EXPECT_EQ(j.at("stats").at("translation_units"), 0);
}

// hawk-audit tsan's findings carry stacks, threads, counts and origins: each key is there
// only when set, so static findings (above) keep exactly the contract's keys.
TEST(JsonOutput, DynamicFieldsAppearOnlyWhenSet) {
  AuditResult r;
  Finding f;
  f.check = "tsan-data-race";
  f.location_name = "g_total";
  f.location_details = LocationDetails{"global", "'g_total' declared here", "/src/race.cpp", 2, 8, "", {}};
  f.access.pos = {"/src/race.cpp", 4, 11};
  f.access.kind = AccessKind::Write;
  f.access.thread = "T1";
  f.access.size = 8;
  f.access.description = "write of size 8 by thread T1";
  f.access.stack = {{"writer()", "/src/race.cpp", 4, 11, "race", 0x1234}, {"", "", 0, 0, "libc.so.6", 0}};
  AccessReport other;
  other.stack_unavailable = true;
  f.conflicts.push_back(other);
  f.threads = {{"T1", "thread T1 (finished) created by main thread", {}}};
  f.occurrences = 2;
  f.origins = {{"a.log", 2, 4101}, {"b.log", 7, 0}};
  f.incomplete = true;
  r.findings.push_back(f);
  r.stats.logs = 2;
  r.stats.reports = 2;
  const json j = to_json(r);
  const json& out = j.at("findings").at(0);
  EXPECT_EQ(out.at("location"), (json{{"name", "g_total"},
                                      {"kind", "global"},
                                      {"description", "'g_total' declared here"},
                                      {"file", "/src/race.cpp"},
                                      {"line", 2},
                                      {"size", 8}}));
  const json& access = out.at("access");
  EXPECT_EQ(access.at("thread"), "T1");
  EXPECT_EQ(access.at("size"), 8);
  EXPECT_EQ(access.at("description"), "write of size 8 by thread T1");
  EXPECT_EQ(access.at("stack").at(0), (json{{"function", "writer()"}, {"file", "/src/race.cpp"}, {"line", 4},
                                            {"column", 11}, {"module", "race"}, {"module_offset", 0x1234}}));
  EXPECT_FALSE(access.at("stack").at(1).contains("module_offset"));
  EXPECT_FALSE(access.contains("stack_unavailable"));
  EXPECT_EQ(out.at("conflicts").at(0).at("stack_unavailable"), true);
  EXPECT_FALSE(out.at("conflicts").at(0).contains("stack"));
  EXPECT_EQ(out.at("threads").at(0).at("name"), "T1");
  EXPECT_FALSE(out.contains("mutexes"));
  EXPECT_EQ(out.at("occurrences"), 2);
  EXPECT_EQ(out.at("origins"), (json{{{"log", "a.log"}, {"line", 2}, {"pid", 4101}}, {{"log", "b.log"}, {"line", 7}}}));
  EXPECT_EQ(out.at("incomplete"), true);
  EXPECT_EQ(j.at("stats").at("logs"), 2);
  EXPECT_EQ(j.at("stats").at("reports"), 2);

  // The sample's static findings: none of these keys.
  const json static_json = to_json(sample());
  for (const json& finding : static_json.at("findings")) {
    for (const char* key : {"mutexes", "threads", "occurrences", "origins", "incomplete"})
      EXPECT_FALSE(finding.contains(key)) << key;
    EXPECT_EQ(finding.at("location").size(), 2u);
  }
  EXPECT_EQ(static_json.at("stats").size(), 5u);
}

std::string render(const AuditResult& r, bool color) {
  std::string text;
  llvm::raw_string_ostream os(text);
  print_text(r, os, color);
  os.flush();
  return text;
}

TEST(TextOutput, ClangStyleDiagnosticsNotesErrorsAndSummary) {
  EXPECT_EQ(render(sample(), false),
            "/src/counter.cpp:12:5: warning: write to 'Counter::n_' without holding 'Counter::mu_' "
            "(held at 2 of 3 accesses) [hawk-unguarded-write]\n"
            "/src/counter.cpp:12:5: note: runs on the thread of worker started at main.cpp:30, many at once\n"
            "/src/counter.cpp:20: note: called from 'Counter::clear' here\n"
            "/src/counter.cpp:7:5: note: read-modify-write of 'Counter::n_' here, holding Counter::mu_, "
            "g_rw (shared) (in Counter::bump, on main)\n"
            "/src/counter.cpp:12:5: note: may happen in parallel: main runs this after starting the thread of worker "
            "started at main.cpp:30 and before joining it (confidence: high)\n"
            "/src/broken.cpp: error: expected ';' after expression\n"
            "1 finding (1 suppressed) in 4 translation units\n");
}

TEST(TextOutput, SummarySaysHowManyTheSelectionHid) {
  AuditResult r = sample();
  r.stats.hidden = 3;
  const std::string text = render(r, false);
  EXPECT_NE(text.find("1 finding (1 suppressed) in 4 translation units; 3 more in files the selection leaves out"),
            std::string::npos)
      << text;
}

TEST(TextOutput, ConflictWithoutLocksSaysNoLock) {
  AuditResult r = sample();
  r.findings[0].conflicts[0].locks.clear();
  r.findings[0].access.via.clear();
  r.errors.clear();
  const std::string text = render(r, false);
  EXPECT_NE(text.find("note: read-modify-write of 'Counter::n_' here, holding no lock (in Counter::bump, on main)\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("called from"), std::string::npos) << text;
}

TEST(TextOutput, NoColorMeansNoEscapes) {
  EXPECT_EQ(render(sample(), false).find('\x1b'), std::string::npos);
}

TEST(TextOutput, ColorUsesClangPalette) {
  const std::string text = render(sample(), true);
  EXPECT_NE(text.find("\x1b[0;1;35mwarning: "), std::string::npos) << text;  // bold magenta
  EXPECT_NE(text.find("\x1b[0;1;30mnote: "), std::string::npos) << text;     // bold black
  EXPECT_NE(text.find("\x1b[0;1;31merror: "), std::string::npos) << text;    // bold red
  // Without escapes the text is the same as the plain rendering.
  std::string stripped;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      i = text.find('m', i);
      continue;
    }
    stripped += text[i];
  }
  EXPECT_EQ(stripped, render(sample(), false));
}

TEST(TextOutput, PrinterRestoresTheStreamsColorSetting) {
  std::string text;
  llvm::raw_string_ostream os(text);
  print_text(sample(), os, true);
  EXPECT_FALSE(os.colors_enabled());
}

TEST(TextOutput, DynamicFindingsNoteTheirAccessesAndLocationAndCountLogs) {
  AuditResult r;
  Finding f;
  f.check = "tsan-data-race";
  f.message = "data race on global 'g_total'";
  f.location_name = "g_total";
  f.location_details = LocationDetails{"global", "'g_total' declared here", "/src/race.cpp", 2, 8, "", {}};
  f.access.pos = {"/src/race.cpp", 4, 11};
  AccessReport other;
  other.pos = {"/src/race.cpp", 7, 10};
  other.function = "reader()";
  other.description = "previous read of size 8 by main thread";
  f.conflicts.push_back(other);
  AccessReport lost;  // no stack: points at the report in its log
  lost.description = "previous write of size 8 by thread T3";
  f.conflicts.push_back(lost);
  f.occurrences = 3;
  f.origins = {{"run.log", 12, 42}};
  r.findings.push_back(f);
  r.stats.logs = 1;
  EXPECT_EQ(render(r, false),
            "/src/race.cpp:4:11: warning: data race on global 'g_total' (reported 3 times) [hawk-tsan-data-race]\n"
            "/src/race.cpp:7:10: note: previous read of size 8 by main thread here (in reader())\n"
            "run.log:12: note: previous write of size 8 by thread T3 here\n"
            "/src/race.cpp:2: note: 'g_total' declared here\n"
            "1 finding (0 suppressed) in 1 log\n");
}

TEST(TextOutput, CleanRunPrintsOnlyTheSummary) {
  AuditResult r;
  r.stats.translation_units = 1;
  EXPECT_EQ(render(r, false), "0 findings (0 suppressed) in 1 translation unit\n");
}

}  // namespace
// How each kind of thread root reads in the text output: a thread of its own, a task an
// executor runs, a handler a framework runs, a wrapper's start.
TEST(TextOutput, ThreadTextSaysHowTheRootRuns) {
  const SourcePos at{"/src/app.cpp", 37, 28};
  EXPECT_EQ(thread_text({"worker", at, "start", "once"}), "on the thread of worker started at app.cpp:37");
  EXPECT_EQ(thread_text({"spawned", at, "wrapper", "many"}),
            "on the thread of spawned started at app.cpp:37, many at once");
  EXPECT_EQ(thread_text({"main::(lambda@37:28)", at, "executor", "once"}),
            "in main::(lambda@37:28), run by an executor (posted at app.cpp:37)");
  EXPECT_EQ(thread_text({"main::(lambda@37:28)", at, "model", "many"}),
            "in main::(lambda@37:28), run by the library on its threads (handed over at app.cpp:37), many at once");
  EXPECT_EQ(thread_text({"main", std::nullopt, "main", "once"}), "on main");
}

}  // namespace hawk::audit
