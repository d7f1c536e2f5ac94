#include "capture/fresh_objects.h"

#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include <clang/AST/Attr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Analysis/CFG.h>
#include <llvm/ADT/BitVector.h>
#include <llvm/ADT/DenseMap.h>

#include "capture/callee_effects.h"
#include "locks/per_ast.h"
#include "locks/std_names.h"

namespace hawk::audit {

namespace {

// C library functions that use what a pointer argument designates only during the call
// (they keep no copy of it): library knowledge, as the models are.
bool uses_pointer_only_during_call(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "free",     "memset",  "memcpy",   "memmove",  "memcmp",   "memchr",   "strcpy",   "strncpy",
      "strcat",   "strncat", "strlen",   "strnlen",  "strcmp",   "strncmp",  "strchr",   "strrchr",
      "strstr",   "sprintf", "snprintf", "vsprintf", "vsnprintf", "printf",  "fprintf",  "bzero",
      "explicit_bzero", "strlcpy", "strlcat"};
  for (std::string_view known : kNames)
    if (known == name) return true;
  return false;
}

const clang::Stmt* skip_parens_up(const clang::Stmt* node, const StmtParents& parents) {
  const clang::Stmt* parent = parents.parent(node);
  while (llvm::isa_and_nonnull<clang::ParenExpr>(parent)) parent = parents.parent(parent);
  return parent;
}

// Functions that return an object they made and let go nowhere else, memoised per AST.
class FreshReturns {
 public:
  explicit FreshReturns(clang::ASTContext& context) : context_(context) {}

  bool of(const clang::FunctionDecl& function) {
    const clang::FunctionDecl* definition = function.getDefinition();
    if (definition == nullptr || definition->getBody() == nullptr || depth_ >= kMaxDepth) return false;
    const clang::QualType result = definition->getReturnType();
    if (!result->isPointerType() && !is_smart_pointer(result)) return false;
    auto [it, first] = done_.try_emplace(definition, false);  // a cycle returns nothing fresh
    if (!first) return it->second;
    ++depth_;
    const bool fresh = returns_fresh(*definition);
    --depth_;
    done_[definition] = fresh;
    return fresh;
  }

 private:
  static constexpr int kMaxDepth = 4;

  bool returns_fresh(const clang::FunctionDecl& definition) {
    StmtParents parents;
    std::vector<const clang::ReturnStmt*> returns;
    std::vector<const clang::Stmt*> stack{definition.getBody()};
    while (!stack.empty()) {
      const clang::Stmt* stmt = stack.back();
      stack.pop_back();
      if (llvm::isa<clang::LambdaExpr>(stmt)) continue;  // its returns are its own
      if (const auto* returned = llvm::dyn_cast<clang::ReturnStmt>(stmt)) returns.push_back(returned);
      for (const clang::Stmt* child : stmt->children())
        if (child != nullptr) {
          parents.set(child, stmt);
          stack.push_back(child);
        }
    }
    const FreshObjects fresh(definition, context_, parents);
    bool any = false;
    for (const clang::ReturnStmt* returned : returns) {
      const clang::Expr* value = returned->getRetValue();
      if (value == nullptr) return false;
      if (value->isNullPointerConstant(context_, clang::Expr::NPC_ValueDependentIsNotNull)) continue;
      const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(value->IgnoreParenCasts()->IgnoreImplicit());
      if (!(ref != nullptr && fresh.fresh_at(*ref)) && !FreshObjects::is_allocation(*value, context_)) return false;
      any = true;
    }
    return any;
  }

  clang::ASTContext& context_;
  std::unordered_map<const clang::FunctionDecl*, bool> done_;
  int depth_ = 0;
};

}  // namespace

