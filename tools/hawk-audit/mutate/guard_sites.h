// Finds the guard sites of one parsed translation unit with the locks layer's own
// recognisers (lock_operations, guard_start), so a site is exactly a lock the static
// checker understands. Not sites: try-locks and try/defer/adopt guards (they do not block,
// and removing one would leave a branch on its result), and the lock primitives
// themselves (bodies of ACQUIRE/RELEASE functions and of SCOPED_CAPABILITY classes:
// removing the lock inside ThreadLock::lock() removes every guard at once).
#pragma once

#include <string>
#include <vector>

#include "mutate/guard_site.h"

namespace clang {
class ASTContext;
}

namespace hawk::audit {

// Sites in files under `root` (absolute; empty: any file) outside system headers, in
// source order, each once (template instantiations share their pattern's site).
std::vector<GuardSite> find_guard_sites(clang::ASTContext& context, const std::string& root);

}  // namespace hawk::audit
