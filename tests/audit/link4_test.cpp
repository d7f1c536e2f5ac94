// The link step's whole-program depth on hand-built facts: thread phases, locks held on
// entry (callers', REQUIRES), NO_THREAD_SAFETY_ANALYSIS, declared guards (GUARDED_BY,
// PT_GUARDED_BY), the checks lazy-init-race, write-under-shared-lock,
// guarded-ref-escape, inconsistent-guard, lock-order-inversion, and suggested annotations.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "checks/check.h"
#include "link/annotations.h"
#include "link/audit.h"
#include "unit_builder.h"

namespace hawk::audit {
namespace {

using testing::kSrc;
using testing::Unit;
using testing::entry;
using testing::with_check;

const HeldLock kMu{"C::mu_", false};
const HeldLock kMuShared{"C::mu_", true};
const HeldLock kGMu{"g_mu", false};


std::vector<unsigned> lines(const AuditResult& r) {
  std::vector<unsigned> out;
  for (const Finding& f : r.findings) out.push_back(f.access.pos.line);
  return out;
}

AuditResult run(const Unit& unit) { return audit({unit.tu}, {}); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---- thread phases -------------------------------------------------------------------

TEST(ThreadPhases, CreatorRacesOnlyBetweenStartAndJoin) {
  Unit u;
  const Location g = u.global("g_total");
  const Function main_fn = u.function("main");
  const Function worker = u.function("worker");
  u.access(g, main_fn, AccessKind::Write, 2);  // before the start
  u.thread(main_fn, worker, 3);
  u.access(g, main_fn, AccessKind::Write, 4).threads_running = u.running(main_fn);  // threads run
  u.access(g, main_fn, AccessKind::Read, 9);                                // after the join
  u.access(g, worker, AccessKind::Read, 20);
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "unprotected-shared-write");
  EXPECT_EQ(r.findings[0].access.pos.line, 4u);
  EXPECT_TRUE(r.findings[0].access.via.empty());
  ASSERT_EQ(r.findings[0].conflicts.size(), 1u);
  EXPECT_EQ(r.findings[0].conflicts[0].pos.line, 20u);
}

TEST(ThreadPhases, NothingMarkedMeansNoRaceWithTheCreator) {
  Unit u;
  const Location g = u.global("g_total");
  const Function main_fn = u.function("main");
  const Function worker = u.function("worker");
  u.thread(main_fn, worker, 3);
  u.access(g, main_fn, AccessKind::Write, 9);  // after join
  u.access(g, worker, AccessKind::Read, 20);
  EXPECT_TRUE(run(u).findings.empty());
}

TEST(ThreadPhases, CalleesOfCallsWhileThreadsRunAreConcurrentWithTheCallInTheChain) {
  Unit u;
  const Location g = u.global("g_total");
  const Function main_fn = u.function("main");
  const Function worker = u.function("worker");
  const Function setup = u.function("setup");
  const Function update = u.function("update");
  u.call(main_fn, setup, 2);  // before the start: not concurrent
  u.thread(main_fn, worker, 3);
  u.phase_call(main_fn, update, 5);
  u.access(g, setup, AccessKind::Write, 40);
  u.access(g, update, AccessKind::Write, 30);
  u.access(g, worker, AccessKind::Read, 20);
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.access.pos.line, 30u);
  ASSERT_EQ(f.access.via.size(), 1u);
  EXPECT_EQ(f.access.via[0].function, "main");
  EXPECT_EQ(f.access.via[0].line, 5u);
}

TEST(ThreadPhases, CreatorCallsUnderTheLockCountForHeldOnEntry) {
  Unit u;
  const Location g = u.global("g_total");
  const Function main_fn = u.function("main");
  const Function worker = u.function("worker");
  const Function bump = u.function("bump");
  u.thread(main_fn, worker, 3);
  u.phase_call(main_fn, bump, 5, {kGMu});
  u.call(worker, bump, 21, {kGMu});
  u.access(g, bump, AccessKind::ReadModifyWrite, 30);
  u.access(g, worker, AccessKind::Read, 22, {kGMu});
  AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  ASSERT_NE(entry(r, "g_total"), nullptr);
  EXPECT_EQ(entry(r, "g_total")->guard, "g_mu");
  EXPECT_EQ(entry(r, "g_total")->evidence, "held at 2 of 2 accesses");

  u.phase_call(main_fn, bump, 6);  // once without the lock while the worker runs
  r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].access.function, "bump");
}

