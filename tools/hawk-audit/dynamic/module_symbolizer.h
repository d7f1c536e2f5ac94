// The binaries behind a log (`hawk-audit tsan --binary PATH`), read with LLVM's own
// symbolizer for what TSan's text does not say: where a raced global is declared (TSan
// prints its name and module offset only) and the functions and lines of frames it could
// not symbolize (`#0 <null> <null> (app+0xe790f)`, symbolize=0). Without --binary nothing
// is looked up, so a log always reads the same.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dynamic/tsan_report.h"
#include "model/findings.h"

namespace llvm::symbolize {
class LLVMSymbolizer;
}

namespace hawk::audit {

struct GlobalDeclaration {
  std::string name;
  std::string file;
  unsigned line = 0;
};

class ModuleSymbolizer {
 public:
  // Each path is a binary or shared library (matched to a report's module by file name)
  // or a directory holding them.
  explicit ModuleSymbolizer(std::vector<std::string> binaries);
  ~ModuleSymbolizer();
  ModuleSymbolizer(const ModuleSymbolizer&) = delete;
  ModuleSymbolizer& operator=(const ModuleSymbolizer&) = delete;

  bool empty() const { return binaries_.empty(); }

  // The file of a module as a report names it (a basename, or a path), among --binary.
  std::optional<std::string> find(const std::string& module) const;

  // The frames (inlined ones first) at `offset` in `module`; empty when not known.
  std::vector<StackFrame> code(const std::string& module, std::uint64_t offset);
  // The global at `offset` in `module`, with its declaration when the debug info has it.
  std::optional<GlobalDeclaration> data(const std::string& module, std::uint64_t offset);

 private:
  std::vector<std::string> binaries_;
  std::unique_ptr<llvm::symbolize::LLVMSymbolizer> symbolizer_;
};

// Fills in what the binaries know: unsymbolized frames (replaced by their symbolized,
// inlined frames) and globals' declarations. A no-op when `symbolizer` is empty.
void symbolize_report(TsanReport& report, ModuleSymbolizer& symbolizer);

}  // namespace hawk::audit
