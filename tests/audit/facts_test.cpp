#include "model/facts.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace hawk::audit {
namespace {

TuFacts sample() {
  TuFacts tu;
  tu.main_file = "/src/a.cpp";
  Location loc;
  loc.key = "c:@S@C@FI@count_";
  loc.name = "C::count_";
  loc.kind = LocationKind::Field;
  loc.decl = {"/src/a.h", 3, 7};
  loc.owner_class = "c:@S@C";
  loc.declared_guard = "C::mu_";
  loc.guards_pointee = true;
  loc.annotation_pos = {"/src/a.h", 3, 14};
  tu.locations.push_back(loc);
  Access a;
  a.location = loc.key;
  a.kind = AccessKind::ReadModifyWrite;
  a.pos = {"/src/a.cpp", 10, 3};
  a.function = "c:@S@C@F@bump#";
  a.locks = {{"C::mu_", false}, {"g_rw", true}};
  a.split_atomic_update = true;
  a.line_text = "count_++;";
  a.threads_running = {SourcePos{"/src/a.cpp", 21, 1}};
  a.controls_write_at = SourcePos{"/src/a.cpp", 11, 5};
  a.escapes_by_return = true;
  a.through_pointer_member = true;
  tu.accesses.push_back(a);
  Function f;
  f.key = a.function;
  f.name = "C::bump";
  f.visibility = Visibility::Private;
  f.is_lambda = true;
  f.parent = "c:@F@main#";
  f.threads_running_at_use = {SourcePos{"/src/a.cpp", 21, 1}};
  f.overrides = {"c:@S@B@F@bump#"};
  f.acquires_on_return = {{"C::mu_", false}};
  f.requires_locks = {{"C::mu_", true}};
  f.no_thread_safety_analysis = true;
  f.annotation_pos = {"/src/a.h", 5, 20};
  tu.functions.push_back(f);
  tu.classes.push_back({"c:@S@C", "C", {"/src/a.h", 1, 7}, true, false});
  tu.calls.push_back({"c:@F@main#", f.key, {"/src/a.cpp", 20, 1}, {{"C::mu_", false}}, {}, true});
  tu.thread_starts.push_back({"c:@F@main#", f.key, {"/src/a.cpp", 21, 1}, {{"/src/a.cpp", 21, 1}}, true});
  tu.lock_orders.push_back({"C::mu_", "g_other", f.key, {"/src/a.cpp", 12, 3}, {{"/src/a.cpp", 21, 1}}});
  tu.errors.push_back({"/src/b.cpp", "error: expected ';'"});
  tu.inputs = {"/src/a.cpp", "/src/a.h"};
  return tu;
}

TEST(Facts, RoundTripThroughJsonKeepsEveryField) {
  const TuFacts tu = sample();
  const nlohmann::json j = tu;
  const TuFacts back = j.get<TuFacts>();
  EXPECT_EQ(nlohmann::json(back), j);
  ASSERT_EQ(back.accesses.size(), 1u);
  EXPECT_EQ(back.accesses[0].kind, AccessKind::ReadModifyWrite);
  EXPECT_TRUE(back.accesses[0].split_atomic_update);
  EXPECT_EQ(back.accesses[0].locks[1], (HeldLock{"g_rw", true}));
  EXPECT_EQ(back.locations[0].declared_guard, "C::mu_");
  EXPECT_EQ(back.functions[0].visibility, Visibility::Private);
  EXPECT_EQ(back.functions[0].threads_running_at_use, (std::vector<SourcePos>{{"/src/a.cpp", 21, 1}}));
  EXPECT_EQ(back.functions[0].overrides, (std::vector<std::string>{"c:@S@B@F@bump#"}));
  ASSERT_EQ(back.thread_starts.size(), 1u);
  EXPECT_EQ(back.thread_starts[0].running_at_start, (std::vector<SourcePos>{{"/src/a.cpp", 21, 1}}));
  EXPECT_TRUE(back.thread_starts[0].outlives_creator);
  EXPECT_TRUE(back.calls[0].in_loop);
  EXPECT_EQ(back.lock_orders[0].threads_running, (std::vector<SourcePos>{{"/src/a.cpp", 21, 1}}));
  EXPECT_EQ(j["accesses"][0]["kind"], "read-modify-write");
  EXPECT_EQ(back.accesses[0].controls_write_at, (SourcePos{"/src/a.cpp", 11, 5}));
  EXPECT_EQ(back.functions[0].requires_locks[0], (HeldLock{"C::mu_", true}));
  ASSERT_EQ(back.lock_orders.size(), 1u);
  EXPECT_EQ(back.lock_orders[0].acquired, "g_other");
}

TEST(Facts, FactsOfAnotherVersionAreRejected) {
  nlohmann::json j = sample();
  j["version"] = "hawk-audit-facts-0";
  EXPECT_THROW(j.get<TuFacts>(), nlohmann::json::exception);
}

TEST(Facts, MissingOptionalFieldsTakeDefaults) {
  nlohmann::json j = {{"version", kFactsVersion}, {"main_file", "x.c"}, {"accesses", {{{"location", "k"}}}}};
  const TuFacts tu = j.get<TuFacts>();
  ASSERT_EQ(tu.accesses.size(), 1u);
  EXPECT_EQ(tu.accesses[0].kind, AccessKind::Read);
  EXPECT_TRUE(tu.accesses[0].locks.empty());
}

TEST(Facts, AccessKindClassification) {
  EXPECT_FALSE(is_write(AccessKind::Read));
  EXPECT_TRUE(is_write(AccessKind::ReadModifyWrite));
  EXPECT_TRUE(is_write(AccessKind::AtomicWrite));
  EXPECT_TRUE(is_atomic(AccessKind::AtomicReadModifyWrite));
  EXPECT_FALSE(is_atomic(AccessKind::Write));
}

}  // namespace
}  // namespace hawk::audit
