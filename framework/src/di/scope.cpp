#include "hawk/di/scope.h"

#include "hawk/di/container.h"

namespace hawk {

Scope::~Scope() {
  if (state_ == nullptr) return;  // moved from
  // No lock: the threads of the request are done with this scope before it is destroyed.
  std::vector<Instance> instances;
  instances.swap(state_->instances);
  // Newest first: an instance is created after its dependencies, so it goes before them.
  for (auto it = instances.rbegin(); it != instances.rend(); ++it) {
    if (it->provider->teardown) it->provider->teardown(it->object.get());
    it->object.reset();
  }
}

std::shared_ptr<void> Scope::resolve_erased(std::type_index type) {
  return container_->resolve_erased(type, this, nullptr);
}

std::shared_ptr<void> Scope::instance_of(const std::shared_ptr<Provider>& provider, const ResolutionFrame& frame) {
  if (std::shared_ptr<void> existing = find(*provider)) return existing;
  std::lock_guard<std::recursive_mutex> building(state_->build_mu);
  // Another thread of this request may have built it while we waited.
  if (std::shared_ptr<void> existing = find(*provider)) return existing;
  std::shared_ptr<void> object = container_->construct(*provider, this, frame);
  ThreadLockGuard guard(state_->mu);
  state_->instances.push_back({provider, object});
  return object;
}

std::shared_ptr<void> Scope::find(const Provider& provider) {
  ThreadLockGuard guard(state_->mu);
  // Linear: a request holds a handful of scoped instances.
  for (const Instance& instance : state_->instances) {
    if (instance.provider.get() == &provider) return instance.object;
  }
  return nullptr;
}

}  // namespace hawk
