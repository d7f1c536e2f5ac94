#include "capture/function_capture.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>

#include "capture/access_classifier.h"
#include "capture/atomic_types.h"
#include "capture/decl_keys.h"
#include "capture/function_keys.h"
#include "capture/stmt_parents.h"
#include "capture/thread_starts.h"
#include "locks/lock_types.h"
#include "locks/lockset_analysis.h"

namespace hawk::audit {
namespace {

// An expression designating a candidate location, decomposed: `g.count` designates the
// variable g; `this->stats_.count` the fields stats_ and count (link of concurrency
// decides which is the location); `local.x_` designates nothing shared.
struct Designation {
  const clang::Expr* top = nullptr;
  const clang::VarDecl* variable = nullptr;
  clang::SourceLocation variable_where;
  std::vector<FieldCandidate> fields;  // outermost first
  bool through_this = false;           // the fields are subobjects of *this
  bool local_object = false;           // a local or by-value parameter: never shared
  std::vector<const clang::Decl*> path;  // identifies the subobject (split updates)
};

// One access, before it goes to the facts (split updates need all of a function's).
struct Recorded {
  Access access;
  std::vector<FieldCandidate> fields;  // empty: a variable access, location set
  const clang::Expr* top = nullptr;
  const clang::Expr* stored_value = nullptr;
  std::vector<const clang::Decl*> path;
};

Visibility visibility_of(const clang::FunctionDecl& function) {
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  if (method == nullptr || method->getParent()->isLambda()) return Visibility::None;
  switch (method->getAccess()) {
    case clang::AS_public: return Visibility::Public;
    case clang::AS_protected: return Visibility::Protected;
    case clang::AS_private: return Visibility::Private;
    case clang::AS_none: return Visibility::None;
  }
  return Visibility::None;
}

const clang::RecordDecl* record_of_object(const clang::Expr& base) {
  clang::QualType type = base.IgnoreParenImpCasts()->getType();
  if (type->isPointerType()) type = type->getPointeeType();
  return type->getAsRecordDecl();
}

bool is_lambda_operator(const clang::FunctionDecl& function) {
  const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
  return method != nullptr && method->getParent()->isLambda();
}

class FunctionCapture {
 public:
  FunctionCapture(CaptureState& state, const clang::FunctionDecl& function, const FunctionRole& role)
      : state_(state), function_(function), role_(role) {}

  void run() {
    key_ = function_key(function_, state_.positions);
    locks_ = std::make_unique<LocksetAnalysis>(function_, state_.ast, role_.entry_locks);
    record_function();
    if (const auto* constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(&function_)) {
      for (const clang::CXXCtorInitializer* init : constructor->inits()) {
        if (init->getInit() == nullptr) continue;
        walk(init->getInit());
        initialiser_roots_.insert(init->getInit());
      }
    }
    walk(function_.getBody());
    for (const clang::Stmt* call : calls_) record_call(*call);
    record_member_initialisers();
    std::set<const clang::Expr*> tops;
    for (const clang::Expr* element : chain_elements_) {
      const clang::Expr* top = chain_top(element);
      if (tops.insert(top).second) record_designation(describe(*top));
    }
    mark_split_updates();
    flush();
    capture_lambdas();
  }

 private:
  bool in_own_structor() const {
    return (llvm::isa<clang::CXXConstructorDecl>(function_) || llvm::isa<clang::CXXDestructorDecl>(function_));
  }

  void record_function() {
    Function fact;
    fact.key = key_;
    fact.name = function_name(function_, state_.positions);
    const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function_);
    bool lambda = is_lambda_operator(function_);
    fact.pos = state_.positions.pos(lambda ? method->getParent()->getLocation() : function_.getLocation());
    if (method != nullptr && !lambda) fact.owner_class = usr_key(*method->getParent());
    fact.visibility = visibility_of(function_);
    fact.is_constructor = llvm::isa<clang::CXXConstructorDecl>(function_);
    fact.is_destructor = llvm::isa<clang::CXXDestructorDecl>(function_);
    fact.is_static = method != nullptr && method->isStatic();
    fact.is_lambda = lambda;
    if (lambda) {
      if (const auto* parent = llvm::dyn_cast_or_null<clang::FunctionDecl>(method->getParent()->getParentFunctionOrMethod()))
        fact.parent = function_key(*parent, state_.positions);
    }
    fact.acquires_lock = locks_->acquires_any_lock();
    owner_ = lambda || method == nullptr ? role_.concurrency_owner : fact.owner_class;
    if (fact.acquires_lock && !owner_.empty()) state_.lock_taking_classes.insert(owner_);
    auto [found, inserted] = state_.function_index.try_emplace(fact.key, state_.out.functions.size());
    if (inserted) {
      state_.out.functions.push_back(std::move(fact));
    } else {
      state_.out.functions[found->second].acquires_lock |= fact.acquires_lock;
    }
  }

