#include "driver/unit_runner.h"

#include <exception>

#include <clang/Tooling/Tooling.h>
#include <llvm/Support/CrashRecoveryContext.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/VirtualFileSystem.h>

#include "driver/analysis_arguments.h"
#include "driver/error_collector.h"

namespace hawk::audit {
namespace {

// A database of one command: the unit's, whatever file name ClangTool asks with.
class SingleCommandDatabase : public clang::tooling::CompilationDatabase {
 public:
  explicit SingleCommandDatabase(clang::tooling::CompileCommand command) : command_(std::move(command)) {}
  std::vector<clang::tooling::CompileCommand> getCompileCommands(llvm::StringRef) const override { return {command_}; }
  std::vector<std::string> getAllFiles() const override { return {command_.Filename}; }

 private:
  clang::tooling::CompileCommand command_;
};

class UnitActionFactory : public clang::tooling::FrontendActionFactory {
 public:
  UnitActionFactory(const FactsActionFactory& make_action, const std::string& directory, ContentHasher& hasher,
                    TuFacts& facts, std::vector<InputDigest>& inputs)
      : make_action_(make_action), directory_(directory), hasher_(hasher), facts_(facts), inputs_(inputs) {}

  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<InputRecordingAction>(make_action_(facts_), directory_, hasher_, inputs_);
  }

 private:
  const FactsActionFactory& make_action_;
  const std::string& directory_;
  ContentHasher& hasher_;
  TuFacts& facts_;
  std::vector<InputDigest>& inputs_;
};

// Everything that can end a unit without an exception or a crash.
std::string run_tool(const clang::tooling::CompileCommand& unit, const FactsActionFactory& make_action,
                     ContentHasher& hasher, TuFacts& facts, std::vector<InputDigest>& inputs) {
  // ClangTool would abort the whole process on a missing working directory.
  if (!llvm::sys::fs::is_directory(unit.Directory)) {
    return "the compile command's directory " + unit.Directory + " does not exist";
  }
  SingleCommandDatabase database(unit);
  // A physical file system of its own: the shared real one would change the process's
  // working directory under the other workers.
  clang::tooling::ClangTool tool(database, {unit.Filename}, std::make_shared<clang::PCHContainerOperations>(),
                                 llvm::vfs::createPhysicalFileSystem());
  tool.appendArgumentsAdjuster(analysis_arguments_adjuster());
  ErrorCollector errors;
  tool.setDiagnosticConsumer(&errors);
  tool.setPrintErrorMessage(false);
  UnitActionFactory factory(make_action, unit.Directory, hasher, facts, inputs);
  const int status = tool.run(&factory);
  if (errors.has_errors()) return errors.message();
  if (status != 0) return "clang could not process this translation unit";
  return {};
}

}  // namespace

UnitOutcome run_unit(const clang::tooling::CompileCommand& unit, const FactsActionFactory& make_action,
                     ContentHasher& hasher) {
  UnitOutcome outcome;
  std::string error;
  llvm::CrashRecoveryContext recovery;
  const bool survived = recovery.RunSafely([&] {
    // Exceptions are caught here, inside the recovery context, which must unwind normally.
    try {
      outcome.facts.main_file = unit.Filename;  // the action may look its unit up by it
      error = run_tool(unit, make_action, hasher, outcome.facts, outcome.inputs);
    } catch (const std::exception& exception) {
      error = std::string("internal error in hawk-audit: ") + exception.what();
    } catch (...) {
      error = "internal error in hawk-audit";
    }
  });
  if (!survived) error = "hawk-audit crashed while analysing this translation unit";

  if (!error.empty()) {
    outcome = UnitOutcome{};  // partial facts of a unit that did not compile mislead the link
    outcome.facts.errors.push_back({unit.Filename, error});
  }
  outcome.facts.main_file = unit.Filename;
  if (outcome.facts.inputs.empty()) {
    for (const InputDigest& input : outcome.inputs) outcome.facts.inputs.push_back(input.file);
  }
  return outcome;
}

}  // namespace hawk::audit
