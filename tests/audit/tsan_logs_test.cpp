// The dynamic layer (`hawk-audit tsan`): frame lines, the log reader, the report parser
// and findings with their ids, on the logs in tsan_logs/ — real ThreadSanitizer output
// (clang 19, paths moved under /home/ci/demo) and copies of it damaged the ways real logs
// are: cut short, interleaved by two processes, unsymbolized, with a stack TSan could not
// restore, colours, binary garbage. See tsan_logs/README.md for each file.
#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dynamic/project_frames.h"
#include "dynamic/stack_frame_line.h"
#include "dynamic/tsan_findings.h"
#include "dynamic/tsan_log_reader.h"
#include "dynamic/tsan_logs.h"
#include "dynamic/tsan_report_parser.h"
#include "tool_run.h"

namespace hawk::audit {
namespace {

using testing::read_file;

const std::string kRoot = "/home/ci/demo";

std::string log_path(const std::string& name) { return std::string(HAWK_TSAN_LOGS) + "/" + name; }

// The logs analysed together, as `hawk-audit tsan --source-root /home/ci/demo LOG...`.
AuditResult analyse(const std::vector<std::string>& names, std::vector<std::string> roots = {kRoot}) {
  std::vector<std::string> texts;
  for (const std::string& name : names) texts.push_back(read_file(log_path(name)));
  std::vector<TsanLogInput> logs;
  for (std::size_t i = 0; i < names.size(); ++i) logs.push_back({names[i], texts[i]});
  return analyse_tsan_logs(logs, {std::move(roots), {}});
}

AuditResult analyse_text(const std::string& text, const std::string& name = "inline.log") {
  return analyse_tsan_logs({{name, text}}, {{kRoot}, {}});
}

std::string errors_of(const AuditResult& result) {
  std::string text;
  for (const CaptureError& error : result.errors) text += error.file + ": " + error.message + "\n";
  return text;
}

// --- frame lines -------------------------------------------------------------------------

TEST(StackFrameLine, SymbolizedFrameWithModuleAndBuildId) {
  auto line = parse_frame_line(
      "    #0 bump() /tmp/p/global.cpp:3:24 (global+0xe77ee) (BuildId: a32a179078b44e83aa0557aefd180bf0fce65269)");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->index, 0u);
  EXPECT_EQ(line->frame.function, "bump()");
  EXPECT_EQ(line->frame.file, "/tmp/p/global.cpp");
  EXPECT_EQ(line->frame.line, 3u);
  EXPECT_EQ(line->frame.column, 24u);
  EXPECT_EQ(line->frame.module, "global");
  EXPECT_EQ(line->frame.module_offset, 0xe77eeu);
}

TEST(StackFrameLine, FunctionWithBlanksAndParenthesesAndADotDotPath) {
  auto line = parse_frame_line(
      "    #1 void std::__invoke_impl<void, void (*)()>(std::__invoke_other, void (*&&)()) "
      "/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/bits/invoke.h:61:14 (global+0xe7a89)");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->frame.function, "void std::__invoke_impl<void, void (*)()>(std::__invoke_other, void (*&&)())");
  EXPECT_EQ(line->frame.file, "/usr/include/c++/12/bits/invoke.h");
  EXPECT_EQ(line->frame.line, 61u);
}

TEST(StackFrameLine, UnsymbolizedForms) {
  auto null_null = parse_frame_line("    #6 <null> <null> (libstdc++.so.6+0xd44a2) (BuildId: 289e)");
  ASSERT_TRUE(null_null);
  EXPECT_EQ(null_null->frame.function, "");
  EXPECT_EQ(null_null->frame.file, "");
  EXPECT_EQ(null_null->frame.module, "libstdc++.so.6");
  EXPECT_EQ(null_null->frame.module_offset, 0xd44a2u);

  auto asan_style = parse_frame_line("#3 0x4f2a10 (/path/bin+0x4f2a10)");
  ASSERT_TRUE(asan_style);
  EXPECT_EQ(asan_style->index, 3u);
  EXPECT_EQ(asan_style->frame.function, "");
  EXPECT_EQ(asan_style->frame.module, "/path/bin");
  EXPECT_EQ(asan_style->frame.module_offset, 0x4f2a10u);

  auto interceptor = parse_frame_line("    #0 pthread_mutex_unlock <null> (unlock+0x640fe)");
  ASSERT_TRUE(interceptor);
  EXPECT_EQ(interceptor->frame.function, "pthread_mutex_unlock");
  EXPECT_EQ(interceptor->frame.file, "");

  auto with_pc = parse_frame_line("    #1 0x4f2a10 in main /src/main.cpp:12:3 (bin+0x12)");
  ASSERT_TRUE(with_pc);
  EXPECT_EQ(with_pc->frame.function, "main");
  EXPECT_EQ(with_pc->frame.file, "/src/main.cpp");
  EXPECT_EQ(with_pc->frame.line, 12u);

  auto no_line = parse_frame_line("    #2 main /src/main.cpp");
  ASSERT_TRUE(no_line);
  EXPECT_EQ(no_line->frame.file, "/src/main.cpp");
  EXPECT_EQ(no_line->frame.line, 0u);

  auto qualified = parse_frame_line("    #2 ns::Widget::run");
  ASSERT_TRUE(qualified);
  EXPECT_EQ(qualified->frame.function, "ns::Widget::run");
  EXPECT_EQ(qualified->frame.file, "");
}