  // Records parents and collects what to look at; a lambda's body is its own function.
  void walk(const clang::Stmt* root) {
    if (root == nullptr) return;
    std::vector<std::pair<const clang::Stmt*, const clang::Stmt*>> stack{{root, nullptr}};
    while (!stack.empty()) {
      auto [node, parent] = stack.back();
      stack.pop_back();
      parents_.set(node, parent);
      if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(node)) {
        if (llvm::isa<clang::VarDecl>(ref->getDecl())) chain_elements_.push_back(ref);
      } else if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(node)) {
        if (llvm::isa<clang::FieldDecl, clang::VarDecl>(member->getMemberDecl())) chain_elements_.push_back(member);
      } else if (llvm::isa<clang::CallExpr, clang::CXXConstructExpr>(node)) {
        calls_.push_back(node);
      }
      if (const auto* lambda = llvm::dyn_cast<clang::LambdaExpr>(node)) {
        lambdas_.push_back(lambda);
        for (const clang::Expr* init : lambda->capture_inits())
          if (init != nullptr) stack.emplace_back(init, lambda);
        continue;
      }
      for (const clang::Stmt* child : node->children())
        if (child != nullptr) stack.emplace_back(child, node);
    }
  }

  bool continues_designation(const clang::Stmt* parent, const clang::Expr* child) const {
    if (parent == nullptr) return false;
    if (llvm::isa<clang::ParenExpr>(parent)) return true;
    if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(parent)) {
      switch (cast->getCastKind()) {
        case clang::CK_NoOp:
        case clang::CK_DerivedToBase:
        case clang::CK_UncheckedDerivedToBase: return true;
        case clang::CK_ArrayToPointerDecay: {
          const auto* subscript = llvm::dyn_cast_or_null<clang::ArraySubscriptExpr>(parents_.parent(cast));
          return subscript != nullptr && subscript->getBase() == cast;
        }
        default: return false;
      }
    }
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(parent))
      return !member->isArrow() && member->getBase() == child && llvm::isa<clang::FieldDecl>(member->getMemberDecl());
    if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(parent)) return subscript->getBase() == child;
    return false;
  }

  const clang::Expr* chain_top(const clang::Expr* element) const {
    for (int depth = 0; depth < 64; ++depth) {
      const clang::Stmt* parent = parents_.parent(element);
      if (!continues_designation(parent, element)) break;
      element = llvm::cast<clang::Expr>(parent);
    }
    return element;
  }

  Designation describe(const clang::Expr& top) const {
    Designation designation;
    designation.top = &top;
    std::vector<FieldCandidate> inner_first;
    const clang::Expr* expr = &top;
    for (int depth = 0; expr != nullptr && depth < 64; ++depth) {
      expr = expr->IgnoreParens();
      if (const auto* cast = llvm::dyn_cast<clang::ImplicitCastExpr>(expr)) {
        auto kind = cast->getCastKind();
        if (kind == clang::CK_NoOp || kind == clang::CK_DerivedToBase || kind == clang::CK_UncheckedDerivedToBase ||
            kind == clang::CK_ArrayToPointerDecay) {
          expr = cast->getSubExpr();
          continue;
        }
        break;
      }
      if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(expr)) {
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(member->getMemberDecl())) {
          // A static member named through an object: the variable is what is accessed.
          inner_first.clear();
          designation.variable = var;
          designation.variable_where = member->getMemberLoc();
          break;
        }
        const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
        if (field == nullptr) break;
        inner_first.push_back({field, member->getMemberLoc(), record_of_object(*member->getBase()), false});
        if (member->isArrow()) {
          designation.through_this = llvm::isa<clang::CXXThisExpr>(member->getBase()->IgnoreParenImpCasts());
          break;
        }
        expr = member->getBase();
        continue;
      }
      if (const auto* subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(expr)) {
        const auto* decay = llvm::dyn_cast<clang::ImplicitCastExpr>(subscript->getBase()->IgnoreParens());
        if (decay == nullptr || decay->getCastKind() != clang::CK_ArrayToPointerDecay) break;  // a pointer
        expr = decay->getSubExpr();
        continue;
      }
      if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) {
          if (const clang::Expr* referred = atomic_ref_target(*var); referred != nullptr && inner_first.empty()) {
            // `std::atomic_ref r(x); r.store(..)`: operations through r are atomic
            // operations on x, classified by r's type.
            Designation aliased = describe(*referred);
            aliased.top = &top;
            aliased.variable_where = ref->getLocation();  // reported where r is used
            for (FieldCandidate& candidate : aliased.fields) candidate.where = ref->getLocation();
            return aliased;
          }
          if (state_.catalog.candidacy(*var) != Candidacy::NotShared) {
            inner_first.clear();
            designation.variable = var;
            designation.variable_where = ref->getLocation();
          } else if (var->hasLocalStorage() && !var->getType()->isReferenceType()) {
            designation.local_object = true;
          }
        } else if (llvm::isa<clang::BindingDecl>(ref->getDecl())) {
          designation.local_object = true;
        }
        break;
      }
      if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(expr); unary != nullptr && unary->getOpcode() == clang::UO_Deref)
        designation.through_this = llvm::isa<clang::CXXThisExpr>(unary->getSubExpr()->IgnoreParenImpCasts());
      break;
    }
    std::reverse(inner_first.begin(), inner_first.end());
    // Past a reference member lies another object: only the fields beyond it are its.
    auto last_reference = std::find_if(inner_first.rbegin(), inner_first.rend(), [](const FieldCandidate& candidate) {
      return candidate.field->getType()->isReferenceType();
    });
    if (last_reference != inner_first.rend()) {
      inner_first.erase(inner_first.begin(), last_reference.base());
      designation.through_this = false;
    }
    if (designation.variable != nullptr) designation.path.push_back(designation.variable);
    for (FieldCandidate& candidate : inner_first) {
      designation.path.push_back(candidate.field);
      Candidacy candidacy = state_.catalog.candidacy(*candidate.field);
      if (candidacy == Candidacy::NotShared) continue;
      candidate.flagged = candidacy == Candidacy::Flagged;
      designation.fields.push_back(candidate);
    }
    return designation;
  }

  // The object a local `std::atomic_ref r(x)` refers to (x), or null.
  static const clang::Expr* atomic_ref_target(const clang::VarDecl& var) {
    if (!var.hasLocalStorage() || !is_atomic_ref_type(var.getType()) || var.getInit() == nullptr) return nullptr;
    const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(var.getInit()->IgnoreImplicit());
    if (construct == nullptr || construct->getNumArgs() == 0) return nullptr;
    return construct->getArg(0);
  }

  // The locks held at `stmt`. A sub-expression the CFG does not list takes those of the
  // full expression around it; a constructor's member initialisers always run.
  std::optional<std::vector<HeldLock>> locks_near(const clang::Stmt& stmt) const {
    const clang::Stmt* node = &stmt;
    for (int depth = 0; node != nullptr && depth < 256; ++depth) {
      if (auto locks = locks_->locks_at(*node)) return locks;
      if (!llvm::isa<clang::Expr>(node)) return std::nullopt;
      if (initialiser_roots_.count(llvm::cast<clang::Expr>(node)) != 0) return role_.entry_locks;
      node = parents_.parent(node);
    }
    return std::nullopt;
  }

  void record_designation(const Designation& designation) {
    if (designation.local_object) return;
    // `g_queue.mu` in pthread_mutex_lock(&g_queue.mu): the lock inside shared state is
    // synchronisation, not an access to the data around it.
    if (is_sync_type(designation.top->getType())) return;
    if (designation.variable == nullptr && designation.fields.empty()) return;
    if (designation.variable != nullptr) {
      const std::string& location = state_.catalog.add(*designation.variable);
      if (state_.catalog.candidacy(*designation.variable) != Candidacy::Shared) return;
      Recorded recorded;
      recorded.access.location = location;
      recorded.access.pos = state_.positions.pos(designation.variable_where);
      recorded.access.line_text = state_.positions.line_text(designation.variable_where);
      if (!complete(recorded, designation)) return;
      recorded_.push_back(std::move(recorded));
      return;
    }
    Recorded recorded;
    recorded.fields = designation.fields;
    recorded.access.in_own_constructor_or_destructor = designation.through_this && in_own_structor();
    if (!complete(recorded, designation)) return;
    recorded_.push_back(std::move(recorded));
  }

  // Kind and locks; false when the expression is not evaluated or never runs.
  bool complete(Recorded& recorded, const Designation& designation) {
    std::optional<AccessUse> use = classify_access(*designation.top, parents_);
    if (!use) return false;
    std::optional<std::vector<HeldLock>> locks = locks_near(*designation.top);
    if (!locks) return false;
    recorded.access.kind = use->kind;
    recorded.access.function = key_;
    recorded.access.locks = std::move(*locks);
    recorded.top = designation.top;
    recorded.stored_value = use->stored_value;
    recorded.path = designation.path;
    return true;
  }

  void record_member_initialisers() {
    const auto* constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(&function_);
    if (constructor == nullptr) return;
    for (const clang::CXXCtorInitializer* init : constructor->inits()) {
      if (!init->isWritten() || !init->isMemberInitializer()) continue;
      const clang::FieldDecl* field = init->getMember();
      Candidacy candidacy = state_.catalog.candidacy(*field);
      if (candidacy == Candidacy::NotShared) continue;
      Recorded recorded;
      recorded.fields.push_back({field, init->getMemberLocation(), constructor->getParent(), candidacy == Candidacy::Flagged});
      recorded.access.kind = AccessKind::Write;
      recorded.access.function = key_;
      recorded.access.locks = role_.entry_locks;
      recorded.access.in_own_constructor_or_destructor = true;
      recorded_.push_back(std::move(recorded));
    }
  }

  void mark_split_updates() {
    for (Recorded& store : recorded_) {
      if (store.stored_value == nullptr || store.access.kind != AccessKind::AtomicWrite) continue;
      for (const Recorded& load : recorded_) {
        if (&load == &store || load.path != store.path || load.top == nullptr) continue;
        if (parents_.within(load.top, store.stored_value)) {
          store.access.split_atomic_update = true;
          break;
        }
      }
    }
  }

  void flush() {
    for (Recorded& recorded : recorded_) {
      if (recorded.fields.empty()) {
        state_.out.accesses.push_back(std::move(recorded.access));
      } else {
        state_.pending_fields.push_back({std::move(recorded.access), std::move(recorded.fields)});
      }
    }
    recorded_.clear();
  }

  void record_call(const clang::Stmt& node) {
    if (const clang::Expr* entry = thread_entry_argument(node)) record_thread_start(node, *entry);
    const clang::FunctionDecl* callee = nullptr;
    clang::SourceLocation where;
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(&node)) {
      callee = call->getDirectCallee();
      if (callee != nullptr && callee->getBuiltinID() != 0) return;
      where = call->getExprLoc();
    } else if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(&node)) {
      const clang::CXXConstructorDecl* constructor = construct->getConstructor();
      if (constructor == nullptr || !constructor->isUserProvided()) return;
      callee = constructor;
      where = construct->getLocation();
    }
    if (callee == nullptr || callee->isInvalidDecl() || state_.positions.in_system_header(callee->getLocation())) return;
    std::optional<std::vector<HeldLock>> locks = locks_near(node);
    if (!locks) return;
    state_.out.calls.push_back({key_, function_key(*callee, state_.positions), state_.positions.pos(where), std::move(*locks)});
  }

  void record_thread_start(const clang::Stmt& node, const clang::Expr& entry) {
    CallableTarget target = callable_target(entry);
    std::string entry_key;
    if (target.lambda != nullptr && target.lambda->getLambdaClass() != nullptr) {
      entry_key = lambda_key(*target.lambda->getLambdaClass(), state_.positions);
      thread_entry_lambdas_.insert(target.lambda);  // starts with no locks held
    } else if (target.function != nullptr) {
      entry_key = function_key(*target.function, state_.positions);
    }
    if (entry_key.empty()) return;
    if (!locks_near(node)) return;  // never runs
    state_.out.thread_starts.push_back({key_, entry_key, state_.positions.pos(node.getBeginLoc())});
  }

  void capture_lambdas() {
    for (const clang::LambdaExpr* lambda : lambdas_) {
      std::vector<HeldLock> entry;
      if (thread_entry_lambdas_.count(lambda) == 0) {
        std::optional<std::vector<HeldLock>> held = locks_near(*lambda);
        if (!held) continue;  // written where nothing runs
        entry = std::move(*held);
      }
      FunctionRole role{std::move(entry), owner_};
      if (const clang::FunctionTemplateDecl* generic = lambda->getDependentCallOperator()) {
        for (const clang::FunctionDecl* instance : generic->specializations()) capture_function(state_, *instance, role);
      } else if (const clang::CXXMethodDecl* call_operator = lambda->getCallOperator()) {
        capture_function(state_, *call_operator, role);
      }
    }
  }

  CaptureState& state_;
  const clang::FunctionDecl& function_;
  const FunctionRole& role_;
  std::string key_;
  std::string owner_;
  std::unique_ptr<LocksetAnalysis> locks_;
  StmtParents parents_;
  std::vector<const clang::Expr*> chain_elements_;
  std::vector<const clang::Stmt*> calls_;
  std::vector<const clang::LambdaExpr*> lambdas_;
  std::set<const clang::LambdaExpr*> thread_entry_lambdas_;
  std::set<const clang::Expr*> initialiser_roots_;
  std::vector<Recorded> recorded_;
};

}  // namespace

void capture_function(CaptureState& state, const clang::FunctionDecl& function, const FunctionRole& role) {
  if (function.isInvalidDecl() || function.getBody() == nullptr || function.isDependentContext()) return;
  if (!state.analysed.insert(&function).second) return;
  FunctionCapture(state, function, role).run();
}

}  // namespace hawk::audit
