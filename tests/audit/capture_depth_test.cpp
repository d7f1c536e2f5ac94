// Capture facts for whole-program depth, over small C and C++ snippets: thread phases
// (what runs while a thread the function started may run), standard containers,
// accesses through pointer members, check-then-act, references escaping by return,
// the locks layer's lock effects and lock order, and annotation positions.
#include <algorithm>
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

// The 1-based line holding `// tag` (snippets drop their leading newline, as capture does).
unsigned line_of(std::string code, const std::string& tag) {
  if (!code.empty() && code.front() == '\n') code.erase(0, 1);
  size_t at = code.find("// " + tag + "\n");
  if (at == std::string::npos) at = code.find("// " + tag + " ");
  EXPECT_NE(at, std::string::npos) << tag;
  return at == std::string::npos ? 0 : static_cast<unsigned>(std::count(code.begin(), code.begin() + at, '\n') + 1);
}

// The column just after the first `token` on line `line`.
unsigned column_after(std::string code, unsigned line, const std::string& token) {
  if (!code.empty() && code.front() == '\n') code.erase(0, 1);
  size_t start = 0;
  for (unsigned current = 1; current < line; ++current) start = code.find('\n', start) + 1;
  std::string text = code.substr(start, code.find('\n', start) - start);
  size_t at = text.find(token);
  EXPECT_NE(at, std::string::npos) << token;
  return static_cast<unsigned>(at + token.size() + 1);
}


// ---------------------------------------------------------------------------------------
// Thread phases

constexpr const char* kPhases = R"cpp(
#include <future>
#include <mutex>
#include <thread>
#include <vector>
int g;
void worker() {}
void helper() {}
void two_threads() {
  g = 1;  // two-before
  std::thread a(worker), b(worker);
  g = 2;  // two-during
  a.join();
  g = 3;  // two-one-left
  b.join();
  g = 4;  // two-after
}
void pool() {
  std::vector<std::thread> threads;
  g = 1;  // pool-before
  for (int i = 0; i < 4; ++i) threads.emplace_back(worker);
  g = 2;  // pool-during
  helper();  // pool-call-during
  for (auto& t : threads) {
    t.join();
    g = 3;  // pool-in-join-loop
  }
  g = 4;  // pool-after
  helper();  // pool-call-after
}
void pushed() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) threads.push_back(std::thread(worker));
  g = 1;  // pushed-during
  for (std::size_t i = 0; i < threads.size(); ++i) threads[i].join();
  g = 2;  // pushed-after
}
void detached() {
  std::thread t(worker);
  t.detach();
  g = 1;  // detached-after
}
void scoped() {
  {
    std::jthread t(worker);
    g = 1;  // jthread-during
  }
  g = 2;  // jthread-after
}
void futures() {
  auto f = std::async(std::launch::async, worker);
  g = 1;  // async-during
  f.get();
  g = 2;  // async-after
  std::async(std::launch::async, worker);
  g = 3;  // async-discarded
}
void per_iteration() {
  for (int i = 0; i < 3; ++i) {
    g = i;  // iteration-before
    std::thread t(worker);
    g = i;  // iteration-during
    t.join();
  }
  g = 9;  // iteration-after
}
void no_threads() {
  g = 1;  // none
}
struct Stats {
  int runs = 0;
  void run() { std::lock_guard<std::mutex> guard(mu); ++runs; }
  std::mutex mu;
};
void shares_local() {
  Stats stats;
  Stats mine;
  std::thread t(&Stats::run, &stats);
  int seen = stats.runs;  // local-shared
  seen += mine.runs;  // local-unshared
  t.join();
}
)cpp";

