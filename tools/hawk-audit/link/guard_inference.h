// Which lock guards a location: the declared one (GUARDED_BY) if any, else the lock held
// at most of its shared accesses. A location accessed under some lock anywhere is
// guarded; one never accessed under a lock has no guard.
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
  std::string evidence() const;
  GuardReport report() const { return {lock, source(), evidence()}; }
};

// Over the location's shared accesses; atomic ones take no part (they need no lock).
std::optional<Guard> infer_guard(const Location& location, const std::vector<SharedAccess>& accesses);

}  // namespace hawk::audit
