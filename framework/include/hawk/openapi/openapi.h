#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hawk/routing/route_table.h"
#include "hawk/thread_annotations.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {

// The document's `info` object.
struct OpenApiInfo {
  std::string title = "hawk";
  std::string version = "0.1.0";
  std::string description;  // omitted when empty

  bool operator==(const OpenApiInfo&) const = default;
};

// The OpenAPI 3.1.0 document for `table`'s routes. With a non-empty `api_version` only the
// routes of that version and the unversioned ones are listed. Mounts, routes excluded from
// the schema and HEAD (implied by GET) are left out. Deterministic: the same routes give a
// byte-identical dump, whatever order they were added in.
nlohmann::json build_openapi(const RouteTable& table, const OpenApiInfo& info, std::string_view api_version = "");

// Serialized documents, one per API version, each valid for one route-table generation.
// Readers of an up-to-date document share it without rebuilding; a document is built
// outside the lock and is immutable once published, so no reader sees one half-built.
// Generations must come from one Router (they are compared, not matched to a router).
class OpenApiCache {
 public:
  OpenApiCache() = default;
  OpenApiCache(const OpenApiCache&) = delete;
  OpenApiCache& operator=(const OpenApiCache&) = delete;

  // The document for `table`. A reader holding an older table than the cached one gets a
  // document built for its table, which does not replace the newer cached one.
  std::shared_ptr<const std::string> get(const RouteTable& table, const OpenApiInfo& info,
                                         std::string_view api_version = "") EXCLUDES(mu_);

  // How many documents were built so far (cache misses).
  std::uint64_t builds() const { return builds_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::uint64_t generation = 0;
    OpenApiInfo info;
    std::shared_ptr<const std::string> document;
  };

  ThreadLock mu_ = maybe_thread_lock();  // guards entries_; never held while building
  std::map<std::string, Entry, std::less<>> entries_ GUARDED_BY(mu_);  // by API version
  std::atomic<std::uint64_t> builds_{0};  // atomic: bumped outside mu_ by concurrent builders
};

}  // namespace hawk
