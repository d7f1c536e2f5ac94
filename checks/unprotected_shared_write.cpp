// unprotected-shared-write: shared state written from code that may run concurrently,
// and no lock guards it at any access. There is no guard to name, so none is claimed.
#include <string>

#include "checks/check.h"

namespace hawk::audit {
namespace {

class UnprotectedSharedWrite final : public Check {
 public:
  std::string_view id() const override { return "unprotected-shared-write"; }
  std::string_view summary() const override {
    return "shared state written from concurrent code with no lock anywhere";
  }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (location.guard || !location.can_race() || location.location->is_atomic) continue;
      for (const SharedAccess& access : location.shared) {
        if (access.access->kind != AccessKind::Write) continue;
        Finding finding = context.finding(
            id(), location, access,
            "write to '" + location.location->name + "' from concurrent code, and no lock guards it anywhere");
        context.add_conflicts(finding, location, [&](const SharedAccess& other) { return !other.is_atomic(); });
        out.push_back(std::move(finding));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> make_unprotected_shared_write_check() { return std::make_unique<UnprotectedSharedWrite>(); }

}  // namespace hawk::audit