TEST(ThreadPhases, LambdasRunWhileTheCreatorsThreadsRunRaceWithThemAndReachFurther) {
  Unit u;
  const Location g = u.global("g_total");
  const Function main_fn = u.function("main");
  const Function worker = u.function("worker");
  const Function helper = u.function("helper");
  u.thread(main_fn, worker, 3);
  // std::for_each(.., [&] { g_total = 1; helper(); }) while the worker runs.
  const Function handed_on = u.lambda(main_fn.key, 5);
  u.tu.functions.back().threads_running_at_use = u.running(main_fn);
  const Function afterwards = u.lambda(main_fn.key, 9);  // run only after the join
  u.access(g, handed_on, AccessKind::Write, 5);
  u.call(handed_on, helper, 5);
  u.access(g, helper, AccessKind::Write, 30);
  u.access(g, afterwards, AccessKind::Write, 9);
  u.access(g, worker, AccessKind::Read, 20);
  const AuditResult r = run(u);
  ASSERT_EQ(lines(r), (std::vector<unsigned>{5, 30}));
  ASSERT_EQ(r.findings[0].access.via.size(), 1u);
  EXPECT_EQ(r.findings[0].access.via[0].function, "main");
  EXPECT_EQ(r.findings[0].access.via[0].line, 5u);  // where the lambda is written
  EXPECT_EQ(r.findings[1].access.via.size(), 2u);   // main, then the lambda's call

  for (Function& f : u.tu.functions)  // the same lambda, run only before the start
    if (f.key == handed_on.key) f.threads_running_at_use.clear();
  EXPECT_TRUE(run(u).findings.empty());
}

TEST(ThreadPhases, ThreadEntriesRaceWithThemselvesOnlyWhenStartedManyTimes) {
  Unit once;
  const Location g = once.global("g_total");
  const Function worker = once.function("worker");
  once.thread(once.function("main"), worker, 3);
  once.access(g, worker, AccessKind::Write, 20);
  EXPECT_TRUE(run(once).findings.empty());  // one thread: nothing to race with

  Unit looped;
  const Function looped_worker = looped.function("worker");
  looped.thread_in_loop(looped.function("main"), looped_worker, 3);
  looped.access(looped.global("g_total"), looped_worker, AccessKind::Write, 20);
  const AuditResult r = run(looped);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "unprotected-shared-write");
  ASSERT_EQ(r.findings[0].conflicts.size(), 1u);  // the same write, on another thread of worker
  EXPECT_EQ(r.findings[0].conflicts[0].pos.line, 20u);
  EXPECT_EQ(r.findings[0].access.runs_on->multiplicity, "many");
  EXPECT_EQ(r.findings[0].access.runs_on->how, "start");
  EXPECT_EQ(r.findings[0].confidence, "high");
}

// A helper the workers reach only inside one once's body, and the tuner both inside it and
// through a plain call: the workers never pair with each other, the tuner pairs with them,
// and the chain shown for the tuner is the plain one (through the once it would be no path
// on which the pair overlaps).
TEST(ThreadPhases, ChainShownForAPairAvoidsTheOnceItsPartnerRunsIn) {
  Unit u;
  const Location g = u.global("g_size");
  const Function main_fn = u.function("main");
  const Function worker = u.function("worker");
  const Function tuner = u.function("tuner");
  const Function maintain = u.function("maintain");
  const Function helper = u.function("resize");
  u.thread_in_loop(main_fn, worker, 2);
  u.thread(main_fn, tuner, 3);
  for (auto [caller, line] : {std::pair{worker, 10u}, std::pair{tuner, 30u}}) {
    CallSite& once = u.call(caller, helper, line);
    once.once = OnceVia::PthreadOnce;
    once.once_flag = "g_once";
  }
  u.call(tuner, maintain, 31);
  u.call(maintain, helper, 40);
  u.access(g, helper, AccessKind::Write, 50);
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  std::vector<const AccessReport*> sides{&f.access};
  for (const AccessReport& c : f.conflicts) sides.push_back(&c);
  bool worker_seen = false, tuner_seen = false;
  for (const AccessReport* side : sides) {
    ASSERT_FALSE(side->via.empty());
    if (side->via.front().function == "worker") {
      worker_seen = true;
    } else {
      ASSERT_EQ(side->via.front().function, "tuner");
      tuner_seen = true;
      ASSERT_EQ(side->via.size(), 2u);
      EXPECT_EQ(side->via[0].line, 31u);  // through maintain, not the once call at line 30
      EXPECT_EQ(side->via[1].function, "maintain");
    }
  }
  EXPECT_TRUE(worker_seen);
  EXPECT_TRUE(tuner_seen);
  // The workers, each inside the once, are no pair of each other.
  if (f.access.via.front().function == "worker")
    for (const AccessReport& c : f.conflicts) EXPECT_NE(c.via.front().function, "worker");
}

