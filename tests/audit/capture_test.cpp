// FactsAction over small C and C++ snippets (and one real libhawk file): which locations
// exist, how each form of access is classified, the locks held, constructor context,
// lambdas, thread starts and split atomic updates.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <clang/Tooling/Tooling.h>
#include <gtest/gtest.h>

#include "capture/facts_action.h"
#include "capture_snippets.h"
#include "model/facts.h"

namespace hawk::audit {
namespace {

using testing::accesses;
using testing::capture;
using testing::capture_c;
using testing::function;
using testing::location;
using testing::only_access;

std::vector<std::string> lock_names(const Access& access) {
  std::vector<std::string> names;
  for (const HeldLock& lock : access.locks) names.push_back(lock.lock);
  return names;
}

constexpr const char* kLocations = R"cpp(
#include <atomic>
#include <mutex>
#include <condition_variable>
namespace ns {
int g_count;                       // 5
static int s_hits;                 // 6
const int kLimit = 3;              // 7
constexpr int kMax = 4;            // 8
thread_local int t_local;          // 9
std::mutex g_mu;                   // 10
std::condition_variable g_cv;      // 11
std::atomic<int> g_atomic;         // 12
struct Config { int a; int b; };
Config g_config;                   // 14
int& g_ref = g_count;              // 15
struct Registry { static int s_total; };
int Registry::s_total = 0;
int touch(int param) {
  int local = param;
  static int cache;
  local += g_count + s_hits + kLimit + kMax + t_local + g_config.a + g_ref + g_atomic.load();
  std::lock_guard<std::mutex> guard(g_mu);
  g_cv.notify_one();
  Registry::s_total++;
  return local + cache++;
}
}  // namespace ns
)cpp";

TEST(CaptureLocations, GlobalsStaticsAndExclusions) {
  TuFacts facts = capture(kLocations);
  ASSERT_NE(location(facts, "ns::g_count"), nullptr);
  EXPECT_EQ(location(facts, "ns::g_count")->kind, LocationKind::Global);
  ASSERT_NE(location(facts, "ns::s_hits"), nullptr);
  ASSERT_NE(location(facts, "ns::g_config"), nullptr);
  ASSERT_NE(location(facts, "ns::Registry::s_total"), nullptr);
  EXPECT_EQ(location(facts, "ns::Registry::s_total")->kind, LocationKind::StaticMember);
  ASSERT_NE(location(facts, "ns::touch()::cache"), nullptr);
  EXPECT_EQ(location(facts, "ns::touch()::cache")->kind, LocationKind::LocalStatic);
  ASSERT_NE(location(facts, "ns::g_atomic"), nullptr);
  EXPECT_TRUE(location(facts, "ns::g_atomic")->is_atomic);
  // Constants and thread-locals are catalogued, flagged, with no accesses.
  ASSERT_NE(location(facts, "ns::kLimit"), nullptr);
  EXPECT_TRUE(location(facts, "ns::kLimit")->is_const);
  ASSERT_NE(location(facts, "ns::kMax"), nullptr);
  EXPECT_TRUE(location(facts, "ns::kMax")->is_const);
  ASSERT_NE(location(facts, "ns::t_local"), nullptr);
  EXPECT_TRUE(location(facts, "ns::t_local")->is_thread_local);
  EXPECT_TRUE(accesses(facts, "ns::kLimit").empty());
  EXPECT_TRUE(accesses(facts, "ns::t_local").empty());
  // Never locations: locals, parameters, locks, condition variables, references.
  EXPECT_EQ(location(facts, "ns::g_mu"), nullptr);
  EXPECT_EQ(location(facts, "ns::g_cv"), nullptr);
  EXPECT_EQ(location(facts, "ns::g_ref"), nullptr);
  for (const Location& found : facts.locations) {
    EXPECT_FALSE(found.name.ends_with("::local")) << found.name;
    EXPECT_FALSE(found.name.ends_with("::param")) << found.name;
    EXPECT_FALSE(found.name.ends_with("::guard")) << found.name;
  }
  // g_config.a is an access to g_config; cache++ a read-modify-write under g_mu.
  EXPECT_EQ(only_access(facts, "ns::g_config", 21).kind, AccessKind::Read);
  Access cache = only_access(facts, "ns::touch()::cache", 25);
  EXPECT_EQ(cache.kind, AccessKind::ReadModifyWrite);
  EXPECT_EQ(lock_names(cache), std::vector<std::string>{"ns::g_mu"});
  EXPECT_EQ(only_access(facts, "ns::g_atomic", 21).kind, AccessKind::AtomicRead);
  EXPECT_EQ(only_access(facts, "ns::Registry::s_total", 24).kind, AccessKind::ReadModifyWrite);
  EXPECT_TRUE(only_access(facts, "ns::g_count", 21).line_text.find("local += g_count") == 0);
  EXPECT_EQ(only_access(facts, "ns::g_count", 21).pos.column, 12u);
  EXPECT_FALSE(facts.main_file.empty());
  EXPECT_EQ(facts.main_file.front(), '/');
  EXPECT_GT(facts.inputs.size(), 1u);
}

constexpr const char* kKinds = R"cpp(
#include <map>
#include <string>
#include <utility>
#include <vector>
int g;
std::vector<int> g_vec;
std::map<int, int> g_map;
std::string g_name;
int* g_ptr;
void by_ref(int&);
void by_cref(const int&);
void by_val(int);
void by_ptr(int*);
void by_cptr(const int*);
int kinds() {
  g = 1;                  // 16 write
  g += 2;                 // 17 rmw
  ++g;                    // 18 rmw
  g--;                    // 19 rmw
  int x = g;              // 20 read
  by_ref(g);              // 21 write
  by_cref(g);             // 22 read
  by_val(g);              // 23 read
  by_ptr(&g);             // 24 write
  by_cptr(&g);            // 25 read
  g_vec.push_back(1);     // 26 write
  x += g_vec.size();      // 27 read
  g_map[1] = 2;           // 28 write
  g_name = "x";           // 29 write
  *g_ptr = 3;             // 30 read of the pointer
  g_ptr = nullptr;        // 31 write
  for (int& item : g_vec) item++;       // 32 write
  for (int item : g_vec) x += item;     // 33 read
  x += sizeof(g);         // 34 nothing
  std::string moved = std::move(g_name);  // 35 write
  return x + g;           // 36 read
}
)cpp";

