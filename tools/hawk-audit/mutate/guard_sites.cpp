#include "mutate/guard_sites.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>
#include <llvm/ADT/StringExtras.h>

#include "capture/audited_functions.h"
#include "locks/lock_operations.h"

namespace hawk::audit {
namespace {

// A lock taken or released in one function body, with the full statement around it
// (null when the call is part of a larger expression: its result is used).
struct LockEvent {
  const clang::Stmt* expression = nullptr;  // the call, or the guard's DeclStmt
  const clang::Stmt* statement = nullptr;
  bool branch = false;  // `statement` is the body of an if/loop, not a block's element
  std::vector<std::string> locks;
  GuardSite::Kind kind = GuardSite::Kind::LockCall;
  std::string why_not;
};

// The functions that implement a lock rather than use one.
bool is_lock_primitive(const clang::Decl& function) {
  if (function.hasAttr<clang::AcquireCapabilityAttr>() || function.hasAttr<clang::ReleaseCapabilityAttr>() ||
      function.hasAttr<clang::TryAcquireCapabilityAttr>() || function.hasAttr<clang::AssertCapabilityAttr>())
    return true;
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  return method != nullptr && method->getParent()->hasAttr<clang::ScopedLockableAttr>();
}

std::string function_name(const clang::Decl& function) {
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  if (method != nullptr && method->getParent()->isLambda()) {
    const auto* outer = llvm::dyn_cast_or_null<clang::FunctionDecl>(method->getParent()->getParentFunctionOrMethod());
    return outer != nullptr ? outer->getQualifiedNameAsString() + "::(lambda)" : "(lambda)";
  }
  const auto* named = llvm::dyn_cast<clang::NamedDecl>(&function);
  return named != nullptr ? named->getQualifiedNameAsString() : "?";
}

bool shares_lock(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& lock) {
    return std::find(b.begin(), b.end(), lock) != b.end();
  });
}

// Walks one body in source order, collecting acquisitions and releases. Nested lambdas
// are bodies of their own (the unit visitor reaches them).
class BodyWalker {
 public:
  BodyWalker(const clang::Decl& function, clang::ASTContext& context) : function_(function), context_(context) {}

  std::vector<LockEvent> acquisitions;
  std::vector<LockEvent> releases;

  void walk(const clang::Stmt* stmt, const clang::Stmt* full, bool branch) {
    if (stmt == nullptr || llvm::isa<clang::LambdaExpr>(stmt)) return;
    if (const auto* block = llvm::dyn_cast<clang::CompoundStmt>(stmt)) {
      for (const clang::Stmt* child : block->body()) walk(child, child, false);
      return;
    }
    if (const auto* if_stmt = llvm::dyn_cast<clang::IfStmt>(stmt)) return walk_if(*if_stmt);
    if (const auto* loop = llvm::dyn_cast<clang::ForStmt>(stmt)) {
      walk(loop->getInit(), nullptr, false);
      walk(loop->getCond(), nullptr, false);
      walk(loop->getInc(), nullptr, false);
      return walk(loop->getBody(), loop->getBody(), true);
    }
    if (const auto* loop = llvm::dyn_cast<clang::WhileStmt>(stmt)) {
      walk(loop->getCond(), nullptr, false);
      return walk(loop->getBody(), loop->getBody(), true);
    }
    if (const auto* decl_stmt = llvm::dyn_cast<clang::DeclStmt>(stmt)) return walk_decls(*decl_stmt, full, branch);
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(stmt)) record_call(*call, full, branch);
    for (const clang::Stmt* child : stmt->children()) walk(child, nullptr, false);
  }

 private:
  void walk_if(const clang::IfStmt& if_stmt) {
    walk(if_stmt.getInit(), nullptr, false);
    walk(if_stmt.getCond(), nullptr, false);
    // A discarded `if constexpr` branch never runs (InterpreterLockHolder in the
    // free-threaded build): no mutant there.
    if (if_stmt.isConstexpr() && if_stmt.getCond() != nullptr && !if_stmt.getCond()->isValueDependent()) {
      bool taken = false;
      if (if_stmt.getCond()->EvaluateAsBooleanCondition(taken, context_)) {
        const clang::Stmt* branch = taken ? if_stmt.getThen() : if_stmt.getElse();
        return walk(branch, branch, true);
      }
    }
    walk(if_stmt.getThen(), if_stmt.getThen(), true);
    walk(if_stmt.getElse(), if_stmt.getElse(), true);
  }

  void walk_decls(const clang::DeclStmt& decl_stmt, const clang::Stmt* full, bool branch) {
    for (const clang::Decl* decl : decl_stmt.decls()) {
      const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
      if (var == nullptr) continue;
      if (auto start = guard_start(*var, &function_); start && start->mode == GuardStart::Mode::Lock) {
        LockEvent event{&decl_stmt, full == &decl_stmt ? full : nullptr, branch, {}, GuardSite::Kind::GuardDeclaration, {}};
        for (const HeldLock& lock : start->locks) event.locks.push_back(lock.lock);
        for (const clang::Expr* lockable : start->lockables) event.locks.push_back(source_text(*lockable));
        if (event.statement == nullptr) event.why_not = "the guard is declared in an if/for/switch header";
        else if (!decl_stmt.isSingleDecl()) event.why_not = "the declaration declares more than the guard";
        else if (var->isReferenced()) event.why_not = "the guard variable is used after its declaration";
        if (!event.locks.empty()) acquisitions.push_back(std::move(event));
      }
      walk(var->getInit(), nullptr, false);
    }
  }

  void record_call(const clang::CallExpr& call, const clang::Stmt* full, bool branch) {
    const clang::Stmt* statement = nullptr;
    if (const auto* expr = llvm::dyn_cast_or_null<clang::Expr>(full);
        expr != nullptr && expr->IgnoreImplicit()->IgnoreParenCasts()->IgnoreImplicit() == &call)
      statement = full;
    for (const LockOperation& operation : lock_operations(call, &function_)) {
      const bool acquire = operation.kind == LockOperation::Kind::Acquire;
      if (!acquire && operation.kind != LockOperation::Kind::Release) continue;
      LockEvent event{&call, statement, branch, {}, GuardSite::Kind::LockCall, {}};
      for (const HeldLock& lock : operation.locks) event.locks.push_back(lock.lock);
      if (event.locks.empty()) continue;
      if (statement == nullptr) event.why_not = "the call is not a statement of its own (its result is used)";
      (acquire ? acquisitions : releases).push_back(std::move(event));
    }
  }

  std::string source_text(const clang::Expr& expr) const {
    return clang::Lexer::getSourceText(clang::CharSourceRange::getTokenRange(expr.getSourceRange()),
                                       context_.getSourceManager(), context_.getLangOpts())
        .str();
  }

  const clang::Decl& function_;
  clang::ASTContext& context_;
};

