// Paths as the link step compares them: absolute, normalised, and relative to the source
// root when naming a module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hawk::audit {

// Absolute (against the working directory), without `.`/`..` or a trailing separator.
std::string normalised_path(std::string_view path);

// The longest common directory of the given files; empty when there are none.
std::string common_directory(const std::vector<std::string>& files);

bool is_under(std::string_view file, std::string_view directory);

// The first path component of `file` below the deepest of `roots` that holds it (its
// file name when directly in that root), or "(external)" when outside them all.
std::string module_of(std::string_view file, const std::vector<std::string>& roots);

}  // namespace hawk::audit
