// unguarded-write: the location is guarded by a lock (declared, or held at its other
// accesses), and this write holds no lock at all while another access may happen in
// parallel with it. (Holding the guard only shared is
// write-under-shared-lock; holding some other lock is inconsistent-guard.)
#include <string>

#include "checks/check.h"

namespace hawk::audit {
namespace {

std::string describe_write(AccessKind kind) {
  return kind == AccessKind::ReadModifyWrite ? "read-modify-write of" : "write to";
}

class UnguardedWrite final : public Check {
 public:
  std::string_view id() const override { return "unguarded-write"; }
  std::string_view summary() const override {
    return "a write to shared state without the lock that guards it elsewhere";
  }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (!location.guard || !location.can_race() || location.location->is_atomic) continue;
      const Guard& guard = *location.guard;
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        const SharedAccess& access = location.shared[i];
        if (access.is_atomic() || !access.is_write() || access.holds_any_lock()) continue;
        const std::vector<Partner> races = location.races(i);
        if (races.empty()) continue;
        std::string message = describe_write(access.access->kind) + " '" + location.location->name +
                              "' without holding '" + guard.lock + "' (" + guard.evidence() + ")";
        Finding finding = context.finding(id(), location, i, std::move(message), races);
        context.add_conflicts(finding, location, [&](const SharedAccess& other) {
          return !other.is_atomic() && other.holds(guard.lock, /*for_write=*/false);
        });
        out.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_unguarded_write_check() { return std::make_unique<UnguardedWrite>(); }

}  // namespace hawk::audit
