// Keeps clang's errors for a unit instead of printing them: a unit that does not compile
// becomes a CaptureError in the report, and the terminal stays readable with -j.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <clang/Basic/Diagnostic.h>

namespace hawk::audit {

class ErrorCollector : public clang::DiagnosticConsumer {
 public:
  // Errors past the first few repeat the first's cause: only they are kept.
  static constexpr std::size_t kKeptErrors = 3;

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) override;

  bool has_errors() const { return error_count_ > 0; }
  // "file:line:col: error: message" lines, then "(N more errors)" when some were dropped.
  std::string message() const;

 private:
  std::vector<std::string> kept_;
  std::size_t error_count_ = 0;
};

}  // namespace hawk::audit