TEST(StackFrameLine, NotAFrameOrDamaged) {
  EXPECT_FALSE(parse_frame_line("  Write of size 4 at 0x1 by thread T1:"));
  EXPECT_FALSE(parse_frame_line("#"));
  EXPECT_FALSE(parse_frame_line("#x foo"));
  EXPECT_FALSE(parse_frame_line("#12abc"));
  // An index too large for any stack, a line cut in the middle: never a crash.
  EXPECT_FALSE(parse_frame_line("#99999999999999999999 f"));
  auto cut = parse_frame_line("    #3 void std::thread::_Invoker<std::tuple<void (*)()>>::_M_invoke<0ul>(std::_In");
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->frame.file, "");
  auto cut_module = parse_frame_line("    #3 f() /a.cpp:1:2 (global+0x");
  ASSERT_TRUE(cut_module);
}

// --- project frames and ids -------------------------------------------------------------

TEST(ProjectFrames, SkipsTheRuntimeTheStandardLibraryAndLibc) {
  const ProjectFrames frames;
  const std::vector<StackFrame> stack = {
      {"pthread_mutex_lock", "", 0, 0, "app", 0x64bfe},
      {"__gthread_mutex_lock(pthread_mutex_t*)", "/usr/include/x86_64-linux-gnu/c++/12/bits/gthr-default.h", 749, 12,
       "app", 1},
      {"std::mutex::lock()", "/usr/include/c++/12/bits/std_mutex.h", 100, 17, "app", 2},
      {"ab()", "/work/src/deadlock.cpp", 4, 76, "app", 3},
  };
  EXPECT_EQ(frames.pick(stack), 3u);
  EXPECT_EQ(frames.key(stack[3]), "ab()|deadlock.cpp:4");

  const std::vector<StackFrame> glibc = {{"__libc_start_call_main", "sysdeps/nptl/libc_start_call_main.h", 58, 16,
                                          "libc.so.6", 0x27249}};
  EXPECT_TRUE(ProjectFrames::is_system(glibc[0]));
  EXPECT_EQ(frames.pick({}), std::nullopt);
}

TEST(ProjectFrames, SourceRootsChooseAndShortenTheFile) {
  const ProjectFrames frames({"/work/src"});
  const std::vector<StackFrame> stack = {
      {"helper()", "/opt/thirdparty/lib.cpp", 10, 1, "app", 1},
      {"Counter::add()", "/work/src/core/counter.cpp", 22, 5, "app", 2},
  };
  EXPECT_EQ(frames.pick(stack), 1u);
  EXPECT_EQ(frames.key(stack[1]), "Counter::add()|core/counter.cpp:22");
  EXPECT_EQ(frames.key(stack[0]), "helper()|lib.cpp:10");  // outside the roots: the basename
  EXPECT_EQ(frames.display_path("/work/src/core/counter.cpp"), "core/counter.cpp");
}

TEST(ProjectFrames, UnsymbolizedFramesKeyByModuleAndOffsetNeverTheAddress) {
  const ProjectFrames frames;
  const std::vector<StackFrame> stack = {{"", "", 0, 0, "/lib/x86_64-linux-gnu/libc.so.6", 0x27249},
                                         {"", "", 0, 0, "/home/ci/build/heap", 0xe790f}};
  EXPECT_EQ(frames.pick(stack), 1u);
  EXPECT_EQ(frames.key(stack[1]), "heap+" + std::to_string(0xe790f));
}

