// Capture in rounds (driver/summary_rounds.h) over real units on disk: a lock wrapper
// defined in one unit changes what another unit's accesses hold, a wrapper of that
// wrapper in a third unit needs one more round, units that call no wrapper of another
// unit are parsed once, and a warm cache parses nothing.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include "capture/facts_action.h"
#include "driver/summary_rounds.h"
#include "driver/unit_loader.h"
#include "tool_run.h"

namespace hawk::audit {
namespace {

using clang::tooling::CompileCommand;
using testing::write_file;

const Access* access_at(const TuFacts& unit, unsigned line) {
  for (const Access& access : unit.accesses)
    if (access.pos.line == line) return &access;
  return nullptr;
}

bool holds(const Access& access, const std::string& lock) {
  return std::any_of(access.locks.begin(), access.locks.end(), [&](const HeldLock& held) { return held.lock == lock; });
}

class SummaryRoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-rounds-test", dir));
    root_ = std::string(dir);
    write_file(path("mutex.h"),
               "#pragma once\n#include <mutex>\n"
               "class Mutex { public: void Lock(); void Unlock(); private: std::mutex mu_; };\n"
               "extern Mutex g_mu;\nvoid lock_all();\nvoid unlock_all();\n");
    write_file(path("mutex.cpp"),
               "#include \"mutex.h\"\nMutex g_mu;\nvoid Mutex::Lock() { mu_.lock(); }\n"
               "void Mutex::Unlock() { mu_.unlock(); }\n");
    write_file(path("wrap.cpp"),
               "#include \"mutex.h\"\nvoid lock_all() { g_mu.Lock(); }\nvoid unlock_all() { g_mu.Unlock(); }\n");
    write_file(path("user.cpp"),
               "#include <thread>\n#include \"mutex.h\"\nlong g_direct = 0, g_nested = 0;\n"
               "void work() {\n"
               "  g_mu.Lock();\n"
               "  ++g_direct;\n"           // line 6: g_mu, by Mutex::Lock of mutex.cpp (round 2)
               "  g_mu.Unlock();\n"
               "  lock_all();\n"
               "  ++g_nested;\n"           // line 9: through wrap.cpp over mutex.cpp (round 3)
               "  unlock_all();\n"
               "}\n"
               "int main() { std::thread a(work), b(work); a.join(); b.join(); }\n");
    UnitSource source;
    source.files = {path("mutex.cpp"), path("wrap.cpp"), path("user.cpp")};
    source.fixed_flags = {"-std=c++20", "-pthread"};
    auto loaded = load_units(source);
    ASSERT_TRUE(static_cast<bool>(loaded)) << llvm::toString(loaded.takeError());
    units_ = *loaded;
  }

  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  std::string path(const std::string& name) const {
    llvm::SmallString<128> p(root_);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

  RoundsResult capture(const std::string& cache = {}) const {
    CaptureOptions options;
    options.jobs = 1;
    options.cache_dir = cache;
    options.show_progress = false;
    const RoundActionFactory action = [](TuFacts& facts, const LockSummaryTable* summaries) {
      return std::make_unique<FactsAction>(facts, summaries);
    };
    return capture_in_rounds(units_, action, options);
  }

  const TuFacts& unit(const RoundsResult& result, const std::string& name) const {
    for (const TuFacts& facts : result.units)
      if (facts.main_file == path(name)) return facts;
    ADD_FAILURE() << "no unit " << name;
    return result.units.front();
  }

  std::string root_;
  std::vector<CompileCommand> units_;
};

TEST_F(SummaryRoundsTest, WrappersOfOtherUnitsGuardTheCallersAccesses) {
  const RoundsResult result = capture();
  const TuFacts& user = unit(result, "user.cpp");
  ASSERT_TRUE(user.errors.empty());
  const Access* direct = access_at(user, 6);
  const Access* nested = access_at(user, 9);
  ASSERT_NE(direct, nullptr);
  ASSERT_NE(nested, nullptr);
  EXPECT_TRUE(holds(*direct, "g_mu"));
  EXPECT_TRUE(holds(*nested, "g_mu"));
  // user.cpp asked for the summaries it had no body of.
  EXPECT_FALSE(user.lock_queries.empty());
}

TEST_F(SummaryRoundsTest, OnlyUnitsWithNewAnswersAreCapturedAgain) {
  const RoundsResult result = capture();
  // Round 1: all three. Round 2: wrap.cpp and user.cpp (both call Mutex::Lock of mutex.cpp).
  // Round 3: user.cpp (lock_all() of wrap.cpp now acquires). mutex.cpp calls no other
  // unit's wrapper: parsed once.
  EXPECT_EQ(result.rounds, 3);
  EXPECT_EQ(result.stats.analysed, 3u + 2u + 1u);
  const TuFacts& wrap = unit(result, "wrap.cpp");
  const auto lock_all = std::find_if(wrap.functions.begin(), wrap.functions.end(),
                                     [](const Function& f) { return f.name == "lock_all"; });
  ASSERT_NE(lock_all, wrap.functions.end());
  ASSERT_EQ(lock_all->acquires_on_return.size(), 1u);
  EXPECT_EQ(lock_all->acquires_on_return.front().lock, "g_mu");
}

TEST_F(SummaryRoundsTest, WarmCacheParsesNothingAndAgrees) {
  const std::string cache = path("cache");
  const RoundsResult cold = capture(cache);
  const RoundsResult warm = capture(cache);
  EXPECT_EQ(warm.stats.analysed, 0u);
  EXPECT_EQ(warm.stats.cache_hits, cold.stats.analysed);
  const Access* nested = access_at(unit(warm, "user.cpp"), 9);
  ASSERT_NE(nested, nullptr);
  EXPECT_TRUE(holds(*nested, "g_mu"));
}

TEST_F(SummaryRoundsTest, ABrokenUnitDoesNotStopTheRounds) {
  write_file(path("wrap.cpp"), "#include \"mutex.h\"\nvoid lock_all() { g_mu.Lock( }\n");
  const RoundsResult result = capture();
  EXPECT_FALSE(unit(result, "wrap.cpp").errors.empty());
  const Access* direct = access_at(unit(result, "user.cpp"), 6);
  ASSERT_NE(direct, nullptr);
  EXPECT_TRUE(holds(*direct, "g_mu"));
}

}  // namespace
}  // namespace hawk::audit
