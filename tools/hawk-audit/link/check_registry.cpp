// The list of checks, in precedence order (see checks/check.h). A new check adds its
// factory here; more specific checks (e.g. one about writes under a shared lock) belong
// before the general unguarded-* ones so they claim the access first.
#include "checks/check.h"

namespace hawk::audit {

const std::vector<std::unique_ptr<Check>>& all_checks() {
  static const std::vector<std::unique_ptr<Check>> checks = [] {
    std::vector<std::unique_ptr<Check>> list;
    list.push_back(make_unguarded_write_check());
    list.push_back(make_unguarded_read_check());
    list.push_back(make_non_atomic_rmw_check());
    list.push_back(make_unprotected_shared_write_check());
    return list;
  }();
  return checks;
}

}  // namespace hawk::audit
