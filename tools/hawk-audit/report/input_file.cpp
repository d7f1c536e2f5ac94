#include "report/input_file.h"

#include <llvm/Support/MemoryBuffer.h>

namespace hawk::audit::report {

llvm::Expected<std::string> read_input_file(const std::string& path, const std::string& what) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) return llvm::createStringError("cannot read " + what + " " + path + ": " + buffer.getError().message());
  return (*buffer)->getBuffer().str();
}

}  // namespace hawk::audit::report