TEST(TsanCheckIds, ByTitle) {
  EXPECT_EQ(tsan_check_for("data race"), kTsanDataRace);
  EXPECT_EQ(tsan_check_for("lock-order-inversion (potential deadlock)"), kTsanLockOrderInversion);
  EXPECT_EQ(tsan_check_for("unlock of an unlocked mutex (or by a wrong thread)"), kTsanMutexMisuse);
  EXPECT_EQ(tsan_check_for("destroy of a locked mutex"), kTsanMutexMisuse);
  EXPECT_EQ(tsan_check_for("double lock of a mutex"), kTsanMutexMisuse);
  EXPECT_EQ(tsan_check_for("use of an invalid mutex (e.g. uninitialized or destroyed)"), kTsanMutexMisuse);
  EXPECT_EQ(tsan_check_for("read lock of a write locked mutex"), kTsanMutexMisuse);
  EXPECT_EQ(tsan_check_for("thread leak"), kTsanThreadLeak);
  EXPECT_EQ(tsan_check_for("data race on vptr (ctor/dtor vs virtual call)"), kTsanOther);
  EXPECT_EQ(tsan_check_for("signal-unsafe call inside of a signal"), kTsanOther);
  EXPECT_EQ(tsan_check_for("heap-use-after-free"), kTsanOther);
  EXPECT_EQ(tsan_check_for("something new"), kTsanOther);
}

// --- the reader ----------------------------------------------------------------------------

TEST(TsanLogReader, OneBlockPerReportAndTheProgramsOutputSkipped) {
  const TsanLog log = read_tsan_log(read_file(log_path("duplicates.log")));
  ASSERT_EQ(log.blocks.size(), 2u);
  EXPECT_EQ(log.blocks[0].pid, 5001);
  EXPECT_EQ(log.blocks[1].pid, 5002);
  EXPECT_TRUE(log.blocks[0].closed);
  EXPECT_TRUE(log.blocks[0].has_summary);
  EXPECT_EQ(log.blocks[0].line, 2u);
  for (const LogLine& line : log.blocks[1].lines) EXPECT_EQ(line.text.find("test 2 starting"), std::string::npos);
  EXPECT_TRUE(log.problems.empty());
}

TEST(TsanLogReader, PidPrefixesSeparateInterleavedProcesses) {
  const TsanLog log = read_tsan_log(read_file(log_path("interleaved_two_pids.log")));
  ASSERT_EQ(log.blocks.size(), 2u);
  EXPECT_EQ(log.blocks[0].pid, 4101);
  EXPECT_EQ(log.blocks[1].pid, 4102);
  EXPECT_TRUE(log.blocks[0].closed && log.blocks[1].closed);
  for (const LogLine& line : log.blocks[0].lines) EXPECT_EQ(line.text.find("heap.cpp"), std::string::npos) << line.text;
  for (const LogLine& line : log.blocks[1].lines) EXPECT_EQ(line.text.find("global.cpp"), std::string::npos) << line.text;
  EXPECT_TRUE(log.problems.empty());
}

TEST(TsanLogReader, ACutReportIsNotClosedEvenWhenTheNextReportsSeparatorFollows) {
  const TsanLog log = read_tsan_log(read_file(log_path("truncated_then_complete.log")));
  ASSERT_EQ(log.blocks.size(), 2u);
  EXPECT_FALSE(log.blocks[0].closed);
  EXPECT_TRUE(log.blocks[1].closed);
}

TEST(TsanLogReader, ColoursAndCarriageReturnsAreRemoved) {
  const TsanLog log = read_tsan_log(read_file(log_path("colored.log")));
  ASSERT_EQ(log.blocks.size(), 1u);
  EXPECT_EQ(log.blocks[0].header, "WARNING: ThreadSanitizer: data race (pid=20183)");
  for (const LogLine& line : log.blocks[0].lines) {
    EXPECT_EQ(line.text.find('\x1b'), std::string::npos);
    EXPECT_EQ(line.text.find('\r'), std::string::npos);
  }
}

// --- the parser ----------------------------------------------------------------------------

TsanReport parse_first(const std::string& name) {
  const TsanLog log = read_tsan_log(read_file(log_path(name)));
  EXPECT_FALSE(log.blocks.empty()) << name;
  if (log.blocks.empty()) return {};
  return parse_tsan_report(log.blocks.front(), name);
}

TEST(TsanReportParser, GlobalRace) {
  const TsanReport r = parse_first("global_race.log");
  EXPECT_EQ(r.title, "data race");
  EXPECT_EQ(r.pid, 20183);
  EXPECT_FALSE(r.truncated);
  ASSERT_EQ(r.accesses.size(), 2u);
  EXPECT_FALSE(r.accesses[0].previous);
  EXPECT_TRUE(r.accesses[0].write);
  EXPECT_EQ(r.accesses[0].size, 4u);
  EXPECT_EQ(r.accesses[0].thread, "T2");
  EXPECT_EQ(r.accesses[0].stack.frames.size(), 7u);
  EXPECT_TRUE(r.accesses[1].previous);
  EXPECT_EQ(r.accesses[1].thread, "T1");
  ASSERT_EQ(r.locations.size(), 1u);
  EXPECT_EQ(r.locations[0].kind, TsanLocationKind::Global);
  EXPECT_EQ(r.locations[0].name, "g_counter");
  EXPECT_EQ(r.locations[0].size, 4u);
  EXPECT_EQ(r.locations[0].module, "global");
  EXPECT_EQ(r.locations[0].module_offset, 0x1514ae8u);
  ASSERT_EQ(r.threads.size(), 2u);
  EXPECT_EQ(r.threads[0].id, "T2");
  EXPECT_EQ(r.threads[0].status, "running");
  EXPECT_EQ(r.threads[0].created_by, "main thread");
  EXPECT_EQ(r.threads[0].created.frames.size(), 3u);
  EXPECT_EQ(r.summary, "data race /home/ci/demo/src/global.cpp:3:24 in bump()");
  EXPECT_EQ(r.unrecognised_count, 0u) << (r.unrecognised.empty() ? "" : r.unrecognised[0]);
}

