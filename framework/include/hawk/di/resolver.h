#pragma once

#include <memory>
#include <typeindex>

#include "hawk/di/lifetime.h"

namespace hawk {

class Container;
class Scope;

// One link in the chain of types being resolved, innermost first. Frames live on the
// stack of the resolving calls, so carrying the chain costs no allocation.
struct ResolutionFrame {
  std::type_index type;
  Lifetime lifetime;
  const ResolutionFrame* parent;  // null for the outermost request
};

// What a factory receives. It resolves the factory's dependencies in the same context
// (the same Scope, if any) and carries the chain that led here, so a dependency cycle is
// reported instead of recursing forever. It lives for one factory call, on that call's
// thread, and is never shared between threads.
//
// A factory must resolve through its Resolver, not through a captured Container or
// Scope: only the Resolver knows the chain, and with it, cycles and captive dependencies.
class Resolver {
 public:
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  template <class T>
  std::shared_ptr<T> resolve() {
    return std::static_pointer_cast<T>(resolve_erased(std::type_index(typeid(T))));
  }

 private:
  friend class Container;
  Resolver(Container& container, Scope* scope, const ResolutionFrame& frame)
      : container_(container), scope_(scope), frame_(frame) {}

  std::shared_ptr<void> resolve_erased(std::type_index type);

  Container& container_;
  Scope* const scope_;  // null outside a request, and inside a singleton's factory
  const ResolutionFrame& frame_;
};

}  // namespace hawk
