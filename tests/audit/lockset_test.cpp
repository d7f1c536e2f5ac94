// The lockset dataflow on real code: snippets parsed with clang against the real <mutex>,
// <shared_mutex>, <pthread.h> and <threads.h>; `probe(N)` calls mark the points asked
// about. Each test states which locks C++ guarantees are held there.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <clang/AST/ASTContext.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Frontend/ASTUnit.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/MemoryBuffer.h>
#include <gtest/gtest.h>

#include "locks/lockset_analysis.h"

namespace hawk::audit {
namespace {

using namespace clang::ast_matchers;
using Locks = std::optional<std::vector<std::string>>;  // nullopt: unreachable

constexpr const char* kPrelude = R"cpp(
#include <mutex>
#include <shared_mutex>
#include <pthread.h>
void probe(int);
#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define ACQUIRE_SHARED(...) __attribute__((acquire_shared_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define RELEASE_SHARED(...) __attribute__((release_shared_capability(__VA_ARGS__)))
#define TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
)cpp";

class Snippet {
 public:
  Snippet(const std::string& code, bool is_c = false) {
    std::vector<std::string> args = {"-resource-dir", HAWK_CLANG_RESOURCE_DIR, "-Wno-everything"};
    if (is_c) {
      args.insert(args.begin(), {"-x", "c", "-std=c11"});
      ast_ = clang::tooling::buildASTFromCodeWithArgs(code, args, "input.c");
    } else {
      args.insert(args.begin(), "-std=c++20");
      ast_ = clang::tooling::buildASTFromCodeWithArgs(std::string(kPrelude) + code, args, "input.cc");
    }
  }

  bool compiled() const { return ast_ != nullptr && !ast_->getDiagnostics().hasErrorOccurred(); }
  clang::ASTContext& context() { return ast_->getASTContext(); }

  const clang::FunctionDecl* function(const std::string& name) {
    auto found = match(functionDecl(hasName(name), isDefinition()).bind("f"), context());
    for (const auto& node : found)
      if (const auto* decl = node.getNodeAs<clang::FunctionDecl>("f"); !decl->isDependentContext()) return decl;
    return found.empty() ? nullptr : found.front().getNodeAs<clang::FunctionDecl>("f");
  }

  // The probe(N) calls under `root`, by N.
  std::map<long, const clang::CallExpr*> probes(const clang::Stmt& root) {
    std::map<long, const clang::CallExpr*> calls;
    auto found = match(stmt(forEachDescendant(callExpr(callee(functionDecl(hasName("probe"))),
                                                       hasArgument(0, integerLiteral().bind("n")))
                                                  .bind("call"))),
                       root, context());
    for (const auto& node : found)
      calls[static_cast<long>(node.getNodeAs<clang::IntegerLiteral>("n")->getValue().getSExtValue())] =
          node.getNodeAs<clang::CallExpr>("call");
    return calls;
  }

  // Locks held at each probe of `name`, as "lock" or "lock:shared".
  std::map<long, Locks> locks_at_probes(const std::string& name, std::vector<HeldLock> entry = {}) {
    std::map<long, Locks> result;
    const clang::FunctionDecl* decl = function(name);
    if (decl == nullptr || decl->getBody() == nullptr) return result;
    LocksetAnalysis analysis(*decl, context(), std::move(entry));
    for (const auto& [n, call] : probes(*decl->getBody())) result[n] = spelled(analysis.locks_at(*call));
    return result;
  }

  static Locks spelled(const std::optional<std::vector<HeldLock>>& locks) {
    if (!locks) return std::nullopt;
    std::vector<std::string> names;
    for (const HeldLock& lock : *locks) names.push_back(lock.shared ? lock.lock + ":shared" : lock.lock);
    return names;
  }

 private:
  std::unique_ptr<clang::ASTUnit> ast_;
};

Locks held(std::vector<std::string> names) { return names; }
const Locks kUnreachable = std::nullopt;

TEST(Lockset, MutexLockAndUnlock) {
  Snippet code(R"cpp(
    std::mutex g_mu;
    void f() { probe(1); g_mu.lock(); probe(2); g_mu.unlock(); probe(3); }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({}));
  EXPECT_EQ(at[2], held({"g_mu"}));
  EXPECT_EQ(at[3], held({}));
}

TEST(Lockset, FieldLocksAreNamedByClassWhateverTheInstance) {
  Snippet code(R"cpp(
    namespace hawk {
    class Router {
      std::recursive_mutex mu_;
     public:
      void f(Router& other, Router* p) {
        mu_.lock(); probe(1); mu_.unlock();
        other.mu_.lock(); probe(2); other.mu_.unlock();
        p->mu_.lock(); probe(3); p->mu_.unlock();
        probe(4);
      }
    };
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("hawk::Router::f");
  EXPECT_EQ(at[1], held({"hawk::Router::mu_"}));
  EXPECT_EQ(at[2], held({"hawk::Router::mu_"}));
  EXPECT_EQ(at[3], held({"hawk::Router::mu_"}));
  EXPECT_EQ(at[4], held({}));
}

TEST(Lockset, LockGuardHoldsUntilItsScopeEndsOnEveryExit) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f(bool c, int n) {
      {
        std::lock_guard<std::mutex> guard(mu);
        probe(1);
        if (c) { probe(2); return; }
      }
      probe(3);
      for (int i = 0; i < n; ++i) {
        std::lock_guard guard(mu);  // CTAD
        probe(4);
        if (i == 2) continue;
        if (i == 3) break;
        probe(5);
      }
      probe(6);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"mu"}));
  EXPECT_EQ(at[2], held({"mu"}));
  EXPECT_EQ(at[3], held({}));
  EXPECT_EQ(at[4], held({"mu"}));
  EXPECT_EQ(at[5], held({"mu"}));
  EXPECT_EQ(at[6], held({}));
}

TEST(Lockset, TemporaryGuardHoldsNothingAfterItsFullExpression) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f() { std::lock_guard<std::mutex>{mu}; probe(1); }
  )cpp");
  ASSERT_TRUE(code.compiled());
  EXPECT_EQ(code.locks_at_probes("f")[1], held({}));
}

TEST(Lockset, AdoptLockGuardsReleaseWhatWasLockedByHand) {
  Snippet code(R"cpp(
    std::mutex a, b;
    void f() {
      a.lock();
      { std::lock_guard<std::mutex> g(a, std::adopt_lock); probe(1); }
      probe(2);
      std::lock(a, b);
      probe(3);
      {
        std::lock_guard<std::mutex> ga(a, std::adopt_lock);
        std::lock_guard<std::mutex> gb(b, std::adopt_lock);
        probe(4);
      }
      probe(5);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"a"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"a", "b"}));
  EXPECT_EQ(at[4], held({"a", "b"}));
  EXPECT_EQ(at[5], held({}));
}

TEST(Lockset, UniqueLockFollowsItsMemberCalls) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f() {
      {
        std::unique_lock<std::mutex> lk(mu);
        probe(1);
        lk.unlock();
        probe(2);
        lk.lock();
        probe(3);
      }
      probe(4);
      {
        std::unique_lock<std::mutex> lk(mu, std::defer_lock);
        probe(5);
        lk.lock();
        probe(6);
      }
      probe(7);
      {
        std::unique_lock<std::mutex> lk(mu);
        lk.release();  // the lock stays held, the guard forgets it
      }
      probe(8);
      mu.unlock();
      probe(9);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"mu"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"mu"}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({}));
  EXPECT_EQ(at[6], held({"mu"}));
  EXPECT_EQ(at[7], held({}));
  EXPECT_EQ(at[8], held({"mu"}));
  EXPECT_EQ(at[9], held({}));
}

TEST(Lockset, MovedUniqueLockCarriesItsLock) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f() {
      std::unique_lock<std::mutex> first(mu);
      {
        std::unique_lock<std::mutex> second(std::move(first));
        probe(1);
      }
      probe(2);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"mu"}));
  EXPECT_EQ(at[2], held({}));
}

