#include "dynamic/project_frames.h"

#include <algorithm>

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include "dynamic/stack_frame_line.h"

namespace hawk::audit {
namespace {

using llvm::StringRef;

bool system_path(StringRef file) {
  for (StringRef prefix : {"/usr/include/", "/usr/lib/", "/usr/local/include/c++/", "/lib/", "/lib64/", "/usr/src/debug/"}) {
    if (file.starts_with(prefix)) return true;
  }
  for (StringRef part : {"/bits/", "/include/c++/", "/c++/v1/", "/libstdc++-v3/", "/libcxx/", "/libcxxabi/",
                         "/compiler-rt/", "/sanitizer_common/", "sysdeps/", "/nptl/"}) {
    if (file.contains(part)) return true;
  }
  // glibc's own relative paths: "./nptl/pthread_create.c", "csu/../csu/libc-start.c".
  for (StringRef prefix : {"./nptl/", "nptl/", "csu/", "./csu/", "../sysdeps/", "./misc/", "misc/"}) {
    if (file.starts_with(prefix)) return true;
  }
  return false;
}

bool runtime_function(StringRef function) {
  for (StringRef prefix : {"__tsan", "__interceptor", "___interceptor", "__sanitizer", "__interception", "__asan",
                           "__ubsan", "__msan", "__lsan", "__libc_", "__cxa_", "_dl_", "__clone", "start_thread"}) {
    if (function.starts_with(prefix)) return true;
  }
  return false;
}

// Functions TSan intercepts appear by their libc name, without a file.
bool intercepted_function(StringRef function) {
  for (StringRef prefix : {"pthread_", "operator new", "operator delete", "sem_", "mtx_", "cnd_", "thrd_",
                           "__gthread"}) {
    if (function.starts_with(prefix)) return true;
  }
  for (StringRef name : {"malloc", "calloc", "realloc", "free", "posix_memalign", "aligned_alloc", "memcpy", "memmove",
                         "memset", "memcmp", "strlen", "strcpy", "strncpy", "strcmp", "strdup", "signal", "sigaction",
                         "raise", "kill", "usleep", "sleep", "nanosleep", "close", "read", "write", "fclose", "fopen"}) {
    if (function == name) return true;
  }
  return false;
}

bool system_module(StringRef module) {
  const StringRef name = llvm::sys::path::filename(module, llvm::sys::path::Style::posix);
  for (StringRef prefix : {"libc.so", "libc-", "libstdc++", "libc++", "libpthread", "ld-linux", "ld-2.", "libclang_rt",
                           "libtsan", "libgcc_s", "libm.so", "libdl", "[vdso]", "linux-vdso"}) {
    if (name.starts_with(prefix)) return true;
  }
  return false;
}

std::string normalised_root(const std::string& root) {
  llvm::SmallString<256> path(root);
  llvm::sys::fs::make_absolute(path);
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  std::string out(path);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

ProjectFrames::ProjectFrames(std::vector<std::string> source_roots) {
  for (const std::string& root : source_roots) roots_.push_back(normalised_root(root));
  std::sort(roots_.begin(), roots_.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
}

bool ProjectFrames::is_system(const StackFrame& frame) {
  if (runtime_function(frame.function)) return true;
  if (!frame.file.empty()) return system_path(frame.file);
  return system_module(frame.module) || intercepted_function(frame.function);
}

std::optional<std::string> ProjectFrames::relative_to_root(const std::string& file) const {
  for (const std::string& root : roots_) {
    if (root == "/") return file.size() > 1 && file.front() == '/' ? std::optional(file.substr(1)) : std::nullopt;
    if (file.size() > root.size() && StringRef(file).starts_with(root) && file[root.size()] == '/') {
      return file.substr(root.size() + 1);
    }
  }
  return std::nullopt;
}

bool ProjectFrames::under_root(const std::string& file) const { return relative_to_root(file).has_value(); }

std::optional<std::size_t> ProjectFrames::pick(const std::vector<StackFrame>& stack) const {
  if (stack.empty()) return std::nullopt;
  if (!roots_.empty()) {
    for (std::size_t i = 0; i < stack.size(); ++i)
      if (!stack[i].file.empty() && under_root(stack[i].file)) return i;
  }
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (!stack[i].file.empty() && !is_system(stack[i])) return i;
  // Nothing symbolized with a file: the first frame of a module that is not a system
  // library and not an interceptor (a binary without debug information, symbolize=0).
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack[i].file.empty() && !stack[i].module.empty() && !is_system(stack[i])) return i;
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (!stack[i].function.empty() && !runtime_function(stack[i].function)) return i;
  return 0;
}

std::string ProjectFrames::key(const StackFrame& frame) const {
  if (frame.file.empty()) {
    // No source position: the module and the offset in it are what stays the same from
    // run to run of one binary (addresses move with ASLR; offsets do not).
    std::string where = "?";
    if (!frame.module.empty()) {
      where = llvm::sys::path::filename(frame.module, llvm::sys::path::Style::posix).str() + "+" +
              std::to_string(frame.module_offset);
    }
    return frame.function.empty() ? where : frame.function + "|" + where;
  }
  const std::string file =
      relative_to_root(frame.file).value_or(llvm::sys::path::filename(frame.file, llvm::sys::path::Style::posix).str());
  return frame.function + "|" + file + ":" + std::to_string(frame.line);
}

std::string ProjectFrames::display_path(const std::string& file) const {
  return relative_to_root(file).value_or(file);
}

}  // namespace hawk::audit
