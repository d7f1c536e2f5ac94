// The link step on hand-built facts (the format capture produces): merge, concurrency,
// guard inference, the four core checks, ids, suppressions, inventory and scope.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "checks/check.h"
#include "link/audit.h"
#include "link/finding_id.h"
#include "link/suppressions.h"
#include "unit_builder.h"

namespace hawk::audit {
namespace {

using testing::kSrc;
using testing::Unit;
using testing::entry;
using testing::with_check;

const HeldLock kMu{"C::mu_", false};
const HeldLock kMuShared{"C::mu_", true};


AuditResult run(const Unit& unit, AuditOptions options = {}) { return audit({unit.tu}, options); }

// C with a lock: inc/add write count_ under mu_, get reads under it, reset writes and
// peek reads without it.
Unit counter_class() {
  Unit u;
  u.shared_class("C");
  Location& count = u.field("C", "count_");
  const Location count_copy = count;
  u.access(count_copy, u.method("C", "inc"), AccessKind::ReadModifyWrite, 10, {kMu});
  u.access(count_copy, u.method("C", "add"), AccessKind::ReadModifyWrite, 14, {kMu});
  u.access(count_copy, u.method("C", "get"), AccessKind::Read, 18, {kMuShared});
  u.access(count_copy, u.method("C", "reset"), AccessKind::Write, 22);
  u.access(count_copy, u.method("C", "peek"), AccessKind::Read, 26);
  return u;
}

TEST(GuardInference, MostHeldLockWithEvidence) {
  const AuditResult r = run(counter_class());
  const InventoryEntry* e = entry(r, "C::count_");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->verdict, "guarded");
  EXPECT_EQ(e->guard, "C::mu_");
  EXPECT_EQ(e->evidence, "held at 3 of 5 accesses");
  ASSERT_FALSE(r.findings.empty());
  ASSERT_TRUE(r.findings[0].guard.has_value());
  EXPECT_EQ(r.findings[0].guard->source, "inferred");
  EXPECT_EQ(r.findings[0].guard->lock, "C::mu_");
}

TEST(GuardInference, TieGoesToTheLockWritersHoldThenName) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "a"), AccessKind::Read, 10, {{"C::b_mu", false}});
  u.access(count, u.method("C", "b"), AccessKind::Write, 11, {{"C::z_mu", false}});
  const AuditResult r = run(u);
  EXPECT_EQ(entry(r, "C::count_")->guard, "C::z_mu");
  EXPECT_EQ(entry(r, "C::count_")->evidence, "held at 1 of 2 accesses");
}

TEST(GuardInference, AnnotationWins) {
  Unit u;
  u.shared_class("C");
  Location& count = u.field("C", "count_");
  count.declared_guard = "C::other_";
  const Location copy = count;
  u.access(copy, u.method("C", "inc"), AccessKind::Write, 10, {kMu});
  u.access(copy, u.method("C", "dec"), AccessKind::Write, 11, {{"C::other_", false}});
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].access.pos.line, 10u);
  EXPECT_EQ(r.findings[0].check, "inconsistent-guard");  // it holds a lock, just not the declared one
  ASSERT_TRUE(r.findings[0].guard);
  EXPECT_EQ(r.findings[0].guard->source, "annotation");
  EXPECT_EQ(r.findings[0].guard->lock, "C::other_");
}

TEST(UnguardedWrite, WriteWithoutTheGuard) {
  const AuditResult r = run(counter_class());
  const auto writes = with_check(r, "unguarded-write");
  ASSERT_EQ(writes.size(), 1u);
  const Finding& f = *writes[0];
  EXPECT_EQ(f.access.pos.line, 22u);
  EXPECT_EQ(f.access.function, "C::reset");
  EXPECT_EQ(f.message, "write to 'C::count_' without holding 'C::mu_' (held at 3 of 5 accesses)");
  // Racing first: writes (another call of reset() itself, unknown callers being many,
  // then the guarded updates), then reads; at most five.
  ASSERT_EQ(f.conflicts.size(), 5u);
  EXPECT_EQ(f.conflicts[0].pos.line, 10u);
  EXPECT_EQ(f.conflicts[2].pos.line, 22u);  // reset() again, on another thread
  EXPECT_EQ(f.conflicts[3].pos.line, 18u);
  ASSERT_TRUE(f.access.runs_on);
  EXPECT_EQ(f.access.runs_on->how, "unknown-callers");
  EXPECT_EQ(f.access.runs_on->multiplicity, "many");
  EXPECT_FALSE(f.mhp.empty());
  EXPECT_EQ(f.confidence, "medium");
  EXPECT_TRUE(f.access.via.empty());  // reset is itself an entry
  EXPECT_EQ(f.location_kind, LocationKind::Field);
}