// ---- interprocedural locks and annotations on functions ------------------------------

TEST(Interprocedural, RequiresMeansHeldOnEntryWhateverTheCallers) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  Function helper = u.method("C", "add_locked", Visibility::Private);
  u.tu.functions.back().requires_locks = {kMu};
  u.call(u.method("C", "sloppy"), helper, 40);  // clang flags this call, not us
  u.access(count, helper, AccessKind::ReadModifyWrite, 12);
  u.access(count, u.method("C", "get"), AccessKind::Read, 13, {kMu});
  // A public method may REQUIRE too: its callers hold the lock.
  Function pub = u.method("C", "set_locked");
  u.tu.functions.back().requires_locks = {kMu};
  u.access(count, pub, AccessKind::Write, 14);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(entry(r, "C::count_")->evidence, "held at 3 of 3 accesses");
}

TEST(Interprocedural, NoThreadSafetyAnalysisFunctionsDoNotCountAtAll) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "inc"), AccessKind::ReadModifyWrite, 10, {kMu});
  u.access(count, u.method("C", "get"), AccessKind::Read, 11, {kMu});
  const Function raw = u.method("C", "raw_reset");
  u.tu.functions.back().no_thread_safety_analysis = true;
  u.access(count, raw, AccessKind::Write, 12);
  const AuditResult r = run(u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(entry(r, "C::count_")->evidence, "held at 2 of 2 accesses");  // not evidence either
}

// ---- declared guards -----------------------------------------------------------------

TEST(DeclaredGuard, DisagreeingWithWhatTheAccessesHoldIsInconsistentGuard) {
  Unit u;
  u.shared_class("C");
  Location& count = u.field("C", "count_");
  count.declared_guard = "C::a_";
  const Location copy = count;
  const HeldLock b{"C::b_", false};
  u.access(copy, u.method("C", "inc"), AccessKind::ReadModifyWrite, 10, {b});
  u.access(copy, u.method("C", "get"), AccessKind::Read, 11, {b});
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 2u);
  for (const Finding& f : r.findings) {
    EXPECT_EQ(f.check, "inconsistent-guard");
    EXPECT_TRUE(contains(f.message, "declared GUARDED_BY(C::a_)")) << f.message;
    EXPECT_TRUE(contains(f.message, "but its accesses hold 'C::b_'")) << f.message;
    ASSERT_TRUE(f.guard);
    EXPECT_EQ(f.guard->source, "annotation");
  }
}

TEST(DeclaredGuard, DeclaredLockWinsOverTheMostHeldOne) {
  Unit u;
  u.shared_class("C");
  Location& count = u.field("C", "count_");
  count.declared_guard = "C::mu_";
  const Location copy = count;
  u.access(copy, u.method("C", "a"), AccessKind::Write, 10, {kMu});
  u.access(copy, u.method("C", "b"), AccessKind::Write, 11);  // holds nothing: unguarded
  u.access(copy, u.method("C", "c"), AccessKind::Read, 12);
  const AuditResult r = run(u);
  ASSERT_EQ(lines(r), (std::vector<unsigned>{11, 12}));
  EXPECT_EQ(r.findings[0].check, "unguarded-write");
  EXPECT_EQ(r.findings[1].check, "unguarded-read");
}

