// hawk-audit mutate: guard sites found by the locks layer's recognisers (each guard kind,
// its lock name and the ranges cut; lock/unlock pairs cut together; try-locks and the
// lock primitives themselves are no sites), mutants that compile and differ from the
// original only by the cut, the user's file untouched, and the CLI contract.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <nlohmann/json.hpp>

#include "mutate/mutant_writer.h"
#include "mutate/site_listing.h"
#include "tool_run.h"

namespace {

using hawk::audit::GuardSite;
using hawk::audit::testing::read_file;
using hawk::audit::testing::run_tool;
using hawk::audit::testing::ToolRun;
using hawk::audit::testing::write_file;

// One function per kind of site, and the cases that are not sites.
constexpr const char* kSnippet = R"cpp(#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <pthread.h>

#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))

class CAPABILITY("mutex") Lock {
 public:
  void lock() ACQUIRE() { mu_.lock(); }
  void unlock() RELEASE() { mu_.unlock(); }
 private:
  std::mutex mu_;
};

class SCOPED_CAPABILITY Guard {
 public:
  explicit Guard(Lock& lock) ACQUIRE(lock) : lock_(lock) { lock_.lock(); }
  ~Guard() RELEASE() { lock_.unlock(); }
 private:
  Lock& lock_;
};

std::mutex mu;
std::shared_mutex smu;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
std::condition_variable cv;
Lock alock;
int counter;

void lock_guard_site() { std::lock_guard<std::mutex> g(mu); ++counter; }
void unique_lock_site() { std::unique_lock<std::mutex> u(mu); ++counter; }
void scoped_lock_site() { std::scoped_lock s(mu); ++counter; }
int shared_lock_site() { std::shared_lock<std::shared_mutex> r(smu); return counter; }
void annotated_guard_site() { Guard g(alock); ++counter; }
void lock_call_site() {
  mu.lock();
  ++counter;
  mu.unlock();
}
void pthread_site() {
  pthread_mutex_lock(&pm);
  ++counter;
  pthread_mutex_unlock(&pm);
}
void annotated_call_site() {
  alock.lock();
  ++counter;
  alock.unlock();
}
void relock_site() {
  mu.lock();
  ++counter;
  mu.unlock();
  mu.lock();
  --counter;
  mu.unlock();
}
void branch_site(bool b) {
  if (b) pthread_mutex_lock(&pm);
  ++counter;
  if (b) pthread_mutex_unlock(&pm);
}
void lambda_site() {
  auto f = [] { std::lock_guard<std::mutex> g(mu); ++counter; };
  f();
}
bool try_lock_is_no_site() {
  if (mu.try_lock()) {
    ++counter;
    mu.unlock();
    return true;
  }
  std::unique_lock<std::mutex> t(mu, std::try_to_lock);
  return t.owns_lock();
}
void guard_in_if_header() {
  if (std::lock_guard<std::mutex> h(mu); counter > 0) ++counter;
}
void guard_used_later() {
  std::unique_lock<std::mutex> w(mu);
  cv.wait(w, [] { return counter > 0; });
}
)cpp";

class MutateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir, real;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-mutate-test", dir));
    ASSERT_FALSE(llvm::sys::fs::real_path(dir, real));
    root_ = std::string(real);
    ASSERT_FALSE(llvm::sys::fs::create_directories(path("tree/src")));
    write_file(path("tree/src/sites.cpp"), kSnippet);
    original_ = kSnippet;
  }
  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  std::string path(llvm::StringRef name) const {
    llvm::SmallString<128> p(root_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  std::vector<GuardSite> list_sites() {
    clang::tooling::CompileCommand unit(path("tree"), path("tree/src/sites.cpp"),
                                        {"clang++", "-std=c++20", "-c", path("tree/src/sites.cpp")}, "");
    auto listing = hawk::audit::list_guard_sites({unit}, path("tree"), 1);
    EXPECT_TRUE(listing.errors.empty()) << (listing.errors.empty() ? "" : listing.errors.front().message);
    return listing.sites;
  }

  const GuardSite* in_function(const std::vector<GuardSite>& sites, const std::string& function, std::size_t nth = 0) {
    for (const GuardSite& site : sites)
      if (site.function == function && nth-- == 0) return &site;
    return nullptr;
  }

  // Compiles `file` as the snippet was: a mutant must still be valid code.
  bool compiles(const std::string& file) {
    ToolRun run = run_tool(HAWK_MUTATE_CXX, {"-std=c++20", "-fsyntax-only", file}, root_);
    if (run.status != 0) ADD_FAILURE() << run.err;
    return run.status == 0;
  }

  std::string root_;
  std::string original_;
};

TEST_F(MutateTest, FindsEachGuardKindWithItsLockAndStatement) {
  const std::vector<GuardSite> sites = list_sites();
  struct Expected {
    const char* function;
    GuardSite::Kind kind;
    const char* text;
  };
  const Expected expected[] = {
      {"lock_guard_site", GuardSite::Kind::GuardDeclaration, "std::lock_guard<std::mutex> g(mu);"},
      {"unique_lock_site", GuardSite::Kind::GuardDeclaration, "std::unique_lock<std::mutex> u(mu);"},
      {"scoped_lock_site", GuardSite::Kind::GuardDeclaration, "std::scoped_lock s(mu);"},
      {"shared_lock_site", GuardSite::Kind::GuardDeclaration, "std::shared_lock<std::shared_mutex> r(smu);"},
      {"annotated_guard_site", GuardSite::Kind::GuardDeclaration, "Guard g(alock);"},
      {"pthread_site", GuardSite::Kind::LockCall, "pthread_mutex_lock(&pm);"},
      {"annotated_call_site", GuardSite::Kind::LockCall, "alock.lock();"},
      {"lambda_site::(lambda)", GuardSite::Kind::GuardDeclaration, "std::lock_guard<std::mutex> g(mu);"},
  };
  for (const Expected& want : expected) {
    const GuardSite* site = in_function(sites, want.function);
    ASSERT_NE(site, nullptr) << want.function;
    EXPECT_EQ(site->kind, want.kind) << want.function;
    ASSERT_TRUE(site->removable()) << want.function << ": " << site->why_not;
    EXPECT_EQ(site->ranges.front().text, want.text) << want.function;
    EXPECT_EQ(site->path, "src/sites.cpp");
    EXPECT_EQ(site->id, site->path + ":" + std::to_string(site->line) + ":" + std::to_string(site->column) + ":" +
                            hawk::audit::kind_name(site->kind));
  }
  EXPECT_EQ(in_function(sites, "lock_guard_site")->lock, "mu");
  EXPECT_EQ(in_function(sites, "shared_lock_site")->lock, "smu");
  EXPECT_EQ(in_function(sites, "pthread_site")->lock, "pm");
  EXPECT_EQ(in_function(sites, "annotated_guard_site")->lock, "alock");
  EXPECT_EQ(in_function(sites, "annotated_call_site")->lock, "alock");
}

TEST_F(MutateTest, LockCallsAreCutWithTheirUnlocks) {
  const std::vector<GuardSite> sites = list_sites();
  const GuardSite* call = in_function(sites, "lock_call_site");
  ASSERT_NE(call, nullptr);
  ASSERT_EQ(call->ranges.size(), 2U);
  EXPECT_EQ(call->ranges[0].text, "mu.lock();");
  EXPECT_EQ(call->ranges[1].text, "mu.unlock();");
  EXPECT_EQ(in_function(sites, "pthread_site")->ranges.back().text, "pthread_mutex_unlock(&pm);");
  // Lock, unlock, lock, unlock: each lock takes only the unlock that follows it.
  const GuardSite* first = in_function(sites, "relock_site", 0);
  const GuardSite* second = in_function(sites, "relock_site", 1);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_EQ(first->ranges.size(), 2U);
  ASSERT_EQ(second->ranges.size(), 2U);
  EXPECT_LT(first->ranges[1].begin, second->ranges[0].begin);
  EXPECT_GT(second->ranges[1].begin, second->ranges[0].begin);
  // The body of an if becomes an empty statement, so the if stays well-formed.
  const GuardSite* branch = in_function(sites, "branch_site");
  ASSERT_NE(branch, nullptr);
  ASSERT_EQ(branch->ranges.size(), 2U);
  EXPECT_EQ(branch->ranges[0].text, "pthread_mutex_lock(&pm);");
  EXPECT_EQ(branch->ranges[0].replacement, ";");
  EXPECT_EQ(branch->ranges[1].replacement, ";");
}

TEST_F(MutateTest, TryLocksAndLockPrimitivesAreNoSites) {
  const std::vector<GuardSite> sites = list_sites();
  EXPECT_EQ(in_function(sites, "try_lock_is_no_site"), nullptr);
  EXPECT_EQ(in_function(sites, "Lock::lock"), nullptr);
  EXPECT_EQ(in_function(sites, "Guard::Guard"), nullptr);
  // A guard the code goes on using cannot be cut out: listed, with the reason.
  const GuardSite* used = in_function(sites, "guard_used_later");
  ASSERT_NE(used, nullptr);
  EXPECT_FALSE(used->removable());
  EXPECT_FALSE(used->why_not.empty());
  // So can a guard declared in an if's header.
  const GuardSite* in_header = in_function(sites, "guard_in_if_header");
  ASSERT_NE(in_header, nullptr);
  EXPECT_FALSE(in_header->removable());
  // 6 guards (the lambda's too), 6 lock calls (relock has 2), the 2 guards that stay.
  EXPECT_EQ(sites.size(), 14U);
}

TEST_F(MutateTest, MutantCompilesAndDiffersOnlyByTheCut) {
  for (const GuardSite& site : list_sites()) {
    if (!site.removable()) continue;
    auto written = hawk::audit::write_mutant(site, path("copy"));
    ASSERT_TRUE(static_cast<bool>(written)) << llvm::toString(written.takeError());
    EXPECT_EQ(*written, path("copy/src/sites.cpp"));
    const std::string mutant = read_file(*written);
    std::string expected = original_;
    for (auto range = site.ranges.rbegin(); range != site.ranges.rend(); ++range)
      expected.replace(range->begin, range->end - range->begin, range->replacement);
    EXPECT_EQ(mutant, expected) << site.id;
    EXPECT_NE(mutant, original_) << site.id;
    EXPECT_TRUE(compiles(*written)) << site.id;
  }
  EXPECT_EQ(read_file(path("tree/src/sites.cpp")), original_);
}

TEST_F(MutateTest, NeverWritesOverTheOriginalOrAChangedFile) {
  const std::vector<GuardSite> sites = list_sites();
  const GuardSite* site = in_function(sites, "lock_guard_site");
  ASSERT_NE(site, nullptr);
  auto over_original = hawk::audit::write_mutant(*site, path("tree"));
  ASSERT_FALSE(static_cast<bool>(over_original));
  EXPECT_NE(llvm::toString(over_original.takeError()).find("refusing"), std::string::npos);
  EXPECT_EQ(read_file(path("tree/src/sites.cpp")), original_);
  // The listing is stale once the file changes: no mutant of text that is not there.
  write_file(path("tree/src/sites.cpp"), "// edited\n" + original_);
  EXPECT_FALSE(static_cast<bool>(hawk::audit::mutant_text(*site)));
}

TEST_F(MutateTest, CommandLineContract) {
  auto run = [&](std::vector<std::string> args) { return run_tool(HAWK_AUDIT_BINARY, std::move(args), root_); };
  const std::string file = path("tree/src/sites.cpp");
  ToolRun listed = run({"mutate", "--list", "--format", "json", "--root", path("tree"), "-o", path("sites.json"), file,
                        "--", "-std=c++20"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  const nlohmann::json json = nlohmann::json::parse(read_file(path("sites.json")));
  ASSERT_EQ(json["sites"].size(), 14U);
  const nlohmann::json& first = json["sites"][0];
  for (const char* key : {"id", "file", "path", "line", "column", "function", "lock", "kind", "removable", "ranges"})
    EXPECT_TRUE(first.contains(key)) << key;
  std::string id;
  for (const nlohmann::json& site : json["sites"])
    if (site["function"] == "lock_call_site") id = site["id"];
  ASSERT_FALSE(id.empty());

  ToolRun text = run({"mutate", "--list", "--root", path("tree"), file, "--", "-std=c++20"});
  EXPECT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find(id), std::string::npos);
  EXPECT_NE(text.out.find("14 guard site(s)"), std::string::npos);

  // From the listing file, and by parsing again: the same mutant.
  ToolRun from_file = run({"mutate", "--apply", id, "--sites", path("sites.json"), "--to", path("copy1")});
  ASSERT_EQ(from_file.status, 0) << from_file.err;
  EXPECT_EQ(from_file.out, path("copy1/src/sites.cpp") + "\n");
  ToolRun parsed = run({"mutate", "--apply", id, "--to", path("copy2"), "--root", path("tree"), file, "--", "-std=c++20"});
  ASSERT_EQ(parsed.status, 0) << parsed.err;
  const std::string mutant = read_file(path("copy1/src/sites.cpp"));
  EXPECT_EQ(mutant, read_file(path("copy2/src/sites.cpp")));
  EXPECT_EQ(mutant.find("  mu.lock();\n  ++counter;\n  mu.unlock();\n}\nvoid pthread"), std::string::npos);
  EXPECT_EQ(read_file(file), original_);

  EXPECT_EQ(run({"mutate", "--apply", "src/sites.cpp:1:1:lock-call", "--sites", path("sites.json"), "--to", path("c")})
                .status,
            2);
  EXPECT_EQ(run({"mutate", "--apply", id, "--sites", path("sites.json")}).status, 2);  // no --to
  EXPECT_EQ(run({"mutate", "--apply", id, "--sites", path("sites.json"), "--to", path("tree")}).status, 2);
  EXPECT_EQ(run({"mutate", "--sites", path("sites.json")}).status, 2);  // neither --list nor --apply
  EXPECT_EQ(run({"mutate", "--list", "--format", "summary", file, "--", "-std=c++20"}).status, 2);
  EXPECT_EQ(read_file(file), original_);
}

}  // namespace
