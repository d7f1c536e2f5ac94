// `hawk-audit tsan LOG...`: ThreadSanitizer logs as findings, in check's formats and with
// check's exit statuses (dynamic/tsan_logs.h does the reading).
#include <chrono>
#include <memory>

#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/WithColor.h>

#include "cli/commands.h"
#include "cli/report.h"
#include "dynamic/tsan_logs.h"

namespace hawk::audit {

ExitCode run_tsan(const CommandArgs& args) {
  if (args.format == "summary") {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << "tsan has no inventory to summarise; use --format text or json\n";
    return kExitUsage;
  }
  if (llvm::Error error = check_report_format(args.format)) {
    llvm::WithColor::error(llvm::errs(), "hawk-audit") << llvm::toString(std::move(error)) << '\n';
    return kExitUsage;
  }
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> buffers;
  std::vector<TsanLogInput> logs;
  for (const std::string& path : args.inputs) {
    auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!buffer) {
      llvm::WithColor::error(llvm::errs(), "hawk-audit")
          << "cannot read log " << path << ": " << buffer.getError().message() << '\n';
      return kExitUsage;
    }
    logs.push_back({path, (*buffer)->getBuffer()});
    buffers.push_back(std::move(*buffer));
  }
  AuditResult result = analyse_tsan_logs(logs, {args.source_roots, args.binaries});
  result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - args.started).count();
  return write_report(result, args.format, args.output);
}

}  // namespace hawk::audit