TEST(CaptureThreadPhases, StartsAndJoinsInCpp) {
  TuFacts facts = capture(kPhases);
  auto running = [&](const std::string& tag) { return only_access(facts, "g", line_of(kPhases, tag)).threads_running.empty() == false; };
  EXPECT_FALSE(running("two-before"));
  EXPECT_TRUE(running("two-during"));
  EXPECT_TRUE(running("two-one-left"));
  EXPECT_FALSE(running("two-after"));
  EXPECT_FALSE(running("pool-before"));
  EXPECT_TRUE(running("pool-during"));
  EXPECT_TRUE(running("pool-in-join-loop"));  // the other threads still run
  EXPECT_FALSE(running("pool-after"));
  EXPECT_TRUE(running("pushed-during"));
  EXPECT_FALSE(running("pushed-after"));
  EXPECT_TRUE(running("detached-after"));  // never joined
  EXPECT_TRUE(running("jthread-during"));
  EXPECT_FALSE(running("jthread-after"));  // joined by its destructor
  EXPECT_TRUE(running("async-during"));
  EXPECT_FALSE(running("async-after"));
  EXPECT_FALSE(running("async-discarded"));  // the temporary future waits at once
  EXPECT_FALSE(running("iteration-before"));
  EXPECT_TRUE(running("iteration-during"));
  EXPECT_FALSE(running("iteration-after"));
  EXPECT_FALSE(running("none"));
  // A local object handed to a thread is shared with it; one that is not stays local.
  EXPECT_TRUE(only_access(facts, "Stats::runs", line_of(kPhases, "local-shared")).threads_running.empty() == false);
  EXPECT_TRUE(accesses(facts, "Stats::runs", line_of(kPhases, "local-unshared")).empty());

  // emplace_back(worker) on a vector of threads is a thread start.
  const Function* pool = function(facts, "pool");
  ASSERT_NE(pool, nullptr);
  EXPECT_TRUE(std::any_of(facts.thread_starts.begin(), facts.thread_starts.end(),
                          [&](const ThreadStart& start) { return start.creator == pool->key; }));
  auto call_running = [&](const std::string& tag) {
    unsigned line = line_of(kPhases, tag);
    for (const CallSite& call : facts.calls)
      if (call.pos.line == line) return call.threads_running.empty() == false;
    ADD_FAILURE() << "no call at " << tag;
    return false;
  };
  EXPECT_TRUE(call_running("pool-call-during"));
  EXPECT_FALSE(call_running("pool-call-after"));
}

constexpr const char* kPthreadPhases = R"c(
#include <pthread.h>
int g_counter;
struct worker { pthread_t tid; int id; };
void* run(void* arg) { (void)arg; return 0; }
int main(void) {
  pthread_t tids[4];
  g_counter = 0;  // c-before
  for (int i = 0; i < 4; i++) pthread_create(&tids[i], 0, run, 0);
  g_counter = 1;  // c-during
  for (int i = 0; i < 4; i++) {
    pthread_join(tids[i], 0);
    g_counter++;  // c-in-join-loop
  }
  g_counter = 2;  // c-after
  pthread_t one;
  pthread_create(&one, 0, run, 0);
  g_counter = 3;  // c-one-during
  pthread_join(one, 0);
  g_counter = 4;  // c-one-after
  struct worker workers[2];
  for (int i = 0; i < 2; i++) pthread_create(&workers[i].tid, 0, run, &workers[i]);
  g_counter = 5;  // c-struct-during
  for (int i = 0; i < 2; i++) pthread_join(workers[i].tid, 0);
  g_counter = 6;  // c-struct-after
  pthread_t gone;
  pthread_create(&gone, 0, run, 0);
  pthread_detach(gone);
  g_counter = 7;  // c-detached
  return 0;
}
)c";

TEST(CaptureThreadPhases, PthreadCreateAndJoinInC) {
  TuFacts facts = capture_c(kPthreadPhases);
  auto running = [&](const std::string& tag) {
    return only_access(facts, "g_counter", line_of(kPthreadPhases, tag)).threads_running.empty() == false;
  };
  EXPECT_FALSE(running("c-before"));
  EXPECT_TRUE(running("c-during"));
  EXPECT_TRUE(running("c-in-join-loop"));
  EXPECT_FALSE(running("c-after"));
  EXPECT_TRUE(running("c-one-during"));
  EXPECT_FALSE(running("c-one-after"));
  EXPECT_TRUE(running("c-struct-during"));
  EXPECT_FALSE(running("c-struct-after"));
  EXPECT_TRUE(running("c-detached"));
}