TEST(Lockset, UniqueLockTryToLockHoldsOnlyWhenItOwns) {
  Snippet code(R"cpp(
    std::timed_mutex mu;
    void f() {
      std::unique_lock<std::timed_mutex> lk(mu, std::try_to_lock);
      probe(1);
      if (lk) probe(2); else probe(3);
      if (lk.owns_lock()) probe(4);
      if (!lk) return;
      probe(5);
    }
    void g() {
      std::unique_lock<std::timed_mutex> lk(mu, std::defer_lock);
      if (lk.try_lock()) probe(1); else probe(2);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({}));
  EXPECT_EQ(at[2], held({"mu"}));
  EXPECT_EQ(at[3], held({}));
  EXPECT_EQ(at[4], held({"mu"}));
  EXPECT_EQ(at[5], held({"mu"}));
  auto in_g = code.locks_at_probes("g");
  EXPECT_EQ(in_g[1], held({"mu"}));
  EXPECT_EQ(in_g[2], held({}));
}

TEST(Lockset, ScopedLockTakesSeveralMutexes) {
  Snippet code(R"cpp(
    std::mutex a;
    std::recursive_mutex b;
    void f() {
      { std::scoped_lock lk(a, b); probe(1); }
      probe(2);
      std::lock(a, b);
      { std::scoped_lock lk(std::adopt_lock, a, b); probe(3); }
      probe(4);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"a", "b"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"a", "b"}));
  EXPECT_EQ(at[4], held({}));
}

TEST(Lockset, SharedLocksAreHeldShared) {
  Snippet code(R"cpp(
    struct Table {
      std::shared_mutex mu;
      void read() {
        { std::shared_lock lk(mu); probe(1); }
        probe(2);
        mu.lock_shared(); probe(3); mu.unlock_shared();
        { std::unique_lock lk(mu); probe(4); }
        { std::shared_lock<std::shared_mutex> lk(mu, std::defer_lock); probe(5); lk.lock(); probe(6); }
        if (mu.try_lock_shared()) { probe(7); mu.unlock_shared(); }
      }
    };
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("Table::read");
  EXPECT_EQ(at[1], held({"Table::mu:shared"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"Table::mu:shared"}));
  EXPECT_EQ(at[4], held({"Table::mu"}));
  EXPECT_EQ(at[5], held({}));
  EXPECT_EQ(at[6], held({"Table::mu:shared"}));
  EXPECT_EQ(at[7], held({"Table::mu:shared"}));
}

TEST(Lockset, TryLockHoldsOnlyOnTheSuccessBranch) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f(bool c) {
      if (mu.try_lock()) { probe(1); mu.unlock(); } else { probe(2); }
      if (mu.try_lock() && c) { probe(3); } else { probe(4); }
      if (!mu.try_lock()) return;
      probe(5);
      mu.unlock();
      while (!mu.try_lock()) { probe(6); }
      probe(7);
      mu.unlock();
      bool ok = mu.try_lock();
      probe(8);
      if (ok) mu.unlock();
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"mu"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"mu"}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({"mu"}));
  EXPECT_EQ(at[6], held({}));
  EXPECT_EQ(at[7], held({"mu"}));
  EXPECT_EQ(at[8], held({}));  // not known to have succeeded
}

TEST(Lockset, LockOnOneSideOfABranchIsNotHeldAfterTheJoin) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f(bool c) {
      if (c) mu.lock();
      probe(1);
      if (c) mu.unlock();
      mu.lock();
      if (c) { probe(2); } else { probe(3); }
      probe(4);
      mu.unlock();
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({}));
  EXPECT_EQ(at[2], held({"mu"}));
  EXPECT_EQ(at[3], held({"mu"}));
  EXPECT_EQ(at[4], held({"mu"}));
}

TEST(Lockset, LoopsSwitchGotoAndTryKeepWhatEveryPathHolds) {
  Snippet code(R"cpp(
    std::mutex mu;
    int work();
    void f(int n) {
      mu.lock();
      for (int i = 0; i < n; ++i) probe(1);
      while (n-- > 0) { mu.unlock(); probe(2); mu.lock(); }
      switch (n) {
        case 0: probe(3); break;
        case 1: mu.unlock(); probe(4); mu.lock(); break;
        default: break;
      }
      probe(5);
      try { work(); probe(6); } catch (...) { }
      mu.unlock();
      goto done;
      done:
      probe(7);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"mu"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"mu"}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({"mu"}));
  EXPECT_EQ(at[6], held({"mu"}));
  EXPECT_EQ(at[7], held({}));
}

