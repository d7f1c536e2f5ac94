// Once-initialisation: capture records the once primitives (std::call_once with a
// function, a lambda, a member function pointer; pthread_once; C11 call_once) and the
// run-time initialisers of function-local statics; link gives state that only they write
// the verdict once-initialised, with no finding, and keeps reporting state that is also
// written elsewhere without its lock.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "capture_snippets.h"
#include "link/audit.h"
#include "unit_builder.h"

namespace hawk::audit {
namespace {

using testing::capture;
using testing::capture_c;
using testing::entry;
using testing::Unit;
using testing::with_check;

// The once call (CallSite with `once` set) from `caller` to the function named `callee`.
const CallSite* once_call(const TuFacts& facts, const std::string& caller, const std::string& callee) {
  const Function* from = testing::function(facts, caller);
  const Function* to = testing::function(facts, callee);
  if (from == nullptr || to == nullptr) return nullptr;
  for (const CallSite& call : facts.calls)
    if (call.caller == from->key && call.callee == to->key && call.once != OnceVia::None) return &call;
  return nullptr;
}

// The name capture gives the first lambda written in `parent` (the only one, here).
std::string lambda_in(const TuFacts& facts, const std::string& parent) {
  for (const Function& f : facts.functions)
    if (f.is_lambda && f.name.rfind(parent + "::", 0) == 0) return f.name;
  return "(no lambda in " + parent + ")";
}

AuditResult audit_of(const TuFacts& facts) { return audit({facts}, {}); }

std::string verdict(const AuditResult& r, const std::string& name) {
  const InventoryEntry* e = entry(r, name);
  return e == nullptr ? "(not in inventory)" : e->verdict;
}

std::vector<unsigned> lines_of(const AuditResult& r, const std::string& check) {
  std::vector<unsigned> lines;
  for (const Finding* f : with_check(r, check)) lines.push_back(f->access.pos.line);
  return lines;
}

std::string findings_text(const AuditResult& r) {
  std::string text;
  for (const Finding& f : r.findings) text += std::to_string(f.access.pos.line) + ": " + f.message + "\n";
  return text;
}

// ---- std::call_once --------------------------------------------------------------------

TEST(OnceInit, CallOnceWithAFunction) {
  const TuFacts facts = capture(R"cpp(
#include <mutex>
#include <thread>
std::once_flag g_once;
int g_port;
void load() { g_port = 8080; }
int port() {
  std::call_once(g_once, load);
  return g_port;
}
void worker() { (void)port(); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); }
)cpp");
  const CallSite* call = once_call(facts, "port", "load");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->once, OnceVia::CallOnce);
  EXPECT_EQ(call->once_flag, "g_once");
  EXPECT_EQ(call->pos.line, 7u);

  const AuditResult r = audit_of(facts);
  EXPECT_TRUE(r.findings.empty()) << findings_text(r);
  ASSERT_NE(entry(r, "g_port"), nullptr);
  EXPECT_EQ(entry(r, "g_port")->verdict, "once-initialised");
  EXPECT_NE(entry(r, "g_port")->evidence.find("by the callable of call_once at "), std::string::npos)
      << entry(r, "g_port")->evidence;
  EXPECT_NE(entry(r, "g_port")->evidence.find(":7"), std::string::npos) << entry(r, "g_port")->evidence;
}

TEST(OnceInit, CallOnceWithALambda) {
  const TuFacts facts = capture(R"cpp(
#include <mutex>
#include <thread>
#include <vector>
std::once_flag g_once;
std::vector<int> g_squares;
int square(int i) {
  std::call_once(g_once, [] {
    for (int k = 0; k < 4; ++k) g_squares.push_back(k * k);
  });
  return g_squares[i];
}
void worker() { (void)square(1); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); }
)cpp");
  const CallSite* call = once_call(facts, "square", lambda_in(facts, "square"));
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->once, OnceVia::CallOnce);

  const AuditResult r = audit_of(facts);
  EXPECT_TRUE(r.findings.empty()) << findings_text(r);
  EXPECT_EQ(verdict(r, "g_squares"), "once-initialised");
}

