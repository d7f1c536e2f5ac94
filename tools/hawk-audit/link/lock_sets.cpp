#include "link/lock_sets.h"

#include <algorithm>
#include <map>
#include <string>

namespace hawk::audit {

std::vector<HeldLock> union_locks(const std::vector<HeldLock>& a, const std::vector<HeldLock>& b) {
  std::map<std::string, bool> shared;  // lock -> held shared only
  for (const auto* side : {&a, &b})
    for (const HeldLock& h : *side) {
      auto [it, inserted] = shared.try_emplace(h.lock, h.shared);
      if (!inserted) it->second = it->second && h.shared;
    }
  std::vector<HeldLock> out;
  for (const auto& [lock, is_shared] : shared) out.push_back({lock, is_shared});
  return out;
}

std::vector<HeldLock> intersect_locks(const std::vector<HeldLock>& a, const std::vector<HeldLock>& b) {
  std::vector<HeldLock> out;
  for (const HeldLock& h : a)
    if (const HeldLock* other = find_lock(b, h.lock)) out.push_back({h.lock, h.shared || other->shared});
  std::sort(out.begin(), out.end());
  return out;
}

const HeldLock* find_lock(const std::vector<HeldLock>& locks, std::string_view lock) {
  auto it = std::find_if(locks.begin(), locks.end(), [&](const HeldLock& h) { return h.lock == lock; });
  return it == locks.end() ? nullptr : &*it;
}

}  // namespace hawk::audit