TEST(CaptureKinds, EachFormOnce) {
  TuFacts facts = capture(kKinds);
  EXPECT_EQ(only_access(facts, "g", 16).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g", 17).kind, AccessKind::ReadModifyWrite);
  EXPECT_EQ(only_access(facts, "g", 18).kind, AccessKind::ReadModifyWrite);
  EXPECT_EQ(only_access(facts, "g", 19).kind, AccessKind::ReadModifyWrite);
  EXPECT_EQ(only_access(facts, "g", 20).kind, AccessKind::Read);
  EXPECT_EQ(only_access(facts, "g", 21).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g", 22).kind, AccessKind::Read);
  EXPECT_EQ(only_access(facts, "g", 23).kind, AccessKind::Read);
  EXPECT_EQ(only_access(facts, "g", 24).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g", 25).kind, AccessKind::Read);
  EXPECT_EQ(only_access(facts, "g_vec", 26).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g_vec", 27).kind, AccessKind::Read);
  EXPECT_EQ(only_access(facts, "g_map", 28).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g_name", 29).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g_ptr", 30).kind, AccessKind::Read);
  EXPECT_EQ(only_access(facts, "g_ptr", 31).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g_vec", 32).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g_vec", 33).kind, AccessKind::Read);
  EXPECT_TRUE(accesses(facts, "g", 34).empty());
  EXPECT_EQ(only_access(facts, "g_name", 35).kind, AccessKind::Write);
  EXPECT_EQ(only_access(facts, "g", 36).kind, AccessKind::Read);
}

constexpr const char* kClasses = R"cpp(
#include <mutex>
#include <vector>
struct Stats { int count = 0; int errors = 0; };
class Counter {
 public:
  Counter() : total_(0) { stats_.count = 0; }          // 6
  ~Counter() { total_ = -1; }                           // 7
  void add(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    total_ += n;                                        // 10
    this->stats_.count++;                               // 11
    items_.push_back(n);                                // 12
  }
  int total() const { return total_; }                  // 14
  void defer() {
    auto later = [this] { total_ = 0; };                // 16
    later();
  }
 private:
  std::mutex mu_;
  int total_;
  Stats stats_;
  std::vector<int> items_;
  const int limit_ = 10;
};
struct Plain { int value; };                            // 26
void plain(Plain& p) { p.value = 1; }                   // 27
class Locker {                                          // 28
 public:
  void set(std::mutex& m, int v) { m.lock(); value_ = v; m.unlock(); }  // 30
 private:
  int value_ = 0;
};
void use() {
  Counter local;
  local.add(1);
}
)cpp";

TEST(CaptureClasses, FieldsOfConcurrentClassesOnly) {
  TuFacts facts = capture(kClasses);
  ASSERT_EQ(facts.classes.size(), 1u);
  EXPECT_EQ(facts.classes[0].name, "Counter");
  EXPECT_TRUE(facts.classes[0].owns_lock);
  EXPECT_FALSE(facts.classes[0].annotated);
  const Location* total = location(facts, "Counter::total_");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->kind, LocationKind::Field);
  EXPECT_EQ(total->owner_class, facts.classes[0].key);
  EXPECT_EQ(location(facts, "Counter::mu_"), nullptr);  // the lock is no data
  // this->stats_.count is an access to the outermost field of the concurrent class.
  EXPECT_NE(location(facts, "Counter::stats_"), nullptr);
  EXPECT_EQ(location(facts, "Stats::count"), nullptr);
  // No concurrency in Plain, but its field is reached through a parameter: which object
  // that is, link decides from each call (link/parameter_contexts.h).
  EXPECT_EQ(only_access(facts, "Plain::value", 27).through_parameter, 0);
  // Locker takes a lock passed in: its fields are candidates too.
  Access locked = only_access(facts, "Locker::value_", 30);
  EXPECT_EQ(locked.kind, AccessKind::Write);
  EXPECT_EQ(lock_names(locked), std::vector<std::string>{"Locker::set::m"});

  Access add = only_access(facts, "Counter::total_", 10);
  EXPECT_EQ(add.kind, AccessKind::ReadModifyWrite);
  EXPECT_EQ(lock_names(add), std::vector<std::string>{"Counter::mu_"});
  EXPECT_FALSE(add.in_own_constructor_or_destructor);
  Access count = only_access(facts, "Counter::stats_", 11);
  EXPECT_EQ(count.kind, AccessKind::ReadModifyWrite);
  EXPECT_EQ(count.pos.column, 11u);
  EXPECT_EQ(only_access(facts, "Counter::items_", 12).kind, AccessKind::Write);
  Access read = only_access(facts, "Counter::total_", 14);
  EXPECT_EQ(read.kind, AccessKind::Read);
  EXPECT_TRUE(read.locks.empty());

  // Constructor (member initialiser and body) and destructor: the object itself.
  std::vector<Access> in_constructor = accesses(facts, "Counter::total_", 6);
  ASSERT_EQ(in_constructor.size(), 1u);
  EXPECT_EQ(in_constructor[0].kind, AccessKind::Write);
  EXPECT_TRUE(in_constructor[0].in_own_constructor_or_destructor);
  EXPECT_TRUE(only_access(facts, "Counter::stats_", 6).in_own_constructor_or_destructor);
  EXPECT_TRUE(only_access(facts, "Counter::total_", 7).in_own_constructor_or_destructor);
  // A lambda may run later: not the constructor's context even when written in one.
  Access in_lambda = only_access(facts, "Counter::total_", 16);
  EXPECT_FALSE(in_lambda.in_own_constructor_or_destructor);
  const Function* lambda = nullptr;
  for (const Function& candidate : facts.functions)
    if (candidate.key == in_lambda.function) lambda = &candidate;
  ASSERT_NE(lambda, nullptr);
  EXPECT_TRUE(lambda->is_lambda);
  ASSERT_NE(function(facts, "Counter::defer"), nullptr);
  EXPECT_EQ(lambda->parent, function(facts, "Counter::defer")->key);
  // `local.add(1)` on a local object: the call is recorded, no access.
  const Function* use = function(facts, "use");
  ASSERT_NE(use, nullptr);
  bool calls_add = false;
  for (const CallSite& call : facts.calls)
    if (call.caller == use->key && call.callee == function(facts, "Counter::add")->key) calls_add = true;
  EXPECT_TRUE(calls_add);

  const Function* add_function = function(facts, "Counter::add");
  ASSERT_NE(add_function, nullptr);
  EXPECT_TRUE(add_function->acquires_lock);
  EXPECT_EQ(add_function->visibility, Visibility::Public);
  EXPECT_EQ(add_function->owner_class, facts.classes[0].key);
  ASSERT_NE(function(facts, "Counter::Counter"), nullptr);
  EXPECT_TRUE(function(facts, "Counter::Counter")->is_constructor);
  ASSERT_NE(function(facts, "Counter::~Counter"), nullptr);
  EXPECT_TRUE(function(facts, "Counter::~Counter")->is_destructor);
}

