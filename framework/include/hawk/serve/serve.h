#pragma once

#include "hawk/serve/serve_options.h"
#include "hawk/serve/server.h"

namespace hawk {

// Serves `app` until the process gets SIGINT or SIGTERM, then stops accepting, lets the
// requests in flight finish (up to options.shutdown_timeout) and returns: true when all
// did. Blocks both signals in the calling thread (the workers inherit that) and waits for
// them with sigwait, so call it before starting threads that do not block them.
// Throws std::runtime_error when the address cannot be bound.
bool serve(App& app, ServeOptions options = {});

}  // namespace hawk
