// "[k/n] file" on one updating line, for long runs on a terminal; silent otherwise, so
// logs and pipes get no carriage returns.
#pragma once

#include <cstddef>
#include <mutex>

#include <llvm/ADT/StringRef.h>

namespace hawk::audit {

class ProgressLine {
 public:
  // Shown only when `wanted` and stderr is a terminal.
  ProgressLine(std::size_t total, bool wanted);
  ~ProgressLine();  // clears the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // One more unit is done (thread-safe).
  void advance(llvm::StringRef file);

 private:
  std::mutex mutex_;
  std::size_t total_;
  std::size_t done_ = 0;
  bool shown_;
};

}  // namespace hawk::audit
