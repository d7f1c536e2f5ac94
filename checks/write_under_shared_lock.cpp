// write-under-shared-lock: a write or read-modify-write of a guarded location that holds
// its guard only shared (shared_lock, lock_shared, pthread_rwlock_rdlock). Every other
// reader holds the same lock at the same time, so the write races with them all.
#include <string>

#include "checks/check.h"

namespace hawk::audit {
namespace {

class WriteUnderSharedLock final : public Check {
 public:
  std::string_view id() const override { return "write-under-shared-lock"; }
  std::string_view summary() const override { return "a write to shared state under a reader (shared) lock"; }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (!location.guard || !location.can_race() || location.location->is_atomic) continue;
      const Guard& guard = *location.guard;
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        const SharedAccess& access = location.shared[i];
        if (access.is_atomic() || !access.is_write()) continue;
        if (access.holds(guard.lock, /*for_write=*/true) || !access.holds(guard.lock, /*for_write=*/false)) continue;
        // Those it races with: every access under the same shared hold, and the writers.
        const std::vector<Partner> races = location.races(i);
        if (races.empty()) continue;
        const std::string what = access.access->kind == AccessKind::ReadModifyWrite ? "read-modify-write of" : "write to";
        Finding finding = context.finding(id(), location, i,
                                          what + " '" + location.location->name + "' while holding '" + guard.lock +
                                              "' only shared: other holders of the shared lock run at the same time (" +
                                              guard.evidence() + ")",
                                          races);
        out.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_write_under_shared_lock_check() { return std::make_unique<WriteUnderSharedLock>(); }

}  // namespace hawk::audit