bool FreshObjects::is_allocation(const clang::Expr& expr, clang::ASTContext& context) {
  const clang::Expr* e = expr.IgnoreParenCasts();
  for (int depth = 0; e != nullptr && depth < 8; ++depth) {
    e = e->IgnoreImplicit()->IgnoreParenCasts();
    if (llvm::isa<clang::CXXNewExpr>(e)) return true;
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(e)) {
      const clang::FunctionDecl* callee = call->getDirectCallee();
      if (callee == nullptr) return false;
      // `__attribute__((malloc))`: the result aliases nothing else (malloc, calloc,
      // strdup, a project's xmalloc).
      if (callee->hasAttr<clang::RestrictAttr>()) return true;
      const std::string_view name = std_function_name(callee);
      if (name == "make_unique" || name == "make_shared") return true;
      return !is_in_std(*callee) && per_ast<FreshReturns>(context).of(*callee);
    }
    // unique_ptr<T> p(new T), shared_ptr made from a new-expression.
    const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(e);
    if (construct == nullptr || construct->getNumArgs() != 1 || !is_smart_pointer(construct->getType())) return false;
    e = construct->getArg(0);
  }
  return false;
}

struct FreshObjects::Impl {
  Impl(const clang::FunctionDecl& f, clang::ASTContext& c, const StmtParents& p) : function(f), context(c), parents(p) {}

  const clang::FunctionDecl& function;
  clang::ASTContext& context;
  const StmtParents& parents;
  std::map<const clang::VarDecl*, unsigned> index;  // the tracked variables
  llvm::BitVector at_entry;  // held on entry: the pointer parameters among them
  llvm::DenseMap<const clang::DeclRefExpr*, bool> fresh;  // at each use of one

