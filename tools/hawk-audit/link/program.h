// The whole program: every translation unit's facts merged into one. A header's state,
// inline functions and templates are captured once per unit that includes them; here
// they become one location, one function and one access each.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/facts.h"

namespace hawk::audit {

struct Program {
  // Ordered maps: iteration order decides report order, which must be deterministic.
  std::map<std::string, Location, std::less<>> locations;
  std::map<std::string, Function, std::less<>> functions;
  std::map<std::string, ClassInfo, std::less<>> classes;
  std::vector<Access> accesses;  // deduplicated, sorted by position
  std::vector<CallSite> calls;   // deduplicated, sorted by position
  std::vector<ThreadStart> thread_starts;
  // Callables kept in a queue and run where they are taken (link/thread_wrappers.h), by
  // the task's Function::key: the functions that submit it, and whether one of them may
  // submit it again while an earlier submission may still run (a loop, several calls).
  struct QueuedTask {
    std::set<std::string> submitters;
    int submissions = 0;
    bool resubmitted = false;
  };
  std::map<std::string, QueuedTask, std::less<>> queued_tasks;
  std::vector<LockOrderEdge> lock_orders;  // deduplicated, sorted by position
  std::vector<CaptureError> errors;
  std::vector<std::string> main_files;
  std::size_t translation_units = 0;

  const Location* location(std::string_view key) const;
  const Function* function(std::string_view key) const;
  // The qualified name of a function, or its key when capture did not describe it.
  std::string function_name(std::string_view key) const;
};

Program merge_units(const std::vector<TuFacts>& units);

// Adds `from` to `into`, keeping it sorted and without repeats (threads-running sets).
void add_positions(std::vector<SourcePos>& into, const std::vector<SourcePos>& from);

}  // namespace hawk::audit
