#include "link/guard_inference.h"

#include <map>
#include <tuple>

#include "link/shared_state.h"

namespace hawk::audit {

std::string Guard::evidence() const {
  std::string counted = "held at " + std::to_string(held_at) + " of " + std::to_string(of) + " accesses";
  if (weak()) counted += " (weak: a minority)";
  return from_annotation ? "declared GUARDED_BY(" + lock + "); " + counted : counted;
}

namespace {

struct Tally {
  std::size_t held = 0;
  std::size_t held_at_writes = 0;
};

std::map<std::string, Tally> tally_locks(const std::vector<SharedAccess>& accesses, std::size_t& guardable) {
  std::map<std::string, Tally> tallies;
  guardable = 0;
  for (const SharedAccess& access : accesses) {
    if (access.is_atomic()) continue;
    ++guardable;
    for (const HeldLock& held : access.locks) {
      Tally& tally = tallies[held.lock];
      ++tally.held;
      if (access.is_write()) ++tally.held_at_writes;
    }
  }
  return tallies;
}

}  // namespace

std::optional<Guard> most_held_lock(const std::vector<SharedAccess>& accesses) {
  std::size_t guardable = 0;
  const std::map<std::string, Tally> tallies = tally_locks(accesses, guardable);
  // Most accesses first; on a tie the lock writers take, then name order (map order).
  const std::pair<const std::string, Tally>* best = nullptr;
  for (const auto& entry : tallies) {
    if (!best || std::tie(entry.second.held, entry.second.held_at_writes) >
                     std::tie(best->second.held, best->second.held_at_writes))
      best = &entry;
  }
  if (!best) return std::nullopt;
  return Guard{best->first, false, best->second.held, guardable};
}

std::optional<Guard> infer_guard(const std::optional<std::string>& declared, const std::vector<SharedAccess>& accesses) {
  if (!declared) return most_held_lock(accesses);
  std::size_t guardable = 0;
  const std::map<std::string, Tally> tallies = tally_locks(accesses, guardable);
  auto it = tallies.find(*declared);
  return Guard{*declared, true, it == tallies.end() ? 0 : it->second.held, guardable};
}

}  // namespace hawk::audit