constexpr const char* kAnnotated = R"cpp(
#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define CAPABILITY(x) __attribute__((capability(x)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
class CAPABILITY("mutex") Lock {
 public:
  void lock() __attribute__((acquire_capability()));
  void unlock() __attribute__((release_capability()));
};
namespace app {
template <class T>
class Box {
 public:
  void put(T v) { mu_.lock(); value_ = v; mu_.unlock(); }   // 13
  T peek() REQUIRES(mu_) { return value_; }                  // 14
 private:
  Lock mu_;
  T value_ GUARDED_BY(mu_);
};
void fill() { Box<int> a; a.put(1); Box<long> b; b.put(2); }
}
)cpp";

TEST(CaptureClasses, AnnotationsAndTemplateInstantiations) {
  TuFacts facts = capture(kAnnotated);
  ASSERT_EQ(facts.classes.size(), 1u);
  EXPECT_EQ(facts.classes[0].name, "app::Box");
  EXPECT_TRUE(facts.classes[0].annotated);
  EXPECT_TRUE(facts.classes[0].owns_lock);
  const Location* value = location(facts, "app::Box::value_");
  ASSERT_NE(value, nullptr);
  ASSERT_TRUE(value->declared_guard.has_value());
  EXPECT_EQ(*value->declared_guard, "app::Box::mu_");
  // Both instantiations agree on keys and names: one function, one access per line.
  Access put = only_access(facts, "app::Box::value_", 13);
  EXPECT_EQ(put.kind, AccessKind::Write);
  EXPECT_EQ(lock_names(put), std::vector<std::string>{"app::Box::mu_"});
  int put_functions = 0;
  for (const Function& candidate : facts.functions) put_functions += candidate.name == "app::Box::put" ? 1 : 0;
  EXPECT_EQ(put_functions, 1);
  EXPECT_EQ(location(facts, "Lock::lock"), nullptr);
}

