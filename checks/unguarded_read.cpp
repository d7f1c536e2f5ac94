// unguarded-read: the location is guarded and written under its guard, and this read
// holds the guard neither exclusively nor shared: it can see a write half done.
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
      auto is_guarded_write = [&](const SharedAccess& a) {
        return !a.is_atomic() && a.is_write() && a.holds(guard.lock, /*for_write=*/false);
      };
      // Reads race only with writes; with no write under the guard there is nothing
      // the guard protects them from (unguarded writes are reported on their own).
      if (std::none_of(location.shared.begin(), location.shared.end(), is_guarded_write)) continue;
      for (const SharedAccess& access : location.shared) {
        if (access.access->kind != AccessKind::Read || access.holds(guard.lock, /*for_write=*/false)) continue;
        Finding finding = context.finding(id(), location, access,
                                          "read of '" + location.location->name + "' without holding '" + guard.lock +
                                              "' (" + guard.evidence() + ")");
        context.add_conflicts(finding, location, is_guarded_write);
        out.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_unguarded_read_check() { return std::make_unique<UnguardedRead>(); }

}  // namespace hawk::audit
