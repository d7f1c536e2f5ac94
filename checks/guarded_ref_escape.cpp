// guarded-ref-escape: a reference, pointer or iterator to guarded state leaves a
// function through its return value while the function holds the guard there, and the
// guard is released on return (it was taken inside, the function neither REQUIRES it
// nor keeps it locked for the caller as a lock wrapper does). The caller then reads or
// writes the state through it with no lock held.
#include <algorithm>
#include <string>

#include "checks/check.h"
#include "link/lock_sets.h"

namespace hawk::audit {
namespace {

class GuardedRefEscape final : public Check {
 public:
  std::string_view id() const override { return "guarded-ref-escape"; }
  std::string_view summary() const override {
    return "a reference or pointer to guarded state returned past the unlock";
  }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (!location.guard || !location.can_race() || location.location->is_atomic) continue;
      const std::string& lock = location.guard->lock;
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        const SharedAccess& access = location.shared[i];
        const Access& a = *access.access;
        if (!a.escapes_by_return || !find_lock(a.locks, lock)) continue;  // not taken in this function
        if (kept_for_caller(context, access, lock)) continue;
        // What the caller does with the reference may meet a write in parallel: locks held
        // here protect nothing there.
        std::vector<Partner> writes;
        for (const Partner& partner : location.partners[i]) {
          const SharedAccess& other = location.shared[partner.other];
          if (!other.is_atomic() && other.is_write() && other.access != access.access) writes.push_back(partner);
        }
        if (writes.empty()) continue;
        Finding finding = context.finding(
            id(), location, i,
            "a reference to '" + location.location->name + "' escapes '" + context.program.function_name(a.function) +
                "' through its return value, but '" + lock +
                "' is released on return: the caller uses it without the lock",
            writes);
        out.push_back(std::move(finding));
      }
    }
  }

 private:
  // The caller holds the lock before the call (REQUIRES, or every caller holds it) or
  // after it (the function returns with it held): the reference stays guarded.
  static bool kept_for_caller(const CheckContext& context, const SharedAccess& access, const std::string& lock) {
    const std::string& function = access.access->function;
    if (find_lock(context.threads.held_on_entry(access.root, function), lock)) return true;
    const Function* f = context.program.function(function);
    if (!f) return false;
    return find_lock(f->requires_locks, lock) || find_lock(f->acquires_on_return, lock);
  }
};

}  // namespace

std::unique_ptr<Check> make_guarded_ref_escape_check() { return std::make_unique<GuardedRefEscape>(); }

}  // namespace hawk::audit
