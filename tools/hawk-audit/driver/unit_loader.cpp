#include "driver/unit_loader.h"

#include <algorithm>
#include <map>
#include <memory>

#include <llvm/ADT/StringSet.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include "driver/paths.h"

namespace hawk::audit {
namespace {

using clang::tooling::CompilationDatabase;
using clang::tooling::CompileCommand;

llvm::Expected<std::unique_ptr<CompilationDatabase>> load_database(const UnitSource& source) {
  std::string error;
  if (!source.build_dir.empty()) {
    std::string dir = normalized_path(source.build_dir);
    // `-p path/compile_commands.json` works too, as it does for clang-tidy users.
    if (llvm::sys::path::filename(dir) == "compile_commands.json" && !llvm::sys::fs::is_directory(dir)) {
      dir = llvm::sys::path::parent_path(dir).str();
    }
    const std::string json = normalized_path("compile_commands.json", dir);
    if (!llvm::sys::fs::exists(json)) {
      return llvm::createStringError("no compilation database: %s does not exist (configure the build with "
                                     "CMAKE_EXPORT_COMPILE_COMMANDS=ON, or pass -- FLAGS)",
                                     json.c_str());
    }
    if (auto db = CompilationDatabase::loadFromDirectory(dir, error)) return db;
    return llvm::createStringError("cannot read compilation database %s: %s", json.c_str(), error.c_str());
  }
  if (source.fixed_flags) return nullptr;  // `-- FLAGS` alone: no database at all
  if (source.files.empty()) {
    return llvm::createStringError("no compilation database: pass -p BUILD_DIR, FILES, or -- FLAGS");
  }
  const std::string first = normalized_path(source.files.front());
  if (auto db = CompilationDatabase::autoDetectFromSource(first, error)) return db;
  return llvm::createStringError("no compile_commands.json found in %s or any parent directory; pass -p "
                                 "BUILD_DIR or -- FLAGS",
                                 llvm::sys::path::parent_path(first).str().c_str());
}

// The database's command for every main file, keyed by normalised absolute path.
std::map<std::string, CompileCommand> commands_by_file(const CompilationDatabase& db) {
  std::map<std::string, CompileCommand> by_file;
  for (CompileCommand& command : db.getAllCompileCommands()) {
    const std::string absolute = normalized_path(command.Filename, command.Directory);
    // clang names the main file as the command spells it; spelled absolute, every
    // position in the facts is absolute whatever the analysing process's directory.
    std::replace(command.CommandLine.begin(), command.CommandLine.end(), command.Filename, absolute);
    command.Filename = absolute;
    by_file.try_emplace(command.Filename, std::move(command));  // duplicates: the first wins
  }
  return by_file;
}

// The file's command from `-- FLAGS`, run from the current directory as clang-tidy does.
CompileCommand fixed_command(const std::string& file, const std::vector<std::string>& flags) {
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  CompileCommand command;
  command.Directory = std::string(cwd);
  command.Filename = file;
  command.CommandLine.push_back("clang-tool");
  command.CommandLine.insert(command.CommandLine.end(), flags.begin(), flags.end());
  command.CommandLine.push_back(file);
  return command;
}

}  // namespace

bool is_header_unit(const CompileCommand& command) {
  const std::vector<std::string>& args = command.CommandLine;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "-x" && llvm::StringRef(args[i + 1]).ends_with("-header")) return true;
  }
  for (const std::string& arg : args) {
    if (llvm::StringRef(arg).starts_with("-x") && llvm::StringRef(arg).ends_with("-header")) return true;
  }
  const llvm::StringRef extension = llvm::sys::path::extension(command.Filename);
  static const llvm::StringSet<> kHeaderExtensions = {".h", ".hh", ".hpp", ".hxx", ".h++", ".inc",
                                                      ".inl", ".ipp", ".tcc", ".H"};
  return kHeaderExtensions.contains(extension);
}

llvm::Expected<std::vector<CompileCommand>> load_units(const UnitSource& source) {
  auto db = load_database(source);
  if (!db) return db.takeError();
  std::map<std::string, CompileCommand> by_file;
  if (*db) by_file = commands_by_file(**db);

  std::vector<CompileCommand> units;
  if (source.files.empty()) {
    if (!*db) return llvm::createStringError("-- FLAGS needs the FILES to analyse before it");
    std::vector<std::string> dirs;
    for (const std::string& dir : source.unit_dirs) dirs.push_back(normalized_path(dir));
    auto selected = [&](llvm::StringRef file) {
      return dirs.empty() || std::any_of(dirs.begin(), dirs.end(), [&](const std::string& dir) {
               return file.starts_with(dir) && file.size() > dir.size() &&
                      llvm::sys::path::is_separator(file[dir.size()]);
             });
    };
    for (auto& [file, command] : by_file) {
      if (!is_header_unit(command) && selected(file)) units.push_back(std::move(command));
    }
    return units;  // std::map: already sorted by file
  }

  llvm::StringSet<> seen;
  for (const std::string& given : source.files) {
    const std::string file = normalized_path(given);
    if (!seen.insert(file).second) continue;
    if (auto it = by_file.find(file); it != by_file.end()) {
      units.push_back(it->second);
    } else if (source.fixed_flags) {
      units.push_back(fixed_command(file, *source.fixed_flags));
    } else if (!llvm::sys::fs::exists(file)) {
      return llvm::createStringError("%s: no such file", file.c_str());
    } else {
      return llvm::createStringError("%s: not in the compilation database (pass -- FLAGS to analyse it anyway)",
                                     file.c_str());
    }
  }
  std::sort(units.begin(), units.end(),
            [](const CompileCommand& a, const CompileCommand& b) { return a.Filename < b.Filename; });
  return units;
}

}  // namespace hawk::audit