TEST(OnceInit, CallOnceWithALambdaKeptInAVariableThatChecksBeforeItWrites) {
  const AuditResult r = audit_of(capture(R"cpp(
#include <mutex>
#include <thread>
std::once_flag g_once;
int* g_table;
int lookup(int i) {
  auto fill = [] {
    if (!g_table) g_table = new int[8]();
  };
  std::call_once(g_once, fill);
  return g_table[i];
}
void worker() { (void)lookup(1); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); }
)cpp"));
  EXPECT_TRUE(r.findings.empty()) << findings_text(r);  // no lazy-init-race either
  EXPECT_EQ(verdict(r, "g_table"), "once-initialised");
}

TEST(OnceInit, CallOnceWithAMemberFunctionPointer) {
  const TuFacts facts = capture(R"cpp(
#include <mutex>
class Settings {
 public:
  int timeout() {
    std::call_once(once_, &Settings::load, this);
    return timeout_;
  }
  void bump() {
    std::lock_guard<std::mutex> guard(mu_);
    ++bumps_;
  }
 private:
  void load() { timeout_ = 30; }
  std::once_flag once_;
  std::mutex mu_;
  int timeout_ = 0;
  int bumps_ = 0;
};
Settings g_settings;
int use() { return g_settings.timeout(); }
)cpp");
  ASSERT_NE(once_call(facts, "Settings::timeout", "Settings::load"), nullptr);
  EXPECT_EQ(once_call(facts, "Settings::timeout", "Settings::load")->once_flag, "Settings::once_");
  const AuditResult r = audit_of(facts);
  EXPECT_TRUE(r.findings.empty()) << findings_text(r);
  EXPECT_EQ(verdict(r, "Settings::timeout_"), "once-initialised");
  EXPECT_EQ(verdict(r, "Settings::bumps_"), "guarded");
}

// A public method handed to call_once is the class's initialiser: still once-run, unless
// it is also called directly from concurrent code.
TEST(OnceInit, PublicInitialiserCalledDirectlyElsewhereIsNotOnce) {
  const AuditResult r = audit_of(capture(R"cpp(
#include <mutex>
class Config {
 public:
  void load() { value_ = 7; }
  int value() {
    std::call_once(once_, &Config::load, this);
    return value_;
  }
  void refresh() { load(); }
 private:
  std::once_flag once_;
  std::mutex mu_;
  int value_ = 0;
};
)cpp"));
  EXPECT_EQ(verdict(r, "Config::value_"), "unguarded");
  EXPECT_EQ(lines_of(r, "unprotected-shared-write"), std::vector<unsigned>{4}) << findings_text(r);
}

// ---- pthread_once and C11 call_once ----------------------------------------------------

TEST(OnceInit, PthreadOnceInitRoutineAndWhatItCalls) {
  const TuFacts facts = capture_c(R"c(
#include <pthread.h>
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_table[4];
static int g_size;
static void fill(void) { for (int i = 0; i < 4; ++i) g_table[i] = i; }
static void init(void) { fill(); g_size = 4; }
static int lookup(int i) {
  pthread_once(&g_once, init);
  return i < g_size ? g_table[i] : -1;
}
static void* worker(void* arg) { (void)arg; return (void*)(long)lookup(1); }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  (void)lookup(2);
  pthread_join(t, 0);
  return 0;
}
)c");
  const CallSite* call = once_call(facts, "lookup", "init");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->once, OnceVia::PthreadOnce);

  const AuditResult r = audit_of(facts);
  EXPECT_TRUE(r.findings.empty()) << findings_text(r);
  EXPECT_EQ(verdict(r, "g_size"), "once-initialised");
  EXPECT_EQ(verdict(r, "g_table"), "once-initialised");  // written by fill, which only init calls
  EXPECT_NE(entry(r, "g_table")->evidence.find("by the init routine of pthread_once at "), std::string::npos);
}

