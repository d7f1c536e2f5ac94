// Which frame of a runtime stack is the project's, and what identifies it across runs.
//
// With --source-root DIR (repeatable) a project frame is one whose file is under a root.
// Without roots, or when no frame of a stack is under one, it is the first frame that is
// not the standard library, libc or the sanitizer runtime: not under /usr/include or
// /usr/lib, not libstdc++'s `bits/` or libc++'s `c++/v1/`, not glibc's `sysdeps/`, not a
// `__tsan`/`__interceptor`/`__sanitizer` function, and with a file (an interceptor such as
// `pthread_mutex_lock <null>` has none). An unsymbolized stack falls back to its first
// frame in a module that is not a system library.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/findings.h"

namespace hawk::audit {

class ProjectFrames {
 public:
  // Roots are made absolute and normalised.
  explicit ProjectFrames(std::vector<std::string> source_roots = {});

  // The standard library, libc, the dynamic loader or the sanitizer runtime.
  static bool is_system(const StackFrame& frame);
  bool under_root(const std::string& file) const;

  // The index of the stack's project frame; nullopt for an empty stack.
  std::optional<std::size_t> pick(const std::vector<StackFrame>& stack) const;

  // What identifies the frame in a finding id, the same in every run and process of the
  // same source: function, file (relative to its source root, else the basename) and
  // line — never an address or a column. An unsymbolized frame: module basename + offset.
  std::string key(const StackFrame& frame) const;

  // The file as reports show it for people: relative to its root, else as printed.
  std::string display_path(const std::string& file) const;

 private:
  std::optional<std::string> relative_to_root(const std::string& file) const;
  std::vector<std::string> roots_;  // deepest first
};

}  // namespace hawk::audit