TEST(TsanReportParser, HeldMutexesAndAtomicAccesses) {
  const TsanLog log = read_tsan_log(read_file(log_path("mutexes_and_atomics.log")));
  ASSERT_EQ(log.blocks.size(), 3u);
  const TsanReport locked = parse_tsan_report(log.blocks[0], "m");
  ASSERT_EQ(locked.accesses.size(), 2u);
  EXPECT_EQ(locked.accesses[1].mutexes, (std::vector<HeldLock>{{"M0", false}}));
  ASSERT_EQ(locked.mutexes.size(), 1u);
  EXPECT_FALSE(locked.mutexes[0].created.frames.empty());
  const TsanReport atomic = parse_tsan_report(log.blocks[1], "m");
  ASSERT_EQ(atomic.accesses.size(), 2u);
  EXPECT_FALSE(atomic.accesses[0].atomic);
  EXPECT_TRUE(atomic.accesses[1].atomic);
  EXPECT_TRUE(atomic.accesses[1].write);
  const TsanReport destroy = parse_tsan_report(log.blocks[2], "m");
  EXPECT_EQ(destroy.title, "destroy of a locked mutex");
  ASSERT_EQ(destroy.stacks.size(), 2u);
  EXPECT_EQ(destroy.stacks[0].heading, "");
  EXPECT_EQ(destroy.stacks[1].heading, "and");
  ASSERT_EQ(destroy.locations.size(), 2u);  // the stack, then TSan's bogus global '??'
  EXPECT_EQ(destroy.locations[0].kind, TsanLocationKind::Stack);
}

TEST(TsanReportParser, LockOrderCycleAndBothStacksOfEachEdge) {
  const TsanReport r = parse_first("lock_order.log");
  EXPECT_EQ(r.cycle, (std::vector<std::string>{"M0", "M1"}));
  ASSERT_EQ(r.edges.size(), 2u);
  EXPECT_EQ(r.edges[0].acquired, "M1");
  EXPECT_EQ(r.edges[0].held, "M0");
  EXPECT_EQ(r.edges[0].thread, "T1");
  EXPECT_TRUE(r.edges[0].has_held_stack);
  EXPECT_EQ(r.edges[0].stack.frames.size(), 11u);
  EXPECT_EQ(r.edges[0].held_stack.frames.size(), 11u);
  EXPECT_EQ(r.edges[1].acquired, "M0");
  EXPECT_EQ(r.edges[1].held, "M1");
  EXPECT_EQ(r.unrecognised_count, 0u);
}

TEST(TsanReportParser, FailedStackIsKeptAsSuch) {
  const TsanReport r = parse_first("failed_stack.log");
  ASSERT_EQ(r.accesses.size(), 2u);
  EXPECT_TRUE(r.accesses[1].stack.failed);
  EXPECT_TRUE(r.accesses[1].stack.frames.empty());
  EXPECT_EQ(r.locations.size(), 1u);
  EXPECT_EQ(r.unrecognised_count, 0u);
}

// --- findings from the logs ---------------------------------------------------------------

