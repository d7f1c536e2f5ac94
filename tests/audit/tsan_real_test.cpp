// `hawk-audit tsan` on real ThreadSanitizer output: small racy programs are compiled with
// the project's compilers (-fsanitize=thread -g -O1) into a temporary directory, run, and
// their logs parsed. Each program marks its interesting lines with `@name` comments, so the
// test knows where each access must be reported.
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>

#include "dynamic/tsan_logs.h"
#include "tool_run.h"

extern char** environ;

namespace hawk::audit {
namespace {

using testing::read_file;
using testing::write_file;

struct Program {
  const char* name;
  bool c;  // C (the C compiler), else C++
  const char* source;
};

const Program kPrograms[] = {
    {"global_race", false,
     R"(#include <thread>
long g_total = 0;  // @decl
void writer() {
  g_total = 42;  // @write
}
long reader() {
  return g_total;  // @read
}
int main() {
  std::thread t(writer);
  long seen = reader();
  t.join();
  return static_cast<int>(seen & 1);
}
)"},
    {"heap_race", false,
     R"(#include <thread>
struct Box {
  int value = 0;
};
void fill(Box* box) {
  box->value = 1;  // @write
}
int peek(const Box* box) {
  return box->value;  // @read
}
int main() {
  Box* box = new Box;  // @alloc
  std::thread t(fill, box);
  int seen = peek(box);
  t.join();
  delete box;
  return seen;
}
)"},
    {"stack_race", false,
     R"(#include <thread>
int main() {
  int local = 0;
  std::thread t([&local] {
    local = 1;  // @write
  });
  int seen = local;  // @read
  t.join();
  return seen;
}
)"},
    {"lock_order", false,
     R"(#include <mutex>
#include <thread>
std::mutex first_mu;
std::mutex second_mu;
void forward() {
  std::lock_guard<std::mutex> a(first_mu);  // @forward_held
  std::lock_guard<std::mutex> b(second_mu);  // @forward
}
void backward() {
  std::lock_guard<std::mutex> b(second_mu);  // @backward_held
  std::lock_guard<std::mutex> a(first_mu);  // @backward
}
int main() {
  std::thread one(forward);
  one.join();
  std::thread two(backward);
  two.join();
  return 0;
}
)"},
    {"bad_unlock", true,
     R"(#include <pthread.h>
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER; /* @decl */
int main(void) {
  pthread_mutex_unlock(&mu); /* @unlock */
  return 0;
}
)"},
    {"thread_leak", true,
     R"(#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
static atomic_int finished;
static void* idle(void* arg) {
  atomic_store(&finished, 1);
  return arg;
}
int main(void) {
  pthread_t thread;
  pthread_create(&thread, 0, idle, 0); /* @create */
  while (!atomic_load(&finished)) usleep(1000);
  usleep(100000);
  return 0;
}
)"},
};

// `@name` -> its line in the source.
std::map<std::string, unsigned> markers(llvm::StringRef source) {
  std::map<std::string, unsigned> out;
  unsigned line = 0;
  for (llvm::StringRef rest = source; !rest.empty();) {
    auto [text, next] = rest.split('\n');
    ++line;
    const std::size_t at = text.find('@');
    if (at != llvm::StringRef::npos) {
      out[text.drop_front(at + 1).take_while([](char c) { return std::isalnum(c) || c == '_'; }).str()] = line;
    }
    rest = next;
  }
  return out;
}

class TsanRealTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-tsan-real", dir));
    dir_ = new std::string(dir);
    built_ = new std::set<std::string>;
  }

  static void TearDownTestSuite() {
    if (!dir_) return;
    llvm::sys::fs::remove_directories(*dir_);
    delete dir_;
    delete built_;
    dir_ = nullptr;
    built_ = nullptr;
  }