constexpr const char* kMovedHandles = R"cpp(
#include <future>
#include <map>
#include <memory>
#include <thread>
#include <utility>
#include <vector>
int g;
void worker() {}
int answer() { return 1; }
void keep(std::thread t) { t.detach(); }
void pushed() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 2; ++i) {
    std::thread t(worker);
    pool.push_back(std::move(t));
  }
  g = 1;  // pushed-during
  for (auto& th : pool) th.join();
  g = 2;  // pushed-after
}
void emplaced() {
  std::vector<std::thread> pool;
  std::thread t(worker);
  pool.emplace_back(std::move(t));
  g = 1;  // emplaced-during
  for (auto& th : pool) th.join();
  g = 2;  // emplaced-after
}
void indexed() {
  std::vector<std::thread> pool(2);
  for (std::size_t i = 0; i < pool.size(); ++i) {
    std::thread t(worker);
    pool[i] = std::move(t);
  }
  g = 1;  // indexed-during
  for (std::size_t i = 0; i < pool.size(); ++i) pool[i].join();
  g = 2;  // indexed-after
}
void inserted() {
  std::vector<std::thread> pool;
  std::thread t(worker);
  pool.insert(pool.end(), std::move(t));
  g = 1;  // inserted-during
  for (auto& th : pool) th.join();
  g = 2;  // inserted-after
}
void handed_on() {
  std::thread t(worker);
  std::thread owner(std::move(t));
  g = 1;  // handed-during
  owner.join();
  g = 2;  // handed-after
}
void futures() {
  std::vector<std::future<int>> results;
  for (int i = 0; i < 2; ++i) {
    auto f = std::async(std::launch::async, answer);
    results.push_back(std::move(f));
  }
  g = 1;  // futures-during
  for (auto& f : results) f.get();
  g = 2;  // futures-after
}
void scoped() {
  {
    std::vector<std::jthread> pool;
    std::jthread t(worker);
    pool.push_back(std::move(t));
    g = 1;  // jthreads-during
  }
  g = 2;  // jthreads-after
}
void mapped() {
  std::map<int, std::thread> by_id;
  std::thread t(worker);
  by_id.emplace(1, std::move(t));
  g = 1;  // mapped-during
  for (auto& [id, th] : by_id) th.join();
  g = 2;  // mapped-after
}
void pointed() {
  std::unique_ptr<std::thread> owner;
  owner.reset(new std::thread(worker));
  g = 1;  // pointer-during
  owner->join();
  g = 2;  // pointer-after
}
void given_away() {
  std::thread t(worker);
  keep(std::move(t));
  g = 1;  // given-away
}
)cpp";

TEST(CaptureThreadPhases, HandlesMovedOnAfterTheStart) {
  TuFacts facts = capture(kMovedHandles);
  auto running = [&](const std::string& tag) {
    return only_access(facts, "g", line_of(kMovedHandles, tag)).threads_running.empty() == false;
  };
  for (const char* holder : {"pushed", "emplaced", "indexed", "inserted", "handed", "futures", "jthreads", "mapped",
                             "pointer"}) {
    // Joined through the object the thread was moved into: the moved-from handle's
    // scope exit ends nothing, and it is not left running after the joins.
    EXPECT_TRUE(running(std::string(holder) + "-during")) << holder;
    EXPECT_FALSE(running(std::string(holder) + "-after")) << holder;
  }
  EXPECT_TRUE(running("given-away"));  // moved where nobody here joins it
  // emplace_back(std::move(t)) moves a thread in: one start in emplaced, not two.
  const Function* emplaced = function(facts, "emplaced");
  ASSERT_NE(emplaced, nullptr);
  EXPECT_EQ(std::count_if(facts.thread_starts.begin(), facts.thread_starts.end(),
                          [&](const ThreadStart& start) { return start.creator == emplaced->key; }),
            1);
}

constexpr const char* kJoinLoopExits = R"c(
#include <pthread.h>
int g_counter;
int stop;
struct worker { pthread_t tid; int started; };
void* run(void* arg) { (void)arg; return 0; }
int main(void) {
  pthread_t tids[4];
  pthread_t grid[2][2];
  struct worker workers[4];
  int i, j;
  for (i = 0; i < 4; i++) pthread_create(&tids[i], 0, run, 0);
  for (i = 0; i < 4; i++) { if (stop) break; pthread_join(tids[i], 0); }
  g_counter = 1;  // after-break
  for (i = 0; i < 4; i++) pthread_join(tids[i], 0);
  g_counter = 2;  // after-all
  for (i = 0; i < 4; i++) pthread_create(&tids[i], 0, run, 0);
  for (i = 0; i < 4; i++) { if (i == stop) continue; pthread_join(tids[i], 0); }
  g_counter = 3;  // after-skipping-continue
  for (i = 0; i < 4; i++) { pthread_join(tids[i], 0); if (stop) continue; stop = 0; }
  g_counter = 4;  // after-continue-past-join
  for (i = 0; i < 4; i++) pthread_create(&tids[i], 0, run, 0);
  for (i = 0; i < 4; i++) { if (!tids[i]) continue; pthread_join(tids[i], 0); }
  g_counter = 5;  // after-skipping-no-thread
  for (i = 0; i < 4; i++) workers[i].started = pthread_create(&workers[i].tid, 0, run, 0) == 0;
  for (i = 0; i < 4; i++) { if (!workers[i].started) continue; pthread_join(workers[i].tid, 0); }
  g_counter = 12;  // after-skipping-workers-not-started
  for (i = 0; i < 4; i++) pthread_create(&tids[i], 0, run, 0);
  for (i = 0; i < 4; i++) if (stop) pthread_join(tids[i], 0);
  g_counter = 6;  // after-conditional-join
  for (i = 0; i < 4; i++) pthread_join(tids[i], 0);
  for (i = 0; i < 2; i++) for (j = 0; j < 2; j++) pthread_create(&grid[i][j], 0, run, 0);
  for (i = 0; i < 2; i++) for (j = 0; j < 2; j++) { if (stop) break; pthread_join(grid[i][j], 0); }
  g_counter = 7;  // after-inner-break
  for (i = 0; i < 2; i++) for (j = 0; j < 2; j++) pthread_join(grid[i][j], 0);
  g_counter = 8;  // after-grid
  for (i = 0; i < 4; i++) pthread_create(&tids[i], 0, run, 0);
  for (i = 0; i < 4; i++) { if (stop) goto next; pthread_join(tids[i], 0); next:; }
  g_counter = 9;  // after-skipping-goto
  for (i = 0; i < 4; i++) pthread_join(tids[i], 0);
  for (i = 0; i < 4; i++) pthread_create(&tids[i], 0, run, 0);
  for (i = 0; i < 4; i++) if (pthread_join(tids[i], 0) != 0) goto failed;
  g_counter = 10;  // after-every-join-succeeded
  return 0;
failed:
  g_counter = 11;  // at-goto-target
  return 1;
}
)c";

