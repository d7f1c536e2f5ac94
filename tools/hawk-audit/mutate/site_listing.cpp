#include "mutate/site_listing.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <llvm/Support/ThreadPool.h>

#include "driver/unit_runner.h"
#include "mutate/guard_sites.h"

namespace hawk::audit {
namespace {

class SitesConsumer : public clang::ASTConsumer {
 public:
  SitesConsumer(std::vector<GuardSite>& out, const std::string& root) : out_(out), root_(root) {}
  void HandleTranslationUnit(clang::ASTContext& context) override { out_ = find_guard_sites(context, root_); }

 private:
  std::vector<GuardSite>& out_;
  const std::string& root_;
};

}  // namespace

std::unique_ptr<clang::ASTConsumer> SitesAction::CreateASTConsumer(clang::CompilerInstance&, llvm::StringRef) {
  return std::make_unique<SitesConsumer>(out_, root_);
}

SiteListing list_guard_sites(const std::vector<clang::tooling::CompileCommand>& units, const std::string& root,
                             unsigned jobs) {
  std::vector<std::vector<GuardSite>> per_unit(units.size());
  std::vector<UnitOutcome> outcomes(units.size());
  ContentHasher hasher;
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(jobs));
    for (std::size_t i = 0; i < units.size(); ++i) {
      pool.async([&, i] {
        const FactsActionFactory make_action = [&, i](TuFacts&) -> std::unique_ptr<clang::FrontendAction> {
          return std::make_unique<SitesAction>(per_unit[i], root);
        };
        outcomes[i] = run_unit(units[i], make_action, hasher);
      });
    }
    pool.wait();
  }
  SiteListing listing;
  std::map<std::string, GuardSite> by_id;  // a header's sites come from every unit including it
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (outcomes[i].failed()) {
      for (CaptureError& error : outcomes[i].facts.errors) listing.errors.push_back(std::move(error));
      continue;
    }
    for (GuardSite& site : per_unit[i]) by_id.try_emplace(site.id, std::move(site));
  }
  for (auto& [id, site] : by_id) listing.sites.push_back(std::move(site));
  std::sort(listing.sites.begin(), listing.sites.end(), [](const GuardSite& a, const GuardSite& b) {
    return std::tie(a.path, a.line, a.column, a.kind) < std::tie(b.path, b.line, b.column, b.kind);
  });
  return listing;
}

}  // namespace hawk::audit
