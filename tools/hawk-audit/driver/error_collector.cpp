#include "driver/error_collector.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/raw_ostream.h>

#include <clang/Basic/SourceManager.h>

namespace hawk::audit {

void ErrorCollector::HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) {
  clang::DiagnosticConsumer::HandleDiagnostic(level, info);  // keeps the base class's counts right
  if (level < clang::DiagnosticsEngine::Error) return;
  ++error_count_;
  if (kept_.size() >= kKeptErrors) return;

  llvm::SmallString<256> text;
  info.FormatDiagnostic(text);
  std::string line;
  llvm::raw_string_ostream out(line);
  if (info.getLocation().isValid() && info.hasSourceManager()) {
    const clang::PresumedLoc loc = info.getSourceManager().getPresumedLoc(info.getLocation());
    if (loc.isValid()) out << loc.getFilename() << ':' << loc.getLine() << ':' << loc.getColumn() << ": ";
  }
  out << (level == clang::DiagnosticsEngine::Fatal ? "fatal error: " : "error: ") << text;
  kept_.push_back(std::move(line));
}

std::string ErrorCollector::message() const {
  std::string joined;
  for (const std::string& line : kept_) {
    if (!joined.empty()) joined += '\n';
    joined += line;
  }
  if (error_count_ > kept_.size()) {
    joined += "\n(" + std::to_string(error_count_ - kept_.size()) + " more errors)";
  }
  return joined;
}

}  // namespace hawk::audit
