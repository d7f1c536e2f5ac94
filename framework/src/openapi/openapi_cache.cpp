#include "hawk/openapi/openapi.h"

#include <utility>

namespace hawk {

std::shared_ptr<const std::string> OpenApiCache::get(const RouteTable& table, const OpenApiInfo& info,
                                                     std::string_view api_version) {
  const std::uint64_t generation = table.generation();
  {
    ThreadLockGuard guard(mu_);
    auto it = entries_.find(api_version);
    if (it != entries_.end() && it->second.generation == generation && it->second.info == info) {
      return it->second.document;
    }
  }

  // Built without the lock: a slow build must not hold up readers of other versions.
  auto document = std::make_shared<const std::string>(build_openapi(table, info, api_version).dump());
  builds_.fetch_add(1, std::memory_order_relaxed);

  ThreadLockGuard guard(mu_);
  auto [it, inserted] = entries_.try_emplace(std::string(api_version));
  // A reader holding a stale table still gets its own document, but keeps the newer one cached.
  if (inserted || it->second.generation <= generation) it->second = Entry{generation, info, document};
  return document;
}

}  // namespace hawk