class SiteCollector {
 public:
  SiteCollector(clang::ASTContext& context, const std::string& root) : context_(context), root_(root) {}

  void collect(const clang::Decl& function, const clang::Stmt* body) {
    if (body == nullptr || is_lock_primitive(function)) return;
    BodyWalker walker(function, context_);
    walker.walk(body, body, false);
    const clang::SourceManager& sources = context_.getSourceManager();
    for (const LockEvent& acquisition : walker.acquisitions) {
      const clang::SourceLocation where = sources.getExpansionLoc(acquisition.expression->getBeginLoc());
      if (where.isInvalid() || sources.isInSystemHeader(where)) continue;
      const std::string file = real_path(sources.getFileID(where));
      if (file.empty() || (!root_.empty() && !llvm::StringRef(file).starts_with(root_ + "/"))) continue;
      GuardSite site;
      site.kind = acquisition.kind;
      site.file = file;
      site.path = root_.empty() ? file : file.substr(root_.size() + 1);
      site.line = sources.getExpansionLineNumber(where);
      site.column = sources.getExpansionColumnNumber(where);
      site.id = site_id(site.path, site.line, site.column, site.kind);
      if (sites_.count(site.id) != 0) continue;  // another instantiation, or another unit
      site.function = function_name(function);
      site.lock = llvm::join(acquisition.locks, ", ");
      site.why_not = acquisition.why_not;
      if (site.why_not.empty()) add_ranges(site, acquisition, walker.acquisitions, walker.releases);
      if (site.ranges.empty() && site.why_not.empty()) site.why_not = "the statement is not plain source text";
      sites_.emplace(site.id, std::move(site));
    }
  }

  std::vector<GuardSite> take() {
    std::vector<GuardSite> sites;
    for (auto& [id, site] : sites_) sites.push_back(std::move(site));
    std::sort(sites.begin(), sites.end(), [](const GuardSite& a, const GuardSite& b) {
      return std::tie(a.path, a.line, a.column, a.kind) < std::tie(b.path, b.line, b.column, b.kind);
    });
    return sites;
  }

 private:
  std::string real_path(clang::FileID file) const {
    auto entry = context_.getSourceManager().getFileEntryRefForID(file);
    return entry ? entry->getFileEntry().tryGetRealPathName().str() : std::string();
  }