TEST(CaptureThreadPhases, JoinLoopsThatMayLeaveAThreadRunning) {
  TuFacts facts = capture_c(kJoinLoopExits);
  auto running = [&](const std::string& tag) {
    return only_access(facts, "g_counter", line_of(kJoinLoopExits, tag)).threads_running.empty() == false;
  };
  EXPECT_TRUE(running("after-break"));  // the break is no normal exit
  EXPECT_FALSE(running("after-all"));
  EXPECT_TRUE(running("after-skipping-continue"));
  EXPECT_FALSE(running("after-continue-past-join"));
  EXPECT_FALSE(running("after-skipping-no-thread"));  // the condition asks about the handle
  EXPECT_FALSE(running("after-skipping-workers-not-started"));  // or about its element
  EXPECT_TRUE(running("after-conditional-join"));
  EXPECT_TRUE(running("after-inner-break"));  // the outer loop still exits normally
  EXPECT_FALSE(running("after-grid"));
  EXPECT_TRUE(running("after-skipping-goto"));
  EXPECT_FALSE(running("after-every-join-succeeded"));
  EXPECT_TRUE(running("at-goto-target"));
}

constexpr const char* kJoinLoopExitsCpp = R"cpp(
#include <thread>
#include <vector>
int g;
bool stop;
void worker() {}
void joinable_guard() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(worker);
  for (auto& t : threads) { if (!t.joinable()) continue; t.join(); }
  g = 1;  // after-joinable-continue
  for (int i = 0; i < 3; ++i) threads.emplace_back(worker);
  for (auto& t : threads) if (t.joinable()) t.join();
  g = 2;  // after-joinable-if
}
void range_break() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(worker);
  for (auto& t : threads) { t.join(); if (stop) break; }
  g = 3;  // after-break-past-join
}
void switch_inside() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(worker);
  for (auto& t : threads) {
    switch (threads.size()) { case 1: break; default: break; }
    t.join();
  }
  g = 4;  // after-switch-break
}
void iterators() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(worker);
  for (auto it = threads.begin(); it != threads.end(); ++it) it->join();
  g = 5;  // after-iterator-loop
}
)cpp";

TEST(CaptureThreadPhases, JoinLoopsThatMayLeaveAThreadRunningInCpp) {
  TuFacts facts = capture(kJoinLoopExitsCpp);
  auto running = [&](const std::string& tag) {
    return only_access(facts, "g", line_of(kJoinLoopExitsCpp, tag)).threads_running.empty() == false;
  };
  EXPECT_FALSE(running("after-joinable-continue"));
  EXPECT_FALSE(running("after-joinable-if"));
  EXPECT_TRUE(running("after-break-past-join"));
  EXPECT_FALSE(running("after-switch-break"));  // that break leaves the switch only
  EXPECT_FALSE(running("after-iterator-loop"));
}

