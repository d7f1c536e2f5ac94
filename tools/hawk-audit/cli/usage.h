// The usage text: `hawk-audit help`, no arguments, and after a usage error.
#pragma once

#include <llvm/Support/raw_ostream.h>

namespace hawk::audit {

void print_usage(llvm::raw_ostream& out);
void print_version(llvm::raw_ostream& out);

}  // namespace hawk::audit