  // The statement's bytes through its `;`, in the site's file; nullopt for macros.
  std::optional<SiteRange> statement_range(const LockEvent& event, clang::FileID file) const {
    const clang::SourceManager& sources = context_.getSourceManager();
    const clang::LangOptions& language = context_.getLangOpts();
    const clang::SourceLocation begin = event.statement->getBeginLoc();
    clang::SourceLocation end = event.statement->getEndLoc();
    if (begin.isMacroID() || end.isMacroID()) return std::nullopt;
    end = llvm::isa<clang::DeclStmt>(event.statement)
              ? clang::Lexer::getLocForEndOfToken(end, 0, sources, language)  // DeclStmt ends at its `;`
              : clang::Lexer::findLocationAfterToken(end, clang::tok::semi, sources, language, false);
    if (end.isInvalid()) return std::nullopt;
    auto [begin_file, begin_offset] = sources.getDecomposedLoc(begin);
    auto [end_file, end_offset] = sources.getDecomposedLoc(end);
    if (begin_file != file || end_file != file || end_offset <= begin_offset) return std::nullopt;
    SiteRange range;
    range.begin = begin_offset;
    range.end = end_offset;
    range.line = sources.getSpellingLineNumber(begin);
    range.column = sources.getSpellingColumnNumber(begin);
    range.text = sources.getBufferData(file).substr(begin_offset, end_offset - begin_offset).str();
    range.replacement = event.branch ? ";" : "";
    return range;
  }

  // The acquisition's statement and, for a lock call, the releases of the same lock in
  // the same function that follow it, up to the next lock call of that lock: the
  // mutant must not unlock what it no longer locks.
  void add_ranges(GuardSite& site, const LockEvent& acquisition, const std::vector<LockEvent>& acquisitions,
                  const std::vector<LockEvent>& releases) const {
    const clang::SourceManager& sources = context_.getSourceManager();
    const clang::FileID file = sources.getFileID(sources.getExpansionLoc(acquisition.expression->getBeginLoc()));
    auto own = acquisition.statement != nullptr ? statement_range(acquisition, file) : std::nullopt;
    if (!own) return;
    std::vector<SiteRange> ranges{*own};
    if (acquisition.kind == GuardSite::Kind::LockCall) {
      auto offset_of = [&](const LockEvent& event) -> std::optional<unsigned> {
        auto [event_file, offset] = sources.getDecomposedLoc(sources.getExpansionLoc(event.expression->getBeginLoc()));
        if (event_file != file) return std::nullopt;
        return offset;
      };
      unsigned next = ~0U;
      for (const LockEvent& other : acquisitions) {
        auto offset = offset_of(other);
        if (other.kind == GuardSite::Kind::LockCall && offset && *offset > own->begin && shares_lock(other.locks, acquisition.locks))
          next = std::min(next, *offset);
      }
      for (const LockEvent& release : releases) {
        auto offset = offset_of(release);
        if (!offset || *offset <= own->begin || *offset >= next || !shares_lock(release.locks, acquisition.locks)) continue;
        auto range = release.statement != nullptr ? statement_range(release, file) : std::nullopt;
        if (!range) {
          site.why_not = "a matching unlock is not a statement of its own";
          return;
        }
        ranges.push_back(*range);
      }
    }
    std::sort(ranges.begin(), ranges.end(), [](const SiteRange& a, const SiteRange& b) { return a.begin < b.begin; });
    site.ranges = std::move(ranges);
  }

  clang::ASTContext& context_;
  std::string root_;
  std::map<std::string, GuardSite> sites_;
};

class UnitVisitor : public AuditedFunctionVisitor<UnitVisitor> {
 public:
  UnitVisitor(clang::ASTContext& context, SiteCollector& collector)
      : AuditedFunctionVisitor(context.getSourceManager()), collector_(collector) {}

  void visit_definition(const clang::FunctionDecl& function, const clang::CXXMethodDecl*) {
    collector_.collect(function, function.getBody());
  }

  bool VisitLambdaExpr(clang::LambdaExpr* lambda) {
    const clang::CXXMethodDecl* call_operator = lambda->getCallOperator();
    if (call_operator != nullptr && !call_operator->isDependentContext())
      collector_.collect(*call_operator, call_operator->getBody());
    return true;
  }

 private:
  SiteCollector& collector_;
};

}  // namespace

std::vector<GuardSite> find_guard_sites(clang::ASTContext& context, const std::string& root) {
  SiteCollector collector(context, root);
  UnitVisitor visitor(context, collector);
  visitor.TraverseDecl(context.getTranslationUnitDecl());
  return collector.take();
}

}  // namespace hawk::audit
