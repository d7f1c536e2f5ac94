// Per location: the accesses that may happen concurrently with others, the locks really
// held at each (including those every caller holds), and the location's guard.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "link/concurrency.h"
#include "link/guard_inference.h"
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
};

struct LocationState {
  const Location* location = nullptr;
  // A field of a class that takes part in concurrency, or touched under a lock somewhere.
  bool field_may_be_shared = false;
  bool touched_from_concurrent_code = false;
  std::vector<SharedAccess> shared;   // concurrent, outside the object's own ctor/dtor
  std::size_t writes_not_shared = 0;  // in its own ctor/dtor or in non-concurrent code
  std::size_t accesses = 0;           // every access, shared or not
  std::optional<Guard> guard;

  // Thread-local and const state can never race.
  bool can_race() const { return !location->is_thread_local && !location->is_const; }
  bool is_shared() const { return field_may_be_shared || touched_from_concurrent_code; }
};

class SharedState {
 public:
  SharedState(const Program& program, const Concurrency& concurrency);
  const std::map<std::string, LocationState, std::less<>>& locations() const { return locations_; }
  const LocationState* find(std::string_view location_key) const;

 private:
  std::map<std::string, LocationState, std::less<>> locations_;
};

}  // namespace hawk::audit