// PT_GUARDED_BY(mu_) on C::p_: the pointee ("C::p_->..." keys) is guarded, p_ is not.
TEST(DeclaredGuard, PtGuardedByGuardsThePointeeNotThePointer) {
  Unit u;
  u.shared_class("C");
  Location& p = u.field("C", "p_");
  p.declared_guard = "C::mu_";
  p.guards_pointee = true;
  const Location pointer = p;
  Location& x = u.field("Impl", "x");  // the pointee's field, of a class with no lock
  x.key = pointer.key + "->x";
  x.name = "C::p_->x";
  const Location pointee = x;
  const Function set = u.method("C", "set");
  const Function poke = u.method("C", "poke");
  u.access(pointee, set, AccessKind::Write, 10, {kMu}).through_pointer_member = true;
  u.access(pointee, poke, AccessKind::Write, 11).through_pointer_member = true;
  u.access(pointer, set, AccessKind::Read, 10, {kMu});
  u.access(pointer, poke, AccessKind::Read, 11);  // reading p_ itself needs no lock
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.check, "unguarded-write");
  EXPECT_EQ(f.location_name, "C::p_->x");
  EXPECT_EQ(f.access.pos.line, 11u);
  ASSERT_TRUE(f.guard);
  EXPECT_EQ(f.guard->source, "annotation");
  EXPECT_EQ(f.guard->lock, "C::mu_");
  ASSERT_NE(entry(r, "C::p_->x"), nullptr);
  EXPECT_EQ(entry(r, "C::p_->x")->verdict, "guarded");
}

// ---- lazy-init-race ------------------------------------------------------------------

struct LazyInit {
  Unit u;
  Location instance;
  Function get;
  LazyInit() {
    u.shared_class("C");
    instance = u.field("C", "instance_");
    get = u.method("C", "get");
  }
};

TEST(LazyInitRace, CheckThenActWithoutALock) {
  LazyInit t;
  t.u.access(t.instance, t.get, AccessKind::Read, 10).controls_write_at = SourcePos{kSrc, 11, 5};
  t.u.access(t.instance, t.get, AccessKind::Write, 11);
  const AuditResult r = run(t.u);
  const auto lazy = with_check(r, "lazy-init-race");
  ASSERT_EQ(lazy.size(), 1u);
  EXPECT_EQ(lazy[0]->access.pos.line, 10u);
  ASSERT_EQ(lazy[0]->conflicts.size(), 1u);
  EXPECT_EQ(lazy[0]->conflicts[0].pos.line, 11u);
  EXPECT_TRUE(contains(lazy[0]->message, "check-then-act")) << lazy[0]->message;
  EXPECT_EQ(with_check(r, "unprotected-shared-write").size(), 1u);  // the write itself
}

TEST(LazyInitRace, DoubleCheckedLockingWithAPlainFirstCheck) {
  LazyInit t;
  t.u.access(t.instance, t.get, AccessKind::Read, 10).controls_write_at = SourcePos{kSrc, 13, 5};
  t.u.access(t.instance, t.get, AccessKind::Read, 12, {kMu}).controls_write_at = SourcePos{kSrc, 13, 5};
  t.u.access(t.instance, t.get, AccessKind::Write, 13, {kMu});
  const AuditResult r = run(t.u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "lazy-init-race");
  EXPECT_EQ(r.findings[0].access.pos.line, 10u);
  EXPECT_TRUE(contains(r.findings[0].message, "double-checked")) << r.findings[0].message;
}

TEST(LazyInitRace, AtomicFirstCheckIsFine) {
  LazyInit t;
  t.u.access(t.instance, t.get, AccessKind::AtomicRead, 10).controls_write_at = SourcePos{kSrc, 13, 5};
  t.u.access(t.instance, t.get, AccessKind::Read, 12, {kMu}).controls_write_at = SourcePos{kSrc, 13, 5};
  t.u.access(t.instance, t.get, AccessKind::Write, 13, {kMu});
  EXPECT_TRUE(run(t.u).findings.empty());
}

TEST(LazyInitRace, SilentOutsideConcurrentCode) {
  Unit u;
  const Location g = u.global("g_table");
  const Function main_fn = u.function("main");
  u.access(g, main_fn, AccessKind::Read, 10).controls_write_at = SourcePos{kSrc, 11, 5};
  u.access(g, main_fn, AccessKind::Write, 11);
  EXPECT_TRUE(run(u).findings.empty());
}

// ---- write-under-shared-lock ---------------------------------------------------------

