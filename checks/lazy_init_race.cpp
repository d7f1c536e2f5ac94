// lazy-init-race: check-then-act on shared state. A plain (non-atomic) read decides
// whether to write the same location (`if (!p_) p_ = make();`), does not hold the
// location's guard (or there is none), and another thread may run the write it controls
// in parallel with it: two threads can both see "not yet" and both write, or one can see
// the write half done. This includes the first check of double-checked locking, whose inner
// check and write hold the lock but whose outer read does not; that first check is
// fine only when it is an atomic load (any atomic read is accepted: capture does not
// record the memory order).
#include <string>

#include "checks/check.h"

namespace hawk::audit {
namespace {

class LazyInitRace final : public Check {
 public:
  std::string_view id() const override { return "lazy-init-race"; }
  std::string_view summary() const override {
    return "check-then-act on shared state without its lock (broken double-checked locking)";
  }

  void run(const CheckContext& context, std::vector<Finding>& out) const override {
    for (const auto& [key, location] : context.state.locations()) {
      if (!location.can_race() || location.location->is_atomic) continue;
      for (std::size_t i = 0; i < location.shared.size(); ++i) {
        const SharedAccess& check = location.shared[i];
        const Access& read = *check.access;
        if (read.kind != AccessKind::Read || !read.controls_write_at) continue;
        if (location.guard && check.holds(location.guard->lock, /*for_write=*/false)) continue;
        // Another thread may run the write (the act) in parallel with this check.
        const Partner* write = location.partner_where(i, [&](const SharedAccess& other) {
          return other.is_write() && other.access->pos == *read.controls_write_at && !check.excludes(other);
        });
        if (!write) continue;
        Finding finding = context.finding(id(), location, i, message(location, location.shared[write->other]), {*write});
        out.push_back(std::move(finding));
      }
    }
  }

 private:
  static std::string message(const LocationState& location, const SharedAccess& write) {
    const std::string& name = location.location->name;
    const std::string line = std::to_string(write.access->pos.line);
    if (location.guard && write.holds(location.guard->lock, /*for_write=*/true))
      return "double-checked locking: the first check of '" + name + "' does not hold '" + location.guard->lock +
             "' and is not atomic, so it races with the write at line " + line + " made under the lock";
    return "check-then-act on '" + name + "': this read decides the write at line " + line +
           (location.guard ? " without holding '" + location.guard->lock + "'" : " and no lock guards it") +
           "; two threads can both see the old value and both write";
  }
};

}  // namespace

std::unique_ptr<Check> make_lazy_init_race_check() { return std::make_unique<LazyInitRace>(); }

}  // namespace hawk::audit
