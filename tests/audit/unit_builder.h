// Hand-built translation-unit facts, the way capture reports them, for the link tests.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "model/facts.h"
#include "model/findings.h"

namespace hawk::audit::testing {

inline constexpr const char* kSrc = "/proj/app/c.cpp";

// Builds one translation unit's facts the way capture reports them.
struct Unit {
  TuFacts tu;
  explicit Unit(std::string main_file = kSrc) { tu.main_file = std::move(main_file); }

  Location& field(const std::string& owner, const std::string& name, unsigned line = 3) {
    Location loc;
    loc.key = "c:@S@" + owner + "@FI@" + name;
    loc.name = owner + "::" + name;
    loc.kind = LocationKind::Field;
    loc.decl = {"/proj/app/c.h", line, 7};
    loc.owner_class = "c:@S@" + owner;
    loc.type = "int";
    tu.locations.push_back(loc);
    return tu.locations.back();
  }
  Location& global(const std::string& name, std::string decl_file = "/proj/app/c.h") {
    Location loc;
    loc.key = "c:@" + name;
    loc.name = name;
    loc.kind = LocationKind::Global;
    loc.decl = {std::move(decl_file), 1, 5};
    loc.type = "int";
    tu.locations.push_back(loc);
    return tu.locations.back();
  }
  ClassInfo& shared_class(const std::string& name, bool owns_lock = true) {
    tu.classes.push_back({"c:@S@" + name, name, {"/proj/app/c.h", 1, 7}, owns_lock, false});
    return tu.classes.back();
  }
  // Functions come back by value: later pushes would invalidate a reference.
  Function method(const std::string& owner, const std::string& name, Visibility visibility = Visibility::Public) {
    Function f;
    f.key = "c:@S@" + owner + "@F@" + name + "#";
    f.name = owner + "::" + name;
    f.pos = {kSrc, 1, 1};
    f.owner_class = "c:@S@" + owner;
    f.visibility = visibility;
    f.is_constructor = name == owner;
    tu.functions.push_back(f);
    return tu.functions.back();
  }
  Function function(const std::string& name) {
    Function f;
    f.key = "c:@F@" + name + "#";
    f.name = name;
    f.pos = {kSrc, 1, 1};
    tu.functions.push_back(f);
    return tu.functions.back();
  }
  Function lambda(const std::string& parent_key, unsigned line) {
    Function f;
    f.key = parent_key + "@lambda" + std::to_string(line);
    f.name = "lambda at c.cpp:" + std::to_string(line);
    f.pos = {kSrc, line, 10};
    f.is_lambda = true;
    f.parent = parent_key;
    tu.functions.push_back(f);
    return tu.functions.back();
  }
  Access& access(const Location& loc, const Function& fn, AccessKind kind, unsigned line,
                 std::vector<HeldLock> locks = {}, std::string text = "") {
    Access a;
    a.location = loc.key;
    a.kind = kind;
    a.pos = {kSrc, line, 5};
    a.function = fn.key;
    a.locks = std::move(locks);
    a.line_text = text.empty() ? loc.name + " op " + std::to_string(line) + ";" : std::move(text);
    tu.accesses.push_back(a);
    return tu.accesses.back();
  }
  CallSite& call(const Function& caller, const Function& callee, unsigned line, std::vector<HeldLock> locks = {}) {
    tu.calls.push_back({caller.key, callee.key, {kSrc, line, 3}, std::move(locks), {}});
    return tu.calls.back();
  }
  // A call made while the threads the caller started so far run (between their start and join).
  CallSite& phase_call(const Function& caller, const Function& callee, unsigned line, std::vector<HeldLock> locks = {}) {
    CallSite& c = call(caller, callee, line, std::move(locks));
    c.threads_running = running(caller);
    return c;
  }
  // The start sites of the threads `creator` started so far (Access::threads_running).
  std::vector<SourcePos> running(const Function& creator) const {
    std::vector<SourcePos> starts;
    for (const ThreadStart& start : tu.thread_starts)
      if (start.creator == creator.key) starts.push_back(start.pos);
    std::sort(starts.begin(), starts.end());
    return starts;
  }
  // `acquired` taken at `line` of `fn` while `held` is held.
  void lock_order(const Function& fn, const std::string& held, const std::string& acquired, unsigned line) {
    tu.lock_orders.push_back({held, acquired, fn.key, {kSrc, line, 5}, {}});
  }
  // A thread `creator` starts in a loop at `line`, none joined before the next: threads
  // of `entry` run at the same time as each other.
  void thread_in_loop(const Function& creator, const Function& entry, unsigned line) {
    thread(creator, entry, line);
    ThreadStart& start = tu.thread_starts.back();
    start.running_at_start.push_back(start.pos);
    std::sort(start.running_at_start.begin(), start.running_at_start.end());
  }
  // A thread `creator` starts at `line` to run `entry`.
  void thread(const Function& creator, const Function& entry, unsigned line) {
    // Started after the creator's earlier threads, none joined in between: they still run.
    tu.thread_starts.push_back({creator.key, entry.key, {kSrc, line, 3}, running(creator), false});
  }
};

// The findings of one check.
inline std::vector<const Finding*> with_check(const AuditResult& r, const std::string& check) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.findings)
    if (f.check == check) out.push_back(&f);
  return out;
}

// The inventory entry of a location, or null.
inline const InventoryEntry* entry(const AuditResult& r, const std::string& name) {
  for (const InventoryEntry& e : r.inventory)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace hawk::audit::testing