TEST(OnceInit, C11CallOnce) {
  const TuFacts facts = capture_c(R"c(
#include <stdlib.h>
#include <threads.h>
static once_flag g_once = ONCE_FLAG_INIT;
static const char* g_name;
static void init_name(void) { g_name = getenv("USER"); }
static const char* name(void) {
  call_once(&g_once, init_name);
  return g_name;
}
static int worker(void* arg) { (void)arg; return name() != 0; }
int main(void) {
  thrd_t t;
  thrd_create(&t, worker, 0);
  thrd_join(t, 0);
  return 0;
}
)c");
  const CallSite* call = once_call(facts, "name", "init_name");
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->once, OnceVia::CallOnce);
  const AuditResult r = audit_of(facts);
  EXPECT_TRUE(r.findings.empty()) << findings_text(r);
  EXPECT_EQ(verdict(r, "g_name"), "once-initialised");
}

TEST(OnceInit, PthreadOnceStateAlsoWrittenElsewhereIsReported) {
  const AuditResult r = audit_of(capture_c(R"c(
#include <pthread.h>
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_limit;
static void init(void) { g_limit = 100; }
static int limit(void) { pthread_once(&g_once, init); return g_limit; }
static void* worker(void* arg) {
  g_limit = arg != 0;
  return (void*)(long)limit();
}
int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i) pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; ++i) pthread_join(t[i], 0);
  return 0;
}
)c"));
  EXPECT_EQ(verdict(r, "g_limit"), "unguarded");
  EXPECT_EQ(lines_of(r, "unprotected-shared-write"), (std::vector<unsigned>{4, 7})) << findings_text(r);
}

// ---- function-local statics ------------------------------------------------------------

TEST(OnceInit, MagicStatics) {
  const TuFacts facts = capture(R"cpp(
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
struct Registry {
  Registry() : size(std::rand()) {}
  int size;
};
Registry& registry() {
  static Registry instance;
  return instance;
}
std::map<std::string, int> build() { return {{"ok", 200}}; }
int code(const std::string& key) {
  static const std::map<std::string, int> table = build();
  return table.at(key);
}
int g_seed;
int seed() {
  static bool seeded = [] {
    g_seed = std::rand();
    return true;
  }();
  return seeded ? g_seed : 0;
}
int hits() {
  static int count = 0;
  return count;
}
void worker() { (void)(registry().size + code("ok") + seed() + hits()); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); }
)cpp");
  // The declaration is the static's own initialisation, made once.
  const std::vector<Access> init = testing::accesses(facts, "registry()::instance", 10);
  ASSERT_EQ(init.size(), 1u);
  EXPECT_EQ(init[0].kind, AccessKind::Write);
  EXPECT_TRUE(init[0].initialises_local_static);
  EXPECT_EQ(init[0].once_initialiser, "registry::instance");
  // A constant initialiser runs nothing: no once.
  EXPECT_TRUE(testing::accesses(facts, "hits()::count", 27).empty());
  // What the initialiser calls runs once.
  const CallSite* call = once_call(facts, "seed", lambda_in(facts, "seed"));
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->once, OnceVia::StaticInitialiser);

  const AuditResult r = audit_of(facts);
  EXPECT_TRUE(r.findings.empty()) << findings_text(r);
  EXPECT_EQ(verdict(r, "registry()::instance"), "once-initialised");
  EXPECT_NE(entry(r, "registry()::instance")->evidence.find("function-local static's initialiser at "),
            std::string::npos);
  EXPECT_EQ(verdict(r, "code()::table"), "once-initialised");
  EXPECT_NE(entry(r, "code()::table")->evidence.find("const afterwards"), std::string::npos);
  EXPECT_EQ(verdict(r, "seed()::seeded"), "once-initialised");
  EXPECT_EQ(verdict(r, "g_seed"), "once-initialised");
  EXPECT_EQ(verdict(r, "hits()::count"), "read-only");
}

TEST(OnceInit, MagicStaticWrittenAgainIsNotOnce) {
  const AuditResult r = audit_of(capture(R"cpp(
#include <cstdlib>
#include <thread>
int next_ticket(bool restart) {
  static int first = std::rand();
  if (restart) first = 0;
  return first;
}
void worker() { (void)next_ticket(true); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); }
)cpp"));
  EXPECT_EQ(verdict(r, "next_ticket()::first"), "unguarded");
  // The later write races; the initialisation at the declaration does not.
  EXPECT_EQ(lines_of(r, "unprotected-shared-write"), std::vector<unsigned>{5}) << findings_text(r);
}