TEST(WriteUnderSharedLock, ReadModifyWriteUnderAReaderHold) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "set"), AccessKind::Write, 10, {kMu});
  u.access(count, u.method("C", "get"), AccessKind::Read, 11, {kMuShared});
  u.access(count, u.method("C", "bump"), AccessKind::ReadModifyWrite, 12, {kMuShared});
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "write-under-shared-lock");
  EXPECT_EQ(r.findings[0].access.pos.line, 12u);
  // Itself on another thread (both under the shared hold), then the reader under it.
  ASSERT_EQ(r.findings[0].conflicts.size(), 2u);
  EXPECT_EQ(r.findings[0].conflicts[0].pos.line, 12u);
  EXPECT_EQ(r.findings[0].conflicts[1].pos.line, 11u);
}

// ---- guarded-ref-escape --------------------------------------------------------------

struct Escape {
  Unit u;
  Location items;
  Escape() {
    u.shared_class("C");
    items = u.field("C", "items_");
    u.access(items, u.method("C", "add"), AccessKind::Write, 10, {kMu});
  }
};

TEST(GuardedRefEscape, ReferenceReturnedPastTheUnlock) {
  Escape t;
  t.u.access(t.items, t.u.method("C", "items"), AccessKind::Read, 20, {kMu}).escapes_by_return = true;
  const AuditResult r = run(t.u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check, "guarded-ref-escape");
  EXPECT_EQ(r.findings[0].access.pos.line, 20u);
  ASSERT_EQ(r.findings[0].conflicts.size(), 1u);
  EXPECT_EQ(r.findings[0].conflicts[0].pos.line, 10u);
}

TEST(GuardedRefEscape, SilentWhenTheCallerHoldsTheLock) {
  Escape t;
  const Function required = t.u.method("C", "items_locked");
  t.u.tu.functions.back().requires_locks = {kMu};
  t.u.access(t.items, required, AccessKind::Read, 20, {kMu}).escapes_by_return = true;
  const Function wrapper = t.u.method("C", "lock_and_get");  // returns with mu_ still held
  t.u.tu.functions.back().acquires_on_return = {kMu};
  t.u.access(t.items, wrapper, AccessKind::Read, 30, {kMu}).escapes_by_return = true;
  t.u.access(t.items, t.u.method("C", "size"), AccessKind::Read, 40, {kMu});  // not escaping
  EXPECT_TRUE(run(t.u).findings.empty());
}

// ---- inconsistent-guard --------------------------------------------------------------

TEST(InconsistentGuard, WrittenUnderDifferentLocksWithNoneInCommon) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  u.access(count, u.method("C", "a"), AccessKind::Write, 10, {{"C::a_", false}});
  u.access(count, u.method("C", "b"), AccessKind::Write, 11, {{"C::b_", false}});
  u.access(count, u.method("C", "c"), AccessKind::Write, 12);  // no lock at all
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].check, "inconsistent-guard");
  EXPECT_EQ(r.findings[0].access.pos.line, 11u);  // tie: name order picks C::a_ as the guard
  EXPECT_TRUE(contains(r.findings[0].message, "'C::a_' at 1, 'C::b_' at 1 of 3 accesses")) << r.findings[0].message;
  EXPECT_EQ(r.findings[1].check, "unguarded-write");
  EXPECT_EQ(r.findings[1].access.pos.line, 12u);
}

TEST(InconsistentGuard, SilentWhenTheAccessesShareALock) {
  Unit u;
  u.shared_class("C");
  const Location count = u.field("C", "count_");
  const HeldLock a{"C::a_", false}, b{"C::b_", false};
  u.access(count, u.method("C", "x"), AccessKind::Write, 10, {a, b});
  u.access(count, u.method("C", "y"), AccessKind::Write, 11, {a});
  u.access(count, u.method("C", "z"), AccessKind::Read, 12, {a, b});
  EXPECT_TRUE(run(u).findings.empty());
}

// ---- lock-order-inversion ------------------------------------------------------------

