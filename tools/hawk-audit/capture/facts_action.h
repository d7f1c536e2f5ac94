// The clang frontend action that turns one parsed translation unit into TuFacts:
// candidate locations, every access to them with the locks held (LocksetAnalysis),
// functions, classes that declare themselves shared, call sites and thread starts.
#pragma once

#include <memory>

#include <clang/Frontend/FrontendAction.h>

#include "locks/lock_summary_table.h"
#include "model/facts.h"
#include "models/library_models.h"

namespace hawk::audit {

class FactsAction : public clang::ASTFrontendAction {
 public:
  // `lock_summaries`: wrappers defined in other units, from a previous round (may be null).
  // `models`: the unit's library models (null: the built-in ones).
  explicit FactsAction(TuFacts& out, const LockSummaryTable* lock_summaries = nullptr,
                       std::shared_ptr<const LibraryModels> models = nullptr)
      : out_(out), lock_summaries_(lock_summaries), models_(std::move(models)) {}

 protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& ci, llvm::StringRef file) override;

 private:
  TuFacts& out_;
  const LockSummaryTable* lock_summaries_;
  std::shared_ptr<const LibraryModels> models_;
};

}  // namespace hawk::audit