constexpr const char* kAtomics = R"cpp(
#include <atomic>
std::atomic<int> a;
std::atomic_flag flag = ATOMIC_FLAG_INIT;
int plain;
struct Box { std::atomic<long> hits; };
Box box;
void atomics() {
  a.store(1);                         // 8
  int x = a.load();                   // 9
  a.fetch_add(2);                     // 10
  a++;                                // 11
  a += 3;                             // 12
  x += a;                             // 13
  a = 4;                              // 14
  a.store(a.load() + 1);              // 15
  a = a + 1;                          // 16
  flag.test_and_set();                // 17
  std::atomic_ref<int>(plain).fetch_add(1);   // 18
  x += std::atomic_ref<int>(plain).load();    // 19
  __atomic_fetch_add(&plain, 1, __ATOMIC_SEQ_CST);  // 20
  __sync_fetch_and_add(&plain, 1);    // 21
  x += __atomic_load_n(&plain, __ATOMIC_ACQUIRE);   // 22
  a.compare_exchange_strong(x, 5);    // 23
  box.hits.fetch_add(1);              // 24
  std::atomic_store(&a, 6);           // 25
}
)cpp";

TEST(CaptureAtomics, OperationsAndSplitUpdates) {
  TuFacts facts = capture(kAtomics);
  ASSERT_NE(location(facts, "a"), nullptr);
  EXPECT_TRUE(location(facts, "a")->is_atomic);
  EXPECT_TRUE(location(facts, "flag")->is_atomic);
  EXPECT_FALSE(location(facts, "plain")->is_atomic);
  EXPECT_EQ(only_access(facts, "a", 8).kind, AccessKind::AtomicWrite);
  EXPECT_FALSE(only_access(facts, "a", 8).split_atomic_update);
  EXPECT_EQ(only_access(facts, "a", 9).kind, AccessKind::AtomicRead);
  EXPECT_EQ(only_access(facts, "a", 10).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "a", 11).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "a", 12).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "a", 13).kind, AccessKind::AtomicRead);
  EXPECT_EQ(only_access(facts, "a", 14).kind, AccessKind::AtomicWrite);
  std::vector<Access> split = accesses(facts, "a", 15);
  ASSERT_EQ(split.size(), 2u);
  for (const Access& access : split) {
    if (access.kind == AccessKind::AtomicWrite) EXPECT_TRUE(access.split_atomic_update);
    else EXPECT_EQ(access.kind, AccessKind::AtomicRead);
  }
  std::vector<Access> assigned = accesses(facts, "a", 16);
  ASSERT_EQ(assigned.size(), 2u);
  for (const Access& access : assigned)
    if (access.kind == AccessKind::AtomicWrite) EXPECT_TRUE(access.split_atomic_update);
  EXPECT_EQ(only_access(facts, "flag", 17).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "plain", 18).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "plain", 19).kind, AccessKind::AtomicRead);
  EXPECT_EQ(only_access(facts, "plain", 20).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "plain", 21).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "plain", 22).kind, AccessKind::AtomicRead);
  EXPECT_EQ(only_access(facts, "a", 23).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "box", 24).kind, AccessKind::AtomicReadModifyWrite);
  EXPECT_EQ(only_access(facts, "a", 25).kind, AccessKind::AtomicWrite);
}