TEST(LockOrderInversion, OppositeOrdersInTwoMethodsOneFinding) {
  Unit u;
  u.shared_class("C");
  u.lock_order(u.method("C", "transfer"), "C::a_", "C::b_", 10);
  u.lock_order(u.method("C", "refund"), "C::b_", "C::a_", 20);
  u.lock_order(u.method("C", "audit"), "C::b_", "C::a_", 30);  // same edge again: no second finding
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.check, "lock-order-inversion");
  EXPECT_EQ(f.location_name, "C::a_ -> C::b_ -> C::a_");
  EXPECT_EQ(f.location_kind, LocationKind::Global);
  EXPECT_EQ(f.access.pos.line, 10u);
  EXPECT_EQ(f.access.function, "C::transfer");
  ASSERT_EQ(f.access.locks.size(), 1u);
  EXPECT_EQ(f.access.locks[0].lock, "C::a_");
  ASSERT_EQ(f.conflicts.size(), 1u);
  EXPECT_EQ(f.conflicts[0].pos.line, 20u);
  EXPECT_FALSE(f.guard);
  EXPECT_FALSE(f.id.empty());
}

TEST(LockOrderInversion, NoCycleWhenBothOrdersAreInNonConcurrentCode) {
  Unit u;
  u.lock_order(u.function("setup"), "g_a", "g_b", 10);
  u.lock_order(u.function("teardown"), "g_b", "g_a", 20);
  EXPECT_TRUE(run(u).findings.empty());
}

// A lock held at the callee's accesses with no blocking acquisition recorded for it was
// taken by a try (or adopted): the callee never waits for it, so no edge closes a cycle.
// Once the callee takes it blocking, the call made holding g_a is an edge g_a -> g_b.
TEST(LockOrderInversion, EdgeThroughACallMadeHoldingALock) {
  Unit u;
  const Function worker = u.function("worker");
  const Function other = u.function("other");
  const Function log = u.function("log_event");
  u.thread(u.function("main"), worker, 3);
  u.thread(u.function("main"), other, 4);
  u.call(worker, log, 12, {{"g_a", false}});  // worker holds g_a and calls log_event...
  const Location g = u.global("g_log");
  u.access(g, log, AccessKind::Write, 41, {{"g_b", false}});  // ...which holds g_b there
  u.lock_order(other, "g_b", "g_a", 20);
  EXPECT_TRUE(with_check(run(u), "lock-order-inversion").empty());  // only after a try

  u.lock_order(log, "", "g_b", 40);  // a blocking acquisition of g_b, none held
  const AuditResult r = run(u);
  const auto cycles = with_check(r, "lock-order-inversion");
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0]->location_name, "g_a -> g_b -> g_a");
  EXPECT_EQ(cycles[0]->access.function, "log_event");
  EXPECT_EQ(cycles[0]->access.pos.line, 40u);
  ASSERT_EQ(cycles[0]->access.via.size(), 1u);
  EXPECT_EQ(cycles[0]->access.via[0].function, "worker");
  EXPECT_EQ(cycles[0]->access.via[0].line, 12u);
}

TEST(LockOrderInversion, CreatorOrderWhileItsThreadsRun) {
  Unit u;
  const Function main_fn = u.function("main");
  const Function worker = u.function("worker");
  const Location g = u.global("g_x");
  u.lock_order(main_fn, "g_a", "g_b", 2);  // before the start: cannot deadlock with the worker
  u.thread(main_fn, worker, 3);
  u.lock_order(worker, "g_b", "g_a", 20);
  EXPECT_TRUE(with_check(run(u), "lock-order-inversion").empty());

  u.access(g, main_fn, AccessKind::Read, 4).threads_running = u.running(main_fn);
  u.lock_order(main_fn, "g_a", "g_b", 5);  // after the start, threads running
  u.tu.lock_orders.back().threads_running = u.running(main_fn);
  const auto cycles = with_check(run(u), "lock-order-inversion");
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0]->access.pos.line, 5u);
}

TEST(LockOrderInversion, ThreeLockCycle) {
  Unit u;
  const Function worker = u.function("worker");
  u.thread(u.function("main"), worker, 3);
  u.lock_order(worker, "g_a", "g_b", 10);
  u.lock_order(worker, "g_b", "g_c", 11);
  u.lock_order(worker, "g_c", "g_a", 12);
  const AuditResult r = run(u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location_name, "g_a -> g_b -> g_c -> g_a");
  EXPECT_EQ(r.findings[0].conflicts.size(), 2u);
}

