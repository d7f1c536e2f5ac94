// What counts as a lock, a guard or a synchronisation object, and how a lock expression
// is named: the same lock object gets the same name from every function and instance.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <clang/AST/ASTContext.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Frontend/ASTUnit.h>
#include <clang/Tooling/Tooling.h>
#include <gtest/gtest.h>

#include "locks/lock_types.h"

namespace hawk::audit {
namespace {

using namespace clang::ast_matchers;

std::unique_ptr<clang::ASTUnit> parse(const std::string& code) {
  return clang::tooling::buildASTFromCodeWithArgs(
      code, {"-std=c++20", "-resource-dir", HAWK_CLANG_RESOURCE_DIR, "-Wno-everything"}, "names.cc");
}

// The name of the second argument of each `name_of(N, expr)` call, by N.
std::map<long, std::optional<std::string>> names(clang::ASTUnit& ast) {
  std::map<long, std::optional<std::string>> result;
  auto found = match(callExpr(callee(functionDecl(hasName("name_of"))), hasArgument(0, integerLiteral().bind("n")),
                              hasAncestor(functionDecl().bind("in")))
                         .bind("call"),
                     ast.getASTContext());
  for (const auto& node : found) {
    const auto* call = node.getNodeAs<clang::CallExpr>("call");
    result[node.getNodeAs<clang::IntegerLiteral>("n")->getValue().getSExtValue()] =
        lock_name(*call->getArg(1), node.getNodeAs<clang::FunctionDecl>("in"));
  }
  return result;
}

TEST(LockNames, NameTheObjectNotTheInstance) {
  auto ast = parse(R"cpp(
    #include <array>
    #include <functional>
    #include <mutex>
    void name_of(int, const void*);
    void name_of(int, std::reference_wrapper<std::mutex>);
    std::mutex g_mu;
    std::mutex g_locks[8];
    namespace ns {
    struct Cache { static std::mutex s_mu; std::mutex mu_; std::array<std::mutex, 4> stripes_; };
    std::mutex& registry_mutex();
    template <typename Bucket, int N> struct ShardedMap {
      struct Shard { std::mutex mu; Bucket b; };
      Shard shards_[N];
      void put(int i) { name_of(7, &shards_[i].mu); }
    };
    }
    struct Outer { ns::Cache inner; };
    void run(ns::Cache& other, ns::Cache* p, Outer& outer, std::mutex& param, int i) {
      std::mutex local;
      name_of(1, &g_mu);
      name_of(2, &ns::Cache::s_mu);
      name_of(3, &other.mu_);
      name_of(4, &p->mu_);
      name_of(5, &outer.inner.mu_);
      name_of(6, &local);
      name_of(8, &g_locks[i]);
      name_of(9, &ns::registry_mutex());
      name_of(10, &param);
      name_of(11, std::ref(g_mu));
      name_of(12, &p->stripes_[i]);
      name_of(13, &(*p).mu_);
      name_of(14, nullptr);
      ns::ShardedMap<int, 16>{}.put(i);
    }
  )cpp");
  ASSERT_NE(ast, nullptr);
  ASSERT_FALSE(ast->getDiagnostics().hasErrorOccurred());
  auto at = names(*ast);
  EXPECT_EQ(at[1], "g_mu");
  EXPECT_EQ(at[2], "ns::Cache::s_mu");
  EXPECT_EQ(at[3], "ns::Cache::mu_");
  EXPECT_EQ(at[4], "ns::Cache::mu_");
  EXPECT_EQ(at[5], "ns::Cache::mu_");
  EXPECT_EQ(at[6], "run::local");
  EXPECT_EQ(at[7], "ns::ShardedMap::Shard::mu");
  EXPECT_EQ(at[8], "g_locks[]");
  EXPECT_EQ(at[9], "ns::registry_mutex()");
  EXPECT_EQ(at[10], "run::param");
  EXPECT_EQ(at[11], "g_mu");
  EXPECT_EQ(at[12], "ns::Cache::stripes_[]");
  EXPECT_EQ(at[13], "ns::Cache::mu_");
  EXPECT_EQ(at[14], std::nullopt);
}

TEST(LockTypes, LocksGuardsAndSynchronisationObjects) {
  auto ast = parse(R"cpp(
    #include <array>
    #include <barrier>
    #include <condition_variable>
    #include <latch>
    #include <mutex>
    #include <semaphore>
    #include <shared_mutex>
    #include <pthread.h>
    struct __attribute__((capability("mutex"))) Spin { void lock(); void unlock(); };
    struct __attribute__((scoped_lockable)) SpinGuard { SpinGuard(Spin&); ~SpinGuard(); };
    struct Derived : std::mutex {};
    std::mutex lock_1; std::recursive_mutex lock_2; std::timed_mutex lock_3; std::recursive_timed_mutex lock_4;
    std::shared_mutex lock_5; std::shared_timed_mutex lock_6; pthread_mutex_t lock_7; pthread_rwlock_t lock_8;
    pthread_spinlock_t lock_9; Spin lock_10; std::mutex lock_11[4]; std::array<pthread_mutex_t, 2> lock_12;
    Derived lock_13;
    std::lock_guard<std::mutex> guard_1(lock_1); std::unique_lock<std::timed_mutex> guard_2;
    std::scoped_lock<std::mutex> guard_3(lock_1); std::shared_lock<std::shared_mutex> guard_4;
    SpinGuard guard_5(lock_10);
    std::condition_variable sync_1; std::condition_variable_any sync_2; std::once_flag sync_3;
    pthread_cond_t sync_4; pthread_once_t sync_5; std::latch sync_6(1); std::barrier<> sync_7(1);
    std::counting_semaphore<4> sync_8(0); std::binary_semaphore sync_9(0);
    int data_1; std::mutex* data_2; struct mutex { int x; } data_3; std::array<int, 2> data_4;
  )cpp");
  ASSERT_NE(ast, nullptr);
  ASSERT_FALSE(ast->getDiagnostics().hasErrorOccurred());
  auto vars = match(varDecl(hasGlobalStorage(), isExpansionInMainFile()).bind("v"), ast->getASTContext());
  int checked = 0;
  for (const auto& node : vars) {
    const auto* var = node.getNodeAs<clang::VarDecl>("v");
    std::string name = var->getNameAsString();
    clang::QualType type = var->getType();
    SCOPED_TRACE(name);
    if (name.starts_with("lock_")) {
      EXPECT_TRUE(is_lock_type(type));
      EXPECT_FALSE(is_guard_type(type));
      EXPECT_TRUE(is_sync_type(type));
    } else if (name.starts_with("guard_")) {
      EXPECT_FALSE(is_lock_type(type));
      EXPECT_TRUE(is_guard_type(type));
      EXPECT_TRUE(is_sync_type(type));
    } else if (name.starts_with("sync_")) {
      EXPECT_FALSE(is_lock_type(type));
      EXPECT_TRUE(is_sync_type(type));
    } else if (name.starts_with("data_")) {
      EXPECT_FALSE(is_lock_type(type));
      EXPECT_FALSE(is_guard_type(type));
      EXPECT_FALSE(is_sync_type(type));
    } else {
      continue;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 31);
}

TEST(LockTypes, C11MutexInC) {
  auto ast = clang::tooling::buildASTFromCodeWithArgs(
      "#include <threads.h>\nmtx_t lock_1; cnd_t sync_1; int data_1;",
      {"-x", "c", "-std=c11", "-resource-dir", HAWK_CLANG_RESOURCE_DIR}, "names.c");
  ASSERT_NE(ast, nullptr);
  auto vars = match(varDecl(isExpansionInMainFile()).bind("v"), ast->getASTContext());
  ASSERT_EQ(vars.size(), 3u);
  for (const auto& node : vars) {
    const auto* var = node.getNodeAs<clang::VarDecl>("v");
    std::string name = var->getNameAsString();
    EXPECT_EQ(is_lock_type(var->getType()), name == "lock_1") << name;
    EXPECT_EQ(is_sync_type(var->getType()), name != "data_1") << name;
  }
}

// Real code has template patterns whose base names the template again (recursive
// metaprogramming): asking whether such a pattern is a lock must end, and say no.
TEST(LockTypes, RecursiveTemplateBasesEnd) {
  auto ast = parse(R"cpp(
    #include <mutex>
    template <int N> struct Count : Count<N - 1> {};
    template <> struct Count<0> {};
    template <class D> struct Crtp : Count<3> { D* self; };
    struct Locked : std::mutex {};
    template <int N> struct Deep : Deep<N - 1>, Locked {};
    template <> struct Deep<0> {};
    Count<3> counted;
    Deep<2> deep;
  )cpp");
  ASSERT_NE(ast, nullptr);
  auto patterns = match(classTemplateDecl(isExpansionInMainFile()).bind("t"), ast->getASTContext());
  ASSERT_GE(patterns.size(), 3u);
  for (const auto& node : patterns) {
    const auto* pattern = node.getNodeAs<clang::ClassTemplateDecl>("t")->getTemplatedDecl();
    const clang::QualType type = ast->getASTContext().getTypeDeclType(pattern);
    EXPECT_FALSE(is_guard_type(type)) << pattern->getNameAsString();
    (void)is_lock_type(type);  // must return: the answer for a pattern is not asserted
    (void)is_sync_type(type);
  }
  auto vars = match(varDecl(hasName("counted")).bind("v"), ast->getASTContext());
  ASSERT_EQ(vars.size(), 1u);
  EXPECT_FALSE(is_lock_type(vars[0].getNodeAs<clang::VarDecl>("v")->getType()));
  auto deep = match(varDecl(hasName("deep")).bind("v"), ast->getASTContext());
  ASSERT_EQ(deep.size(), 1u);
  EXPECT_TRUE(is_lock_type(deep[0].getNodeAs<clang::VarDecl>("v")->getType()));  // a lock by inheritance
}

}  // namespace
}  // namespace hawk::audit
