// The clang frontend action that turns one parsed translation unit into TuFacts:
// candidate locations, every access to them with the locks held (LocksetAnalysis),
// functions, classes that declare themselves shared, call sites and thread starts.
#pragma once

#include <memory>

#include <clang/Frontend/FrontendAction.h>

#include "model/facts.h"

namespace hawk::audit {

class FactsAction : public clang::ASTFrontendAction {
 public:
  explicit FactsAction(TuFacts& out) : out_(out) {}

 protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& ci, llvm::StringRef file) override;

 private:
  TuFacts& out_;
};

}  // namespace hawk::audit
