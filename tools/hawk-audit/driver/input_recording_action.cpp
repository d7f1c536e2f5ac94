#include "driver/input_recording_action.h"

#include <algorithm>

#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>

#include "driver/paths.h"

namespace hawk::audit {
namespace {

// The file as the file system resolves it. Not lexically: clang may name a header through
// `..` after a symbolic link (`/../lib/gcc/x86_64-linux-gnu/12/../../../../include/...`
// with /lib -> usr/lib), where removing the dots names another file or none.
std::string real_input_path(llvm::StringRef name, const std::string& directory) {
  const std::string absolute = normalized_path(name, directory, /*resolve_dot_dot=*/false);
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(absolute, real)) return std::string(real);
  return normalized_path(name, directory);
}

}  // namespace

InputRecordingAction::InputRecordingAction(std::unique_ptr<clang::FrontendAction> wrapped, std::string directory,
                                           ContentHasher& hasher, std::vector<InputDigest>& inputs)
    : clang::WrapperFrontendAction(std::move(wrapped)),
      directory_(std::move(directory)),
      hasher_(hasher),
      inputs_(inputs) {}

void InputRecordingAction::EndSourceFile() {
  clang::CompilerInstance& ci = getCompilerInstance();
  if (ci.hasSourceManager()) {
    const clang::SourceManager& sources = ci.getSourceManager();
    for (auto it = sources.fileinfo_begin(); it != sources.fileinfo_end(); ++it) {
      const std::string file = real_input_path(it->first.getName(), directory_);
      // The bytes clang parsed, not the file as it is now: an edit during the run must
      // invalidate the entry rather than be cached as if it had been analysed.
      if (auto bytes = it->second->getBufferDataIfLoaded()) {
        inputs_.push_back({file, hasher_.hash_contents(file, *bytes)});
      } else if (auto hash = hasher_.hash_file(file)) {
        inputs_.push_back({file, *hash});
      }
    }
    std::sort(inputs_.begin(), inputs_.end(), [](const InputDigest& a, const InputDigest& b) { return a.file < b.file; });
    inputs_.erase(std::unique(inputs_.begin(), inputs_.end(),
                              [](const InputDigest& a, const InputDigest& b) { return a.file == b.file; }),
                  inputs_.end());
  }
  clang::WrapperFrontendAction::EndSourceFile();
}

}  // namespace hawk::audit
