// inconsistent-guard: an access that holds some lock, but not the location's guard.
//
// Precisely, for a non-atomic shared access A of a guarded, non-atomic location with
// guard G (declared, else the lock held at most accesses), where A holds at least one
// lock but not G (a write holding G only shared is write-under-shared-lock's):
//  - G declared (GUARDED_BY / PT_GUARDED_BY): A is reported when it is a write, or a read
//    of a location written concurrently: the code disagrees with the annotation (often
//    all accesses consistently hold another lock: the declared and inferred guards differ).
//  - G inferred: A is reported when some access it can race with (a write, or any access
//    if A writes) shares no lock with it. The accesses hold different locks with none in
//    common, so the locks exclude nothing.
// Accesses holding no lock at all are the unguarded-* checks'.
#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "checks/check.h"
#include "link/guard_inference.h"

namespace hawk::audit {
namespace {

// 'A' at 2, 'B' at 1 of 3 accesses
std::string locks_seen(const LocationState& location) {
  std::map<std::string, std::size_t> counts;
  std::size_t of = 0;
  for (const SharedAccess& access : location.shared) {
    if (access.is_atomic()) continue;
    ++of;
    for (const HeldLock& held : access.locks) ++counts[held.lock];
  }
  std::string text;
  for (const auto& [lock, count] : counts) {
    if (!text.empty()) text += ", ";
    text += "'" + lock + "' at " + std::to_string(count);
  }
  return text + " of " + std::to_string(of) + " accesses";
}

std::string held_names(const SharedAccess& access) {
  std::string text;
  for (const HeldLock& held : access.locks) {
    if (!text.empty()) text += ", ";
    text += "'" + held.lock + "'";
  }
  return text;
}

class InconsistentGuard final : public Check {
 public:
  std::string_view id() const override { return "inconsistent-guard"; }
  std::string_view summary() const override {
    return "shared state accessed under different locks, or not under its declared guard";
  }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (!location.guard || !location.can_race() || location.location->is_atomic) continue;
      const Guard& guard = *location.guard;
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        const SharedAccess& access = location.shared[i];
        if (access.is_atomic() || !access.holds_any_lock() || access.holds(guard.lock, /*for_write=*/false)) continue;
        const std::vector<Partner> races = location.races(i);
        // Against a declared guard, any write in parallel shows the disagreement, even one
        // that happens to hold the same other lock.
        std::vector<Partner> writes;
        for (const Partner& partner : location.partners[i]) {
          const SharedAccess& other = location.shared[partner.other];
          if (!other.is_atomic() && (other.is_write() || access.is_write())) writes.push_back(partner);
        }
        if (races.empty() && !(guard.from_annotation && !writes.empty())) continue;
        Finding finding =
            context.finding(id(), location, i, message(location, guard, access), races.empty() ? writes : races);
        if (races.empty())  // declared-vs-inferred: show where the declared lock is used, if anywhere
          context.add_conflicts(finding, location, [&](const SharedAccess& other) {
            return !other.is_atomic() && other.holds(guard.lock, /*for_write=*/false);
          });
        out.push_back(std::move(finding));
      }
    }
  }

 private:
  static std::string message(const LocationState& location, const Guard& guard, const SharedAccess& access) {
    const std::string what = access.is_write() ? (access.access->kind == AccessKind::ReadModifyWrite
                                                      ? "read-modify-write of"
                                                      : "write to")
                                               : "read of";
    const std::string name = location.location->name;
    if (guard.from_annotation) {
      std::string text = "'" + name + "' is declared GUARDED_BY(" + guard.lock + ")";
      const std::optional<Guard> inferred = most_held_lock(location.shared);
      if (inferred && inferred->lock != guard.lock && inferred->held_at == inferred->of)
        text += " but its accesses hold '" + inferred->lock + "' (held at " + std::to_string(inferred->held_at) +
                " of " + std::to_string(inferred->of) + " accesses)";
      return text + "; this " + what.substr(0, what.find(' ')) + " holds " + held_names(access) + ", not '" +
             guard.lock + "' (" + locks_seen(location) + ")";
    }
    return what + " '" + name + "' holds " + held_names(access) + " but not '" + guard.lock +
           "': its accesses hold different locks with none in common (" + locks_seen(location) + ")";
  }
};

}  // namespace

std::unique_ptr<Check> make_inconsistent_guard_check() { return std::make_unique<InconsistentGuard>(); }

}  // namespace hawk::audit