  // Compiles the program on its first use (ctest runs each test in a process of its own).
  static void build(const std::string& name) {
    if (!built_->insert(name).second) return;
    for (const Program& program : kPrograms) {
      if (program.name != name) continue;
      const std::string source = source_of(name);
      write_file(source, program.source);
      std::vector<std::string> args = {"-fsanitize=thread", "-g", "-O1", "-pthread"};
      if (!program.c) args.push_back("-std=c++20");
      args.insert(args.end(), {source, "-o", path(program.name)});
      const auto built = testing::run_tool(program.c ? HAWK_TSAN_CC : HAWK_TSAN_CXX, args, *dir_, 120);
      ASSERT_EQ(built.status, 0) << program.name << ":\n" << built.err;
    }
  }

  static std::string path(const std::string& name) { return *dir_ + "/" + name; }

  static std::string source_of(const std::string& name) {
    for (const Program& program : kPrograms)
      if (program.name == name) return path(name + (program.c ? ".c" : ".cpp"));
    return "";
  }

  static std::map<std::string, unsigned> lines_of(const std::string& name) {
    for (const Program& program : kPrograms)
      if (program.name == name) return markers(program.source);
    return {};
  }

  // Runs the program under TSan (with `options` too) and returns its log. `to_file`: TSan
  // writes log_path files (one per pid); else the log is the captured stderr.
  static std::string run(const std::string& name, const std::string& options = "", bool to_file = true) {
    build(name);
    static int runs = 0;
    const std::string log_base = path(name + ".run" + std::to_string(++runs));
    std::string tsan = "halt_on_error=0:exitcode=66";
    if (auto symbolizer = llvm::sys::findProgramByName("llvm-symbolizer-19")) {
      tsan += ":external_symbolizer_path=" + *symbolizer;
    } else if (auto plain = llvm::sys::findProgramByName("llvm-symbolizer")) {
      tsan += ":external_symbolizer_path=" + *plain;
    }
    if (to_file) tsan += ":log_path=" + log_base;
    if (!options.empty()) tsan += ":" + options;
    std::vector<std::string> env;
    for (char** entry = environ; *entry; ++entry) {
      if (!llvm::StringRef(*entry).starts_with("TSAN_OPTIONS=")) env.push_back(*entry);
    }
    env.push_back("TSAN_OPTIONS=" + tsan);
    std::vector<llvm::StringRef> env_refs(env.begin(), env.end());
    const std::string program = path(name);
    std::vector<llvm::StringRef> argv = {program};
    const std::string out = log_base + ".stdout", err = log_base + ".stderr";
    const std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(out), llvm::StringRef(err)};
    std::string message;
    const int status = llvm::sys::ExecuteAndWait(argv[0], argv, env_refs, redirects, 60, 0, &message);
    EXPECT_EQ(status, 66) << name << ": " << message << "\n" << read_file(err);
    if (!to_file) return read_file(err);
    // TSan appends the pid: <log_path>.<pid>.
    std::string log;
    std::error_code ec;
    const std::string prefix = llvm::sys::path::filename(log_base).str() + ".";
    for (llvm::sys::fs::directory_iterator it(*dir_, ec), end; it != end && !ec; it.increment(ec)) {
      const llvm::StringRef file = llvm::sys::path::filename(it->path());
      if (file.starts_with(prefix) && !file.ends_with(".stdout") && !file.ends_with(".stderr"))
        log += read_file(it->path());
    }
    EXPECT_FALSE(log.empty()) << name << " wrote no log; stderr:\n" << read_file(err);
    return log;
  }

  static AuditResult parse(const std::string& log, std::vector<std::string> binaries = {}) {
    return analyse_tsan_logs({{"run.log", log}}, {{*dir_}, std::move(binaries)});
  }

  static std::string describe(const AuditResult& result) {
    std::string text;
    for (const Finding& f : result.findings) text += f.check + ": " + f.message + "\n";
    for (const CaptureError& e : result.errors) text += "error: " + e.message + "\n";
    return text;
  }

  // The lines of the finding's access and conflicts, as a set.
  static std::multiset<unsigned> access_lines(const Finding& f) {
    std::multiset<unsigned> lines = {f.access.pos.line};
    for (const AccessReport& other : f.conflicts) lines.insert(other.pos.line);
    return lines;
  }

  static std::string* dir_;
  static std::set<std::string>* built_;
};

