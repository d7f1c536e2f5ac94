#pragma once

#include <memory>
#include <mutex>
#include <typeindex>
#include <vector>

#include "hawk/di/provider.h"
#include "hawk/di/resolver.h"
#include "hawk/thread_annotations.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {

class Container;

// The context of one request, made by Container::create_scope(). It resolves every
// lifetime; each scoped type is built at most once per Scope, and when the Scope is
// destroyed its scoped instances are torn down in reverse order of creation (so an
// instance goes before the ones it depends on): teardown callback first, then release.
//
// Several threads of one request may resolve from the same Scope. Teardown callbacks
// must not throw (the destructor is noexcept). The Container must outlive its Scopes.
// Movable, so it can be returned and stored; a moved-from Scope may only be destroyed.
class Scope {
 public:
  Scope(Scope&&) noexcept = default;
  Scope& operator=(Scope&&) = delete;
  ~Scope();

  template <class T>
  std::shared_ptr<T> resolve() {
    return std::static_pointer_cast<T>(resolve_erased(std::type_index(typeid(T))));
  }

 private:
  friend class Container;

  struct Instance {
    std::shared_ptr<const Provider> provider;
    std::shared_ptr<void> object;
  };
  struct State {
    ThreadLock mu = maybe_thread_lock();
    // Held while a scoped factory runs, so threads of this request build each scoped
    // type once. Recursive: a scoped factory resolves its scoped dependencies on the same
    // thread. One per Scope, so requests never wait for each other. (std::recursive_mutex
    // carries no capability annotation; it guards no member, only the act of building.)
    std::recursive_mutex build_mu;
    std::vector<Instance> instances GUARDED_BY(mu);  // in order of creation
  };

  explicit Scope(Container& container) : container_(&container), state_(std::make_unique<State>()) {}

  std::shared_ptr<void> resolve_erased(std::type_index type);
  // The scope's instance from `provider`, built now if this scope has none yet.
  std::shared_ptr<void> instance_of(const std::shared_ptr<Provider>& provider, const ResolutionFrame& frame);
  // Null when this scope has no instance from `provider` (factories never return null).
  std::shared_ptr<void> find(const Provider& provider);

  // Both fixed at construction (only a move, never concurrent with use, changes them);
  // what state_ points to is guarded inside State.
  Container* container_;
  std::unique_ptr<State> state_;
};

}  // namespace hawk
