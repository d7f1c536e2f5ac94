#pragma once

namespace hawk {

// How long a resolved instance lives, and therefore who shares it.
enum class Lifetime {
  Singleton,  // one instance per Container, built on first resolve
  Scoped,     // one instance per Scope (one request), torn down when the Scope ends
  Transient,  // a new instance on every resolve
};

}  // namespace hawk
