// Per location: the accesses that may happen concurrently with others, the locks really
// held at each (including those every caller holds), and the location's guard.
//
// Accesses in NO_THREAD_SAFETY_ANALYSIS functions do not count at all: they are neither
// reported nor evidence for a guard nor conflicts (the author opted that code out; it
// often holds a lock the analysis cannot see).
//
// Writes made once (link/once_runs.h; a local static's initialiser) are ordered before the
// reads that follow the once call: they stay out of `shared`, counted as `once_writes`,
// unless the location is also written concurrently elsewhere, where they race with those
// writes like any write. A local static's own initialisation races with nothing at all.
//
// PT_GUARDED_BY(mu) on pointer `p` guards what `p` points to, not `p`: it applies to the
// locations capture names as reached through it, those whose key starts with
// "<p's key>->" or whose name starts with "<p's name>->" (`C::p_->x`); `p` itself gets
// an inferred guard like any location.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "link/concurrency.h"
#include "link/guard_inference.h"
#include "link/once_runs.h"
#include "link/program.h"

namespace hawk::audit {

struct SharedAccess {
  const Access* access = nullptr;
  // Held at the access itself plus held on entry to its function by every caller.
  std::vector<HeldLock> locks;

  bool is_atomic() const { return hawk::audit::is_atomic(access->kind); }
  bool is_write() const { return hawk::audit::is_write(access->kind); }
  // Exclusively for writes; shared (reader) holds suffice for reads.
  bool holds(std::string_view lock, bool for_write) const;
  bool holds_any_lock() const { return !locks.empty(); }
  // The two cannot run at the same time: both hold some lock, at least one of them
  // exclusively (two shared holds of one lock do not exclude each other).
  bool excludes(const SharedAccess& other) const;
};

struct LocationState {
  const Location* location = nullptr;
  // A field of a class that takes part in concurrency, or touched under a lock somewhere.
  bool field_may_be_shared = false;
  bool touched_from_concurrent_code = false;
  std::vector<SharedAccess> shared;   // concurrent, outside the object's own ctor/dtor
  std::size_t writes_not_shared = 0;  // in its own ctor/dtor or in non-concurrent code
  // Concurrent writes made once, kept out of `shared` (see above), and how the first of
  // them (in source order) runs once.
  std::size_t once_writes = 0;
  std::optional<OnceEvidence> once;
  std::size_t accesses = 0;           // every access, shared or not
  // The lock the source declares for it: its own GUARDED_BY, or the PT_GUARDED_BY of
  // the pointer it is reached through (see SharedState). Not set for that pointer itself.
  std::optional<std::string> declared_guard;
  std::optional<Guard> guard;

  // Thread-local and const state can never race.
  bool can_race() const { return !location->is_thread_local && !location->is_const; }
  bool is_shared() const { return field_may_be_shared || touched_from_concurrent_code; }
};

class SharedState {
 public:
  SharedState(const Program& program, const Concurrency& concurrency, const OnceRuns& once_runs);
  const std::map<std::string, LocationState, std::less<>>& locations() const { return locations_; }
  const LocationState* find(std::string_view location_key) const;

 private:
  std::map<std::string, LocationState, std::less<>> locations_;
};

}  // namespace hawk::audit
