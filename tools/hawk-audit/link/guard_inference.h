// Which lock guards a location: the declared one (GUARDED_BY, or the PT_GUARDED_BY of the
// pointer it is reached through) if any, else the lock held at most of its shared
// accesses. A location accessed under some lock anywhere is guarded; one never accessed
// under a lock has no guard.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/facts.h"
#include "model/findings.h"

namespace hawk::audit {

struct SharedAccess;

struct Guard {
  std::string lock;
  bool from_annotation = false;
  std::size_t held_at = 0;  // shared non-atomic accesses holding it (exclusive or shared)
  std::size_t of = 0;       // shared non-atomic accesses

  std::string source() const { return from_annotation ? "annotation" : "inferred"; }
  // Inferred from a minority of the accesses: a weak claim, and its findings rank low.
  bool weak() const { return !from_annotation && held_at * 2 < of; }
  std::string evidence() const;
  GuardReport report() const { return {lock, source(), evidence(), weak()}; }
};

// Over the location's shared accesses; atomic ones take no part (they need no lock).
// `declared`: the lock the source declares for this location, if any.
std::optional<Guard> infer_guard(const std::optional<std::string>& declared, const std::vector<SharedAccess>& accesses);

// The lock held at most of the accesses, ignoring any declaration (ties: the lock more
// writes hold, then name order); nullopt when none holds a lock.
std::optional<Guard> most_held_lock(const std::vector<SharedAccess>& accesses);

}  // namespace hawk::audit
