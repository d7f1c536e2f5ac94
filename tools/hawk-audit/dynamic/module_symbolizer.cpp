#include "dynamic/module_symbolizer.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/DebugInfo/Symbolize/Symbolize.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include "dynamic/stack_frame_line.h"

namespace hawk::audit {
namespace {

bool known(const std::string& text) {
  return !text.empty() && text != llvm::DILineInfo::BadString && text != llvm::DILineInfo::Addr2LineBadString;
}

}  // namespace

ModuleSymbolizer::ModuleSymbolizer(std::vector<std::string> binaries) : binaries_(std::move(binaries)) {
  if (binaries_.empty()) return;
  llvm::symbolize::LLVMSymbolizer::Options options;
  options.Demangle = true;  // as TSan's own llvm-symbolizer prints them
  symbolizer_ = std::make_unique<llvm::symbolize::LLVMSymbolizer>(options);
}

ModuleSymbolizer::~ModuleSymbolizer() = default;

std::optional<std::string> ModuleSymbolizer::find(const std::string& module) const {
  if (module.empty() || module.front() == '[') return std::nullopt;  // [stack], [vdso]
  const llvm::StringRef name = llvm::sys::path::filename(module, llvm::sys::path::Style::posix);
  for (const std::string& binary : binaries_) {
    if (llvm::sys::fs::is_directory(binary)) {
      llvm::SmallString<256> candidate(binary);
      llvm::sys::path::append(candidate, name);
      if (llvm::sys::fs::is_regular_file(candidate)) return std::string(candidate);
    } else if (llvm::sys::path::filename(binary) == name && llvm::sys::fs::is_regular_file(binary)) {
      return binary;
    }
  }
  return std::nullopt;
}

std::vector<StackFrame> ModuleSymbolizer::code(const std::string& module, std::uint64_t offset) {
  std::vector<StackFrame> out;
  const std::optional<std::string> file = find(module);
  if (!file || !symbolizer_) return out;
  auto inlined = symbolizer_->symbolizeInlinedCode(*file, {offset, llvm::object::SectionedAddress::UndefSection});
  if (!inlined) {
    llvm::consumeError(inlined.takeError());
    return out;
  }
  for (unsigned i = 0; i < inlined->getNumberOfFrames(); ++i) {
    const llvm::DILineInfo& info = inlined->getFrame(i);
    StackFrame frame;
    if (known(info.FunctionName)) frame.function = info.FunctionName;
    if (known(info.FileName)) frame.file = normalise_frame_path(info.FileName);
    frame.line = info.Line;
    frame.column = info.Column;
    frame.module = module;
    frame.module_offset = offset;
    if (!frame.function.empty() || !frame.file.empty()) out.push_back(std::move(frame));
  }
  return out;
}

std::optional<GlobalDeclaration> ModuleSymbolizer::data(const std::string& module, std::uint64_t offset) {
  const std::optional<std::string> file = find(module);
  if (!file || !symbolizer_) return std::nullopt;
  auto global = symbolizer_->symbolizeData(*file, {offset, llvm::object::SectionedAddress::UndefSection});
  if (!global) {
    llvm::consumeError(global.takeError());
    return std::nullopt;
  }
  GlobalDeclaration out;
  if (known(global->Name)) out.name = global->Name;
  if (known(global->DeclFile)) out.file = normalise_frame_path(global->DeclFile);
  out.line = static_cast<unsigned>(global->DeclLine);
  if (out.name.empty() && out.file.empty()) return std::nullopt;
  return out;
}

namespace {

void symbolize_stack(TsanStack& stack, ModuleSymbolizer& symbolizer) {
  std::vector<StackFrame> frames;
  for (StackFrame& frame : stack.frames) {
    if (frame.file.empty() && !frame.module.empty()) {
      std::vector<StackFrame> resolved = symbolizer.code(frame.module, frame.module_offset);
      if (!resolved.empty()) {
        frames.insert(frames.end(), resolved.begin(), resolved.end());
        continue;
      }
    }
    frames.push_back(std::move(frame));
  }
  stack.frames = std::move(frames);
}

}  // namespace

void symbolize_report(TsanReport& report, ModuleSymbolizer& symbolizer) {
  if (symbolizer.empty()) return;
  for (TsanNamedStack& named : report.stacks) symbolize_stack(named.stack, symbolizer);
  for (TsanAccess& access : report.accesses) symbolize_stack(access.stack, symbolizer);
  for (TsanMutex& mutex : report.mutexes) symbolize_stack(mutex.created, symbolizer);
  for (TsanThread& thread : report.threads) symbolize_stack(thread.created, symbolizer);
  for (TsanLockEdge& edge : report.edges) {
    symbolize_stack(edge.stack, symbolizer);
    symbolize_stack(edge.held_stack, symbolizer);
  }
  for (TsanLocation& location : report.locations) {
    symbolize_stack(location.stack, symbolizer);
    if (location.kind != TsanLocationKind::Global || !location.decl_file.empty()) continue;
    if (std::optional<GlobalDeclaration> global = symbolizer.data(location.module, location.module_offset)) {
      location.decl_file = global->file;
      location.decl_line = global->line;
      if (location.name.empty() || location.name == "??") location.name = global->name;
    }
  }
}

}  // namespace hawk::audit
