// One mutant: a site's file with the site's ranges cut out, through clang's Rewriter, and
// written under a directory the caller names (a copy of the tree) — never over the
// user's file.
#pragma once

#include <string>

#include <llvm/Support/Error.h>

#include "mutate/guard_site.h"

namespace hawk::audit {

// The text of `site.file` without the site: every range's recorded text must still be
// there (an error otherwise: the file changed since the sites were listed).
llvm::Expected<std::string> mutant_text(const GuardSite& site);

// Writes mutant_text(site) to `to_dir`/site.path, creating directories; returns that path.
// Refuses a destination that is the original file itself.
llvm::Expected<std::string> write_mutant(const GuardSite& site, const std::string& to_dir);

}  // namespace hawk::audit
