// non-atomic-rmw: a read-modify-write (`x++`, `x += n`) of shared state that no lock
// guards anywhere, and that may happen in parallel with another access of it (another
// thread, or another instance of its own); and an atomic update split into a separate
// load and store (`a.store(a.load() + 1)`) with another write in parallel. Either way two
// threads can read the same old value and one update is lost.
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
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        const SharedAccess& access = location.shared[i];
        if (access.access->split_atomic_update && access.is_atomic()) {
          report_split_update(context, location, i, out);
        } else if (access.access->kind == AccessKind::ReadModifyWrite && !location.guard &&
                   !location.location->is_atomic) {
          const std::vector<Partner> races = location.races(i);
          if (races.empty()) continue;
          Finding finding = context.finding(id(), location, i,
                                            "non-atomic read-modify-write of '" + location.location->name +
                                                "' that may happen in parallel with another access, and no lock "
                                                "guards it anywhere",
                                            races);
          out.push_back(std::move(finding));
        }
      }
    }
  }

 private:
  // The load and the store are each atomic; the pair is safe only if every write that may
  // happen in parallel with it holds a lock in common with it around its update.
  void report_split_update(const CheckContext& context, const LocationState& location, std::size_t index,
                           std::vector<Finding>& out) const {
    const SharedAccess& access = location.shared[index];
    std::vector<Partner> writers;
    for (const Partner& partner : location.partners[index]) {
      const SharedAccess& other = location.shared[partner.other];
      if (other.is_write() && !access.excludes(other)) writers.push_back(partner);
    }
    if (writers.empty()) return;
    Finding finding =
        context.finding(id(), location, index,
                        "atomic update of '" + location.location->name +
                            "' split into a separate load and store: an update in parallel between them is lost",
                        writers);
    finding.guard.reset();  // atomics have no guard to show
    out.push_back(std::move(finding));
  }
};

}  // namespace

std::unique_ptr<Check> make_non_atomic_rmw_check() { return std::make_unique<NonAtomicRmw>(); }

}  // namespace hawk::audit