TEST(TsanFindings, GlobalRaceBothAccessesAndTheLocation) {
  const AuditResult r = analyse({"global_race.log"});
  EXPECT_TRUE(r.errors.empty()) << errors_of(r);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.check, "tsan-data-race");
  EXPECT_EQ(f.severity, "warning");
  EXPECT_EQ(f.id.size(), 16u);
  EXPECT_EQ(f.location_name, "g_counter");
  ASSERT_TRUE(f.location_details);
  EXPECT_EQ(f.location_details->kind, "global");
  EXPECT_EQ(f.access.pos, (SourcePos{"/home/ci/demo/src/global.cpp", 3, 24}));
  EXPECT_EQ(f.access.function, "bump()");
  EXPECT_EQ(f.access.kind, AccessKind::Write);
  EXPECT_EQ(f.access.thread, "T2");
  EXPECT_EQ(f.access.size, 4u);
  EXPECT_EQ(f.access.stack.size(), 7u);
  ASSERT_EQ(f.conflicts.size(), 1u);
  EXPECT_EQ(f.conflicts[0].pos.line, 3u);
  EXPECT_EQ(f.conflicts[0].description, "previous write of size 4 by thread T1");
  EXPECT_EQ(f.occurrences, 1u);
  ASSERT_EQ(f.origins.size(), 1u);
  EXPECT_EQ(f.origins[0].log, "global_race.log");
  EXPECT_EQ(f.origins[0].line, 2u);
  EXPECT_EQ(f.origins[0].pid, 20183);
  EXPECT_EQ(f.threads.size(), 2u);
  EXPECT_FALSE(f.incomplete);
  EXPECT_NE(f.message.find("data race on global 'g_counter'"), std::string::npos) << f.message;
  EXPECT_EQ(r.stats.logs, 1u);
  EXPECT_EQ(r.stats.reports, 1u);
}

TEST(TsanFindings, HeapRaceHasItsAllocationStack) {
  const AuditResult r = analyse({"heap_race.log"});
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.access.pos.line, 3u);
  EXPECT_EQ(f.access.function, "write_box(Box*)");
  ASSERT_EQ(f.conflicts.size(), 1u);
  EXPECT_EQ(f.conflicts[0].pos.line, 4u);
  EXPECT_EQ(f.conflicts[0].kind, AccessKind::Read);
  ASSERT_TRUE(f.location_details);
  EXPECT_EQ(f.location_details->kind, "heap");
  EXPECT_EQ(f.location_details->size, 4u);
  EXPECT_EQ(f.location_details->stack.size(), 2u);
  EXPECT_EQ(f.location_details->file, "/home/ci/demo/src/heap.cpp");
  EXPECT_EQ(f.location_details->line, 6u);  // `new Box`, below operator new
}

TEST(TsanFindings, StackRaceIgnoresTsansBogusGlobal) {
  const AuditResult r = analyse({"stack_race.log"});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location_details->kind, "stack");
  EXPECT_EQ(r.findings[0].location_details->thread, "main thread");
  EXPECT_EQ(r.findings[0].location_name, "");
  EXPECT_TRUE(r.errors.empty()) << errors_of(r);
}

TEST(TsanFindings, LockOrderInversionWithTheAcquisitionStacks) {
  const AuditResult r = analyse({"lock_order.log"});
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.check, "tsan-lock-order-inversion");
  EXPECT_EQ(f.location_name, "M0 -> M1 -> M0");
  EXPECT_EQ(f.access.function, "ab()");
  EXPECT_EQ(f.access.pos.line, 4u);
  EXPECT_EQ(f.access.locks, (std::vector<HeldLock>{{"M0", false}}));
  ASSERT_EQ(f.conflicts.size(), 3u);  // ab's earlier M0, ba's M0, ba's earlier M1
  EXPECT_EQ(f.conflicts[1].function, "ba()");
  EXPECT_EQ(f.conflicts[1].pos.line, 5u);
  EXPECT_EQ(f.conflicts[1].pos.column, 76u);
  EXPECT_EQ(f.conflicts[2].pos.column, 41u);
}

TEST(TsanFindings, MutexMisuseAndThreadLeak) {
  const AuditResult misuse = analyse({"mutex_misuse.log"});
  EXPECT_TRUE(misuse.errors.empty()) << errors_of(misuse);
  ASSERT_EQ(misuse.findings.size(), 2u);
  EXPECT_EQ(misuse.findings[0].check, "tsan-mutex-misuse");
  EXPECT_EQ(misuse.findings[0].access.pos, (SourcePos{"/home/ci/demo/src/unlock.c", 4, 3}));
  EXPECT_EQ(misuse.findings[0].access.function, "main");
  EXPECT_EQ(misuse.findings[0].location_name, "mu");
  EXPECT_EQ(misuse.findings[0].mutexes.size(), 1u);
  EXPECT_EQ(misuse.findings[1].check, "tsan-mutex-misuse");
  EXPECT_EQ(misuse.findings[1].access.pos.line, 26u);  // the destroy
  ASSERT_EQ(misuse.findings[1].conflicts.size(), 1u);
  EXPECT_EQ(misuse.findings[1].conflicts[0].pos.line, 25u);  // where it was locked
  EXPECT_NE(misuse.findings[0].id, misuse.findings[1].id);

  const AuditResult leak = analyse({"thread_leak.log"});
  ASSERT_EQ(leak.findings.size(), 1u);
  EXPECT_EQ(leak.findings[0].check, "tsan-thread-leak");
  EXPECT_EQ(leak.findings[0].access.pos, (SourcePos{"/home/ci/demo/src/leak.c", 6, 3}));
  EXPECT_EQ(leak.findings[0].access.thread, "T1");
}

