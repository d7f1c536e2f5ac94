// hawk-audit: finds unguarded shared mutable state in C and C++ code. See cli/usage.cpp.
#include <llvm/Support/InitLLVM.h>

#include "cli/run_cli.h"

int main(int argc, char** argv) {
  llvm::InitLLVM init(argc, argv);  // stack traces on a crash, UTF-8 argv on Windows
  return hawk::audit::run_cli(argc, const_cast<const char**>(argv));
}
