// non-atomic-rmw: a read-modify-write (`x++`, `x += n`) of shared state that no lock
// guards anywhere, from code that may run concurrently; and an atomic update split into
// a separate load and store (`a.store(a.load() + 1)`). Either way two threads can read
// the same old value and one update is lost.
#include <algorithm>
#include <string>

#include "checks/check.h"

namespace hawk::audit {
namespace {

class NonAtomicRmw final : public Check {
 public:
  std::string_view id() const override { return "non-atomic-rmw"; }
  std::string_view summary() const override {
    return "a read-modify-write of shared state that is not one atomic step";
  }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (!location.can_race()) continue;
      for (const SharedAccess& access : location.shared) {
        if (access.access->split_atomic_update && access.is_atomic()) {
          report_split_update(context, location, access, out);
        } else if (access.access->kind == AccessKind::ReadModifyWrite && !location.guard &&
                   !location.location->is_atomic) {
          Finding finding = context.finding(id(), location, access,
                                            "non-atomic read-modify-write of '" + location.location->name +
                                                "' from concurrent code, and no lock guards it anywhere");
          context.add_conflicts(finding, location, [&](const SharedAccess& other) { return !other.is_atomic(); });
          out.push_back(std::move(finding));
        }
      }
    }
  }

 private:
  // The load and the store are each atomic; the pair is safe only if every writer of
  // the location holds one common lock around its update.
  void report_split_update(const CheckContext& context, const LocationState& location, const SharedAccess& access,
                           std::vector<Finding>& out) const {
    for (const HeldLock& held : access.locks) {
      const bool every_writer_holds =
          std::all_of(location.shared.begin(), location.shared.end(),
                      [&](const SharedAccess& a) { return !a.is_write() || a.holds(held.lock, /*for_write=*/true); });
      if (!held.shared && every_writer_holds) return;
    }
    Finding finding =
        context.finding(id(), location, access,
                        "atomic update of '" + location.location->name +
                            "' split into a separate load and store: a concurrent update between them is lost");
    finding.guard.reset();  // atomics have no guard to show
    context.add_conflicts(finding, location, [&](const SharedAccess& other) { return other.is_write(); });
    out.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Check> make_non_atomic_rmw_check() { return std::make_unique<NonAtomicRmw>(); }

}  // namespace hawk::audit