TEST(UnguardedWrite, WriteUnderOnlyASharedHold) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "inc"), AccessKind::Write, 10, {kMu});
  u.access(count, u.method("C", "bad"), AccessKind::Write, 11, {kMuShared});
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "write-under-shared-lock");  // more specific than unguarded-write
  EXPECT_NE(r.findings[0].message.find("only shared"), std::string::npos);
}

TEST(UnguardedRead, ReadWithoutTheGuardWhileWritesHoldIt) {
  const AuditResult r = run(counter_class());
  const auto reads = with_check(r, "unguarded-read");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0]->access.pos.line, 26u);
  EXPECT_EQ(reads[0]->conflicts.size(), 3u);  // every concurrent write it can race with
  for (const AccessReport& c : reads[0]->conflicts) EXPECT_TRUE(is_write(c.kind));
  EXPECT_EQ(r.findings.size(), 2u);  // the get under a shared hold is fine
}

TEST(UnguardedRead, SilentWhenNoWriteHoldsTheGuard) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "C"), AccessKind::Write, 5).in_own_constructor_or_destructor = true;
  u.access(count, u.method("C", "a"), AccessKind::Read, 10, {kMu});
  u.access(count, u.method("C", "b"), AccessKind::Read, 11);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  // Written only in its constructor: a read under some lock does not make it guarded.
  EXPECT_EQ(entry(r, "C::count_")->verdict, "immutable");
}

TEST(Checks, SilentWhenGuardedEverywhere) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "inc"), AccessKind::ReadModifyWrite, 10, {kMu});
  u.access(count, u.method("C", "get"), AccessKind::Read, 11, {kMuShared});
  u.access(count, u.method("C", "set"), AccessKind::Write, 12, {kMu});
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
}

TEST(Checks, SilentWhenOnlyRead) {
  Unit u;
  const Location limit = u.global("g_limit");
  const Function worker = u.function("worker");
  u.thread(u.function("main"), worker, 30);
  u.access(limit, worker, AccessKind::Read, 10);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(entry(r, "g_limit")->verdict, "read-only");
}

TEST(Checks, NonConcurrentFunctionsAreNotShared) {
  Unit u;
  const Location g = u.global("g_config");
  const Function main_fn = u.function("main");
  const Function setup = u.function("setup");  // only main calls it; no thread anywhere
  u.call(main_fn, setup, 3);
  u.access(g, main_fn, AccessKind::Write, 2);
  u.access(g, setup, AccessKind::ReadModifyWrite, 8);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_TRUE(r.inventory.empty());
}

TEST(Checks, WritesBeforeThreadsStartMakeItImmutable) {
  Unit u;
  const Location g = u.global("g_config");
  const Function main_fn = u.function("main");
  const Function worker = u.function("worker");
  u.access(g, main_fn, AccessKind::Write, 2);
  u.thread(main_fn, worker, 3);
  u.access(g, worker, AccessKind::Read, 8);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(entry(r, "g_config")->verdict, "immutable");
}

TEST(Checks, OwnConstructorWritesAreNotShared) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "C"), AccessKind::Write, 5).in_own_constructor_or_destructor = true;
  u.access(count, u.method("C", "inc"), AccessKind::ReadModifyWrite, 10, {kMu});
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
}

TEST(Checks, AtomicsNeedNoLock) {
  Unit u;
  Location& hits = u.global("g_hits");
  hits.is_atomic = true;
  const Location copy = hits;
  const Function worker = u.function("worker");
  u.thread(u.function("main"), worker, 30);
  u.access(copy, worker, AccessKind::AtomicReadModifyWrite, 10);
  u.access(copy, worker, AccessKind::AtomicRead, 11);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(entry(r, "g_hits")->verdict, "atomic");
}