TEST(Lockset, CatchHandlerStartsAfterUnwinding) {
  // Any call in a try body may throw: a handler holds what every point of the body holds
  // once unwinding has destroyed the guards declared in the body.
  Snippet code(R"cpp(
    std::mutex mu, outer;
    void work();
    void guard_inside(int v) {
      try { std::lock_guard<std::mutex> g(mu); work(); probe(1); } catch (...) { probe(2); }
      probe(3);
      try { std::lock_guard<std::mutex> g(mu); if (v) throw v; } catch (int) { probe(4); }
    }
    void guard_outside() {
      std::lock_guard<std::mutex> g(outer);
      try { work(); } catch (...) { probe(1); }
      try { std::unique_lock<std::mutex> lk(mu); work(); } catch (int) { probe(2); } catch (...) { probe(3); }
    }
    void by_hand() {
      try { mu.lock(); work(); mu.unlock(); } catch (...) { probe(1); }  // may have thrown before lock()
      mu.lock();
      try { work(); } catch (...) { probe(3); }
      try { work(); mu.unlock(); work(); mu.lock(); } catch (...) { probe(2); }
      probe(4);  // the handler's path may come without mu
    }
    void nested() {
      std::lock_guard<std::mutex> g(outer);
      try {
        std::lock_guard<std::mutex> inner(mu);
        try { work(); } catch (int) { probe(1); throw; }
      } catch (...) { probe(2); }
    }
    void function_try_block() try { std::lock_guard<std::mutex> g(mu); work(); } catch (...) { probe(1); }
    void nothing_throws() { try { } catch (...) { probe(1); } }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto guard_inside = code.locks_at_probes("guard_inside");
  EXPECT_EQ(guard_inside[1], held({"mu"}));
  EXPECT_EQ(guard_inside[2], held({}));
  EXPECT_EQ(guard_inside[3], held({}));
  EXPECT_EQ(guard_inside[4], held({}));  // reached from the throw, with g gone
  auto guard_outside = code.locks_at_probes("guard_outside");
  EXPECT_EQ(guard_outside[1], held({"outer"}));
  EXPECT_EQ(guard_outside[2], held({"outer"}));
  EXPECT_EQ(guard_outside[3], held({"outer"}));
  auto by_hand = code.locks_at_probes("by_hand");
  EXPECT_EQ(by_hand[1], held({}));
  EXPECT_EQ(by_hand[2], held({}));
  EXPECT_EQ(by_hand[3], held({"mu"}));
  EXPECT_EQ(by_hand[4], held({}));
  auto nested = code.locks_at_probes("nested");
  EXPECT_EQ(nested[1], held({"mu", "outer"}));
  EXPECT_EQ(nested[2], held({"outer"}));
  EXPECT_EQ(code.locks_at_probes("function_try_block")[1], held({}));
  EXPECT_EQ(code.locks_at_probes("nothing_throws")[1], kUnreachable);
}

TEST(Lockset, RecursiveHoldsAreCountedAndReleasedOneAtATime) {
  Snippet code(R"cpp(
    std::recursive_mutex rm;
    void guards() {
      std::lock_guard<std::recursive_mutex> outer(rm);
      { std::lock_guard<std::recursive_mutex> inner(rm); probe(1); }
      probe(2);
    }
    void by_hand(bool c) {
      rm.lock(); rm.lock(); rm.unlock();
      probe(1);
      rm.unlock();
      probe(2);
      rm.lock();
      if (c) rm.lock();
      probe(3);
      rm.unlock();
      probe(4);  // one hold is all every path has
    }
    void unique_locks(bool c) {
      std::lock_guard<std::recursive_mutex> outer(rm);
      { std::unique_lock<std::recursive_mutex> lk(rm); lk.unlock(); probe(1); }  // not released twice
      probe(2);
      { std::unique_lock<std::recursive_mutex> lk(rm, std::defer_lock); }  // never owned
      probe(3);
      {
        std::unique_lock<std::recursive_mutex> lk(rm, std::try_to_lock);
        if (lk) { if (lk.owns_lock()) probe(4); }
      }
      probe(5);
      rm.lock();
      { std::lock_guard<std::recursive_mutex> adopted(rm, std::adopt_lock); }  // takes over that hold
      probe(6);
      { std::unique_lock<std::recursive_mutex> lk(rm, std::defer_lock); if (c) lk.lock(); }
      probe(7);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto guards = code.locks_at_probes("guards");
  EXPECT_EQ(guards[1], held({"rm"}));
  EXPECT_EQ(guards[2], held({"rm"}));
  auto by_hand = code.locks_at_probes("by_hand");
  EXPECT_EQ(by_hand[1], held({"rm"}));
  EXPECT_EQ(by_hand[2], held({}));
  EXPECT_EQ(by_hand[3], held({"rm"}));
  EXPECT_EQ(by_hand[4], held({}));
  auto unique_locks = code.locks_at_probes("unique_locks");
  // Whatever the inner guards did, they ended only their own holds: outer still holds rm.
  for (long n = 1; n <= 7; ++n) EXPECT_EQ(unique_locks[n], held({"rm"})) << "probe " << n;
}

TEST(Lockset, StdLockAndTryLockTakeGuardsAndMutexes) {
  Snippet code(R"cpp(
    std::mutex a, b;
    void f() {
      {
        std::unique_lock<std::mutex> l1(a, std::defer_lock), l2(b, std::defer_lock);
        probe(1);
        std::lock(l1, l2);
        probe(2);
        l1.unlock();
        probe(3);
      }
      probe(4);
      {
        std::unique_lock<std::mutex> l1(a, std::defer_lock);
        std::lock(l1, b);
        probe(5);
      }
      probe(6);  // b was locked by hand
      b.unlock();
      {
        std::unique_lock<std::mutex> l1(a, std::defer_lock), l2(b, std::defer_lock);
        if (std::try_lock(l1, l2) == -1) probe(7); else probe(8);
      }
      probe(9);
      if (std::try_lock(a, b) != -1) return;
      probe(10);
      a.unlock();
      b.unlock();
      if (std::try_lock(a, b)) probe(11);  // -1 and a failure's index are both true
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({}));
  EXPECT_EQ(at[2], held({"a", "b"}));
  EXPECT_EQ(at[3], held({"b"}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({"a", "b"}));
  EXPECT_EQ(at[6], held({"b"}));
  EXPECT_EQ(at[7], held({"a", "b"}));
  EXPECT_EQ(at[8], held({}));
  EXPECT_EQ(at[9], held({}));
  EXPECT_EQ(at[10], held({"a", "b"}));
  EXPECT_EQ(at[11], held({}));
}

TEST(Lockset, CodeThatNeverRunsHasNoLockset) {
  Snippet code(R"cpp(
    [[noreturn]] void fail();
    std::mutex mu;
    void f(bool c) {
      if (c) { fail(); probe(1); }
      std::lock_guard g(mu);
      return;
      probe(2);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], kUnreachable);
  EXPECT_EQ(at[2], kUnreachable);
}

TEST(Lockset, PthreadMutexRwlockAndSpinlock) {
  Snippet code(R"cpp(
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_rwlock_t rw;
    pthread_spinlock_t spin;
    void f() {
      pthread_mutex_lock(&m); probe(1); pthread_mutex_unlock(&m); probe(2);
      pthread_rwlock_rdlock(&rw); probe(3); pthread_rwlock_unlock(&rw);
      pthread_rwlock_wrlock(&rw); probe(4); pthread_rwlock_unlock(&rw);
      pthread_spin_lock(&spin); probe(5); pthread_spin_unlock(&spin);
      if (pthread_mutex_trylock(&m) == 0) { probe(6); pthread_mutex_unlock(&m); } else { probe(7); }
      if (!pthread_mutex_trylock(&m)) { probe(8); pthread_mutex_unlock(&m); }
      if (pthread_rwlock_tryrdlock(&rw) != 0) return;
      probe(9);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"m"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"rw:shared"}));
  EXPECT_EQ(at[4], held({"rw"}));
  EXPECT_EQ(at[5], held({"spin"}));
  EXPECT_EQ(at[6], held({"m"}));
  EXPECT_EQ(at[7], held({}));
  EXPECT_EQ(at[8], held({"m"}));
  EXPECT_EQ(at[9], held({"rw:shared"}));
}

TEST(Lockset, CCodeWithPthreadAndC11Threads) {
  Snippet code(R"c(
    #include <pthread.h>
    #include <threads.h>
    void probe(int);
    static mtx_t lock;
    struct queue { pthread_mutex_t mu; int n; };
    void f(struct queue* q) {
      pthread_mutex_lock(&q->mu); probe(1); pthread_mutex_unlock(&q->mu);
      mtx_lock(&lock); probe(2); mtx_unlock(&lock);
      if (mtx_trylock(&lock) == thrd_success) { probe(3); mtx_unlock(&lock); } else { probe(4); }
      if (pthread_mutex_trylock(&q->mu)) return;
      probe(5);
    }
  )c",
               /*is_c=*/true);
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"queue::mu"}));
  // A C `static` lock is the file's own: named with its file.
  EXPECT_EQ(at[2], held({"lock (input.c)"}));
  EXPECT_EQ(at[3], held({"lock (input.c)"}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({"queue::mu"}));
}

TEST(Lockset, AnnotatedCapabilitiesAndScopedCapabilities) {
  Snippet code(R"cpp(
    class CAPABILITY("mutex") Lock {
     public:
      void lock() ACQUIRE();
      void unlock() RELEASE();
      bool try_lock() TRY_ACQUIRE(true);
      bool try_lock_failing() TRY_ACQUIRE(false);
      void reader_lock() ACQUIRE_SHARED();
      void reader_unlock() RELEASE_SHARED();
    };
    class SCOPED_CAPABILITY Guard {
     public:
      explicit Guard(Lock& lock) ACQUIRE(lock);
      ~Guard() RELEASE();
    };
    Lock g_lock;
    void take(Lock& l) ACQUIRE(l);
    void drop(Lock& l) RELEASE(l);
    void f() {
      g_lock.lock(); probe(1); g_lock.unlock(); probe(2);
      { Guard guard(g_lock); probe(3); }
      probe(4);
      take(g_lock); probe(5); drop(g_lock); probe(6);
      if (g_lock.try_lock()) { probe(7); g_lock.unlock(); }
      if (g_lock.try_lock_failing()) { probe(8); } else { probe(9); g_lock.unlock(); }
      g_lock.reader_lock(); probe(10); g_lock.reader_unlock(); probe(11);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"g_lock"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"g_lock"}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({"g_lock"}));
  EXPECT_EQ(at[6], held({}));
  EXPECT_EQ(at[7], held({"g_lock"}));
  EXPECT_EQ(at[8], held({}));
  EXPECT_EQ(at[9], held({"g_lock"}));
  EXPECT_EQ(at[10], held({"g_lock:shared"}));
  EXPECT_EQ(at[11], held({}));
}

TEST(Lockset, FrameworkThreadLockAndGuard) {
  // The framework's own lock, guard and annotated Mutex, from its real headers.
  std::vector<std::string> args = {"-std=c++20", "-resource-dir", HAWK_CLANG_RESOURCE_DIR, "-Wno-everything",
                                    "-I" HAWK_SOURCE_DIR "/framework/include",
                                    "-I" HAWK_BINARY_DIR "/framework/include"};
  auto ast = clang::tooling::buildASTFromCodeWithArgs(std::string(kPrelude) + R"cpp(
    #include "hawk/threading/thread_lock.h"
    #include "hawk/threading/mutex.h"
    namespace hawk {
    class Router {
      mutable ThreadLock mu_ = maybe_thread_lock();
      Mutex other_;
     public:
      void add() {
        { ThreadLockGuard guard(mu_); probe(1); }
        probe(2);
        { MutexLock lock(other_); probe(3); }
        if (mu_.try_lock()) { probe(4); mu_.unlock(); }
      }
    };
    }
  )cpp",
                                                      args, "router.cc");
  ASSERT_NE(ast, nullptr);
  ASSERT_FALSE(ast->getDiagnostics().hasErrorOccurred());
  auto found = match(cxxMethodDecl(hasName("hawk::Router::add"), isDefinition()).bind("f"), ast->getASTContext());
  ASSERT_EQ(found.size(), 1u);
  const auto* add = found.front().getNodeAs<clang::FunctionDecl>("f");
  LocksetAnalysis analysis(*add, ast->getASTContext());
  EXPECT_TRUE(analysis.acquires_any_lock());
  std::map<long, Locks> at;
  auto probes = match(stmt(forEachDescendant(callExpr(callee(functionDecl(hasName("probe"))),
                                                      hasArgument(0, integerLiteral().bind("n")))
                                                 .bind("call"))),
                      *add->getBody(), ast->getASTContext());
  for (const auto& node : probes)
    at[node.getNodeAs<clang::IntegerLiteral>("n")->getValue().getSExtValue()] =
        Snippet::spelled(analysis.locks_at(*node.getNodeAs<clang::CallExpr>("call")));
  EXPECT_EQ(at[1], held({"hawk::Router::mu_"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"hawk::Router::other_"}));
  EXPECT_EQ(at[4], held({"hawk::Router::mu_"}));
}

