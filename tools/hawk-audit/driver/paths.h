// Paths as hawk-audit compares and reports them: absolute, with `.` and `..` removed.
#pragma once

#include <string>

#include <llvm/ADT/StringRef.h>

namespace hawk::audit {

// `path` made absolute against `base` (the current directory when empty), dots removed
// (`..` too unless `resolve_dot_dot` is false). Symlinks are kept as written: compile
// databases name files the way the build saw them.
std::string normalized_path(llvm::StringRef path, llvm::StringRef base = {}, bool resolve_dot_dot = true);

}  // namespace hawk::audit
