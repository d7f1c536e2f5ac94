// Set operations on held-lock lists (sorted by lock name, unique). A lock held shared on
// one side and exclusively on the other is: shared in an intersection (only the weaker
// hold is certain), exclusive in a union (both holds are in effect).
#pragma once

#include <string_view>
#include <vector>

#include "model/facts.h"

namespace hawk::audit {

std::vector<HeldLock> union_locks(const std::vector<HeldLock>& a, const std::vector<HeldLock>& b);
std::vector<HeldLock> intersect_locks(const std::vector<HeldLock>& a, const std::vector<HeldLock>& b);
// The hold of `lock` in `locks`, if any.
const HeldLock* find_lock(const std::vector<HeldLock>& locks, std::string_view lock);

}  // namespace hawk::audit