constexpr const char* kC = R"c(
#include <pthread.h>
#include <stdatomic.h>
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;
_Atomic int hits;
__thread int per_thread;
static void* worker(void* arg) {
  pthread_mutex_lock(&mu);
  counter++;                                   // 9
  pthread_mutex_unlock(&mu);
  atomic_fetch_add(&hits, 1);                  // 11
  hits = hits + 1;                             // 12
  int seen = atomic_load(&hits);               // 13
  per_thread++;                                // 14
  return arg;
}
void start(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);            // 19
  counter = 0;                                 // 20
  pthread_join(t, 0);
}
)c";

TEST(CaptureC, PthreadsAndC11Atomics) {
  TuFacts facts = capture_c(kC);
  EXPECT_EQ(location(facts, "mu"), nullptr);
  Access locked = only_access(facts, "counter", 9);
  EXPECT_EQ(locked.kind, AccessKind::ReadModifyWrite);
  EXPECT_EQ(lock_names(locked), std::vector<std::string>{"mu (test.c)"});  // test.c's own `static` lock
  EXPECT_TRUE(only_access(facts, "counter", 20).locks.empty());
  EXPECT_TRUE(location(facts, "hits")->is_atomic);
  EXPECT_EQ(only_access(facts, "hits", 11).kind, AccessKind::AtomicReadModifyWrite);
  std::vector<Access> assigned = accesses(facts, "hits", 12);
  ASSERT_EQ(assigned.size(), 2u);
  for (const Access& access : assigned) {
    if (access.kind == AccessKind::AtomicWrite) EXPECT_TRUE(access.split_atomic_update);
    else EXPECT_EQ(access.kind, AccessKind::AtomicRead);
  }
  EXPECT_EQ(only_access(facts, "hits", 13).kind, AccessKind::AtomicRead);
  ASSERT_NE(location(facts, "per_thread"), nullptr);
  EXPECT_TRUE(location(facts, "per_thread")->is_thread_local);
  EXPECT_TRUE(accesses(facts, "per_thread").empty());
  ASSERT_EQ(facts.thread_starts.size(), 1u);
  EXPECT_EQ(facts.thread_starts[0].entry, function(facts, "worker")->key);
  EXPECT_EQ(facts.thread_starts[0].creator, function(facts, "start")->key);
  EXPECT_EQ(facts.thread_starts[0].pos.line, 19u);
}

constexpr const char* kThreads = R"cpp(
#include <future>
#include <mutex>
#include <thread>
std::mutex mu;
int shared;
void work(int n) { shared = n; }                             // 6
struct Worker { void run(); };
void Worker::run() { shared++; }                              // 8
void start(Worker& w) {
  std::lock_guard<std::mutex> lock(mu);
  std::thread t([] { shared = 1; });                          // 11
  auto inline_now = [] { shared = 2; };                       // 12
  inline_now();
  std::thread named(work, 3);                                 // 14
  std::jthread member(&Worker::run, &w);                      // 15
  auto fut = std::async(std::launch::async, [] { shared = 4; });  // 16
  auto worker = [] { shared = 5; };                           // 17
  std::thread via_variable(worker);                           // 18
  t.join();
  named.join();
  via_variable.join();
}
)cpp";

