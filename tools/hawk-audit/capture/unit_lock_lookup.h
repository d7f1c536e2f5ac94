// The unit's side of lock wrappers across translation units: LockSummaries asks it for
// the summary of a function whose body is elsewhere, by the function's key, in the table
// of a previous capture round. Every function asked for is remembered
// (TuFacts::lock_queries), so the driver knows which units a new summary concerns.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "locks/lock_summary_table.h"

namespace hawk::audit {

class UnitLockLookup : public ExternalLockLookup {
 public:
  // `table` may be null (a first round): nothing is found, queries are still recorded.
  explicit UnitLockLookup(const LockSummaryTable* table) : table_(table) {}

  const ExternalLockSummary* find(const clang::FunctionDecl& declaration) override;

  std::vector<std::string> queries() const { return {queries_.begin(), queries_.end()}; }

 private:
  const LockSummaryTable* table_;
  std::set<std::string> queries_;
};

}  // namespace hawk::audit
