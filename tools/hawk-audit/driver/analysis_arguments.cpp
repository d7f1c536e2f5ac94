#include "driver/analysis_arguments.h"

#include <set>

#include <clang/Driver/Options.h>
#include <llvm/Option/ArgList.h>
#include <llvm/Option/OptTable.h>
#include <llvm/Support/Path.h>

namespace hawk::audit {
namespace {

using clang::tooling::CommandLineArguments;

bool is_clang_cl(const CommandLineArguments& args) {
  if (args.empty()) return false;
  const llvm::StringRef program = llvm::sys::path::stem(args.front());
  if (program.equals_insensitive("cl") || program.ends_with_insensitive("clang-cl")) return true;
  for (const std::string& arg : args) {
    if (arg == "--driver-mode=cl") return true;
  }
  return false;
}

// Our options go last so they win over the database's (-resource-dir, -w), but before a
// `--` that ends the options.
CommandLineArguments append_options(const CommandLineArguments& args) {
  static const char* const kOptions[] = {
      "-fsyntax-only", "-w", "-Wno-unknown-warning-option", "-Qunused-arguments",
      "-fno-caret-diagnostics",  // also keeps clang from printing "N errors generated."
      "-resource-dir",
      HAWK_CLANG_RESOURCE_DIR};
  CommandLineArguments adjusted;
  bool inserted = false;
  for (const std::string& arg : args) {
    if (arg == "--" && !inserted) {
      adjusted.insert(adjusted.end(), std::begin(kOptions), std::end(kOptions));
      inserted = true;
    }
    adjusted.push_back(arg);
  }
  if (!inserted) adjusted.insert(adjusted.end(), std::begin(kOptions), std::end(kOptions));
  return adjusted;
}

}  // namespace

CommandLineArguments strip_unknown_arguments(const CommandLineArguments& args) {
  if (args.size() < 2 || is_clang_cl(args)) return args;
  std::vector<const char*> argv;
  for (std::size_t i = 1; i < args.size(); ++i) argv.push_back(args[i].c_str());
  unsigned missing_index = 0;
  unsigned missing_count = 0;
  const llvm::opt::OptTable& table = clang::driver::getDriverOptTable();
  const llvm::opt::InputArgList parsed =
      table.ParseArgs(argv, missing_index, missing_count, llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::set<unsigned> unknown;  // indices into argv
  for (const llvm::opt::Arg* arg : parsed.filtered(clang::driver::options::OPT_UNKNOWN)) unknown.insert(arg->getIndex());
  if (unknown.empty()) return args;
  CommandLineArguments kept{args.front()};
  for (unsigned i = 0; i < argv.size(); ++i) {
    if (!unknown.contains(i)) kept.push_back(args[i + 1]);
  }
  return kept;
}

clang::tooling::ArgumentsAdjuster analysis_arguments_adjuster() {
  return [](const CommandLineArguments& args, llvm::StringRef) { return append_options(strip_unknown_arguments(args)); };
}

}  // namespace hawk::audit
