// What may run concurrently (DESIGN "Race semantics"): the non-private methods of shared
// classes and thread entries are entry points; everything they reach runs concurrently.
// The code that starts threads races with them only between the start and the joins:
// its accesses and calls marked `while_own_threads_run`, the lambdas it runs then
// (`runs_while_parent_threads_run`), and what those calls and lambdas reach.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "link/call_graph.h"
#include "link/program.h"
#include "model/findings.h"

namespace hawk::audit {

class Concurrency {
 public:
  Concurrency(const Program& program, const CallGraph& graph);

  // Owns a lock, is annotated, or one of its methods takes a lock.
  bool is_shared_class(std::string_view class_key) const;
  bool is_entry(std::string_view function) const;
  // Every access of `function` may race (it is reached from an entry or from a call made
  // while its caller's threads run).
  bool is_concurrent(std::string_view function) const;
  // This access may race: its function is concurrent, or it runs while threads its
  // function started are running.
  bool is_concurrent(const Access& access) const;
  // The call runs concurrently with something: its caller is concurrent, or it is made
  // while the caller's own threads run.
  bool is_concurrent(const CallEdge& edge) const;
  // The shortest chain from an entry down to `function`: each step is a function and
  // the call (or lambda) in it that leads on. Empty for entries and non-concurrent code.
  const std::vector<ViaStep>& via(std::string_view function) const;
  // Locks every concurrent path into `function` holds when it starts (a private helper
  // only ever called under `mu` runs under `mu`); what REQUIRES declares when it does
  // (the annotation wins over inference). Empty for entries without REQUIRES.
  const std::vector<HeldLock>& held_on_entry(std::string_view function) const;

  const std::set<std::string, std::less<>>& entries() const { return entries_; }

 private:
  void find_shared_classes(const Program& program);
  void find_entries(const Program& program);
  void reach_from_entries(const Program& program, const CallGraph& graph);
  void propagate_held_locks(const Program& program, const CallGraph& graph);

  std::set<std::string, std::less<>> shared_classes_;
  std::set<std::string, std::less<>> entries_;
  std::map<std::string, std::vector<ViaStep>, std::less<>> concurrent_;  // function -> via
  std::map<std::string, std::vector<HeldLock>, std::less<>> held_on_entry_;
};

}  // namespace hawk::audit
