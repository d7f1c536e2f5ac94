// The check interface. A check looks at the linked program (the thread roots, which
// pairs of accesses may happen in parallel, each location's guard) and reports findings,
// one per offending access, each with the access it races with. Each check lives in checks/<id>.cpp with its doc in checks/<id>.md.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "link/call_graph.h"
#include "link/program.h"
#include "link/shared_state.h"
#include "link/threads.h"
#include "model/findings.h"

namespace hawk::audit {

// At most this many conflicting accesses are listed per finding (a note at each).
inline constexpr std::size_t kMaxConflicts = 5;

struct CheckContext {
  const Program& program;
  const Threads& threads;
  const SharedState& state;
  const CallGraph& graph;

  // The access as reported: qualified function, locks really held, the thread it runs
  // on and the chain from that thread's entry.
  // `window`: the start of the thread in whose window it runs, for the chain shown;
  // `partner`: the other access of the pair, whose onces the chain shown avoids.
  AccessReport report(const SharedAccess& access, const SourcePos* window = nullptr,
                      const SharedAccess* partner = nullptr) const;
  // A finding at `location.shared[index]` with the location's name, kind and guard (null
  // when none), the stable id (the link step later numbers identical ids within a
  // function), and `races` (LocationState::races) as its first conflicts: the first is
  // the pair the finding is about, so `mhp` and `confidence` come from it.
  Finding finding(std::string_view check, const LocationState& location, std::size_t index, std::string message,
                  const std::vector<Partner>& races) const;
  // Adds `conflict` unless it is already listed or the list is full.
  void add_conflict(Finding& finding, const SharedAccess& conflict, const SourcePos* window = nullptr,
                    const SharedAccess* partner = nullptr) const;
  // Adds the location's shared accesses for which `is_conflict` holds, up to kMaxConflicts.
  template <class Predicate>
  void add_conflicts(Finding& finding, const LocationState& location, Predicate is_conflict) const {
    for (const SharedAccess& other : location.shared) {
      if (finding.conflicts.size() >= kMaxConflicts) break;
      if (is_conflict(other)) add_conflict(finding, other);
    }
  }
};

class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view id() const = 0;       // e.g. "unguarded-write"
  virtual std::string_view summary() const = 0;  // one line, for --help and the report
  virtual void run(const CheckContext& context, std::vector<Finding>& out) const = 0;
};

// Every check, in precedence order: when two checks report the same access, only the
// earlier check's finding is kept, so specific checks go before general ones.
const std::vector<std::unique_ptr<Check>>& all_checks();

std::unique_ptr<Check> make_unguarded_write_check();
std::unique_ptr<Check> make_unguarded_read_check();
std::unique_ptr<Check> make_non_atomic_rmw_check();
std::unique_ptr<Check> make_unprotected_shared_write_check();
std::unique_ptr<Check> make_lazy_init_race_check();
std::unique_ptr<Check> make_write_under_shared_lock_check();
std::unique_ptr<Check> make_guarded_ref_escape_check();
std::unique_ptr<Check> make_inconsistent_guard_check();
std::unique_ptr<Check> make_lock_order_inversion_check();
std::unique_ptr<Check> make_thread_unsafe_call_check();

}  // namespace hawk::audit