TEST(Lockset, LambdaBodiesAreAnalysedOnTheirOwnWithEntryLocks) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f() {
      std::lock_guard g(mu);
      auto body = [] { probe(1); };
      body();
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  const clang::FunctionDecl* f = code.function("f");
  ASSERT_NE(f, nullptr);
  LocksetAnalysis outer(*f, code.context());
  auto lambda_expr = match(stmt(forEachDescendant(lambdaExpr().bind("l"))), *f->getBody(), code.context());
  ASSERT_EQ(lambda_expr.size(), 1u);
  const auto* lambda = lambda_expr.front().getNodeAs<clang::LambdaExpr>("l");
  const clang::FunctionDecl* call_operator = lambda->getCallOperator();
  const clang::CallExpr* inner_probe = code.probes(*call_operator->getBody()).at(1);
  EXPECT_EQ(outer.locks_at(*inner_probe), std::nullopt);  // not part of f's CFG
  auto at_lambda = outer.locks_at(*lambda);
  ASSERT_TRUE(at_lambda.has_value());
  LocksetAnalysis inner(*call_operator, code.context(), *at_lambda);
  EXPECT_EQ(Snippet::spelled(inner.locks_at(*inner_probe)), held({"mu"}));
  EXPECT_FALSE(inner.acquires_any_lock());
}

TEST(Lockset, RequiresHoldsOnEntryAndAssertCapabilityFromTheCall) {
  Snippet code(R"cpp(
    #define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
    #define REQUIRES_SHARED(...) __attribute__((requires_shared_capability(__VA_ARGS__)))
    #define ASSERT_CAPABILITY(x) __attribute__((assert_capability(x)))
    class CAPABILITY("mutex") Mu {
     public:
      void lock() ACQUIRE();
      void unlock() RELEASE();
      void assert_held() ASSERT_CAPABILITY(this);
    };
    class Cache {
      Mu mu_;
      void helper() REQUIRES(mu_) { probe(1); }
      void reader() REQUIRES_SHARED(mu_) { probe(2); }
      void checked() { mu_.assert_held(); probe(3); }
    };
  )cpp");
  ASSERT_TRUE(code.compiled());
  EXPECT_EQ(code.locks_at_probes("Cache::helper")[1], held({"Cache::mu_"}));
  EXPECT_EQ(code.locks_at_probes("Cache::reader")[2], held({"Cache::mu_:shared"}));
  EXPECT_EQ(code.locks_at_probes("Cache::checked")[3], held({"Cache::mu_"}));
}

TEST(Lockset, GuardDeclaredInTheCondition) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f() {
      if (std::unique_lock lk(mu, std::try_to_lock); lk) { probe(1); } else { probe(2); }
      probe(3);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"mu"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({}));
}

TEST(Lockset, AcquiresAnyLock) {
  Snippet code(R"cpp(
    std::mutex mu;
    pthread_mutex_t pm;
    int x;
    void guarded() { std::lock_guard g(mu); ++x; }
    void plain() { ++x; probe(1); }
    void c_style() { pthread_mutex_lock(&pm); }
    void deferred() { std::unique_lock lk(mu, std::defer_lock); }
  )cpp");
  ASSERT_TRUE(code.compiled());
  EXPECT_TRUE(LocksetAnalysis(*code.function("guarded"), code.context()).acquires_any_lock());
  EXPECT_FALSE(LocksetAnalysis(*code.function("plain"), code.context()).acquires_any_lock());
  EXPECT_TRUE(LocksetAnalysis(*code.function("c_style"), code.context()).acquires_any_lock());
  EXPECT_FALSE(LocksetAnalysis(*code.function("deferred"), code.context()).acquires_any_lock());
}

TEST(Lockset, TemplatesAreAnalysedPerInstantiationWithoutTemplateArguments) {
  Snippet code(R"cpp(
    namespace hawk {
    template <typename Bucket, int N>
    class ShardedMap {
     public:
      struct Shard { std::mutex mu; Bucket value; };
      Shard shards_[N];
      void put(int i) { std::lock_guard g(shards_[i].mu); probe(1); }
    };
    }
    void use() { hawk::ShardedMap<int, 16> map; map.put(1); }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto methods = match(cxxMethodDecl(hasName("put"), isDefinition()).bind("f"), code.context());
  int instantiations = 0;
  for (const auto& node : methods) {
    const auto* put = node.getNodeAs<clang::FunctionDecl>("f");
    LocksetAnalysis analysis(*put, code.context());
    const clang::CallExpr* call = code.probes(*put->getBody()).at(1);
    if (put->isDependentContext()) {
      EXPECT_EQ(analysis.locks_at(*call), std::nullopt);
      continue;
    }
    ++instantiations;
    EXPECT_EQ(Snippet::spelled(analysis.locks_at(*call)), held({"hawk::ShardedMap::Shard::mu"}));
  }
  EXPECT_EQ(instantiations, 1);
}

// Robustness on real code: every function (templates, lambdas, implicit members
// included) of framework sources analyses without trouble.
TEST(Lockset, AnalysesEveryFunctionOfRealFrameworkSources) {
  for (const char* file : {"/framework/src/routing/router.cpp", "/framework/src/threading/async_lock.cpp",
                           "/framework/src/di/container.cpp"}) {
    SCOPED_TRACE(file);
    std::vector<std::string> args = {"-std=c++20", "-resource-dir", HAWK_CLANG_RESOURCE_DIR, "-Wno-everything",
                                      "-I" HAWK_SOURCE_DIR "/framework/include",
                                      "-I" HAWK_BINARY_DIR "/framework/include"};
    std::string path = std::string(HAWK_SOURCE_DIR) + file;
    auto buffer = llvm::MemoryBuffer::getFile(path);
    ASSERT_TRUE(static_cast<bool>(buffer));
    auto ast = clang::tooling::buildASTFromCodeWithArgs((*buffer)->getBuffer(), args, path);
    ASSERT_NE(ast, nullptr);
    ASSERT_FALSE(ast->getDiagnostics().hasErrorOccurred());
    auto functions = match(functionDecl(isDefinition()).bind("f"), ast->getASTContext());
    int acquiring = 0;
    for (const auto& node : functions) {
      const auto* function = node.getNodeAs<clang::FunctionDecl>("f");
      LocksetAnalysis analysis(*function, ast->getASTContext());
      if (analysis.acquires_any_lock() && ast->getSourceManager().isInMainFile(function->getLocation())) ++acquiring;
      if (function->getBody() != nullptr) (void)analysis.locks_at(*function->getBody());
    }
    EXPECT_GT(acquiring, 0);
  }
}

TEST(Lockset, SurvivesCodeWithoutBodiesOrWithErrors) {
  Snippet code(R"cpp(
    void declared_only();
    void broken() { undefined_call(); probe(1); }
  )cpp");
  const clang::FunctionDecl* declared = code.function("declared_only");
  if (declared == nullptr) {
    auto found = match(functionDecl(hasName("declared_only")).bind("f"), code.context());
    ASSERT_FALSE(found.empty());
    declared = found.front().getNodeAs<clang::FunctionDecl>("f");
  }
  LocksetAnalysis none(*declared, code.context());
  EXPECT_FALSE(none.acquires_any_lock());
  const clang::FunctionDecl* broken = code.function("broken");
  ASSERT_NE(broken, nullptr);
  LocksetAnalysis analysis(*broken, code.context());
  EXPECT_FALSE(analysis.acquires_any_lock());
}

// ---- Lock wrappers without annotations (summaries within the translation unit) ----

std::vector<std::string> spelled_list(const std::vector<HeldLock>& locks) {
  return *Snippet::spelled(locks);
}

// The edges of the lock-order graph (acquisitions with nothing held are listed apart).
std::vector<std::string> spelled_edges(const std::vector<LockOrder>& edges) {
  std::vector<std::string> result;
  for (const LockOrder& edge : edges)
    if (!edge.held.empty()) result.push_back(edge.held + " -> " + edge.acquired);
  return result;
}

std::vector<std::string> spelled_acquisitions(const std::vector<LockOrder>& edges) {
  std::vector<std::string> result;
  for (const LockOrder& edge : edges)
    if (edge.held.empty()) result.push_back(edge.acquired);
  return result;
}

TEST(LockWrappers, TryLockWrappersHoldOnTheirSuccessBranchOnly) {
  Snippet code(R"cpp(
    class SpinLock {
     public:
      bool TryLock() { return mu_.try_lock(); }
      bool Busy() { return !mu_.try_lock(); }  // true on failure
      void Unlock() { mu_.unlock(); }
      std::mutex mu_;
    };
    pthread_mutex_t g_pm = PTHREAD_MUTEX_INITIALIZER;
    bool try_global() { return pthread_mutex_trylock(&g_pm) == 0; }
    bool try_param(std::mutex& m) { return m.try_lock(); }  // the caller's lock, by argument
    void f(SpinLock& lk, std::mutex& other) {
      if (lk.TryLock()) { probe(1); lk.Unlock(); }
      probe(2);
      if (!lk.TryLock()) return;
      probe(3);
      lk.Unlock();
      if (lk.Busy()) return;
      probe(4);
      lk.Unlock();
      if (try_global()) { probe(5); pthread_mutex_unlock(&g_pm); }
      if (try_param(other)) probe(6);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"f::lk"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"f::lk"}));
  EXPECT_EQ(at[4], held({"f::lk"}));
  EXPECT_EQ(at[5], held({"g_pm"}));
  EXPECT_EQ(at[6], held({"f::other"}));
}

