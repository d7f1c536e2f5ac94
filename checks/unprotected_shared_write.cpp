// unprotected-shared-write: a write of shared state that may happen in parallel with
// another access of it (on another thread, or another instance of the same thread), and
// no lock guards it at any access. There is no guard to name, so none is claimed.
#include <string>

#include "checks/check.h"

namespace hawk::audit {
namespace {

class UnprotectedSharedWrite final : public Check {
 public:
  std::string_view id() const override { return "unprotected-shared-write"; }
  std::string_view summary() const override {
    return "shared state written in parallel with other accesses, with no lock anywhere";
  }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (location.guard || !location.can_race() || location.location->is_atomic) continue;
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        if (location.shared[i].access->kind != AccessKind::Write) continue;
        const std::vector<Partner> races = location.races(i);
        if (races.empty()) continue;
        Finding finding = context.finding(
            id(), location, i,
            "write to '" + location.location->name + "' that may happen in parallel with another access, and no lock "
            "guards it anywhere",
            races);
        out.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_unprotected_shared_write_check() { return std::make_unique<UnprotectedSharedWrite>(); }

}  // namespace hawk::audit
