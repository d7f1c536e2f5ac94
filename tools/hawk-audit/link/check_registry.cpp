// The list of checks, in precedence order (see checks/check.h). A new check adds its
// factory here; more specific checks belong before the general unguarded-* ones so they
// claim the access first: a check-then-act read is lazy-init-race before it is an
// unguarded read; an escaping reference holds the guard, so only its check sees it; a
// write under a reader lock, then one under some other lock, are not "unguarded".
#include "checks/check.h"

namespace hawk::audit {

const std::vector<std::unique_ptr<Check>>& all_checks() {
  static const std::vector<std::unique_ptr<Check>> checks = [] {
    std::vector<std::unique_ptr<Check>> list;
    list.push_back(make_thread_unsafe_call_check());  // claims the library-state accesses
    list.push_back(make_lazy_init_race_check());
    list.push_back(make_guarded_ref_escape_check());
    list.push_back(make_write_under_shared_lock_check());
    list.push_back(make_inconsistent_guard_check());
    list.push_back(make_unguarded_write_check());
    list.push_back(make_unguarded_read_check());
    list.push_back(make_non_atomic_rmw_check());
    list.push_back(make_unprotected_shared_write_check());
    list.push_back(make_lock_order_inversion_check());  // reports lock pairs, not accesses
    return list;
  }();
  return checks;
}

}  // namespace hawk::audit
