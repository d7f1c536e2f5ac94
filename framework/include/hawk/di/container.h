#pragma once

#include <concepts>
#include <functional>
#include <memory>
#include <mutex>
#include <typeindex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hawk/di/errors.h"
#include "hawk/di/lifetime.h"
#include "hawk/di/override_guard.h"
#include "hawk/di/provider.h"
#include "hawk/di/resolver.h"
#include "hawk/di/scope.h"
#include "hawk/thread_annotations.h"
#include "hawk/threading/atomic_snapshot.h"
#include "hawk/threading/thread_lock.h"

namespace hawk {

// The registry of providers, by type. Registration, resolution and overrides may all
// happen at once on many threads: resolving reads an immutable snapshot of the registry,
// so request threads never wait for a lock once their singletons exist.
//
//   Container c;
//   c.add_singleton<Db>([](Resolver&) { return std::make_shared<Db>(url); });
//   c.add_scoped<Session>([](Resolver& r) { return std::make_shared<Session>(r.resolve<Db>()); },
//                         [](Session& s) { s.close(); });
//   Scope request = c.create_scope();
//   auto session = request.resolve<Session>();
class Container {
 public:
  Container();
  Container(const Container&) = delete;
  Container& operator=(const Container&) = delete;

  // Registering a type again replaces its provider: the last registration wins, so an
  // app can register defaults and then swap some. A singleton already built by the old
  // provider stays alive for whoever holds it; later resolves build the new one.
  template <class T>
  void add_singleton(Factory<T> factory) {
    add_provider<T>(Lifetime::Singleton, std::move(factory));
  }
  template <class T>
  void add_scoped(Factory<T> factory, Teardown<T> teardown = {}) {
    add_provider<T>(Lifetime::Scoped, std::move(factory), std::move(teardown));
  }
  template <class T>
  void add_transient(Factory<T> factory) {
    add_provider<T>(Lifetime::Transient, std::move(factory));
  }
  // A singleton that already exists.
  template <class T>
  void add_instance(std::shared_ptr<T> instance) {
    add_singleton<T>([ready = std::move(instance)](Resolver&) { return ready; });
  }
  // The same, building T with its default constructor.
  template <std::default_initializable T>
  void add_singleton() {
    add_singleton<T>(default_factory<T>);
  }
  template <std::default_initializable T>
  void add_scoped() {
    add_scoped<T>(default_factory<T>);
  }
  template <std::default_initializable T>
  void add_transient() {
    add_transient<T>(default_factory<T>);
  }

  template <class T>
  bool contains() const {
    return registry_.load()->providers.contains(std::type_index(typeid(T)));
  }

  // Resolves a singleton or transient T; a scoped T needs a Scope (LifetimeError here).
  // Throws ProviderNotFoundError, DependencyCycleError, LifetimeError, or whatever a
  // factory throws; a singleton whose factory threw is built again by the next resolve.
  template <class T>
  std::shared_ptr<T> resolve() {
    return std::static_pointer_cast<T>(resolve_erased(std::type_index(typeid(T)), nullptr, nullptr));
  }

  // A new request scope. The Container must outlive it.
  Scope create_scope() { return Scope(*this); }

  // For tests: while the guard lives, every resolve of T, on any thread, uses `factory`
  // instead of T's provider, keeping T's lifetime (an overridden singleton is built once
  // per override, a scoped one once per Scope, without the original's teardown). Overrides
  // nest, the newest winning. T must be registered (ProviderNotFoundError otherwise).
  template <class T>
  [[nodiscard]] OverrideGuard override_with(Factory<T> factory) {
    return install_override(std::type_index(typeid(T)), erase_factory<T>(std::move(factory)));
  }

 private:
  friend class OverrideGuard;
  friend class Resolver;
  friend class Scope;

  struct Registry {
    std::unordered_map<std::type_index, std::shared_ptr<Provider>> providers;
    // The live overrides of each overridden type, newest last.
    std::unordered_map<std::type_index, std::vector<std::shared_ptr<Provider>>> overrides;
  };

  template <class T>
  static std::shared_ptr<T> default_factory(Resolver&) {
    return std::make_shared<T>();
  }

  template <class T>
  void add_provider(Lifetime lifetime, Factory<T> factory, Teardown<T> teardown = {}) {
    add(std::type_index(typeid(T)),
        std::make_shared<Provider>(lifetime, erase_factory<T>(std::move(factory)), erase_teardown<T>(std::move(teardown))));
  }
  void add(std::type_index type, std::shared_ptr<Provider> provider) EXCLUDES(mu_);
  OverrideGuard install_override(std::type_index type, Provider::ErasedFactory factory) EXCLUDES(mu_);
  void remove_override(std::type_index type, const Provider* provider) EXCLUDES(mu_);
  // Publishes a copy of the registry changed by `edit`; writers are serialised by mu_.
  void update(const std::function<void(Registry&)>& edit) EXCLUDES(mu_);

  // Resolves `type` for a request in `scope` (null outside one), reached through `parent`.
  std::shared_ptr<void> resolve_erased(std::type_index type, Scope* scope, const ResolutionFrame* parent);
  std::shared_ptr<void> singleton(Provider& provider, const ResolutionFrame& frame);
  std::shared_ptr<void> scoped(const std::shared_ptr<Provider>& provider, Scope* scope, const ResolutionFrame& frame);
  // Runs the provider's factory with a Resolver for `frame`; rejects a null result.
  std::shared_ptr<void> construct(const Provider& provider, Scope* scope, const ResolutionFrame& frame);

  ThreadLock mu_ = maybe_thread_lock();
  // The registry as the writers left it: each update() copies it, edits the copy and
  // publishes that. Never null.
  std::shared_ptr<const Registry> latest_ GUARDED_BY(mu_);
  // What readers see: the last published registry, load()ed without a lock. Never null.
  AtomicSnapshot<Registry> registry_;
  // Held while a singleton is first built (see singleton()). std::recursive_mutex has no
  // capability annotation; it guards no member, only the act of building.
  std::recursive_mutex singleton_mu_;
};

}  // namespace hawk
