// Which translation units to analyse and with which command lines: a compile database
// (`-p BUILD_DIR`, or found upward from the first file), or `-- FLAGS` like clang-tidy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <clang/Tooling/CompilationDatabase.h>
#include <llvm/Support/Error.h>

namespace hawk::audit {

struct UnitSource {
  std::string build_dir;           // -p: holds compile_commands.json (or is that file)
  std::vector<std::string> files;  // FILES...: only these units; empty = every unit
  // `-- FLAGS`: the command for files given but not in the database (all of them
  // without -p). Present even when empty: a bare `--` means "no flags, no database".
  std::optional<std::vector<std::string>> fixed_flags;
  // `--units-under DIR`: only the database's units whose main file is under one of these
  // directories (libhawk's sources, not its tests). Unlike FILES, it does not restrict
  // which files findings are reported in (headers still are).
  std::vector<std::string> unit_dirs;
};

// The selected units, one per main file (absolute, normalised Filename), sorted by file.
// Duplicate entries for a file keep the first; without FILES, header entries (`a.h`,
// `-x c++-header`) are left out, since the sources that include them analyse them.
// Errors name the database path or the file that has no command.
llvm::Expected<std::vector<clang::tooling::CompileCommand>> load_units(const UnitSource& source);

// A header by its extension or an explicit `-x *-header` in its command.
bool is_header_unit(const clang::tooling::CompileCommand& command);

}  // namespace hawk::audit