TEST(TsanFindings, OtherKindsAreReportedGenerically) {
  const AuditResult r = analyse({"other_kinds.log"});
  EXPECT_TRUE(r.errors.empty()) << errors_of(r);
  ASSERT_EQ(r.findings.size(), 4u);
  for (const Finding& f : r.findings) EXPECT_EQ(f.check, "tsan-other") << f.message;
  EXPECT_EQ(r.findings[0].access.function, "handler(int)");  // below malloc, above TSan
  EXPECT_EQ(r.findings[1].conflicts.size(), 1u);             // the vptr race's two accesses
  EXPECT_EQ(r.findings[2].access.pos.line, 4u);              // heap-use-after-free
  EXPECT_EQ(r.findings[3].severity, "error");                // a crash under TSan
  EXPECT_EQ(r.findings[3].access.function, "deref(Node*)");
  EXPECT_EQ(r.findings[3].message.find("(pc "), std::string::npos) << r.findings[3].message;
  EXPECT_EQ(r.findings[3].origins[0].pid, 20913);
}

TEST(TsanFindings, IdsIgnorePidsAddressesThreadsAndTheOrderOfTheAccesses) {
  const std::string log = read_file(log_path("global_race.log"));
  std::string other = log;
  // Another run: other pid, addresses, thread numbers, and TSan saw the threads the
  // other way round.
  auto replace_all = [](std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  };
  replace_all(other, "pid=20183", "pid=777");
  replace_all(other, "0x55e7e1f2bae8", "0x5612aa000ae8");
  replace_all(other, "by thread T2", "by thread T9");
  replace_all(other, "3:24", "3:11");  // a column is not part of the id
  EXPECT_EQ(analyse_text(log).findings.at(0).id, analyse_text(other).findings.at(0).id);

  const std::string heap = read_file(log_path("heap_race.log"));
  std::string swapped = heap;  // the read seen first, then the write
  replace_all(swapped, "  Write of size 4", "  Previous write of size 4");
  replace_all(swapped, "  Previous read of size 4", "  Read of size 4");
  const std::size_t write = swapped.find("  Previous write");
  const std::size_t read = swapped.find("  Read of size 4");
  const std::size_t location = swapped.find("  Location is");
  swapped = swapped.substr(0, write) + swapped.substr(read, location - read) + swapped.substr(write, read - write) +
            swapped.substr(location);
  EXPECT_EQ(analyse_text(heap).findings.at(0).id, analyse_text(swapped).findings.at(0).id);

  // Different races, different ids.
  std::set<std::string> ids;
  for (const char* name : {"global_race.log", "heap_race.log", "stack_race.log", "lock_order.log", "thread_leak.log"}) {
    ids.insert(analyse({name}).findings.at(0).id);
  }
  EXPECT_EQ(ids.size(), 5u);
}

TEST(TsanFindings, SourceRootsDoNotChangeIdsOfFilesOutsideThemButShortenThoseInside) {
  const std::string without = analyse({"global_race.log"}, {}).findings.at(0).id;
  const std::string with = analyse({"global_race.log"}, {kRoot}).findings.at(0).id;
  // Inside a root the id holds src/global.cpp instead of the basename: ids are stable for
  // one set of options, which is how a run is compared with the next.
  EXPECT_NE(without, with);
  EXPECT_EQ(with, analyse({"global_race.log"}, {kRoot + "/"}).findings.at(0).id);
}

// --- damaged logs -----------------------------------------------------------------------

TEST(TsanDamagedLogs, DuplicatesFoldIntoOneFindingWithACount) {
  const AuditResult r = analyse({"duplicates.log"});
  EXPECT_TRUE(r.errors.empty()) << errors_of(r);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].occurrences, 2u);
  ASSERT_EQ(r.findings[0].origins.size(), 2u);
  EXPECT_EQ(r.findings[0].origins[0].pid, 5001);
  EXPECT_EQ(r.findings[0].origins[1].pid, 5002);
  EXPECT_EQ(r.findings[0].id, analyse({"global_race.log"}).findings[0].id);
  EXPECT_EQ(r.stats.reports, 2u);

  // Across logs too: the same race seen by two processes writing two log_path files.
  const AuditResult two = analyse({"global_race.log", "colored.log"});
  ASSERT_EQ(two.findings.size(), 1u);
  EXPECT_EQ(two.findings[0].occurrences, 2u);
}

