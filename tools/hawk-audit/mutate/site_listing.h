// Every guard site of the selected units: each unit parsed with SitesAction (in parallel,
// behind run_unit's crash boundary), the sites merged and each listed once.
#pragma once

#include <string>
#include <vector>

#include <clang/Frontend/FrontendAction.h>
#include <clang/Tooling/CompilationDatabase.h>

#include "model/facts.h"
#include "mutate/guard_site.h"

namespace hawk::audit {

// The frontend action over one unit: its sites under `root` into `out`.
class SitesAction : public clang::ASTFrontendAction {
 public:
  SitesAction(std::vector<GuardSite>& out, std::string root) : out_(out), root_(std::move(root)) {}

 protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& ci, llvm::StringRef file) override;

 private:
  std::vector<GuardSite>& out_;
  std::string root_;
};

struct SiteListing {
  std::vector<GuardSite> sites;   // sorted by path, line, column
  std::vector<CaptureError> errors;  // units that could not be parsed
};

SiteListing list_guard_sites(const std::vector<clang::tooling::CompileCommand>& units, const std::string& root,
                             unsigned jobs);

}  // namespace hawk::audit
