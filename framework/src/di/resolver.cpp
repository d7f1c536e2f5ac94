#include "hawk/di/resolver.h"

#include "hawk/di/container.h"

namespace hawk {

std::shared_ptr<void> Resolver::resolve_erased(std::type_index type) {
  return container_.resolve_erased(type, scope_, &frame_);
}

}  // namespace hawk