  // The variable `stmt` (re)assigns and the value, or {nullptr, nullptr}.
  std::pair<const clang::VarDecl*, const clang::Expr*> assignment(const clang::Stmt& stmt) const {
    if (const auto* decl = llvm::dyn_cast<clang::DeclStmt>(&stmt)) {
      if (!decl->isSingleDecl()) return {nullptr, nullptr};
      const auto* var = llvm::dyn_cast<clang::VarDecl>(decl->getSingleDecl());
      return {var, var != nullptr ? var->getInit() : nullptr};
    }
    const clang::Expr* lhs = nullptr;
    const clang::Expr* rhs = nullptr;
    if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(&stmt); binary && binary->getOpcode() == clang::BO_Assign) {
      lhs = binary->getLHS();
      rhs = binary->getRHS();
    } else if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&stmt);
               op != nullptr && op->getOperator() == clang::OO_Equal && op->getNumArgs() == 2) {
      lhs = op->getArg(0);
      rhs = op->getArg(1);
    }
    const auto* ref = lhs == nullptr ? nullptr : llvm::dyn_cast<clang::DeclRefExpr>(lhs->IgnoreParenImpCasts());
    const auto* var = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
    return {var, rhs};
  }

  // The use of the tracked variable `ref` as the target of its own assignment.
  bool assigned_here(const clang::DeclRefExpr& ref) const {
    const clang::Stmt* parent = skip_parens_up(&ref, parents);
    if (const auto* binary = llvm::dyn_cast_or_null<clang::BinaryOperator>(parent))
      return binary->getOpcode() == clang::BO_Assign && binary->getLHS()->IgnoreParens() == &ref;
    if (const auto* op = llvm::dyn_cast_or_null<clang::CXXOperatorCallExpr>(parent))
      return op->getOperator() == clang::OO_Equal && op->getNumArgs() == 2 && op->getArg(0)->IgnoreParenImpCasts() == &ref;
    return false;
  }

  // `argument` (the pointer, or a pointer into the object) is handed to the call `parent`:
  // kept by it unless its body (or the C library's contract) says otherwise.
  bool kept_by_call(const clang::Stmt& argument, const clang::Stmt* parent) const {
    const clang::FunctionDecl* callee = nullptr;
    unsigned skip = 0;
    std::vector<const clang::Expr*> storage;
    if (const auto* call = llvm::dyn_cast_or_null<clang::CallExpr>(parent)) {
      callee = call->getDirectCallee();
      skip = llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa_and_nonnull<clang::CXXMethodDecl>(callee) ? 1 : 0;
      storage.assign(call->arg_begin(), call->arg_end());
    } else if (const auto* construct = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(parent)) {
      callee = construct->getConstructor();
      if (construct->getConstructor()->isCopyOrMoveConstructor()) return false;  // a copy of the part
      storage.assign(construct->arg_begin(), construct->arg_end());
    }
    if (callee == nullptr) return true;
    if (callee->getDeclName().isIdentifier() && callee->getDeclContext()->isTranslationUnit() &&
        uses_pointer_only_during_call(callee->getName()))
      return false;
    for (unsigned i = skip; i < storage.size(); ++i)
      if (storage[i] == &argument)
        return i - skip >= callee->getNumParams() || CalleeEffects::of(context).parameter_escapes(*callee, i - skip);
    return true;
  }

  // `part` designates the object (or a part of it): whether this use lets it go.
  bool object_use_escapes(const clang::Expr& part) const {
    const clang::Stmt* node = &part;
    for (int depth = 0; depth < 32; ++depth) {
      const clang::Stmt* parent = skip_parens_up(node, parents);
      if (parent == nullptr) return false;
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(parent)) {
        if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl()))
          return CalleeEffects::of(context).lets_this_escape(*method);
        if (!llvm::isa<clang::FieldDecl>(member->getMemberDecl())) return true;
        if (member->isArrow()) return false;  // a pointer field's value: another object
        node = member;
        continue;
      }
      if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent)) {
        switch (cast->getCastKind()) {
          case clang::CK_LValueToRValue: return false;  // its value read
          case clang::CK_NoOp:
          case clang::CK_DerivedToBase:
          case clang::CK_UncheckedDerivedToBase: node = cast; continue;
          case clang::CK_ArrayToPointerDecay: {
            const clang::Stmt* above = skip_parens_up(cast, parents);
            if (const auto* subscript = llvm::dyn_cast_or_null<clang::ArraySubscriptExpr>(above);
                subscript != nullptr && subscript->getBase()->IgnoreParens() == cast) {
              node = subscript;  // an element of an array member
              continue;
            }
            return pointer_value_escapes(*cast);
          }
          default: return true;
        }
      }
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(parent)) {
        if (unary->getOpcode() == clang::UO_AddrOf) return pointer_value_escapes(*unary);
        return !unary->isIncrementDecrementOp();
      }
      if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(parent))
        return !(binary->isAssignmentOp() && binary->getLHS()->IgnoreParens() == node);
      if (llvm::isa<clang::CallExpr, clang::CXXConstructExpr>(parent)) return kept_by_call(*node, parent);
      return true;
    }
    return true;
  }

  // `value`, the pointer's value (or a pointer into the object), is used: whether it goes
  // somewhere the object may be found from.
  bool pointer_value_escapes(const clang::Expr& value) const {
    const clang::Stmt* node = &value;
    const clang::Stmt* parent = skip_parens_up(node, parents);
    while (const auto* cast = llvm::dyn_cast_or_null<clang::CastExpr>(parent)) {
      if (cast->getCastKind() == clang::CK_PointerToBoolean) return false;
      if (cast->getCastKind() != clang::CK_NoOp && cast->getCastKind() != clang::CK_BitCast) break;
      node = cast;
      parent = skip_parens_up(node, parents);
    }
    if (parent == nullptr) return false;
    if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(parent); binary && binary->isComparisonOp()) return false;
    if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(parent); unary && unary->getOpcode() == clang::UO_LNot)
      return false;
    if (llvm::isa<clang::CallExpr, clang::CXXConstructExpr>(parent)) return kept_by_call(*node, parent);
    return true;
  }

  // Whether this use of a tracked variable lets its object go.
  bool use_escapes(const clang::DeclRefExpr& ref, bool smart) const {
    const clang::Stmt* parent = skip_parens_up(&ref, parents);
    if (parent == nullptr) return false;
    if (smart) {
      const clang::Stmt* node = &ref;
      while (llvm::isa_and_nonnull<clang::ImplicitCastExpr, clang::MaterializeTemporaryExpr>(parent)) {
        node = parent;
        parent = skip_parens_up(node, parents);
      }
      if (const auto* op = llvm::dyn_cast_or_null<clang::CXXOperatorCallExpr>(parent);
          op != nullptr && op->getNumArgs() >= 1 && op->getArg(0) == node) {
        if (op->getOperator() == clang::OO_Arrow) {
          // `p->x`: the member expression above the operator call.
          const clang::Stmt* above = skip_parens_up(op, parents);
          if (const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(above)) {
            if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl()))
              return CalleeEffects::of(context).lets_this_escape(*method);
            return object_use_escapes(*member);
          }
          return true;
        }
        if (op->getOperator() == clang::OO_Star) return object_use_escapes(*op);
        if (op->getOperator() == clang::OO_EqualEqual || op->getOperator() == clang::OO_ExclaimEqual) return false;
        return true;
      }
      if (const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(parent)) {
        const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl());
        if (method == nullptr) return true;
        if (llvm::isa<clang::CXXConversionDecl>(method)) return false;  // `if (p)`
        return method->getName() != "use_count" && method->getName() != "operator bool";
      }
      return true;
    }
    const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent);
    if (cast == nullptr || cast->getCastKind() != clang::CK_LValueToRValue) return true;  // &p, a reference to p
    const clang::Stmt* above = skip_parens_up(cast, parents);
    if (const auto* member = llvm::dyn_cast_or_null<clang::MemberExpr>(above); member && member->isArrow()) {
      if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(member->getMemberDecl()))
        return CalleeEffects::of(context).lets_this_escape(*method);
      return object_use_escapes(*member);
    }
    if (const auto* unary = llvm::dyn_cast_or_null<clang::UnaryOperator>(above); unary && unary->getOpcode() == clang::UO_Deref)
      return object_use_escapes(*unary);
    if (const auto* subscript = llvm::dyn_cast_or_null<clang::ArraySubscriptExpr>(above);
        subscript != nullptr && subscript->getBase()->IgnoreParens() == cast)
      return object_use_escapes(*subscript);
    return pointer_value_escapes(*cast);
  }

  void find_variables() {
    std::vector<const clang::Stmt*> stack{function.getBody()};
    std::set<const clang::VarDecl*> excluded;
    std::set<const clang::VarDecl*> allocated;
    while (!stack.empty()) {
      const clang::Stmt* stmt = stack.back();
      stack.pop_back();
      if (stmt == nullptr) continue;
      if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(stmt)) {
        for (const clang::LambdaCapture& capture : lambda->captures())
          if (capture.capturesVariable())
            if (const auto* var = llvm::dyn_cast<clang::VarDecl>(capture.getCapturedVar())) excluded.insert(var);
      }
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(stmt); unary && unary->getOpcode() == clang::UO_AddrOf)
        if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(unary->getSubExpr()->IgnoreParens()))
          if (const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) excluded.insert(var);
      if (auto [var, value] = assignment(*stmt); var != nullptr && value != nullptr && is_allocation(*value, context))
        allocated.insert(var);
      for (const clang::Stmt* child : stmt->children()) stack.push_back(child);
    }
    for (const clang::VarDecl* var : allocated) {
      if (excluded.count(var) || !var->hasLocalStorage() || var->getParentFunctionOrMethod() != &function) continue;
      const clang::QualType type = var->getType();
      if (!type->isPointerType() && !is_smart_pointer(type)) continue;
      index.emplace(var, static_cast<unsigned>(index.size()));
    }
    std::vector<unsigned> parameters;
    for (const clang::ParmVarDecl* parameter : function.parameters()) {
      const clang::QualType type = parameter->getType();
      if (excluded.count(parameter) || index.count(parameter) || (!type->isPointerType() && !is_smart_pointer(type)))
        continue;
      parameters.push_back(static_cast<unsigned>(index.size()));
      index.emplace(parameter, static_cast<unsigned>(index.size()));
    }
    at_entry = llvm::BitVector(static_cast<unsigned>(index.size()), false);
    for (unsigned bit : parameters) at_entry.set(bit);
  }

  // One element of a block: updates `state` and, when `record`, notes each use's state.
  void transfer(const clang::Stmt& stmt, llvm::BitVector& state, bool record) {
    if (auto [var, value] = assignment(stmt); var != nullptr) {
      if (auto it = index.find(var); it != index.end()) state[it->second] = value != nullptr && is_allocation(*value, context);
      return;
    }
    const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(&stmt);
    const auto* var = ref == nullptr ? nullptr : llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
    auto it = var == nullptr ? index.end() : index.find(var);
    if (it == index.end() || assigned_here(*ref)) return;
    if (record) fresh[ref] = state[it->second];
    if (state[it->second] && use_escapes(*ref, is_smart_pointer(var->getType()))) state.reset(it->second);
  }

  void run() {
    find_variables();
    if (index.empty()) return;
    clang::CFG::BuildOptions options;
    options.setAllAlwaysAdd();
    std::unique_ptr<clang::CFG> cfg =
        clang::CFG::buildCFG(&function, function.getBody(), &context, options);
    if (cfg == nullptr) return;
    const unsigned n = static_cast<unsigned>(index.size());
    // Must-analysis: every block starts optimistic (all fresh) except the entry's input.
    std::vector<llvm::BitVector> out(cfg->getNumBlockIDs(), llvm::BitVector(n, true));
    auto input = [&](const clang::CFGBlock& block) {
      if (&block == &cfg->getEntry()) return at_entry;
      llvm::BitVector in(n, true);
      bool any = false;
      for (const clang::CFGBlock::AdjacentBlock& pred : block.preds()) {
        if (pred.getReachableBlock() == nullptr) continue;
        in &= out[pred.getReachableBlock()->getBlockID()];
        any = true;
      }
      if (!any) in.reset();
      return in;
    };
    auto run_block = [&](const clang::CFGBlock& block, bool record) {
      llvm::BitVector state = input(block);
      for (const clang::CFGElement& element : block)
        if (auto statement = element.getAs<clang::CFGStmt>()) transfer(*statement->getStmt(), state, record);
      return state;
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (const clang::CFGBlock* block : *cfg) {
        llvm::BitVector state = run_block(*block, false);
        if (state != out[block->getBlockID()]) {
          out[block->getBlockID()] = std::move(state);
          changed = true;
        }
      }
    }
    for (const clang::CFGBlock* block : *cfg) run_block(*block, true);
  }
};