constexpr const char* kPhaseLambdas = R"cpp(
#include <algorithm>
#include <functional>
#include <thread>
#include <vector>
int g;
void worker() {}
int main() {
  std::vector<int> steps{1, 2};
  auto setup = [&] { g = 1; };  // written-used-before
  setup();
  auto early = [&] { g = 2; };  // written-before-used-during
  auto late = [&] { g = 3; };  // written-before-used-after
  std::thread t(worker);
  std::thread u([&] { g = 4; });  // thread-entry
  early();
  std::for_each(steps.begin(), steps.end(), [&](int s) { g = s; });  // handed-to-algorithm
  std::function<void()> f = [&] { g = 5; };  // through-std-function
  auto copy = f;
  copy();
  auto unused_during = [&] { g = 6; };  // written-during-used-after
  t.join();
  u.join();
  late();
  unused_during();
  [&] { g = 7; }();  // called-on-the-spot-after
  return 0;
}
void no_threads() {
  std::vector<int> steps{1};
  std::for_each(steps.begin(), steps.end(), [&](int s) { g = s; });  // no-threads
}
)cpp";

TEST(CaptureThreadPhases, LambdasRunWhereTheyAreUsed) {
  TuFacts facts = capture(kPhaseLambdas);
  auto runs_while_threads_run = [&](const std::string& tag) {
    unsigned line = line_of(kPhaseLambdas, tag);
    for (const Function& f : facts.functions)
      if (f.is_lambda && f.pos.line == line) return !f.threads_running_at_use.empty();
    ADD_FAILURE() << "no lambda at " << tag;
    return false;
  };
  EXPECT_FALSE(runs_while_threads_run("written-used-before"));
  EXPECT_TRUE(runs_while_threads_run("written-before-used-during"));
  EXPECT_FALSE(runs_while_threads_run("written-before-used-after"));
  EXPECT_FALSE(runs_while_threads_run("thread-entry"));  // an entry of its own
  EXPECT_TRUE(runs_while_threads_run("handed-to-algorithm"));
  EXPECT_TRUE(runs_while_threads_run("through-std-function"));
  EXPECT_FALSE(runs_while_threads_run("written-during-used-after"));
  EXPECT_FALSE(runs_while_threads_run("called-on-the-spot-after"));
  EXPECT_FALSE(runs_while_threads_run("no-threads"));
}

// ---------------------------------------------------------------------------------------
// Containers

constexpr const char* kContainers = R"cpp(
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>
class Store {
 public:
  int all() {
    m_[1] = 2;  // map-index
    m_.insert({3, 4});  // map-insert
    bool found = m_.find(1) != m_.end();  // map-find
    auto n = m_.size();  // map-size
    auto it = m_.begin();  // map-begin
    u_.erase(1);  // umap-erase
    int c = static_cast<int>(u_.count(2));  // umap-count
    v_.push_back(1);  // vec-push
    v_[0] = 3;  // vec-index-write
    int x = v_[0];  // vec-index-read
    v_.at(0)++;  // vec-at-rmw
    x += v_.front();  // vec-front-read
    for (int e : v_) x += e;  // vec-range-read
    for (int& e : v_) e = 0;  // vec-range-write
    s_.clear();  // str-clear
    bool empty = s_.empty();  // str-empty
    v_.reserve(8);  // vec-reserve
    return x + c + static_cast<int>(n) + found + empty + it->second;
  }
 private:
  std::mutex mu_;
  std::map<int, int> m_;
  std::unordered_map<int, int> u_;
  std::vector<int> v_;
  std::string s_;
};
)cpp";

TEST(CaptureContainers, MethodsByMeaning) {
  TuFacts facts = capture(kContainers);
  auto kinds = [&](const std::string& name, const std::string& tag) {
    std::vector<AccessKind> found;
    for (const Access& access : accesses(facts, name, line_of(kContainers, tag))) found.push_back(access.kind);
    std::sort(found.begin(), found.end());
    return found;
  };
  using K = AccessKind;
  EXPECT_EQ(kinds("Store::m_", "map-index"), std::vector<K>{K::Write});
  EXPECT_EQ(kinds("Store::m_", "map-insert"), std::vector<K>{K::Write});
  EXPECT_EQ(kinds("Store::m_", "map-find"), (std::vector<K>{K::Read, K::Read}));
  EXPECT_EQ(kinds("Store::m_", "map-size"), std::vector<K>{K::Read});
  EXPECT_EQ(kinds("Store::m_", "map-begin"), std::vector<K>{K::Read});
  EXPECT_EQ(kinds("Store::u_", "umap-erase"), std::vector<K>{K::Write});
  EXPECT_EQ(kinds("Store::u_", "umap-count"), std::vector<K>{K::Read});
  EXPECT_EQ(kinds("Store::v_", "vec-push"), std::vector<K>{K::Write});
  EXPECT_EQ(kinds("Store::v_", "vec-index-write"), std::vector<K>{K::Write});
  EXPECT_EQ(kinds("Store::v_", "vec-index-read"), std::vector<K>{K::Read});
  EXPECT_EQ(kinds("Store::v_", "vec-at-rmw"), std::vector<K>{K::ReadModifyWrite});
  EXPECT_EQ(kinds("Store::v_", "vec-front-read"), std::vector<K>{K::Read});
  EXPECT_EQ(kinds("Store::v_", "vec-range-read"), std::vector<K>{K::Read});
  EXPECT_EQ(kinds("Store::v_", "vec-range-write"), std::vector<K>{K::Write});
  EXPECT_EQ(kinds("Store::s_", "str-clear"), std::vector<K>{K::Write});
  EXPECT_EQ(kinds("Store::s_", "str-empty"), std::vector<K>{K::Read});
  EXPECT_EQ(kinds("Store::v_", "vec-reserve"), std::vector<K>{K::Write});
}