TEST(TsanDamagedLogs, InterleavedProcessesGiveTheSameFindingsAsSeparateLogs) {
  const AuditResult r = analyse({"interleaved_two_pids.log"});
  EXPECT_TRUE(r.errors.empty()) << errors_of(r);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].id, analyse({"global_race.log"}).findings[0].id);
  EXPECT_EQ(r.findings[1].id, analyse({"heap_race.log"}).findings[0].id);
  EXPECT_EQ(r.findings[0].origins[0].pid, 4101);
  EXPECT_EQ(r.findings[1].origins[0].pid, 4102);
  EXPECT_EQ(r.findings[1].location_details->stack.size(), 2u);
}

TEST(TsanDamagedLogs, TruncatedMidStackKeepsWhatWasReadAndSaysSo) {
  const AuditResult r = analyse({"truncated_mid_stack.log"});
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.check, "tsan-data-race");
  EXPECT_TRUE(f.incomplete);
  EXPECT_EQ(f.access.pos.line, 3u);
  ASSERT_EQ(f.conflicts.size(), 1u);
  EXPECT_EQ(f.conflicts[0].function, "bump()");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, "truncated_mid_stack.log");
  EXPECT_NE(r.errors[0].message.find("line 2: the 'data race' report of process 20183 is cut short"),
            std::string::npos)
      << r.errors[0].message;
  // Both accesses were read: the id is the complete report's.
  EXPECT_EQ(f.id, analyse({"global_race.log"}).findings[0].id);
}

TEST(TsanDamagedLogs, AReportCutAfterOneAccessFoldsIntoTheCompleteOne) {
  const AuditResult r = analyse({"truncated_then_complete.log"});
  ASSERT_EQ(r.findings.size(), 1u) << r.findings.size();
  EXPECT_EQ(r.findings[0].occurrences, 2u);
  EXPECT_FALSE(r.findings[0].incomplete);  // described by the complete report
  EXPECT_EQ(r.findings[0].location_name, "g_counter");
  ASSERT_EQ(r.findings[0].origins.size(), 2u);
  EXPECT_EQ(r.findings[0].origins[0].pid, 31001);
  // The cut report and the killed worker's line inside it are both said.
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_NE(r.errors[0].message.find("cut short"), std::string::npos);
  EXPECT_NE(r.errors[1].message.find("worker 1 killed by timeout"), std::string::npos);
}

TEST(TsanDamagedLogs, AReportCutRightAfterItsHeaderStaysItsOwnFinding) {
  const std::string whole = read_file(log_path("heap_race.log"));
  const AuditResult r = analyse_text(whole + "==================\nWARNING: ThreadSanitizer: data race (pid=99)\n");
  ASSERT_EQ(r.findings.size(), 2u);  // it knows no frame: not folded into the heap race
  EXPECT_EQ(r.findings[1].check, "tsan-data-race");
  EXPECT_TRUE(r.findings[1].incomplete);
  EXPECT_EQ(r.findings[1].origins[0].pid, 99);
  EXPECT_EQ(r.findings[0].occurrences, 1u);
}

TEST(TsanDamagedLogs, UnsymbolizedFramesStillGiveAFindingKeyedByModuleOffsets) {
  const AuditResult r = analyse({"unsymbolized.log"});
  EXPECT_TRUE(r.errors.empty()) << errors_of(r);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.check, "tsan-data-race");
  EXPECT_EQ(f.access.pos.file, "");
  EXPECT_EQ(f.access.stack.size(), 2u);
  EXPECT_EQ(f.access.stack[0].module, "/home/ci/demo/build/heap");
  EXPECT_EQ(f.location_details->kind, "heap");
  // The same binary's offsets in another run: the same id (the path of the module does not count).
  std::string other = read_file(log_path("unsymbolized.log"));
  other.replace(other.find("/home/ci/demo/build/heap"), 24, "heap");
  EXPECT_EQ(analyse_text(other).findings.at(0).id, f.id);
}

TEST(TsanDamagedLogs, FailedToRestoreTheStack) {
  const AuditResult r = analyse({"failed_stack.log"});
  EXPECT_TRUE(r.errors.empty()) << errors_of(r);
  ASSERT_EQ(r.findings.size(), 1u);
  ASSERT_EQ(r.findings[0].conflicts.size(), 1u);
  EXPECT_TRUE(r.findings[0].conflicts[0].stack_unavailable);
  EXPECT_EQ(r.findings[0].conflicts[0].pos.file, "");
  EXPECT_EQ(r.findings[0].access.pos.line, 3u);
  // The same race with both stacks, from another run: one finding.
  const AuditResult with_whole = analyse({"failed_stack.log", "global_race.log"});
  ASSERT_EQ(with_whole.findings.size(), 1u);
  EXPECT_EQ(with_whole.findings[0].occurrences, 2u);
  EXPECT_FALSE(with_whole.findings[0].conflicts[0].stack_unavailable);  // described by the whole report
}

