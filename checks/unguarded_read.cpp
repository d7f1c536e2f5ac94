// unguarded-read: the location is guarded (some access holds its lock), and this read
// holds no lock at all while a write may happen in parallel with it: it can see the write
// half done. (A read holding some other lock is inconsistent-guard's.)
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
      // Reads race only with writes that may happen in parallel: one under the guard (the
      // classic case), or one that is itself unguarded (reported on its own too, e.g. a
      // helper called both with and without the lock) — the read sees either.
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        const SharedAccess& access = location.shared[i];
        if (access.access->kind != AccessKind::Read || access.holds_any_lock()) continue;
        const std::vector<Partner> races = location.races(i);
        if (races.empty()) continue;
        Finding finding = context.finding(id(), location, i,
                                          "read of '" + location.location->name + "' without holding '" + guard.lock +
                                              "' (" + guard.evidence() + ")",
                                          races);
        out.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_unguarded_read_check() { return std::make_unique<UnguardedRead>(); }

}  // namespace hawk::audit