// ---------------------------------------------------------------------------------------
// Pointer members

constexpr const char* kPointers = R"cpp(
#include <memory>
#include <mutex>
#include <vector>
struct Impl { int count; int items; std::vector<int> v; };
struct State { int count; };
State* g_state;
class Owner {
 public:
  explicit Owner(State& s) : ref_(s) {
    impl_->count = 0;  // ctor-pointee
  }
  void bump() {
    impl_->count++;  // raw-arrow
    (*impl_).items = 1;  // raw-deref
    this->impl_->v.push_back(1);  // raw-container
    shared_->count = 2;  // smart-arrow
    ref_.count = 3;  // reference
    g_state->count++;  // global-pointer
    impl_->v.size();  // raw-read
  }
 private:
  std::mutex mu_;
  Impl* impl_ __attribute__((pt_guarded_by(mu_)));
  std::unique_ptr<State> shared_;
  State& ref_;
};
class Plain {
 public:
  void f() { p_->count++; }  // plain
 private:
  State* p_;
};
)cpp";

TEST(CapturePointerMembers, PointeeFieldsOfConcurrentClasses) {
  TuFacts facts = capture(kPointers);
  auto pointee = [&](const std::string& name, const std::string& tag, AccessKind kind) {
    Access access = only_access(facts, name, line_of(kPointers, tag));
    EXPECT_EQ(access.kind, kind) << tag;
    EXPECT_TRUE(access.through_pointer_member) << tag;
    return access;
  };
  pointee("Owner::impl_->count", "raw-arrow", AccessKind::ReadModifyWrite);
  pointee("Owner::impl_->items", "raw-deref", AccessKind::Write);
  pointee("Owner::impl_->v", "raw-container", AccessKind::Write);
  pointee("Owner::impl_->v", "raw-read", AccessKind::Read);
  pointee("Owner::shared_->count", "smart-arrow", AccessKind::Write);
  pointee("Owner::ref_->count", "reference", AccessKind::Write);
  pointee("g_state->count", "global-pointer", AccessKind::ReadModifyWrite);
  EXPECT_TRUE(pointee("Owner::impl_->count", "ctor-pointee", AccessKind::Write).in_own_constructor_or_destructor);
  // The pointer's own read is implied, not a second access.
  EXPECT_TRUE(accesses(facts, "Owner::impl_", line_of(kPointers, "raw-arrow")).empty());
  EXPECT_TRUE(accesses(facts, "Owner::shared_", line_of(kPointers, "smart-arrow")).empty());
  EXPECT_TRUE(accesses(facts, "g_state", line_of(kPointers, "global-pointer")).empty());
  // The pointee location: the pointee class's field, keyed under the pointer, whose
  // PT_GUARDED_BY link finds through guards_pointee.
  const Location* count = location(facts, "Owner::impl_->count");
  const Location* impl = location(facts, "Owner::impl_");
  ASSERT_NE(count, nullptr);
  ASSERT_NE(impl, nullptr);
  EXPECT_EQ(count->kind, LocationKind::Field);
  EXPECT_EQ(count->key, impl->key + "->count");
  EXPECT_TRUE(impl->guards_pointee);
  EXPECT_EQ(impl->declared_guard, std::optional<std::string>("Owner::mu_"));
  EXPECT_FALSE(count->owner_class.empty());
  // A class that takes no part in concurrency: its pointee is not shared state.
  EXPECT_TRUE(accesses(facts, "Plain::p_->count").empty());
}

// ---------------------------------------------------------------------------------------
// Check-then-act