// Two wrapper objects are two locks: each call locks the object it is made on.
TEST(LockWrappers, WrapperInstancesAreDistinctLocks) {
  Snippet code(R"cpp(
    class Mutex {
     public:
      void Lock() { mu_.lock(); }
      void Unlock() { mu_.unlock(); }
      bool TryLock() { return mu_.try_lock(); }
     private:
      std::mutex mu_;
    };
    Mutex g_a;
    struct Pair {
      Mutex a_, b_;
      void f(Mutex& param) {
        a_.Lock(); probe(1); a_.Unlock();
        b_.Lock(); probe(2); b_.Unlock(); probe(3);
        g_a.Lock(); probe(4); g_a.Unlock();
        param.Lock(); probe(5); param.Unlock();
        if (b_.TryLock()) { probe(6); b_.Unlock(); }
        Mutex* p = &a_;
        p->Lock(); probe(7); p->Unlock();
      }
    };
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("Pair::f");
  EXPECT_EQ(at[1], held({"Pair::a_"}));
  EXPECT_EQ(at[2], held({"Pair::b_"}));
  EXPECT_EQ(at[3], held({}));
  EXPECT_EQ(at[4], held({"g_a"}));
  EXPECT_EQ(at[5], held({"Pair::f::param"}));
  EXPECT_EQ(at[6], held({"Pair::b_"}));
  EXPECT_EQ(at[7], held({"Pair::f::p"}));
}

// A function returning a guard hands its locks to the caller's variable; a guard member
// is locked and unlocked by hand.
TEST(LockWrappers, ReturnedGuardsAndGuardMembers) {
  Snippet code(R"cpp(
    struct Table {
      std::mutex mu_;
      std::shared_mutex rw_;
      std::unique_lock<std::mutex> lk_{mu_, std::defer_lock};
      std::unique_lock<std::mutex> locked() { return std::unique_lock<std::mutex>(mu_); }
      std::shared_lock<std::shared_mutex> reading() { std::shared_lock<std::shared_mutex> l(rw_); return l; }
      std::unique_lock<std::mutex> maybe(bool b) {
        if (b) return std::unique_lock<std::mutex>(mu_);
        return std::unique_lock<std::mutex>(mu_, std::defer_lock);  // disagrees: no guard known
      }
      void f(bool b) {
        { auto g = locked(); probe(1); }
        probe(2);
        { auto g = reading(); probe(3); }
        { auto g = maybe(b); probe(4); }
        lk_.lock(); probe(5); lk_.unlock(); probe(6);
      }
    };
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("Table::f");
  EXPECT_EQ(at[1], held({"Table::mu_"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"Table::rw_:shared"}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({"Table::mu_"}));
  EXPECT_EQ(at[6], held({}));
}

// std::try_lock returns -1 on success and the index of the lock it failed on otherwise.
TEST(TryLock, StdTryLockComparedByOrder) {
  Snippet code(R"cpp(
    std::mutex a, b;
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    void f() {
      if (std::try_lock(a, b) < 0) { probe(1); a.unlock(); b.unlock(); }
      if (std::try_lock(a, b) >= 0) { probe(2); } else { probe(3); a.unlock(); b.unlock(); }
      if (0 > std::try_lock(a, b)) { probe(4); a.unlock(); b.unlock(); }
      if (std::try_lock(a, b) < 1) { probe(5); }  // -1 or a failure at index 0: unknown
      if (pthread_mutex_trylock(&m) > 0) { probe(6); } else { probe(7); pthread_mutex_unlock(&m); }
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"a", "b"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"a", "b"}));
  EXPECT_EQ(at[4], held({"a", "b"}));
  EXPECT_EQ(at[5], held({}));
  EXPECT_EQ(at[6], held({}));
  EXPECT_EQ(at[7], held({"m"}));
}

TEST(LockWrappers, MemberAndFreeFunctionWrappersActAsTheirBodies) {
  Snippet code(R"cpp(
    class SpinLock {
     public:
      void Lock() { mu_.lock(); }
      void Unlock() { mu_.unlock(); }
      void LockTwice() { Lock(); }  // a wrapper of a wrapper
      std::mutex mu_;
    };
    std::mutex g_mu;
    void lock_global() { g_mu.lock(); }
    void unlock_global() { g_mu.unlock(); }
    void lock_ref(std::mutex& m) { m.lock(); }
    void unlock_ref(std::mutex& m) { m.unlock(); }
    void lock_via(std::mutex& inner) { lock_ref(inner); }  // parameter to parameter
    class Counter {
      SpinLock lk_;
      std::mutex own_;
      int x_ = 0;
     public:
      void inc() {
        lk_.Lock(); x_++; probe(1); lk_.Unlock(); probe(2);
        lk_.LockTwice(); probe(3); lk_.Unlock();
        lock_global(); probe(4); unlock_global(); probe(5);
        lock_ref(own_); probe(6); unlock_ref(own_); probe(7);
        lock_via(g_mu); probe(8); g_mu.unlock(); probe(9);
        auto locker = [&] { own_.lock(); };
        locker(); probe(10); own_.unlock();
      }
    };
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("Counter::inc");
  EXPECT_EQ(at[1], held({"Counter::lk_"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"Counter::lk_"}));
  EXPECT_EQ(at[4], held({"g_mu"}));
  EXPECT_EQ(at[5], held({}));
  EXPECT_EQ(at[6], held({"Counter::own_"}));
  EXPECT_EQ(at[7], held({}));
  EXPECT_EQ(at[8], held({"g_mu"}));
  EXPECT_EQ(at[9], held({}));
  EXPECT_EQ(at[10], held({"Counter::own_"}));
  EXPECT_TRUE(LocksetAnalysis(*code.function("Counter::inc"), code.context()).acquires_any_lock());

  // The summaries themselves, in the wrappers' own names.
  LocksetAnalysis lock(*code.function("SpinLock::Lock"), code.context());
  EXPECT_EQ(spelled_list(lock.acquires_on_return()), std::vector<std::string>{"SpinLock::mu_"});
  EXPECT_TRUE(lock.releases_on_return().empty());
  LocksetAnalysis unlock(*code.function("SpinLock::Unlock"), code.context());
  EXPECT_TRUE(unlock.acquires_on_return().empty());
  EXPECT_EQ(spelled_list(unlock.releases_on_return()), std::vector<std::string>{"SpinLock::mu_"});
  LocksetAnalysis by_param(*code.function("lock_via"), code.context());
  EXPECT_EQ(spelled_list(by_param.acquires_on_return()), std::vector<std::string>{"lock_via::inner"});
  // A function that locks and unlocks has no effect on its caller.
  LocksetAnalysis balanced(*code.function("Counter::inc"), code.context());
  EXPECT_TRUE(balanced.acquires_on_return().empty());
  EXPECT_TRUE(balanced.releases_on_return().empty());
}

TEST(LockWrappers, SharedAndPthreadWrappersWithPointerParameters) {
  Snippet code(R"cpp(
    pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_t g_locks[4];
    pthread_rwlock_t g_rw;
    void lock_it(pthread_mutex_t* m) { pthread_mutex_lock(m); }
    void unlock_it(pthread_mutex_t* m) { pthread_mutex_unlock(m); }
    void lock_nth(pthread_mutex_t* ms, int i) { pthread_mutex_lock(&ms[i]); }
    void read_lock(pthread_rwlock_t* rw) { pthread_rwlock_rdlock(rw); }
    std::shared_mutex g_sm;
    void reader() { g_sm.lock_shared(); }
    void f(int i) {
      lock_it(&g_mu); probe(1); unlock_it(&g_mu); probe(2);
      lock_nth(g_locks, i); probe(3); pthread_mutex_unlock(&g_locks[i]);
      read_lock(&g_rw); probe(4); pthread_rwlock_unlock(&g_rw);
      reader(); probe(5);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"g_mu"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"g_locks[]"}));
  EXPECT_EQ(at[4], held({"g_rw:shared"}));
  EXPECT_EQ(at[5], held({"g_sm:shared"}));
}

TEST(LockWrappers, CWrappersOfWrappers) {
  Snippet code(R"cpp(
    #include <pthread.h>
    void probe(int);
    struct account { pthread_mutex_t lock; int balance; };
    static void acct_lock(struct account* a) { pthread_mutex_lock(&a->lock); }
    static void acct_unlock(struct account* a) { pthread_mutex_unlock(&a->lock); }
    static pthread_mutex_t big = PTHREAD_MUTEX_INITIALIZER;
    static void big_lock(pthread_mutex_t* m) { pthread_mutex_lock(m); }
    static void big_lock_twice_removed(void) { big_lock(&big); }
    void deposit(struct account* a, int n) {
      acct_lock(a); a->balance += n; probe(1); acct_unlock(a); probe(2);
      big_lock_twice_removed(); probe(3); pthread_mutex_unlock(&big); probe(4);
    }
  )cpp",
               /*is_c=*/true);
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("deposit");
  EXPECT_EQ(at[1], held({"account::lock"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"big (input.c)"}));
  EXPECT_EQ(at[4], held({}));
}

TEST(LockWrappers, RaiiWrapperClassesAreScopedGuards) {
  Snippet code(R"cpp(
    class Mutex {  // a lock wrapper class without annotations
     public:
      void Lock() { pthread_mutex_lock(&mu_); }
      void Unlock() { pthread_mutex_unlock(&mu_); }
     private:
      pthread_mutex_t mu_;
    };
    class MutexGuard {  // over the wrapper, through a reference member
     public:
      explicit MutexGuard(Mutex& m) : m_(m) { m_.Lock(); }
      ~MutexGuard() { m_.Unlock(); }
     private:
      Mutex& m_;
    };
    class RefGuard {  // over std::mutex, through a reference member
     public:
      explicit RefGuard(std::mutex& m) : m_(m) { m_.lock(); }
      ~RefGuard() { m_.unlock(); }
      void Unlock() { m_.unlock(); }
      void Relock() { m_.lock(); }
     private:
      std::mutex& m_;
    };
    class PtrGuard {  // over pthread, through a pointer member
     public:
      explicit PtrGuard(pthread_mutex_t* m) : m_(m) { pthread_mutex_lock(m_); }
      ~PtrGuard() { pthread_mutex_unlock(m_); }
     private:
      pthread_mutex_t* m_;
    };
    class ParamGuard {  // locks the parameter, unlocks the member
     public:
      explicit ParamGuard(pthread_mutex_t& m) : m_(&m) { pthread_mutex_lock(&m); }
      ~ParamGuard() { pthread_mutex_unlock(m_); }
     private:
      pthread_mutex_t* m_;
    };
    class NotAGuard {  // takes the lock and leaves it taken
     public:
      explicit NotAGuard(std::mutex& m) { m.lock(); }
    };
    std::mutex g_std;
    pthread_mutex_t g_pm;
    struct Store {
      Mutex mu_;
      int x_ = 0;
      void f(bool c) {
        { MutexGuard g(mu_); probe(1); if (c) return; probe(2); }
        probe(3);
        { RefGuard g(g_std); probe(4); g.Unlock(); probe(5); g.Relock(); probe(6); }
        probe(7);
        { PtrGuard g(&g_pm); probe(8); }
        { ParamGuard g(g_pm); probe(9); }
        probe(10);
        { NotAGuard n(g_std); probe(11); }
        probe(12);
        g_std.unlock();
      }
    };
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("Store::f");
  EXPECT_EQ(at[1], held({"Store::mu_"}));
  EXPECT_EQ(at[2], held({"Store::mu_"}));
  EXPECT_EQ(at[3], held({}));
  EXPECT_EQ(at[4], held({"g_std"}));
  EXPECT_EQ(at[5], held({}));
  EXPECT_EQ(at[6], held({"g_std"}));
  EXPECT_EQ(at[7], held({}));
  EXPECT_EQ(at[8], held({"g_pm"}));
  EXPECT_EQ(at[9], held({"g_pm"}));
  EXPECT_EQ(at[10], held({}));
  EXPECT_EQ(at[11], held({"g_std"}));
  EXPECT_EQ(at[12], held({"g_std"}));  // not released by a destructor: held by hand
}

TEST(LockWrappers, StdGuardsOverUnannotatedLockClasses) {
  Snippet code(R"cpp(
    class SpinLock {  // BasicLockable, no annotations
     public:
      void lock() { pthread_spin_lock(&s_); }
      void unlock() { pthread_spin_unlock(&s_); }
      void lock_shared() { rw_.lock_shared(); }
      void unlock_shared() { rw_.unlock_shared(); }
     private:
      pthread_spinlock_t s_;
      std::shared_mutex rw_;
    };
    struct Stats {
      SpinLock spin_;
      void f() {
        { std::lock_guard<SpinLock> g(spin_); probe(1); }
        probe(2);
        { std::unique_lock<SpinLock> lk(spin_, std::defer_lock); probe(3); lk.lock(); probe(4); }
        { std::shared_lock<SpinLock> lk(spin_); probe(5); }
        spin_.lock(); probe(6); spin_.unlock();
      }
    };
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("Stats::f");
  EXPECT_EQ(at[1], held({"Stats::spin_.s_"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({}));
  EXPECT_EQ(at[4], held({"Stats::spin_.s_"}));
  EXPECT_EQ(at[5], held({"Stats::spin_.rw_:shared"}));
  EXPECT_EQ(at[6], held({"Stats::spin_.s_"}));  // the same name by hand as through a guard
}

TEST(LockWrappers, RaiiWrapperReleasedWhenUnwindingIntoAHandler) {
  Snippet code(R"cpp(
    class Guard {
     public:
      explicit Guard(std::mutex& m) : m_(m) { m_.lock(); }
      ~Guard() { m_.unlock(); }
     private:
      std::mutex& m_;
    };
    std::mutex mu;
    void work();
    void f() {
      try { Guard g(mu); work(); probe(1); } catch (...) { probe(2); }
      probe(3);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"mu"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({}));
}

TEST(LockWrappers, RecursionIsSummarisedAsNothingAndTerminates) {
  Snippet code(R"cpp(
    std::mutex a, b;
    void ping(int n);
    void pong(int n) { if (n > 0) ping(n - 1); }
    void ping(int n) { a.lock(); pong(n); }
    void self(int n) { if (n > 0) self(n - 1); b.lock(); }
    void f() { ping(3); probe(1); self(2); probe(2); }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"a"}));  // ping's own lock is certain; the cycle adds nothing
  EXPECT_EQ(at[2], held({"a", "b"}));
}

TEST(LockWrappers, SummariesAreMustOnEveryNormalReturn) {
  Snippet code(R"cpp(
    #define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
    std::mutex mu, other;
    [[noreturn]] void fail();
    struct error {};
    void sometimes(bool c) { if (c) mu.lock(); }
    void or_abort(bool c) { mu.lock(); if (c) { mu.unlock(); fail(); } }
    void or_throw(bool c) { if (!mu.try_lock()) throw error{}; }
    void spin() { while (!mu.try_lock()) {} }
    void wait_by_hand(bool c) { if (c) { mu.unlock(); probe(1); mu.lock(); } }
    void maybe_unlock(bool c) { if (c) mu.unlock(); }
    void hand_over() REQUIRES(mu) { mu.unlock(); other.lock(); }
    void keep() REQUIRES(mu) {}
    void never_returns() { mu.lock(); fail(); }
    void f(bool c) {
      sometimes(c); probe(2);
      or_abort(c); probe(3); mu.unlock();
      or_throw(c); probe(4); mu.unlock();
      spin(); probe(5);
      wait_by_hand(c); probe(6);
      maybe_unlock(c); probe(7);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto summary = [&](const std::string& name) {
    LocksetAnalysis analysis(*code.function(name), code.context());
    return std::pair{spelled_list(analysis.acquires_on_return()), spelled_list(analysis.releases_on_return())};
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(summary("sometimes"), std::pair(Names{}, Names{}));
  EXPECT_EQ(summary("or_abort"), std::pair(Names{"mu"}, Names{}));
  EXPECT_EQ(summary("or_throw"), std::pair(Names{"mu"}, Names{}));
  EXPECT_EQ(summary("spin"), std::pair(Names{"mu"}, Names{}));
  EXPECT_EQ(summary("wait_by_hand"), std::pair(Names{}, Names{}));
  EXPECT_EQ(summary("maybe_unlock"), std::pair(Names{}, Names{"mu"}));
  EXPECT_EQ(summary("hand_over"), std::pair(Names{"other"}, Names{"mu"}));
  EXPECT_EQ(summary("keep"), std::pair(Names{}, Names{}));
  EXPECT_EQ(summary("never_returns"), std::pair(Names{}, Names{}));
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({"mu"}));
  EXPECT_EQ(at[4], held({"mu"}));
  EXPECT_EQ(at[5], held({"mu"}));
  EXPECT_EQ(at[6], held({"mu"}));  // released and taken again inside: still held
  EXPECT_EQ(at[7], held({}));      // released on some path: not certainly held
}

TEST(LockWrappers, AnnotationsTakePrecedenceOverTheBody) {
  Snippet code(R"cpp(
    class CAPABILITY("mutex") Lock {
     public:
      void lock() ACQUIRE() { impl_.lock(); }
      void unlock() RELEASE() { impl_.unlock(); }
     private:
      std::mutex impl_;
    };
    Lock g_lock;
    void f() { g_lock.lock(); probe(1); g_lock.unlock(); probe(2); }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"g_lock"}));
  EXPECT_EQ(at[2], held({}));
}

TEST(LockOrder, EdgesFromHeldLocksToEachAcquisition) {
  Snippet code(R"cpp(
    std::mutex a, b, c;
    std::recursive_mutex r;
    std::shared_mutex s;
    void lock_c() { c.lock(); }
    class Guard {
     public:
      explicit Guard(std::mutex& m) : m_(m) { m_.lock(); }
      ~Guard() { m_.unlock(); }
     private:
      std::mutex& m_;
    };
    void nested() {
      std::lock_guard ga(a);
      { std::lock_guard gb(b); }
      c.lock(); c.unlock();
    }
    void together() {
      std::scoped_lock both(a, b);
      std::shared_lock reader(s);
    }
    void with_std_lock() {
      c.lock();
      std::lock(a, b);
      a.unlock(); b.unlock(); c.unlock();
    }
    void recursive() {
      r.lock(); r.lock(); r.unlock(); r.unlock();
    }
    void tries() {
      std::lock_guard ga(a);
      if (b.try_lock()) b.unlock();
    }
    void through_wrappers() {
      Guard gb(b);
      lock_c();
      c.unlock();
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto edges = [&](const std::string& name) {
    return spelled_edges(LocksetAnalysis(*code.function(name), code.context()).lock_order_edges());
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(edges("nested"), (Names{"a -> b", "a -> c"}));
  EXPECT_EQ(edges("together"), (Names{"a -> s", "b -> s"}));
  EXPECT_EQ(edges("with_std_lock"), (Names{"c -> a", "c -> b"}));
  EXPECT_EQ(edges("recursive"), Names{});
  EXPECT_EQ(edges("tries"), Names{});
  EXPECT_EQ(edges("through_wrappers"), Names{"b -> c"});

  // Every blocking acquisition, with nothing held too: where callers' locks meet it.
  auto acquisitions = [&](const std::string& name) {
    return spelled_acquisitions(LocksetAnalysis(*code.function(name), code.context()).lock_order_edges());
  };
  EXPECT_EQ(acquisitions("nested"), (Names{"a", "b", "c"}));
  EXPECT_EQ(acquisitions("recursive"), Names{"r"});  // the re-acquisition cannot block
  EXPECT_EQ(acquisitions("tries"), Names{"a"});      // a try-lock never blocks

  LocksetAnalysis nested(*code.function("nested"), code.context());
  std::vector<LockOrder> real_edges;
  for (const LockOrder& edge : nested.lock_order_edges())
    if (!edge.held.empty()) real_edges.push_back(edge);
  ASSERT_EQ(real_edges.size(), 2u);
  const LockOrder& first = real_edges.front();
  ASSERT_NE(first.where, nullptr);
  EXPECT_EQ(first.location, first.where->getBeginLoc());
  EXPECT_TRUE(first.location.isValid());
}

TEST(LockOrder, UniqueLockRelockAndLocksHeldOnEntry) {
  Snippet code(R"cpp(
    #define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
    std::mutex a, b;
    void f() {
      std::unique_lock lb(b);
      lb.unlock();
      std::lock_guard ga(a);
      lb.lock();
    }
    void g() REQUIRES(a) { std::lock_guard gb(b); }
  )cpp");
  ASSERT_TRUE(code.compiled());
  using Names = std::vector<std::string>;
  EXPECT_EQ(spelled_edges(LocksetAnalysis(*code.function("f"), code.context()).lock_order_edges()),
            Names{"a -> b"});
  EXPECT_EQ(spelled_edges(LocksetAnalysis(*code.function("g"), code.context()).lock_order_edges()),
            Names{"a -> b"});
}

TEST(LockAnnotations, NoThreadSafetyAnalysisAndRequires) {
  Snippet code(R"cpp(
    #define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
    #define REQUIRES_SHARED(...) __attribute__((requires_shared_capability(__VA_ARGS__)))
    #define NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))
    class Cache {
      std::mutex mu_;
      std::shared_mutex table_mu_;
      void helper() REQUIRES(mu_) REQUIRES_SHARED(table_mu_) {}
      void unchecked() NO_THREAD_SAFETY_ANALYSIS {}
      void plain() {}
    };
  )cpp");
  ASSERT_TRUE(code.compiled());
  LocksetAnalysis helper(*code.function("Cache::helper"), code.context());
  EXPECT_EQ(spelled_list(helper.requires_locks()), (std::vector<std::string>{"Cache::mu_", "Cache::table_mu_:shared"}));
  EXPECT_FALSE(helper.no_thread_safety_analysis());
  LocksetAnalysis unchecked(*code.function("Cache::unchecked"), code.context());
  EXPECT_TRUE(unchecked.no_thread_safety_analysis());
  EXPECT_TRUE(unchecked.requires_locks().empty());
  EXPECT_FALSE(LocksetAnalysis(*code.function("Cache::plain"), code.context()).no_thread_safety_analysis());
}


// Correlated conditions: a condition deciding both a lock and an access, read again with
// nothing in between that may change it (DESIGN.md, "Lock semantics are C++'s").
TEST(CorrelatedConditions, LockTakenUnderAConditionIsHeldWhereItIsReadAgain) {
  Snippet code(R"cpp(
    std::mutex mu;
    int x;
    void f(bool c) {
      if (c) mu.lock();
      probe(1);
      if (c) probe(2);
      if (c) { x++; probe(3); }
      if (c) mu.unlock();
      probe(4);
      if (c) probe(5);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({}));  // a path without the lock gets here
  EXPECT_EQ(at[2], held({"mu"}));
  EXPECT_EQ(at[3], held({"mu"}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({}));  // released under c
}

TEST(CorrelatedConditions, AccessNotUnderTheConditionIsNotHeld) {
  Snippet code(R"cpp(
    std::mutex mu;
    int x;
    void f(bool c) {
      if (c) mu.lock();
      x++;
      probe(1);
      if (c) probe(2);
      if (c) mu.unlock();
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({}));
  EXPECT_EQ(at[2], held({"mu"}));
}

TEST(CorrelatedConditions, ReassignedOrEscapedConditionIsNotCorrelated) {
  Snippet code(R"cpp(
    std::mutex mu;
    void unknown();
    void escape(bool*);
    void assigned(bool c, bool d) {
      if (c) mu.lock();
      if (c) probe(1);
      c = d;
      if (c) probe(2);
    }
    void incremented(int n) {
      if (n) mu.lock();
      if (n != 0) probe(3);
      ++n;
      if (n) probe(4);
    }
    void address_taken(int n) {
      bool c = n > 1;
      escape(&c);
      if (c) mu.lock();
      unknown();
      if (c) probe(5);
    }
    void written_through_pointer(int n) {
      bool c = n > 1;
      bool* p = &c;
      if (c) mu.lock();
      *p = false;
      if (c) probe(6);
    }
    void captured_by_reference(bool c) {
      auto clear = [&] { c = false; };
      if (c) mu.lock();
      clear();
      if (c) probe(7);
    }
    void redeclared(int n) {
      for (int i = 0; i < n; ++i) {
        bool c = i % 2 == 0;
        if (c) mu.lock();
        if (c) probe(8);
        if (c) mu.unlock();
      }
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  EXPECT_EQ(code.locks_at_probes("assigned")[1], held({"mu"}));
  EXPECT_EQ(code.locks_at_probes("assigned")[2], held({}));
  EXPECT_EQ(code.locks_at_probes("incremented")[3], held({"mu"}));
  EXPECT_EQ(code.locks_at_probes("incremented")[4], held({}));
  EXPECT_EQ(code.locks_at_probes("address_taken")[5], held({}));
  EXPECT_EQ(code.locks_at_probes("written_through_pointer")[6], held({}));
  EXPECT_EQ(code.locks_at_probes("captured_by_reference")[7], held({}));
  EXPECT_EQ(code.locks_at_probes("redeclared")[8], held({"mu"}));
}

TEST(CorrelatedConditions, CallsThatMayWriteAGlobalOrFieldConditionEndTheCorrelation) {
  Snippet code(R"cpp(
    std::mutex mu;
    bool g_c;
    struct S { bool locked; int count; S& operator=(const S&) = default; };
    void unknown();
    void set_flag() { g_c = false; }
    int read_flag() { return g_c ? 1 : 0; }
    void calls_set_flag() { set_flag(); }
    void unknown_call() {
      if (g_c) mu.lock();
      unknown();
      if (g_c) probe(1);
    }
    void writing_call() {
      if (g_c) mu.lock();
      calls_set_flag();
      if (g_c) probe(2);
    }
    void reading_call() {
      if (g_c) mu.lock();
      read_flag();
      if (g_c) probe(3);
    }
    void field(S* p) {
      if (p->locked) mu.lock();
      p->count++;
      if (p->locked) probe(4);
    }
    void aliased_field(S* p, S* q) {
      if (p->locked) mu.lock();
      q->locked = true;
      if (p->locked) probe(5);
    }
    void field_and_call(S* p) {
      if (p->locked) mu.lock();
      unknown();
      if (p->locked) probe(6);
    }
    void object_assigned(S* p) {
      if (p->locked) mu.lock();
      S fresh{};
      *p = fresh;
      if (p->locked) probe(7);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  EXPECT_EQ(code.locks_at_probes("unknown_call")[1], held({}));  // no body: may write g_c
  EXPECT_EQ(code.locks_at_probes("writing_call")[2], held({}));  // writes g_c two calls down
  EXPECT_EQ(code.locks_at_probes("reading_call")[3], held({"mu"}));
  EXPECT_EQ(code.locks_at_probes("field")[4], held({"mu"}));
  EXPECT_EQ(code.locks_at_probes("aliased_field")[5], held({}));  // q may be p
  EXPECT_EQ(code.locks_at_probes("field_and_call")[6], held({}));
  EXPECT_EQ(code.locks_at_probes("object_assigned")[7], held({}));  // a trivial operator= writes every field
}

TEST(CorrelatedConditions, LocalConditionSurvivesCallsWhenItsAddressIsNeverTaken) {
  Snippet code(R"cpp(
    std::mutex mu;
    int counter;
    void unknown();
    void f(int n) {
      bool c = n > 1;
      if (c) mu.lock();
      unknown();
      counter = n;
      if (c) { counter++; probe(1); }
      unknown();
      if (c) mu.unlock();
      probe(2);
      if (c) probe(3);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({"mu"}));
  EXPECT_EQ(at[2], held({}));
  EXPECT_EQ(at[3], held({}));
}

TEST(CorrelatedConditions, NegatedConditionsAndComparisonsWithZero) {
  Snippet code(R"cpp(
    std::mutex mu;
    void f(bool c) {
      if (!c) { probe(1); } else { mu.lock(); }
      if (c) probe(2);
      if (!c) probe(3);
      if (c == false) probe(4);
      if (c != 0) probe(5);
      if (c) mu.unlock();
    }
    void g(int* p) {
      if (p == nullptr) {} else mu.lock();
      if (p) probe(6);
      if (!p) return;
      probe(7);
      mu.unlock();
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("f");
  EXPECT_EQ(at[1], held({}));
  EXPECT_EQ(at[2], held({"mu"}));
  EXPECT_EQ(at[3], held({}));
  EXPECT_EQ(at[4], held({}));
  EXPECT_EQ(at[5], held({"mu"}));
  auto at_g = code.locks_at_probes("g");
  EXPECT_EQ(at_g[6], held({"mu"}));
  EXPECT_EQ(at_g[7], held({"mu"}));
}

TEST(CorrelatedConditions, CPthreadMutexUnderAFlag) {
  Snippet code(R"c(
    #include <pthread.h>
    void probe(int);
    static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    static long counter;
    struct ctx { int need_lock; pthread_mutex_t mu; long n; };
    void bump(int need_lock) {
      if (need_lock) pthread_mutex_lock(&m);
      counter++;
      probe(1);
      if (need_lock) { counter++; probe(2); }
      if (need_lock) pthread_mutex_unlock(&m);
      probe(3);
    }
    void bump_ctx(struct ctx* c) {
      if (c->need_lock) pthread_mutex_lock(&c->mu);
      if (c->need_lock) { c->n++; probe(4); }
      if (c->need_lock) pthread_mutex_unlock(&c->mu);
      probe(5);
    }
  )c",
               /*is_c=*/true);
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("bump");
  EXPECT_EQ(at[1], held({}));
  EXPECT_EQ(at[2], held({"m (input.c)"}));
  EXPECT_EQ(at[3], held({}));
  auto at_ctx = code.locks_at_probes("bump_ctx");
  EXPECT_EQ(at_ctx[4], held({"ctx::mu"}));
  EXPECT_EQ(at_ctx[5], held({}));
}

TEST(CorrelatedConditions, GuardsLoopsAndNestedConditions) {
  Snippet code(R"cpp(
    std::mutex mu;
    void guard(bool c) {
      std::unique_lock<std::mutex> lk(mu, std::defer_lock);
      if (c) lk.lock();
      probe(1);
      if (c) probe(2);
      lk.unlock();
      if (c) probe(3);
    }
    void loop(bool c, int n) {
      for (int i = 0; i < n; ++i) {
        if (c) mu.lock();
        if (c) probe(4);
        if (c) mu.unlock();
      }
      probe(5);
    }
    void nested(bool c, bool d) {
      if (c) { mu.lock(); if (d) probe(6); }
      if (d) probe(7);
      if (c) { if (d) probe(8); mu.unlock(); }
      if (c && d) mu.lock();
      if (c) probe(9);
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto at = code.locks_at_probes("guard");
  EXPECT_EQ(at[1], held({}));
  EXPECT_EQ(at[2], held({"mu"}));
  EXPECT_EQ(at[3], held({}));
  EXPECT_EQ(code.locks_at_probes("loop")[4], held({"mu"}));
  EXPECT_EQ(code.locks_at_probes("loop")[5], held({}));
  auto at_nested = code.locks_at_probes("nested");
  EXPECT_EQ(at_nested[6], held({"mu"}));
  EXPECT_EQ(at_nested[7], held({}));
  EXPECT_EQ(at_nested[8], held({"mu"}));
  EXPECT_EQ(at_nested[9], held({}));  // c alone does not say d held too
}

TEST(CorrelatedConditions, SummariesAndLockOrderUnderAFlag) {
  Snippet code(R"cpp(
    std::mutex a, b;
    void maybe_lock(bool c) { if (c) a.lock(); }
    void balanced(bool c) { if (c) a.lock(); if (c) a.unlock(); }
    void ordered(bool c) {
      if (c) a.lock();
      if (c) { b.lock(); b.unlock(); }
      if (c) a.unlock();
    }
  )cpp");
  ASSERT_TRUE(code.compiled());
  auto summary = [&](const std::string& name) {
    LocksetAnalysis analysis(*code.function(name), code.context());
    return std::pair{spelled_list(analysis.acquires_on_return()), spelled_list(analysis.releases_on_return())};
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(summary("maybe_lock"), std::pair(Names{}, Names{}));  // held on one path only
  EXPECT_EQ(summary("balanced"), std::pair(Names{}, Names{}));
  EXPECT_EQ(spelled_edges(LocksetAnalysis(*code.function("ordered"), code.context()).lock_order_edges()),
            Names{"a -> b"});
}

}  // namespace
}  // namespace hawk::audit