std::string* TsanRealTest::dir_ = nullptr;
std::set<std::string>* TsanRealTest::built_ = nullptr;

TEST_F(TsanRealTest, GlobalRaceBothAccessesAndTheGlobal) {
  const std::string log = run("global_race", "", /*to_file=*/false);
  const AuditResult r = parse(log);
  ASSERT_EQ(r.findings.size(), 1u) << describe(r) << log;
  EXPECT_TRUE(r.errors.empty()) << describe(r);
  const Finding& f = r.findings[0];
  const auto lines = lines_of("global_race");
  EXPECT_EQ(f.check, "tsan-data-race");
  EXPECT_EQ(f.location_name, "g_total");
  EXPECT_EQ(f.location_details->kind, "global");
  EXPECT_EQ(f.access.pos.file, source_of("global_race"));
  ASSERT_EQ(f.conflicts.size(), 1u);
  EXPECT_EQ(f.conflicts[0].pos.file, source_of("global_race"));
  EXPECT_EQ(access_lines(f), (std::multiset<unsigned>{lines.at("write"), lines.at("read")}));
  // The write is a write and the read a read, whichever TSan saw first.
  const AccessReport& write = f.access.pos.line == lines.at("write") ? f.access : f.conflicts[0];
  const AccessReport& read = f.access.pos.line == lines.at("write") ? f.conflicts[0] : f.access;
  EXPECT_EQ(write.kind, AccessKind::Write);
  EXPECT_EQ(write.function, "writer()");
  EXPECT_EQ(read.kind, AccessKind::Read);
  EXPECT_EQ(read.function, "reader()");
  EXPECT_EQ(write.size, 8u);

  // TSan names the global; its declaration comes from the binary (--binary).
  const AuditResult resolved = parse(log, {path("global_race")});
  ASSERT_EQ(resolved.findings.size(), 1u);
  EXPECT_EQ(resolved.findings[0].location_details->file, source_of("global_race"));
  EXPECT_EQ(resolved.findings[0].location_details->line, lines.at("decl"));
  EXPECT_EQ(resolved.findings[0].id, f.id);
}

TEST_F(TsanRealTest, HeapRaceWithItsAllocationStack) {
  const AuditResult r = parse(run("heap_race"));
  ASSERT_EQ(r.findings.size(), 1u) << describe(r);
  const Finding& f = r.findings[0];
  const auto lines = lines_of("heap_race");
  EXPECT_EQ(f.check, "tsan-data-race");
  EXPECT_EQ(access_lines(f), (std::multiset<unsigned>{lines.at("write"), lines.at("read")}));
  ASSERT_TRUE(f.location_details);
  EXPECT_EQ(f.location_details->kind, "heap");
  EXPECT_EQ(f.location_details->size, 4u);
  EXPECT_FALSE(f.location_details->stack.empty());
  EXPECT_EQ(f.location_details->file, source_of("heap_race"));
  EXPECT_EQ(f.location_details->line, lines.at("alloc"));
}

TEST_F(TsanRealTest, RaceOnAStackVariable) {
  const AuditResult r = parse(run("stack_race"));
  ASSERT_EQ(r.findings.size(), 1u) << describe(r);
  const Finding& f = r.findings[0];
  const auto lines = lines_of("stack_race");
  EXPECT_EQ(f.location_details->kind, "stack");
  EXPECT_EQ(f.location_details->thread, "main thread");
  EXPECT_EQ(access_lines(f), (std::multiset<unsigned>{lines.at("write"), lines.at("read")}));
}

