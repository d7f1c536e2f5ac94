// Lock wrappers (and functions that start or join threads for their callers) across
// translation units. Capture summarises every function whose body a
// unit has (lock_summaries.h) and keeps the non-empty summaries in its facts
// (Function::acquires_on_return, ...). This table gathers them from all units, by
// function key, so a unit that calls a wrapper defined elsewhere can be captured again
// with the callee's effects applied at its calls (driver/summary_rounds.h).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/facts.h"

namespace clang {
class FunctionDecl;
}  // namespace clang

namespace hawk::audit {

// What a function defined in another unit does to its caller's locks, in its own names,
// with what is needed to rename them into a caller's names without its body.
struct ExternalLockSummary {
  std::vector<HeldLock> acquires;
  std::vector<HeldLock> releases;
  std::vector<std::string> parameter_locks;  // Function::parameter_locks
  std::vector<std::pair<std::string, std::string>> member_lock_sources;  // Function::member_lock_sources
  // What it does to its caller's threads (capture/thread_summaries.h): Function::
  // leaves_running ({handle, start site}) and Function::joins_threads.
  std::vector<std::pair<std::string, SourcePos>> thread_starts{};
  std::vector<std::string> thread_joins{};
  std::vector<std::pair<SourcePos, unsigned>> routine_parameters{};  // RunningThreadFact::routine_parameter
  friend bool operator==(const ExternalLockSummary&, const ExternalLockSummary&) = default;
};

class LockSummaryTable {
 public:
  // Every function with lock effects in `units`. A function defined in several units (an
  // inline function in a header) takes the summary with the most effects: the units that
  // knew more about its callees saw more.
  static LockSummaryTable from_units(const std::vector<TuFacts>& units);

  const ExternalLockSummary* find(const std::string& key) const;
  bool empty() const { return by_key_.empty(); }
  std::size_t size() const { return by_key_.size(); }

  // A digest of the entries for `keys` (those present): equal digests, equal effects for a
  // unit that asked for exactly these keys. Empty when none is present.
  std::string digest(const std::vector<std::string>& keys) const;

  friend bool operator==(const LockSummaryTable&, const LockSummaryTable&) = default;

 private:
  std::map<std::string, ExternalLockSummary> by_key_;
};

// How LockSummaries asks for the summary of a function whose body the unit does not have.
// Capture implements it by the function's key (capture/unit_lock_lookup.h).
class ExternalLockLookup {
 public:
  virtual ~ExternalLockLookup() = default;
  // nullptr when the function is no known lock wrapper.
  virtual const ExternalLockSummary* find(const clang::FunctionDecl& declaration) = 0;
};

}  // namespace hawk::audit
