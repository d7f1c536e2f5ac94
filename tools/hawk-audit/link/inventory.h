// The audit's ledger: every shared location (touched from concurrent code, or a field of
// a shared class) with its verdict and the evidence for it, by module.
#pragma once

#include <string>
#include <vector>

#include "link/shared_state.h"
#include "model/findings.h"

namespace hawk::audit {

// Verdicts, most decisive first: thread-local; once-initialised for a const local static
// with a run-time initialiser, else immutable (const); synchronised; atomic; guarded;
// once-initialised (written from concurrent code only through a once primitive or a
// local static's initialiser, which orders the write before the reads after the once
// call: the evidence says where); unguarded (written concurrently, no lock anywhere);
// immutable (written only in its own constructor/destructor or outside concurrent
// code); read-only (never written).
std::vector<InventoryEntry> build_inventory(const SharedState& state, const std::vector<std::string>& source_roots);

}  // namespace hawk::audit