constexpr const char* kCheckThenAct = R"cpp(
#include <atomic>
#include <map>
#include <mutex>
struct T {};
class Lazy {
 public:
  T* get() {
    if (!inst_) inst_ = new T;  // lazy
    return inst_;
  }
  T* dcl() {
    if (!inst_) {  // dcl-outer
      std::lock_guard<std::mutex> g(mu_);
      if (!inst_) inst_ = new T;  // dcl-inner
    }
    return inst_;
  }
  void cache(int k, int v) {
    if (map_.find(k) == map_.end()) map_[k] = v;  // map
  }
  void flag() {
    if (!ready_.load()) {  // atomic-check
      ready_.store(true);  // atomic-store
    }
  }
  int plain(int v) {
    if (count_ > 0) other_ = v;  // other-location
    return count_;
  }
  T* early() {
    if (inst_) return inst_;  // early
    inst_ = new T;  // early-write
    return inst_;
  }
  int reread() {
    if (count_ > 0) return count_;  // only-reads
    return 0;
  }
 private:
  std::mutex mu_;
  T* inst_ = nullptr;
  std::map<int, int> map_;
  std::atomic<bool> ready_{false};
  int count_ = 0, other_ = 0;
};
)cpp";

TEST(CaptureCheckThenAct, ConditionsControllingWrites) {
  TuFacts facts = capture(kCheckThenAct);
  auto controlled = [&](const std::string& name, const std::string& tag) {
    std::vector<unsigned> lines;
    for (const Access& access : accesses(facts, name, line_of(kCheckThenAct, tag)))
      if (!is_write(access.kind)) lines.push_back(access.controls_write_at ? access.controls_write_at->line : 0);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  unsigned lazy = line_of(kCheckThenAct, "lazy");
  unsigned inner = line_of(kCheckThenAct, "dcl-inner");
  EXPECT_EQ(controlled("Lazy::inst_", "lazy"), std::vector<unsigned>{lazy});
  EXPECT_EQ(controlled("Lazy::inst_", "dcl-outer"), std::vector<unsigned>{inner});
  EXPECT_EQ(controlled("Lazy::inst_", "dcl-inner"), std::vector<unsigned>{inner});
  unsigned map = line_of(kCheckThenAct, "map");
  EXPECT_EQ(controlled("Lazy::map_", "map"), (std::vector<unsigned>{map, map}));
  EXPECT_EQ(controlled("Lazy::ready_", "atomic-check"), std::vector<unsigned>{line_of(kCheckThenAct, "atomic-store")});
  EXPECT_EQ(controlled("Lazy::count_", "other-location"), std::vector<unsigned>{0});
  // The then-branch returns: the write after the `if` is what the check decides.
  EXPECT_EQ(controlled("Lazy::inst_", "early"), (std::vector<unsigned>{0, line_of(kCheckThenAct, "early-write")}));
  EXPECT_EQ(controlled("Lazy::count_", "only-reads"), (std::vector<unsigned>{0, 0}));
}

// ---------------------------------------------------------------------------------------
// Escapes by return

constexpr const char* kEscapes = R"cpp(
#include <functional>
#include <map>
#include <mutex>
#include <vector>
class Holder {
 public:
  std::vector<int>& ref() { return v_; }  // esc-ref
  const std::vector<int>& cref() const { return v_; }  // esc-cref
  std::vector<int> copy() { return v_; }  // no-copy
  int* ptr() { return &n_; }  // esc-ptr
  int value() { return n_; }  // no-value
  int* data() { return v_.data(); }  // esc-data
  std::vector<int>::iterator first() { return v_.begin(); }  // esc-begin
  std::map<int, int>::iterator find(int k) { return m_.find(k); }  // esc-find
  int& at(int i) { return v_[i]; }  // esc-index
  int at_value(int i) { return v_[i]; }  // no-index
  std::reference_wrapper<int> wrap() { return std::ref(n_); }  // esc-wrap
  bool has(int k) { return m_.find(k) != m_.end(); }  // no-bool
  std::size_t size() { return v_.size(); }  // no-size
 private:
  std::mutex mu_;
  std::vector<int> v_;
  std::map<int, int> m_;
  int n_ = 0;
};
)cpp";

TEST(CaptureEscapes, ReferencesPointersAndIteratorsReturned) {
  TuFacts facts = capture(kEscapes);
  auto escapes = [&](const std::string& name, const std::string& tag) {
    std::vector<Access> found = accesses(facts, name, line_of(kEscapes, tag));
    EXPECT_FALSE(found.empty()) << tag;
    return std::any_of(found.begin(), found.end(), [](const Access& access) { return access.escapes_by_return; });
  };
  EXPECT_TRUE(escapes("Holder::v_", "esc-ref"));
  EXPECT_TRUE(escapes("Holder::v_", "esc-cref"));
  EXPECT_FALSE(escapes("Holder::v_", "no-copy"));
  EXPECT_TRUE(escapes("Holder::n_", "esc-ptr"));
  EXPECT_FALSE(escapes("Holder::n_", "no-value"));
  EXPECT_TRUE(escapes("Holder::v_", "esc-data"));
  EXPECT_TRUE(escapes("Holder::v_", "esc-begin"));
  EXPECT_TRUE(escapes("Holder::m_", "esc-find"));
  EXPECT_TRUE(escapes("Holder::v_", "esc-index"));
  EXPECT_FALSE(escapes("Holder::v_", "no-index"));
  EXPECT_TRUE(escapes("Holder::n_", "esc-wrap"));
  EXPECT_FALSE(escapes("Holder::m_", "no-bool"));
  EXPECT_FALSE(escapes("Holder::v_", "no-size"));
}

