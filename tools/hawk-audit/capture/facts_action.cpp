#include "capture/facts_action.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Frontend/CompilerInstance.h>

#include "capture/audited_functions.h"
#include "capture/capture_state.h"
#include "capture/decl_keys.h"
#include "capture/function_capture.h"
#include "capture/thread_summaries.h"
#include "capture/unit_lock_lookup.h"
#include "capture/unit_models.h"
#include "capture/unit_summary.h"
#include "locks/lock_summaries.h"

namespace hawk::audit {
namespace {

// Finds what capture analyses: every function definition (instantiations, not template
// patterns), every class, and lambdas written outside any function. System headers are
// skipped whole: their code is not the audited code and is most of the unit.
class UnitVisitor : public AuditedFunctionVisitor<UnitVisitor> {
 public:
  explicit UnitVisitor(CaptureState& state) : AuditedFunctionVisitor(state.ast.getSourceManager()), state_(state) {}

  void visit_definition(const clang::FunctionDecl& function, const clang::CXXMethodDecl* method) {
    FunctionRole role;
    if (method != nullptr) role.concurrency_owner = owner_key(*method);
    capture_function(state_, function, role);
  }

  bool VisitRecordDecl(clang::RecordDecl* record) {
    capture_class(state_, *record);
    return true;
  }

  // A lambda in a namespace-scope or default member initialiser belongs to no function.
  bool VisitLambdaExpr(clang::LambdaExpr* lambda) {
    const clang::CXXRecordDecl* closure = lambda->getLambdaClass();
    if (closure == nullptr || closure->getParentFunctionOrMethod() != nullptr) return true;
    const clang::CXXMethodDecl* call_operator = lambda->getCallOperator();
    if (call_operator != nullptr && !call_operator->isDependentContext()) capture_function(state_, *call_operator, {});
    return true;
  }

 private:
  // The same key as Function::owner_class (the class pattern's USR).
  static std::string owner_key(const clang::CXXMethodDecl& method) { return usr_key(*method.getParent()); }

  CaptureState& state_;
};

class FactsConsumer : public clang::ASTConsumer {
 public:
  FactsConsumer(TuFacts& out, const LockSummaryTable* lock_summaries, std::shared_ptr<const LibraryModels> models)
      : out_(out), lookup_(lock_summaries), models_(std::move(models)) {}

  void HandleTranslationUnit(clang::ASTContext& context) override {
    use_models(context, models_);
    LockSummaries& summaries = LockSummaries::of(context);
    summaries.set_external(&lookup_);
    ThreadSummaries::of(context).set_external(&lookup_);
    CaptureState state(context, out_);
    UnitVisitor visitor(state);
    visitor.TraverseDecl(context.getTranslationUnitDecl());
    finish_capture(state);
    out_.lock_queries = lookup_.queries();
    summaries.set_external(nullptr);
    ThreadSummaries::of(context).set_external(nullptr);
  }

 private:
  TuFacts& out_;
  UnitLockLookup lookup_;
  std::shared_ptr<const LibraryModels> models_;
};

}  // namespace

std::unique_ptr<clang::ASTConsumer> FactsAction::CreateASTConsumer(clang::CompilerInstance&, llvm::StringRef) {
  return std::make_unique<FactsConsumer>(out_, lock_summaries_, models_);
}

}  // namespace hawk::audit
