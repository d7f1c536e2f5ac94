// Test helpers for running hawk-audit (or any program) as a user would, and for the files
// around it (shared by the CLI, annotate, driver and libhawk audit tests).
#pragma once

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>

namespace hawk::audit::testing {

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct ToolRun {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs `program args...`, with its stdout and stderr kept in files under `scratch_dir`.
inline ToolRun run_tool(const std::string& program, std::vector<std::string> args, const std::string& scratch_dir,
                        unsigned seconds_to_wait = 300) {
  args.insert(args.begin(), program);
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  llvm::SmallString<128> out(scratch_dir), err(scratch_dir);
  llvm::sys::path::append(out, "stdout.txt");
  llvm::sys::path::append(err, "stderr.txt");
  // ExecuteAndWait does not truncate a redirect file: a shorter output would keep the
  // tail of the previous run's.
  llvm::sys::fs::remove(out);
  llvm::sys::fs::remove(err);
  const std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(out), llvm::StringRef(err)};
  ToolRun result;
  result.status = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, redirects, seconds_to_wait);
  result.out = read_file(std::string(out));
  result.err = read_file(std::string(err));
  return result;
}

}  // namespace hawk::audit::testing
