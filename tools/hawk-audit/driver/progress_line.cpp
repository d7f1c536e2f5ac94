#include "driver/progress_line.h"

#include <string>

#include <llvm/Support/Process.h>
#include <llvm/Support/raw_ostream.h>

namespace hawk::audit {

ProgressLine::ProgressLine(std::size_t total, bool wanted)
    : total_(total), shown_(wanted && llvm::sys::Process::StandardErrIsDisplayed()) {}

ProgressLine::~ProgressLine() {
  if (shown_) llvm::errs() << "\r\x1b[K";
}

void ProgressLine::advance(llvm::StringRef file) {
  std::lock_guard lock(mutex_);
  ++done_;
  if (!shown_) return;
  std::string line = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "] ";
  // Never wrap: a wrapped line cannot be overwritten. Keep the end of the path.
  const std::size_t columns = llvm::sys::Process::StandardErrColumns();
  const std::size_t room = columns > line.size() + 4 ? columns - line.size() - 1 : 0;
  line += file.size() > room ? ("..." + file.take_back(room > 3 ? room - 3 : 0)).str() : file.str();
  llvm::errs() << "\r\x1b[K" << line;
  llvm::errs().flush();
}

}  // namespace hawk::audit