TEST(Checks, ThreadLocalIsNeverShared) {
  Unit u;
  Location& scratch = u.global("t_scratch");
  scratch.is_thread_local = true;
  const Location copy = scratch;
  const Function worker = u.function("worker");
  u.thread(u.function("main"), worker, 30);
  u.access(copy, worker, AccessKind::ReadModifyWrite, 10);
  u.access(copy, worker, AccessKind::Write, 11);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(entry(r, "t_scratch")->verdict, "thread-local");
}

TEST(Checks, ConstIsImmutable) {
  Unit u;
  Location& table = u.global("kTable");
  table.is_const = true;
  const Location copy = table;
  const Function worker = u.function("worker");
  u.thread(u.function("main"), worker, 30);
  u.access(copy, worker, AccessKind::Read, 10);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(entry(r, "kTable")->verdict, "immutable");
}

TEST(Concurrency, ClassWithoutLocksIsNotShared) {
  Unit u;
  const Location size = u.field("Plain", "size_");
  u.access(size, u.method("Plain", "grow"), AccessKind::ReadModifyWrite, 10);
  u.access(size, u.method("Plain", "reset"), AccessKind::Write, 11);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_TRUE(r.inventory.empty());
}

TEST(Concurrency, MethodTakingALockMakesItsClassShared) {
  Unit u;  // no ClassInfo: the lock is passed in
  const Location size = u.field("Q", "size_");
  const Function push = u.method("Q", "push");
  u.tu.functions.back().acquires_lock = true;
  u.access(size, push, AccessKind::Write, 10, {{"Q::push::m", false}});
  u.access(size, u.method("Q", "clear"), AccessKind::Write, 11);
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "unguarded-write");
  EXPECT_EQ(r.findings[0].access.pos.line, 11u);
}

TEST(Concurrency, PrivateHelperReachedFromPublicMethodIsConcurrent) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  const Function inc = u.method("C", "inc");
  const Function helper = u.method("C", "bump", Visibility::Private);
  const Function orphan = u.method("C", "never_called", Visibility::Private);
  u.call(inc, helper, 40);
  u.access(count, u.method("C", "get"), AccessKind::Read, 10, {kMu});
  u.access(count, u.method("C", "set"), AccessKind::Write, 11, {kMu});
  u.access(count, helper, AccessKind::Write, 12);
  u.access(count, orphan, AccessKind::Write, 13);
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.access.function, "C::bump");
  ASSERT_EQ(f.access.via.size(), 1u);
  EXPECT_EQ(f.access.via[0].function, "C::inc");
  EXPECT_EQ(f.access.via[0].line, 40u);
  EXPECT_EQ(f.access.via[0].file, kSrc);
}

TEST(Concurrency, HelperAlwaysCalledUnderTheLockIsGuarded) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  const Function inc = u.method("C", "inc");
  const Function add = u.method("C", "add");
  const Function helper = u.method("C", "bump_locked", Visibility::Private);
  u.call(inc, helper, 40, {kMu});
  u.call(add, helper, 41, {kMu});
  u.access(count, helper, AccessKind::ReadModifyWrite, 12);
  u.access(count, u.method("C", "get"), AccessKind::Read, 13, {kMu});
  AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(entry(r, "C::count_")->evidence, "held at 2 of 2 accesses");

  u.call(u.method("C", "sloppy"), helper, 42);  // one caller without the lock
  r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].access.function, "C::bump_locked");
}

TEST(Concurrency, UncalledMethodsOfAProgramWithAMainRunOnMain) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "get"), AccessKind::Read, 10, {kMu});
  u.access(count, u.method("C", "set"), AccessKind::Write, 11);
  const Function main_fn = u.function("main");
  EXPECT_TRUE(run(u).findings.empty());  // a whole program: nothing here calls them from two threads
  AuditOptions library;
  library.library = true;
  EXPECT_EQ(run(u, library).findings.size(), 1u);  // --library: any thread may call them
}