TEST(Registry, SpecificChecksComeBeforeTheGenericOnes) {
  std::vector<std::string> ids;
  for (const auto& check : all_checks()) ids.emplace_back(check->id());
  auto at = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
  for (const char* specific : {"lazy-init-race", "guarded-ref-escape", "write-under-shared-lock", "inconsistent-guard"}) {
    EXPECT_LT(at(specific), at("unguarded-write")) << specific;
    EXPECT_LT(at(specific), at("unguarded-read")) << specific;
  }
  EXPECT_LT(at("lock-order-inversion"), static_cast<long>(ids.size()));
}

// ---- suggested annotations -----------------------------------------------------------

TEST(Annotations, LockExpressionIsTheMemberNameInsideItsClass) {
  EXPECT_EQ(lock_expression("C::mu_", "C"), "mu_");
  EXPECT_EQ(lock_expression("C::mu_", "ns::C"), "mu_");
  EXPECT_EQ(lock_expression("C::mu_", "D"), "C::mu_");
  EXPECT_EQ(lock_expression("g_mu", "C"), "g_mu");
  EXPECT_EQ(lock_expression("g_locks[]", ""), "");
  EXPECT_EQ(lock_expression("mutex (fatal-signal.c)", ""), "mutex");  // a file's own global
}

TEST(Annotations, GuardedByForInferredGuardsRequiresForHelpers) {
  Unit u;
  u.shared_class("C");
  Location& count = u.field("C", "count_");
  count.annotation_pos = {"/proj/app/c.h", 3, 17};
  const Location c = count;
  Location& declared = u.field("C", "declared_", 4);
  declared.annotation_pos = {"/proj/app/c.h", 4, 17};
  declared.declared_guard = "C::mu_";
  const Location d = declared;
  const Location no_pos = u.field("C", "no_pos_", 5);
  const Function inc = u.method("C", "inc");
  const Function helper = u.method("C", "bump_locked", Visibility::Private);
  u.tu.functions.back().annotation_pos = {kSrc, 30, 24};
  u.call(inc, helper, 40, {kMu});
  for (const Location* loc : {&c, &d, &no_pos}) {
    u.access(*loc, helper, AccessKind::ReadModifyWrite, 31);
    u.access(*loc, u.method("C", "get"), AccessKind::Read, 13, {kMu});
  }
  const std::vector<AnnotationSuggestion> s = suggest_annotations({u.tu}, {});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(format_suggestion(s[0]),
            "/proj/app/c.cpp:30:24: note: add REQUIRES(mu_) to 'C::bump_locked' (held by every caller, 1 call(s)) "
            "[hawk-annotate]\nfix-it:\"/proj/app/c.cpp\":{30:24-30:24}:\" REQUIRES(mu_)\"\n");
  EXPECT_EQ(format_suggestion(s[1]),
            "/proj/app/c.h:3:17: note: add GUARDED_BY(mu_) to 'C::count_' (held at 2 of 2 accesses) "
            "[hawk-annotate]\nfix-it:\"/proj/app/c.h\":{3:17-3:17}:\" GUARDED_BY(mu_)\"\n");
}

TEST(Annotations, NoneWithAnotherClasssLock) {
  // R's field is only ever touched under C's lock: GUARDED_BY cannot name C::mu_ from R.
  Unit u;
  u.shared_class("C");
  u.shared_class("R");
  Location& slot = u.field("R", "slot_");
  slot.annotation_pos = {"/proj/app/r.h", 3, 9};
  const Location r = slot;
  u.access(r, u.method("R", "set"), AccessKind::Write, 10, {kMu});
  u.access(r, u.method("R", "get"), AccessKind::Read, 11, {kMu});
  EXPECT_TRUE(suggest_annotations({u.tu}, {}).empty());
}

TEST(Annotations, NothingOutsideTheSourceRoots) {
  Unit u;
  u.shared_class("C");
  Location& count = u.field("C", "count_");
  count.annotation_pos = {"/usr/include/c.h", 3, 17};
  const Location c = count;
  u.access(c, u.method("C", "set"), AccessKind::Write, 10, {kMu});
  AuditOptions options;
  options.source_roots = {"/proj"};
  EXPECT_TRUE(suggest_annotations({u.tu}, options).empty());
}

}  // namespace
}  // namespace hawk::audit