TEST(TsanDamagedLogs, GarbageInsideAReportIsAnErrorAndTheReportStillAFinding) {
  const AuditResult r = analyse({"garbage.log"});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location_name, "g_counter");
  EXPECT_TRUE(r.findings[0].incomplete);
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_NE(r.errors[0].message.find("not understood"), std::string::npos);
  // Whatever the bytes, every string is valid UTF-8 without control characters.
  for (unsigned char c : r.errors[0].message) EXPECT_TRUE(c >= 0x20 || c == '\t');
}

TEST(TsanDamagedLogs, EmptyFileAndBinaryFile) {
  const AuditResult empty = analyse({"empty.log"});
  EXPECT_TRUE(empty.findings.empty());
  EXPECT_TRUE(empty.errors.empty());
  EXPECT_EQ(empty.stats.reports, 0u);

  const AuditResult binary = analyse({"not_a_log.bin"});
  EXPECT_TRUE(binary.findings.empty());
  ASSERT_EQ(binary.errors.size(), 1u);
  EXPECT_NE(binary.errors[0].message.find("not a text log"), std::string::npos);
}

TEST(TsanDamagedLogs, AFooterCountingMissingReportsIsAnError) {
  const AuditResult r = analyse({"footer_mismatch.log"});
  ASSERT_EQ(r.findings.size(), 1u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("reported 2 warnings for process 20183, but only 1"), std::string::npos)
      << r.errors[0].message;
}

TEST(TsanDamagedLogs, TheRuntimeFailingIsAFindingOrAnError) {
  const AuditResult r = analyse({"runtime_failures.log"});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "tsan-other");
  EXPECT_EQ(r.findings[0].severity, "error");
  EXPECT_FALSE(r.findings[0].incomplete);  // a one-line report is whole
  EXPECT_NE(r.findings[0].message.find("unexpected memory mapping"), std::string::npos) << r.findings[0].message;
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_NE(r.errors[0].message.find("line 4: ThreadSanitizer failed (CHECK failed: tsan_rtl_access.cpp:312"),
            std::string::npos)
      << r.errors[0].message;
}

TEST(TsanDamagedLogs, ColouredLogReadsLikeThePlainOne) {
  const AuditResult r = analyse({"colored.log"});
  EXPECT_TRUE(r.errors.empty()) << errors_of(r);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].id, analyse({"global_race.log"}).findings[0].id);
}

// Every prefix of every real log (cut at any byte), and random damage: no crash, no hang,
// at most as many findings as reports, and a cut report always said.
TEST(TsanDamagedLogs, AnyCutAndRandomDamageNeverCrashes) {
  const auto started = std::chrono::steady_clock::now();
  for (const char* name : {"global_race.log", "lock_order.log", "mutex_misuse.log", "interleaved_two_pids.log"}) {
    const std::string log = read_file(log_path(name));
    for (std::size_t cut = 0; cut <= log.size(); cut += 7) {
      const AuditResult r = analyse_text(log.substr(0, cut), name);
      EXPECT_LE(r.findings.size(), 2u) << name << " cut at " << cut;
      for (const Finding& f : r.findings)
        if (f.incomplete) EXPECT_FALSE(r.errors.empty()) << name << " cut at " << cut;
    }
  }
  std::mt19937 random(12345);
  const std::string base = read_file(log_path("lock_order.log"));
  for (int round = 0; round < 300; ++round) {
    std::string damaged = base;
    const int edits = 1 + static_cast<int>(random() % 20);
    for (int e = 0; e < edits && !damaged.empty(); ++e) {
      const std::size_t at = random() % damaged.size();
      switch (random() % 4) {
        case 0: damaged[at] = static_cast<char>(random() % 256); break;                  // a byte
        case 1: damaged.erase(at, random() % 200); break;                                 // a hole
        case 2: damaged.insert(at, damaged.substr(random() % damaged.size(), 300)); break;  // a repeat
        case 3: damaged.insert(at, "\n==4242==WARNING: ThreadSanitizer: data race (pid=4242)\n"); break;
      }
    }
    const AuditResult r = analyse_text(damaged);
    EXPECT_LE(r.stats.reports.value_or(0), 30u);
  }
  // A megabyte of random bytes, and one long line without a newline.
  std::string noise(1 << 20, '\0');
  for (char& c : noise) c = static_cast<char>(random() % 256);
  EXPECT_TRUE(analyse_text(noise).findings.empty());
  EXPECT_TRUE(analyse_text(std::string(1 << 20, '#')).findings.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
}

}  // namespace
}  // namespace hawk::audit
