#include "hawk/di/container.h"

#include <algorithm>
#include <cassert>
#include <string>

#include "hawk/di/type_name.h"

namespace hawk {
namespace {

// "A -> B -> last": the types from `innermost` up to (not including) `stop`, outermost
// first, then `last`.
std::string describe_chain(const ResolutionFrame* innermost, std::type_index last, const ResolutionFrame* stop = nullptr) {
  std::string chain = readable_type_name(last);
  for (const ResolutionFrame* frame = innermost; frame != stop; frame = frame->parent) {
    chain = readable_type_name(frame->type) + " -> " + chain;
  }
  return chain;
}

// Throws DependencyCycleError when `type` is already being resolved further up the chain.
void check_no_cycle(std::type_index type, const ResolutionFrame* parent) {
  for (const ResolutionFrame* frame = parent; frame != nullptr; frame = frame->parent) {
    if (frame->type != type) continue;
    // Name the cycle alone: from where `type` entered the chain, back to it.
    throw DependencyCycleError("dependency cycle: " + readable_type_name(type) + " -> " +
                               describe_chain(parent, type, frame));
  }
}

// " (needed by A -> B -> type)", or nothing for an outermost request.
std::string needed_by(const ResolutionFrame* parent, std::type_index type) {
  return parent == nullptr ? std::string() : " (needed by " + describe_chain(parent, type) + ")";
}

}  // namespace

Container::Container() : latest_(std::make_shared<const Registry>()), registry_(latest_) {}

void Container::add(std::type_index type, std::shared_ptr<Provider> provider) {
  update([&](Registry& registry) { registry.providers[type] = std::move(provider); });
}

OverrideGuard Container::install_override(std::type_index type, Provider::ErasedFactory factory) {
  const Provider* installed = nullptr;
  update([&](Registry& registry) {
    auto original = registry.providers.find(type);
    if (original == registry.providers.end()) {
      throw ProviderNotFoundError("cannot override " + readable_type_name(type) + ": no provider registered for it");
    }
    auto replacement = std::make_shared<Provider>(original->second->lifetime, std::move(factory), Provider::ErasedTeardown{});
    installed = replacement.get();
    registry.overrides[type].push_back(std::move(replacement));
  });
  return OverrideGuard(*this, type, installed);
}

void Container::remove_override(std::type_index type, const Provider* provider) {
  update([&](Registry& registry) {
    auto stack = registry.overrides.find(type);
    assert(stack != registry.overrides.end() && "override removed twice");
    std::erase_if(stack->second, [&](const std::shared_ptr<Provider>& p) { return p.get() == provider; });
    if (stack->second.empty()) registry.overrides.erase(stack);
  });
}

void Container::update(const std::function<void(Registry&)>& edit) {
  ThreadLockGuard guard(mu_);
  auto next = std::make_shared<Registry>(*latest_);
  edit(*next);  // may throw: nothing is changed then
  latest_ = next;
  registry_.store(std::move(next));
}

std::shared_ptr<void> Container::resolve_erased(std::type_index type, Scope* scope, const ResolutionFrame* parent) {
  check_no_cycle(type, parent);
  std::shared_ptr<Provider> provider;
  {
    std::shared_ptr<const Registry> registry = registry_.load();
    if (auto overridden = registry->overrides.find(type); overridden != registry->overrides.end()) {
      provider = overridden->second.back();
    } else if (auto registered = registry->providers.find(type); registered != registry->providers.end()) {
      provider = registered->second;
    }
  }
  if (provider == nullptr) {
    throw ProviderNotFoundError("no provider registered for " + readable_type_name(type) + needed_by(parent, type));
  }
  const ResolutionFrame frame{type, provider->lifetime, parent};
  if (provider->lifetime == Lifetime::Singleton) return singleton(*provider, frame);
  if (provider->lifetime == Lifetime::Scoped) return scoped(provider, scope, frame);
  return construct(*provider, scope, frame);  // transient: a new one every time
}

std::shared_ptr<void> Container::singleton(Provider& provider, const ResolutionFrame& frame) {
  if (!provider.ready.load(std::memory_order_acquire)) {
    // First use. One container-wide lock rather than one per provider: with per-provider
    // locks (or once-flags), two threads first-resolving singletons that need each other
    // would each hold one and wait for the other forever. Under one lock, a single thread
    // builds its whole singleton graph and meets the cycle in its own chain. Recursive,
    // because a singleton's factory resolves its singleton dependencies on this thread;
    // it can never re-enter this provider, since that would be a cycle, reported above.
    // Re-checking `ready` under the lock builds each singleton exactly once, and a factory
    // that throws leaves it unbuilt for the next resolve to retry. (Not std::call_once: a
    // throwing callable leaves its flag stuck under ThreadSanitizer, hanging the retry.)
    std::lock_guard<std::recursive_mutex> building(singleton_mu_);
    if (!provider.ready.load(std::memory_order_relaxed)) {
      // No scope: a singleton outlives every request, so its dependencies may not be scoped.
      provider.instance = construct(provider, nullptr, frame);
      provider.ready.store(true, std::memory_order_release);
    }
  }
  // hawk-audit: ignore(unguarded-read): written before the release store of `ready`, read after its acquire load
  return provider.instance;
}

std::shared_ptr<void> Container::scoped(const std::shared_ptr<Provider>& provider, Scope* scope,
                                        const ResolutionFrame& frame) {
  for (const ResolutionFrame* owner = frame.parent; owner != nullptr; owner = owner->parent) {
    if (owner->lifetime != Lifetime::Singleton) continue;
    throw LifetimeError("captive dependency: singleton " + readable_type_name(owner->type) + " cannot depend on scoped " +
                        readable_type_name(frame.type) + " (" + describe_chain(frame.parent, frame.type) + ")");
  }
  if (scope == nullptr) {
    throw LifetimeError("scoped " + readable_type_name(frame.type) + " resolved outside a scope" +
                        needed_by(frame.parent, frame.type) + "; resolve it from Container::create_scope()");
  }
  return scope->instance_of(provider, frame);
}

std::shared_ptr<void> Container::construct(const Provider& provider, Scope* scope, const ResolutionFrame& frame) {
  Resolver resolver(*this, scope, frame);
  std::shared_ptr<void> instance = provider.factory(resolver);
  if (instance == nullptr) throw DiError("the factory for " + readable_type_name(frame.type) + " returned null");
  return instance;
}

}  // namespace hawk