TEST(CaptureThreads, StartsAndLambdaEntryLocks) {
  TuFacts facts = capture(kThreads);
  const Function* start = function(facts, "start");
  ASSERT_NE(start, nullptr);
  std::vector<std::string> entries;
  for (const ThreadStart& thread : facts.thread_starts) {
    EXPECT_EQ(thread.creator, start->key);
    entries.push_back(thread.entry);
  }
  EXPECT_EQ(entries.size(), 5u);
  auto started = [&](const std::string& key) { return std::find(entries.begin(), entries.end(), key) != entries.end(); };
  EXPECT_TRUE(started(function(facts, "work")->key));
  EXPECT_TRUE(started(function(facts, "Worker::run")->key));
  // The lambda a thread runs starts with no lock; one called in place inherits them.
  Access on_thread = only_access(facts, "shared", 11);
  EXPECT_TRUE(on_thread.locks.empty());
  EXPECT_TRUE(started(on_thread.function));
  Access in_place = only_access(facts, "shared", 12);
  EXPECT_EQ(lock_names(in_place), std::vector<std::string>{"mu"});
  EXPECT_FALSE(started(in_place.function));
  Access async = only_access(facts, "shared", 16);
  EXPECT_TRUE(async.locks.empty());
  EXPECT_TRUE(started(async.function));
  Access via_variable = only_access(facts, "shared", 17);
  EXPECT_TRUE(via_variable.locks.empty());
  EXPECT_TRUE(started(via_variable.function));
}

constexpr const char* kUnreachable = R"cpp(
int g;
[[noreturn]] void die();
void f(bool b) {
  if (b) {
    die();
    g = 1;                 // 6: never runs
  }
  auto never_called = [] { return 0; };
  g = 2;                   // 9
}
)cpp";

TEST(CaptureKinds, UnreachableCodeHasNoAccess) {
  TuFacts facts = capture(kUnreachable);
  EXPECT_TRUE(accesses(facts, "g", 6).empty());
  EXPECT_EQ(only_access(facts, "g", 9).kind, AccessKind::Write);
}

TEST(CaptureRobustness, CodeWithErrorsDoesNotCrash) {
  TuFacts facts;
  std::vector<std::string> args{"-std=c++20", "-resource-dir", HAWK_CLANG_RESOURCE_DIR};
  bool ok = clang::tooling::runToolOnCodeWithArgs(std::make_unique<FactsAction>(facts),
                                                  "int g; struct S { undefined_t x; int y; };\n"
                                                  "void f() { g = missing(); S s; s.y = 1; g++; }\n",
                                                  args, "broken.cpp");
  EXPECT_FALSE(ok);
  EXPECT_NE(location(facts, "g"), nullptr);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CaptureLibhawk, RouterTableIsGuardedByItsLock) {
  const std::string path = std::string(HAWK_SOURCE_DIR) + "/framework/src/routing/router.cpp";
  std::string code = read_text(path);
  ASSERT_FALSE(code.empty());
  TuFacts facts = capture(code,
                          {"-std=c++20", "-I" + std::string(HAWK_SOURCE_DIR) + "/framework/include",
                           "-I" + std::string(HAWK_BINARY_DIR) + "/framework/include"},
                          path);
  bool router_class = false;
  for (const ClassInfo& info : facts.classes)
    if (info.name == "hawk::Router") router_class = info.owns_lock && info.annotated;
  EXPECT_TRUE(router_class);
  const Location* routes = location(facts, "hawk::Router::routes_");
  ASSERT_NE(routes, nullptr);
  ASSERT_TRUE(routes->declared_guard.has_value());
  EXPECT_EQ(*routes->declared_guard, "hawk::Router::write_mu_");
  const Location* table = location(facts, "hawk::Router::table_");
  ASSERT_NE(table, nullptr);
  EXPECT_TRUE(table->is_atomic);  // AtomicSnapshot synchronises itself
  int locked_writes = 0;
  for (const Access& access : accesses(facts, "hawk::Router::routes_")) {
    if (!is_write(access.kind)) continue;
    EXPECT_EQ(lock_names(access), std::vector<std::string>{"hawk::Router::write_mu_"}) << access.pos.line;
    ++locked_writes;
  }
  EXPECT_GT(locked_writes, 0);
  for (const Access& access : accesses(facts, "hawk::Router::table_")) EXPECT_TRUE(is_atomic(access.kind));
  EXPECT_EQ(location(facts, "hawk::Router::write_mu_"), nullptr);
  const Location* prefix = location(facts, "hawk::Router::prefix_");
  if (prefix != nullptr) EXPECT_TRUE(prefix->is_const);
  EXPECT_TRUE(accesses(facts, "hawk::Router::prefix_").empty());
}

}  // namespace
}  // namespace hawk::audit