FreshObjects::FreshObjects(const clang::FunctionDecl& function, clang::ASTContext& context, const StmtParents& parents)
    : impl_(std::make_unique<Impl>(function, context, parents)) {
  if (function.getBody() != nullptr) impl_->run();
}

FreshObjects::~FreshObjects() = default;

bool FreshObjects::fresh_at(const clang::DeclRefExpr& use) const {
  if (llvm::isa<clang::ParmVarDecl>(use.getDecl())) return false;  // the caller's object, not one made here
  auto it = impl_->fresh.find(&use);
  return it != impl_->fresh.end() && it->second;
}

bool is_smart_pointer(clang::QualType type) {
  const std::string_view name = std_class_name(type);
  return name == "unique_ptr" || name == "shared_ptr";
}

const clang::DeclRefExpr* pointer_variable_use(const clang::Expr& pointer) {
  const clang::Expr* e = pointer.IgnoreParenImpCasts();
  if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(e);
      op != nullptr && (op->getOperator() == clang::OO_Arrow || op->getOperator() == clang::OO_Star) &&
      op->getNumArgs() > 0)
    e = op->getArg(0)->IgnoreParenImpCasts();
  return llvm::dyn_cast<clang::DeclRefExpr>(e);
}

bool FreshObjects::parameter_let_go_at(const clang::Expr& pointer) const {
  const clang::DeclRefExpr* use = pointer_variable_use(pointer);
  if (use == nullptr || !llvm::isa<clang::ParmVarDecl>(use->getDecl())) return false;
  auto it = impl_->fresh.find(use);
  return it != impl_->fresh.end() && !it->second;
}

}  // namespace hawk::audit