TEST_F(TsanRealTest, LockOrderInversion) {
  const AuditResult r = parse(run("lock_order", "detect_deadlocks=1:second_deadlock_stack=1"));
  ASSERT_EQ(r.findings.size(), 1u) << describe(r);
  EXPECT_TRUE(r.errors.empty()) << describe(r);
  const Finding& f = r.findings[0];
  const auto lines = lines_of("lock_order");
  EXPECT_EQ(f.check, "tsan-lock-order-inversion");
  // The two acquisitions while holding the other lock, and where the held ones were taken.
  std::multiset<unsigned> expected = {lines.at("forward"), lines.at("forward_held"), lines.at("backward"),
                                      lines.at("backward_held")};
  EXPECT_EQ(access_lines(f), expected);
  std::set<std::string> functions = {f.access.function};
  for (const AccessReport& other : f.conflicts) functions.insert(other.function);
  EXPECT_EQ(functions, (std::set<std::string>{"forward()", "backward()"}));
}

TEST_F(TsanRealTest, UnlockOfAnUnlockedMutexInC) {
  const AuditResult r = parse(run("bad_unlock"), {path("bad_unlock")});
  ASSERT_EQ(r.findings.size(), 1u) << describe(r);
  const Finding& f = r.findings[0];
  const auto lines = lines_of("bad_unlock");
  EXPECT_EQ(f.check, "tsan-mutex-misuse");
  EXPECT_EQ(f.access.pos.file, source_of("bad_unlock"));
  EXPECT_EQ(f.access.pos.line, lines.at("unlock"));
  EXPECT_EQ(f.location_name, "mu");
  EXPECT_EQ(f.location_details->line, lines.at("decl"));
}

TEST_F(TsanRealTest, ThreadLeakInC) {
  const AuditResult r = parse(run("thread_leak"));
  ASSERT_EQ(r.findings.size(), 1u) << describe(r);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.check, "tsan-thread-leak");
  EXPECT_EQ(f.access.pos.file, source_of("thread_leak"));
  EXPECT_EQ(f.access.pos.line, lines_of("thread_leak").at("create"));
}

// Two runs, two processes: other pids, addresses, thread ids; the same ids. Both runs'
// logs together: each race once, seen twice.
TEST_F(TsanRealTest, TheSameProgramTwiceGivesTheSameIds) {
  for (const Program& program : kPrograms) {
    const std::string options = std::string(program.name) == "lock_order" ? "detect_deadlocks=1" : "";
    const std::string first = run(program.name, options);
    const std::string second = run(program.name, options);
    const AuditResult a = parse(first);
    const AuditResult b = parse(second);
    ASSERT_EQ(a.findings.size(), 1u) << program.name << "\n" << describe(a);
    ASSERT_EQ(b.findings.size(), 1u) << program.name << "\n" << describe(b);
    EXPECT_EQ(a.findings[0].id, b.findings[0].id) << program.name;
    EXPECT_NE(a.findings[0].origins[0].pid, b.findings[0].origins[0].pid) << program.name;
    const AuditResult both = analyse_tsan_logs({{"first.log", first}, {"second.log", second}}, {{*dir_}, {}});
    ASSERT_EQ(both.findings.size(), 1u) << program.name;
    EXPECT_EQ(both.findings[0].occurrences, 2u) << program.name;
  }
}

// symbolize=0: frames are module offsets; with --binary they are resolved to the same
// frames, and the same id, as a symbolized run's.
TEST_F(TsanRealTest, UnsymbolizedRunResolvedWithTheBinary) {
  const AuditResult symbolized = parse(run("heap_race"));
  const std::string raw = run("heap_race", "symbolize=0");
  const AuditResult unresolved = parse(raw);
  ASSERT_EQ(unresolved.findings.size(), 1u) << describe(unresolved) << raw;
  EXPECT_EQ(unresolved.findings[0].access.pos.file, "");
  const AuditResult resolved = parse(raw, {*dir_});
  ASSERT_EQ(resolved.findings.size(), 1u);
  ASSERT_EQ(symbolized.findings.size(), 1u);
  EXPECT_EQ(access_lines(resolved.findings[0]), access_lines(symbolized.findings[0]));
  EXPECT_EQ(resolved.findings[0].id, symbolized.findings[0].id);
}

}  // namespace
}  // namespace hawk::audit
