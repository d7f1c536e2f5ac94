#include "hawk/di/override_guard.h"

#include <utility>

#include "hawk/di/container.h"

namespace hawk {

OverrideGuard::OverrideGuard(OverrideGuard&& other) noexcept
    : container_(std::exchange(other.container_, nullptr)), type_(other.type_), provider_(other.provider_) {}

OverrideGuard::~OverrideGuard() {
  if (container_ != nullptr) container_->remove_override(type_, provider_);
}

}  // namespace hawk