// ---------------------------------------------------------------------------------------
// Lock effects from the locks layer, and annotation positions

constexpr const char* kLockFacts = R"cpp(
#include <mutex>
class Wrapper {
 public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }
  void Both() {
    std::lock_guard<std::mutex> a(mu_);
    std::lock_guard<std::mutex> b(other_);  // order
  }
  void Exempt() __attribute__((no_thread_safety_analysis)) {}
  void Get() const;  // get-decl
  int Sum(int a, int b) noexcept { return a + b; }  // sum-decl
  int Ref() const & { return count_; }  // ref-decl
 private:
  std::mutex mu_;
  mutable std::mutex other_;
  int count_ = 0;  // count-decl
  int bits_ : 3;  // bits-decl
};
void Wrapper::Get() const { std::lock_guard<std::mutex> g(other_); (void)count_; }
int g_total = 5;  // global-decl
int Total() { return g_total; }
)cpp";

TEST(CaptureLockFacts, EffectsOrderAndExemptions) {
  TuFacts facts = capture(kLockFacts);
  const Function* lock = function(facts, "Wrapper::Lock");
  const Function* unlock = function(facts, "Wrapper::Unlock");
  const Function* exempt = function(facts, "Wrapper::Exempt");
  ASSERT_NE(lock, nullptr);
  ASSERT_NE(unlock, nullptr);
  ASSERT_NE(exempt, nullptr);
  ASSERT_EQ(lock->acquires_on_return.size(), 1u);
  EXPECT_EQ(lock->acquires_on_return.front().lock, "Wrapper::mu_");
  ASSERT_EQ(unlock->releases_on_return.size(), 1u);
  EXPECT_EQ(unlock->releases_on_return.front().lock, "Wrapper::mu_");
  EXPECT_TRUE(exempt->no_thread_safety_analysis);
  EXPECT_FALSE(lock->no_thread_safety_analysis);
  const Function* both = function(facts, "Wrapper::Both");
  ASSERT_NE(both, nullptr);
  // Acquisitions with nothing held (held empty) are listed too; one real edge.
  std::vector<LockOrderEdge> edges;
  for (const LockOrderEdge& edge : facts.lock_orders)
    if (!edge.held.empty()) edges.push_back(edge);
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges.front().held, "Wrapper::mu_");
  EXPECT_EQ(edges.front().acquired, "Wrapper::other_");
  EXPECT_EQ(edges.front().function, both->key);
  EXPECT_EQ(edges.front().pos.line, line_of(kLockFacts, "order"));
}

TEST(CaptureAnnotationPositions, AfterNamesAndDeclarators) {
  TuFacts facts = capture(kLockFacts);
  auto expect_at = [&](const SourcePos& pos, const std::string& tag, const std::string& token) {
    unsigned line = line_of(kLockFacts, tag);
    EXPECT_EQ(pos.line, line) << tag;
    EXPECT_EQ(pos.column, column_after(kLockFacts, line, token)) << tag;
  };
  ASSERT_NE(location(facts, "Wrapper::count_"), nullptr);
  expect_at(location(facts, "Wrapper::count_")->annotation_pos, "count-decl", "count_");
  ASSERT_NE(location(facts, "g_total"), nullptr);
  expect_at(location(facts, "g_total")->annotation_pos, "global-decl", "g_total");
  // A method defined out of line is annotated where the class declares it.
  ASSERT_NE(function(facts, "Wrapper::Get"), nullptr);
  expect_at(function(facts, "Wrapper::Get")->annotation_pos, "get-decl", ") const");
  ASSERT_NE(function(facts, "Wrapper::Sum"), nullptr);
  expect_at(function(facts, "Wrapper::Sum")->annotation_pos, "sum-decl", "noexcept");
  ASSERT_NE(function(facts, "Wrapper::Ref"), nullptr);
  expect_at(function(facts, "Wrapper::Ref")->annotation_pos, "ref-decl", "const &");
}

}  // namespace
}  // namespace hawk::audit
