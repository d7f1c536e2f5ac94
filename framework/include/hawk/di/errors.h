#pragma once

#include <stdexcept>

namespace hawk {

// Base of every dependency-injection error. They all report a wiring mistake, not a
// runtime condition, hence logic_error.
class DiError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// No provider is registered for the requested type; what() names the type.
class ProviderNotFoundError : public DiError {
 public:
  using DiError::DiError;
};

// A provider depends on itself, directly or not; what() names the whole cycle,
// e.g. "dependency cycle: A -> B -> A".
class DependencyCycleError : public DiError {
 public:
  using DiError::DiError;
};

// A lifetime rule was broken: a scoped type resolved outside a Scope, or a singleton
// depending on a scoped type (it would hold the request's instance captive forever).
class LifetimeError : public DiError {
 public:
  using DiError::DiError;
};

}  // namespace hawk