TEST(Concurrency, LambdaInheritsItsParentAndThreadLambdaIsAnEntry) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  const Function run_method = u.method("C", "run");
  const Function inner = u.lambda(run_method.key, 50);
  u.access(count, u.method("C", "get"), AccessKind::Read, 10, {kMu});
  u.access(count, u.method("C", "set"), AccessKind::Write, 11, {kMu});
  u.access(count, inner, AccessKind::Write, 51);
  const Location g = u.global("g_total");
  const Function main_fn = u.function("main");
  const Function body = u.lambda(main_fn.key, 60);
  u.thread_in_loop(main_fn, body, 60);
  u.access(g, body, AccessKind::ReadModifyWrite, 61);
  AuditOptions library;  // C's methods are not called here: a library's, for unknown callers
  library.library = true;
  const AuditResult r = run(u, library);
  ASSERT_EQ(r.findings.size(), 2u);
  // The surer finding first: the lambda's threads are seen starting; C's callers are not.
  EXPECT_EQ(r.findings[0].check, "non-atomic-rmw");
  EXPECT_TRUE(r.findings[0].access.via.empty());
  EXPECT_EQ(r.findings[0].confidence, "high");
  EXPECT_EQ(r.findings[1].check, "unguarded-write");
  ASSERT_EQ(r.findings[1].access.via.size(), 1u);
  EXPECT_EQ(r.findings[1].access.via[0].function, "C::run");
  EXPECT_EQ(r.findings[1].confidence, "medium");
}

TEST(NonAtomicRmw, IncrementFromThreadsWithNoLock) {
  Unit u;
  const Location g = u.global("g_count");
  const Function worker = u.function("worker");
  u.thread_in_loop(u.function("main"), worker, 30);
  u.access(g, worker, AccessKind::ReadModifyWrite, 10, {}, "g_count++;");
  u.access(g, worker, AccessKind::Read, 11);
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "non-atomic-rmw");
  EXPECT_FALSE(r.findings[0].guard.has_value());
  EXPECT_EQ(entry(r, "g_count")->verdict, "unguarded");
}

TEST(NonAtomicRmw, SplitAtomicUpdate) {
  Unit u;
  Location& a = u.global("g_a");
  a.is_atomic = true;
  const Location copy = a;
  const Function worker = u.function("worker");
  u.thread_in_loop(u.function("main"), worker, 30);
  u.access(copy, worker, AccessKind::AtomicRead, 10);
  u.access(copy, worker, AccessKind::AtomicWrite, 10).split_atomic_update = true;
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "non-atomic-rmw");
  EXPECT_EQ(r.findings[0].access.kind, AccessKind::AtomicWrite);
  EXPECT_FALSE(r.findings[0].guard.has_value());
}

TEST(UnprotectedSharedWrite, PlainWriteWithNoLockAnywhere) {
  Unit u;
  const Location g = u.global("g_flag");
  const Function worker = u.function("worker");
  const Function helper = u.function("set_flag");
  u.thread_in_loop(u.function("main"), worker, 30);
  u.call(worker, helper, 20);
  u.access(g, helper, AccessKind::Write, 10);
  u.access(g, worker, AccessKind::Read, 21);
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.check, "unprotected-shared-write");
  EXPECT_FALSE(f.guard.has_value());
  ASSERT_EQ(f.conflicts.size(), 2u);  // itself on another thread of worker, and the read
  EXPECT_EQ(f.conflicts[0].pos.line, 10u);
  EXPECT_EQ(f.conflicts[1].pos.line, 21u);
  ASSERT_EQ(f.access.via.size(), 1u);
  EXPECT_EQ(f.access.via[0].function, "worker");
  EXPECT_EQ(f.access.via[0].line, 20u);
}

TEST(Checks, OneFindingPerAccessAndSortedByPosition) {
  Unit u = counter_class();
  const Location g = u.global("g_count");
  const Function worker = u.function("worker");
  u.thread_in_loop(u.function("main"), worker, 30);
  u.access(g, worker, AccessKind::ReadModifyWrite, 10);
  u.access(g, worker, AccessKind::Write, 11);
  AuditOptions library;  // C's methods are not called here: a library's, for unknown callers
  library.library = true;
  const AuditResult r = run(u, library);
  std::set<std::tuple<SourcePos, AccessKind, std::string>> seen;
  for (const Finding& f : r.findings)
    EXPECT_TRUE(seen.insert({f.access.pos, f.access.kind, f.location_name}).second) << f.message;
  EXPECT_EQ(r.findings.size(), 4u);
  EXPECT_TRUE(std::is_sorted(r.findings.begin(), r.findings.end(),
                             [](const Finding& a, const Finding& b) { return a.access.pos < b.access.pos; }));
  EXPECT_EQ(all_checks().size(), 10u);
}

