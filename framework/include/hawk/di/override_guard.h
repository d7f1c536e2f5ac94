#pragma once

#include <typeindex>

namespace hawk {

class Container;
struct Provider;

// Keeps one test override installed (see Container::override_with); destroying it
// removes that override, whichever order guards are destroyed in. Movable; it must not
// outlive its Container. Owned by one thread, like any local.
class OverrideGuard {
 public:
  OverrideGuard(OverrideGuard&& other) noexcept;
  OverrideGuard& operator=(OverrideGuard&&) = delete;
  ~OverrideGuard();

 private:
  friend class Container;
  OverrideGuard(Container& container, std::type_index type, const Provider* provider)
      : container_(&container), type_(type), provider_(provider) {}

  Container* container_;  // null once moved from
  std::type_index type_;
  const Provider* provider_;
};

}  // namespace hawk
