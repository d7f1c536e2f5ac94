// unguarded-read: the location is guarded (some access holds its lock) and written from
// concurrent code, and this read holds no lock at all: it can see a write half done. (A read holding some other lock
// is inconsistent-guard's.)
#include <algorithm>
#include <string>

#include "checks/check.h"

namespace hawk::audit {
namespace {

class UnguardedRead final : public Check {
 public:
  std::string_view id() const override { return "unguarded-read"; }
  std::string_view summary() const override { return "a read of shared state without the lock its writes hold"; }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (!location.guard || !location.can_race() || location.location->is_atomic) continue;
      const Guard& guard = *location.guard;
      auto is_concurrent_write = [](const SharedAccess& a) { return !a.is_atomic() && a.is_write(); };
      // Reads race only with writes. Any concurrent write will do: one under the guard
      // (the classic case), or one that is itself unguarded (reported on its own too,
      // e.g. a helper called both with and without the lock) — the read sees either.
      if (std::none_of(location.shared.begin(), location.shared.end(), is_concurrent_write)) continue;
      for (const SharedAccess& access : location.shared) {
        if (access.access->kind != AccessKind::Read || access.holds_any_lock()) continue;
        Finding finding = context.finding(id(), location, access,
                                          "read of '" + location.location->name + "' without holding '" + guard.lock +
                                              "' (" + guard.evidence() + ")");
        context.add_conflicts(finding, location, is_concurrent_write);
        out.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_unguarded_read_check() { return std::make_unique<UnguardedRead>(); }

}  // namespace hawk::audit