TEST(FindingIds, StableWhenLinesMoveDistinctOtherwise) {
  Unit before = counter_class();
  Unit after = counter_class();
  for (Access& a : after.tu.accesses) {
    a.pos.line += 17;
    a.line_text = "  " + a.line_text + "   // a comment";
  }
  const AuditResult r1 = run(before);
  const AuditResult r2 = run(after);
  ASSERT_EQ(r1.findings.size(), r2.findings.size());
  for (std::size_t i = 0; i < r1.findings.size(); ++i) {
    EXPECT_EQ(r1.findings[i].id, r2.findings[i].id);
    EXPECT_EQ(r1.findings[i].id.size(), 16u);
  }
  EXPECT_NE(r1.findings[0].id, r1.findings[1].id);
}

TEST(FindingIds, SameStatementTwiceInOneFunctionGetsTwoIds) {
  Unit u;
  const Location g = u.global("g_flag");
  const Function worker = u.function("worker");
  u.thread_in_loop(u.function("main"), worker, 30);
  u.access(g, worker, AccessKind::Write, 10, {}, "g_flag = 1;");
  u.access(g, worker, AccessKind::Write, 12, {}, "g_flag  =  1;");
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_NE(r.findings[0].id, r.findings[1].id);
  EXPECT_EQ(r.findings[0].id, finding_id("unprotected-shared-write", "g_flag", "worker", "g_flag = 1;"));
}

TEST(FindingIds, NormalisedLineKeepsStringsDropsComments) {
  EXPECT_EQ(normalise_line("  x  =\t1; // hi"), "x = 1;");
  EXPECT_EQ(normalise_line("s = \"a  //b\"; /* c */"), "s = \"a  //b\";");
}

class SuppressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hawk_link_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    file_ = (dir_ / "s.cpp").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::vector<std::string>& lines) {
    std::ofstream out(file_);
    for (const std::string& line : lines) out << line << "\n";
  }
  std::filesystem::path dir_;
  std::string file_;
};

TEST_F(SuppressionTest, WithReasonSuppressesWithoutReasonDoesNot) {
  write({"void worker() {", "  g_a = 1;  // hawk-audit: ignore(unprotected-shared-write): set once, benign",
         "  // hawk-audit: ignore(*): documented benign race", "  g_b = 1;",
         "  g_c = 1;  // hawk-audit: ignore(unprotected-shared-write)",
         "  g_d = 1;  // hawk-audit: ignore(unguarded-write): wrong check", "}"});
  Unit u(file_);
  const Function worker = u.function("worker");
  u.thread_in_loop(u.function("main"), worker, 30);
  unsigned line = 2;
  for (const char* name : {"g_a", "g_b", "g_c", "g_d"}) {
    if (line == 3) ++line;
    Access& a = u.access(u.global(name), worker, AccessKind::Write, line++);
    a.pos.file = file_;
  }
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 4u);
  EXPECT_TRUE(r.findings[0].suppressed);
  EXPECT_EQ(r.findings[0].suppression_reason, "set once, benign");
  EXPECT_TRUE(r.findings[1].suppressed);
  EXPECT_EQ(r.findings[1].suppression_reason, "documented benign race");
  EXPECT_FALSE(r.findings[2].suppressed);
  EXPECT_NE(r.findings[2].message.find("give a reason"), std::string::npos);
  EXPECT_FALSE(r.findings[3].suppressed);
  EXPECT_EQ(r.findings[3].message.find("give a reason"), std::string::npos);
}

TEST(Suppression, ParsesListsAndPrefixes) {
  auto s = parse_suppression("x++; // hawk-audit: ignore(hawk-non-atomic-rmw, unguarded-read): stats only");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->covers("non-atomic-rmw"));
  EXPECT_TRUE(s->covers("unguarded-read"));
  EXPECT_FALSE(s->covers("unguarded-write"));
  EXPECT_EQ(s->reason, "stats only");
  EXPECT_FALSE(parse_suppression("x++; // nothing here"));
}

