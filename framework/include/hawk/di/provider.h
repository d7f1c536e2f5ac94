#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <utility>

#include "hawk/di/lifetime.h"

namespace hawk {

class Resolver;

// Builds a T, resolving the T's own dependencies through the Resolver.
template <class T>
using Factory = std::function<std::shared_ptr<T>(Resolver&)>;

// Releases what a scoped T holds (commit, close, return to a pool) when its Scope ends.
template <class T>
using Teardown = std::function<void(T&)>;

// One registration, erased to void so one registry holds every type. Registry snapshots
// share it by pointer, so a singleton's slot keeps its identity when the registry is copied.
struct Provider {
  using ErasedFactory = std::function<std::shared_ptr<void>(Resolver&)>;
  using ErasedTeardown = std::function<void(void*)>;

  Provider(Lifetime lifetime_of, ErasedFactory make, ErasedTeardown release)
      : lifetime(lifetime_of), factory(std::move(make)), teardown(std::move(release)) {}
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  // Immutable after construction: read by any thread without a lock.
  const Lifetime lifetime;
  const ErasedFactory factory;
  const ErasedTeardown teardown;  // scoped providers only; may be empty

  // The singleton slot. `ready` is atomic. `instance` is written once, while holding the
  // Container's singleton_mu_ and before `ready` is set (release); it is read only after
  // `ready` is seen (acquire) or under singleton_mu_. No annotation: the lock is the
  // Container's, and the lock-free fast path is sound through `ready`.
  std::atomic<bool> ready{false};
  std::shared_ptr<void> instance;
};

// Type erasure for Provider: the T goes in and out as void, cast back by resolve<T>().
template <class T>
Provider::ErasedFactory erase_factory(Factory<T> factory) {
  return [typed = std::move(factory)](Resolver& resolver) -> std::shared_ptr<void> { return typed(resolver); };
}

template <class T>
Provider::ErasedTeardown erase_teardown(Teardown<T> teardown) {
  if (!teardown) return {};
  return [typed = std::move(teardown)](void* object) { typed(*static_cast<T*>(object)); };
}

}  // namespace hawk
