// What `hawk-audit gate` prints: each new finding and each suppression without a reason
// as the text output shows a finding, each fixed baseline entry as a note, a summary line.
#pragma once

#include <string>

#include <llvm/Support/raw_ostream.h>

#include "gate/gate.h"

namespace hawk::audit {

void print_gate(const GateOutcome& outcome, const std::string& baseline_path, llvm::raw_ostream& out, bool color);

}  // namespace hawk::audit