TEST(Merge, HeaderAccessesFromTwoUnitsCountOnce) {
  auto make = [](const std::string& main_file) {
    Unit u(main_file);
    u.shared_class("C");
    const Location count = u.field("C", "count_");
    Access& w = u.access(count, u.method("C", "inc"), AccessKind::Write, 10, {kMu});
    w.pos.file = "/proj/app/c.h";
    Access& bad = u.access(count, u.method("C", "reset"), AccessKind::Write, 12);
    bad.pos.file = "/proj/app/c.h";
    return u.tu;
  };
  const AuditResult r = audit({make("/proj/app/a.cpp"), make("/proj/app/b.cpp")}, {});
  EXPECT_EQ(r.stats.translation_units, 2u);
  EXPECT_EQ(r.stats.accesses, 2u);
  EXPECT_EQ(r.stats.functions, 2u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].conflicts.size(), 2u);  // reset() on another thread, and inc()
  ASSERT_EQ(r.inventory.size(), 1u);
  EXPECT_EQ(r.inventory[0].evidence, "held at 1 of 2 accesses");
}

TEST(Merge, ErrorsAreConcatenated) {
  Unit a("/proj/a.cpp");
  a.tu.errors.push_back({"/proj/a.cpp", "error: x"});
  Unit b("/proj/b.cpp");
  b.tu.errors.push_back({"/proj/b.cpp", "error: y"});
  const AuditResult r = audit({a.tu, b.tu}, {});
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[1].file, "/proj/b.cpp");
}

TEST(Inventory, ModulesUnderTheDefaultRootAndExternal) {
  Unit router("/proj/router/r.cpp");
  const Function worker = router.function("worker");
  router.thread_in_loop(router.function("main"), worker, 30);
  router.access(router.global("g_routes", "/proj/router/table.h"), worker, AccessKind::Write, 10);
  router.access(router.global("g_cache", "/proj/di/cache.h"), worker, AccessKind::Read, 11);
  router.access(router.global("errno_like", "/usr/include/x.h"), worker, AccessKind::Read, 12);
  Unit di("/proj/di/d.cpp");
  const AuditResult r = audit({router.tu, di.tu}, {});
  ASSERT_EQ(r.inventory.size(), 3u);
  EXPECT_EQ(r.inventory[0].module, "(external)");
  EXPECT_EQ(r.inventory[1].module, "di");
  EXPECT_EQ(r.inventory[1].name, "g_cache");
  EXPECT_EQ(r.inventory[2].module, "router");
  EXPECT_EQ(r.inventory[2].verdict, "unguarded");

  AuditOptions options;
  options.source_roots = {"/proj/router"};
  const AuditResult rooted = audit({router.tu, di.tu}, options);
  EXPECT_EQ(entry(rooted, "g_routes")->module, "table.h");
  EXPECT_EQ(entry(rooted, "g_cache")->module, "(external)");
}

TEST(Inventory, SeveralRootsMapHeadersAndSourcesToOneModule) {
  Unit u("/proj/src/router/r.cpp");
  const Function worker = u.function("worker");
  u.thread(u.function("main"), worker, 30);
  u.access(u.global("g_table", "/proj/include/proj/router/table.h"), worker, AccessKind::Write, 10);
  u.access(u.global("g_cache", "/proj/src/router/cache.cpp"), worker, AccessKind::Write, 11);
  u.access(u.global("g_other", "/proj/include/other.h"), worker, AccessKind::Write, 12);
  AuditOptions options;
  // /proj/include is a root too, but the deeper /proj/include/proj names the module.
  options.source_roots = {"/proj/include", "/proj/include/proj", "/proj/src"};
  const AuditResult r = audit({u.tu}, options);
  EXPECT_EQ(entry(r, "g_table")->module, "router");
  EXPECT_EQ(entry(r, "g_cache")->module, "router");
  EXPECT_EQ(entry(r, "g_other")->module, "other.h");
}

TEST(Scope, OnlyFilesKeepsFindingsInThem) {
  Unit u;
  const Function worker = u.function("worker");
  u.thread_in_loop(u.function("main"), worker, 30);
  u.access(u.global("g_a"), worker, AccessKind::Write, 10);
  Access& other = u.access(u.global("g_b"), worker, AccessKind::Write, 11);
  other.pos.file = "/proj/app/other.cpp";
  AuditOptions options;
  options.only_files = {"/proj/app/other.cpp"};
  const AuditResult r = run(u, options);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location_name, "g_b");
  EXPECT_EQ(r.inventory.size(), 2u);  // the inventory is whole-program
}

}  // namespace
}  // namespace hawk::audit
