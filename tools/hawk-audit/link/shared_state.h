// Per location: its accesses as each thread root runs them (access instances), which
// pairs of them may happen in parallel (link/threads.h), the locks really held at each
// (including those every caller on that root holds), and the location's guard. A race
// is such a pair with at least one write, not both atomic, and no lock held in common.
//
// Accesses in NO_THREAD_SAFETY_ANALYSIS functions do not count at all: they are neither
// reported nor evidence for a guard nor conflicts (the author opted that code out; it
// often holds a lock the analysis cannot see). Accesses to the object under construction
// or destruction in its own constructor or destructor are not shared yet, or no longer;
// nor are a method's accesses to its own object when no other thread can reach that
// object (link/object_ownership.h).
//
// Writes made once (link/once_runs.h; a local static's initialiser) are ordered before the
// reads that follow the once call: they stay out of `shared`, counted as `once_writes`,
// unless the location is also written elsewhere beside other threads, where they race
// with those writes like any write. A local static's own initialisation races with
// nothing at all.
//
// PT_GUARDED_BY(mu) on pointer `p` guards what `p` points to, not `p`: it applies to the
// locations capture names as reached through it, those whose key starts with
// "<p's key>->" or whose name starts with "<p's name>->" (`C::p_->x`); `p` itself gets
// an inferred guard like any location.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "link/guard_inference.h"
#include "link/object_ownership.h"
#include "link/once_runs.h"
#include "link/program.h"
#include "link/sync_orders.h"
#include "link/threads.h"

namespace hawk::audit {

// One access as one thread root runs it.
struct SharedAccess {
  const Access* access = nullptr;
  int root = 0;
  // Held at the access itself plus held on entry to its function by every caller on the root.
  std::vector<HeldLock> locks;
  // Made by a once-initialisation: its flag (CallSite::once_flag); empty otherwise. It
  // happens before whatever passes that once afterwards (capture/once_passages.h).
  std::string_view once_flag{};

  bool is_atomic() const { return hawk::audit::is_atomic(access->kind); }
  bool is_write() const { return hawk::audit::is_write(access->kind); }
  // Exclusively for writes; shared (reader) holds suffice for reads.
  bool holds(std::string_view lock, bool for_write) const;
  bool holds_any_lock() const { return !locks.empty(); }
  // The two cannot run at the same time: both hold some lock, at least one of them
  // exclusively (two shared holds of one lock do not exclude each other).
  bool excludes(const SharedAccess& other) const;
  ProgramPoint point() const { return {access->function, &access->threads_running}; }
  SyncPoint sync_point() const { return {point(), &access->waited, &access->signalled, &locks}; }
};

// Another instance that may happen in parallel with one (possibly another run of the
// same access), and why.
struct Partner {
  std::size_t other = 0;  // index into LocationState::shared
  const Parallel* why = nullptr;
  bool swapped = false;  // `why` speaks of (other, this one), not (this one, other)
  // The start site of the thread in whose window this instance runs, or nullptr.
  const SourcePos* own_window() const { return why->windowed_side == (swapped ? 1 : 0) ? &why->window : nullptr; }
  const SourcePos* other_window() const { return why->windowed_side == (swapped ? 0 : 1) ? &why->window : nullptr; }
};

struct LocationState {
  const Location* location = nullptr;
  // A field of a class that takes part in concurrency, or touched under a lock somewhere.
  bool field_may_be_shared = false;
  bool touched_alongside = false;  // some access runs while another thread may run
  // Instances that may happen in parallel with at least one other (of any kind), in
  // source order, and for each those others.
  std::vector<SharedAccess> shared;
  std::vector<std::vector<Partner>> partners;
  std::size_t writes_not_shared = 0;  // writes no other thread instance can see at the time
  // Of those, the ones made while other threads run, which never touch it then.
  std::size_t writes_by_one_thread = 0;
  // Writes made once, kept out of `shared` (see above), and how the first of them (in
  // source order) runs once.
  std::size_t once_writes = 0;
  std::optional<OnceEvidence> once;
  std::size_t accesses = 0;  // every access, shared or not
  // The lock the source declares for it: its own GUARDED_BY, or the PT_GUARDED_BY of
  // the pointer it is reached through (see SharedState). Not set for that pointer itself.
  std::optional<std::string> declared_guard;
  std::optional<Guard> guard;

  // Thread-local and const state can never race.
  bool can_race() const { return !location->is_thread_local && !location->is_const; }
  // In the inventory: a field of a shared class, or touched while other threads run.
  bool is_shared() const { return field_may_be_shared || touched_alongside || !shared.empty(); }
  // The partners of shared[i] it races with: one of the two writes, not both are atomic,
  // and they hold no lock in common. Writes first, then in source order.
  std::vector<Partner> races(std::size_t i) const;
  // Some partner of shared[i] for which `predicate(other)` holds, or null.
  template <class Predicate>
  const Partner* partner_where(std::size_t i, Predicate predicate) const {
    for (const Partner& partner : partners[i])
      if (predicate(shared[partner.other])) return &partner;
    return nullptr;
  }
  // One instance per access: the locks every instance of it holds (guard evidence).
  std::vector<SharedAccess> distinct_accesses() const;
};

class SharedState {
 public:
  SharedState(const Program& program, const Threads& threads, const OnceRuns& once_runs,
              const ObjectOwnership& ownership, const CallGraph& graph);
  const std::map<std::string, LocationState, std::less<>>& locations() const { return locations_; }
  const LocationState* find(std::string_view location_key) const;
  // The once initialisations `access` is part of on its root: its own once body's flag,
  // and those every path of its root into its function goes through
  // (Threads::enclosing_onces). Two accesses part of one once never run at the same time.
  std::vector<std::string_view> onces_of(const SharedAccess& access) const;

 private:
  // Whether two instances may happen in parallel, memoised by their roots and points.
  const Parallel* parallel(const SharedAccess& a, const SharedAccess& b);
  int context_of(const SharedAccess& access);

  const Threads& threads_;
  const SyncOrders sync_orders_;
  std::map<std::string, LocationState, std::less<>> locations_;
  // What decides whether an instance may run beside another: its root, function, the
  // threads running there, what it has seen of synchronisation, and its locks.
  using Context = std::tuple<int, std::string_view, std::vector<SourcePos>, std::vector<std::string>,
                             std::vector<std::string>, std::vector<HeldLock>, std::string_view>;
  std::map<Context, int> contexts_;
  std::map<std::pair<int, int>, const Parallel*> verdicts_;
  std::deque<Parallel> reasons_;
};

}  // namespace hawk::audit