// ---- once state written elsewhere too --------------------------------------------------

TEST(OnceInit, AlsoWrittenElsewhereWithoutALock) {
  const AuditResult r = audit_of(capture(R"cpp(
#include <mutex>
#include <thread>
std::once_flag g_once;
int g_limit;
void init() { g_limit = 100; }
int limit() { std::call_once(g_once, init); return g_limit; }
void raise() { g_limit = 200; }
void worker() { raise(); (void)limit(); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); }
)cpp"));
  EXPECT_EQ(verdict(r, "g_limit"), "unguarded");
  EXPECT_EQ(lines_of(r, "unprotected-shared-write"), (std::vector<unsigned>{5, 7})) << findings_text(r);
}

// After passing the once, the initialiser's write happened before: only the writes made
// after it race, with each other.
TEST(OnceInit, WrittenAfterPassingTheOnceRacesOnlyWithItself) {
  const AuditResult r = audit_of(capture(R"cpp(
#include <mutex>
#include <thread>
std::once_flag g_once;
int g_limit;
void init() { g_limit = 100; }
int limit() { std::call_once(g_once, init); return g_limit; }
void raise() { g_limit = 200; }
void worker() { (void)limit(); raise(); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); }
)cpp"));
  EXPECT_EQ(lines_of(r, "unprotected-shared-write"), (std::vector<unsigned>{7})) << findings_text(r);
}

TEST(OnceInit, AlsoWrittenUnderALockThatTheOnceWriteLacks) {
  const AuditResult r = audit_of(capture(R"cpp(
#include <mutex>
#include <thread>
std::mutex g_mu;
std::once_flag g_once;
int g_level;
int level() {
  std::call_once(g_once, [] { g_level = 1; });
  std::lock_guard<std::mutex> guard(g_mu);
  return g_level;
}
void set_level(int v) {
  std::lock_guard<std::mutex> guard(g_mu);
  g_level = v;
}
void worker() { set_level(level() + 1); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); }
)cpp"));
  EXPECT_EQ(verdict(r, "g_level"), "guarded");
  EXPECT_EQ(lines_of(r, "unguarded-write"), std::vector<unsigned>{7}) << findings_text(r);
  EXPECT_EQ(r.findings.size(), 1u) << findings_text(r);
}

