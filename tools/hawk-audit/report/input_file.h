// Reading a report input file whole, with an error that names it.
#pragma once

#include <string>

#include <llvm/Support/Error.h>

namespace hawk::audit::report {

llvm::Expected<std::string> read_input_file(const std::string& path, const std::string& what);

}  // namespace hawk::audit::report