TEST(OnceInit, InitialiserAlsoCalledDirectlyOrStartedOnAThread) {
  const AuditResult r = audit_of(capture(R"cpp(
#include <mutex>
#include <thread>
std::once_flag g_once_a, g_once_b;
int g_a, g_b;
void init_a() { g_a = 1; }
void init_b() { g_b = 1; }
int get() {
  std::call_once(g_once_a, init_a);
  std::call_once(g_once_b, init_b);
  return g_a + g_b;
}
void worker() { (void)get(); init_a(); }
int main() {
  std::thread a(worker), c(worker), b(init_b);
  a.join();
  c.join();
  b.join();
}
)cpp"));
  EXPECT_EQ(verdict(r, "g_a"), "unguarded");
  EXPECT_EQ(verdict(r, "g_b"), "unguarded");
  EXPECT_EQ(lines_of(r, "unprotected-shared-write"), (std::vector<unsigned>{5, 6})) << findings_text(r);
}

// Each flag runs its own once: two flags may run at the same time. One flag runs one
// callable, whichever call gets there first.
TEST(OnceInit, OnceFlagsAreWhatOrders) {
  const AuditResult r = audit_of(capture(R"cpp(
#include <mutex>
#include <thread>
std::once_flag g_once_a, g_once_b, g_shared_once;
int g_two_flags, g_one_init_two_flags, g_one_flag;
void init_a() { g_two_flags = 1; }
void init_b() { g_two_flags = 2; }
void init_both() { g_one_init_two_flags = 3; }
void first() { g_one_flag = 4; }
void second() { g_one_flag = 5; }
void a() {
  std::call_once(g_once_a, init_a);
  std::call_once(g_once_a, init_both);
  std::call_once(g_shared_once, first);
}
void b() {
  std::call_once(g_once_b, init_b);
  std::call_once(g_once_b, init_both);
  std::call_once(g_shared_once, second);
}
int main() { std::thread x(a), y(b); x.join(); y.join(); }
)cpp"));
  EXPECT_EQ(verdict(r, "g_two_flags"), "unguarded");
  EXPECT_EQ(verdict(r, "g_one_init_two_flags"), "unguarded");
  EXPECT_EQ(verdict(r, "g_one_flag"), "once-initialised");
  EXPECT_EQ(lines_of(r, "unprotected-shared-write"), (std::vector<unsigned>{5, 6, 7})) << findings_text(r);
}

// ---- link on hand-built facts ----------------------------------------------------------

// entry -(call_once)-> init -> helper writes g; a second entry calls helper directly.
const Location& g_of(const Unit& u) { return u.tu.locations.front(); }

Unit once_chain(bool helper_called_directly) {
  Unit u;
  const Location g = u.global("g");
  const Function entry_fn = u.function("entry");
  const Function other = u.function("other");
  const Function init = u.function("init");
  const Function helper = u.function("helper");
  u.thread(u.function("main"), entry_fn, 1);
  u.thread(u.function("main"), other, 2);
  CallSite& once = u.call(entry_fn, init, 10);
  once.once = OnceVia::PthreadOnce;
  once.once_flag = "g_once";
  u.call(init, helper, 20);
  if (helper_called_directly) u.call(other, helper, 30);
  u.access(g, helper, AccessKind::Write, 40);
  u.access(g, entry_fn, AccessKind::Read, 11);
  return u;
}

TEST(OnceRuns, WhatOnlyTheInitialiserCallsRunsOnce) {
  const AuditResult r = audit({once_chain(false).tu}, {});
  EXPECT_TRUE(r.findings.empty()) << findings_text(r);
  ASSERT_NE(entry(r, "g"), nullptr);
  EXPECT_EQ(entry(r, "g")->verdict, "once-initialised");
  EXPECT_EQ(entry(r, "g")->evidence, std::string("written once: by the init routine of pthread_once at ") + testing::kSrc + ":10");
}

TEST(OnceRuns, ACalleeAlsoCalledFromElsewhereDoesNot) {
  const AuditResult r = audit({once_chain(true).tu}, {});
  EXPECT_EQ(entry(r, "g")->verdict, "unguarded");
  EXPECT_EQ(lines_of(r, "unprotected-shared-write"), std::vector<unsigned>{40});
}

TEST(OnceRuns, WritesWhileTheInitialisersOwnThreadsRunAreNotOnce) {
  Unit u = once_chain(false);
  // helper starts a reader of g and writes g while it runs
  const Function helper = u.function("helper");
  const Function reader = u.function("reader");
  u.thread(helper, reader, 39);
  u.tu.accesses.front().threads_running = u.running(helper);  // the write in helper
  u.access(g_of(u), reader, AccessKind::Read, 50);
  const AuditResult r = audit({u.tu}, {});
  EXPECT_EQ(entry(r, "g")->verdict, "unguarded");
}

TEST(OnceFacts, JsonRoundTrip) {
  CallSite call;
  call.caller = "a";
  call.callee = "b";
  call.once = OnceVia::StaticInitialiser;
  call.once_flag = "f::t";
  Access access;
  access.once_initialiser = "f::t";
  access.initialises_local_static = true;
  const nlohmann::json j = {{"call", call}, {"access", access}};
  EXPECT_EQ(j["call"]["once"], "static_initialiser");
  EXPECT_EQ(j["call"].get<CallSite>().once, OnceVia::StaticInitialiser);
  EXPECT_EQ(j["call"].get<CallSite>().once_flag, "f::t");
  const Access back = j["access"].get<Access>();
  EXPECT_EQ(back.once_initialiser, "f::t");
  EXPECT_TRUE(back.initialises_local_static);
  EXPECT_EQ(nlohmann::json::object().get<CallSite>().once, OnceVia::None);  // older facts
}

}  // namespace
}  // namespace hawk::audit
