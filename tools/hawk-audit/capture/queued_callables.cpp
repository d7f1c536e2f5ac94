#include "capture/queued_callables.h"

#include <algorithm>
#include <set>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>

#include "capture/callable_parameters.h"
#include "capture/decl_keys.h"
#include "capture/thread_starts.h"
#include "capture/unit_models.h"
#include "locks/std_names.h"

namespace hawk::audit {
namespace {

// How many local variables deep a callable is followed (`auto task = make_shared<
// packaged_task<R()>>(bind(f, args...))` then a lambda capturing `task`).
constexpr int kMaxLocalSteps = 3;

bool is_storing_method(llvm::StringRef name) {
  return name == "push" || name == "push_back" || name == "push_front" || name == "emplace" ||
         name == "emplace_back" || name == "emplace_front" || name == "insert";
}

// A callable type, or std::packaged_task (what pools wrap a task in).
bool is_runnable_type(clang::QualType type) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (type->isPointerType() && type->getPointeeType()->isFunctionType()) return true;
  return is_callable_type(type) || std_class_name(type) == "packaged_task";
}

// A standard container whose first template argument is runnable.
bool is_container_of_runnables(clang::QualType type) {
  type = type.getNonReferenceType();
  if (type->isPointerType()) type = type->getPointeeType();
  const auto* specialization =
      llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(type->getAsCXXRecordDecl());
  if (specialization == nullptr || !is_in_std(*specialization) || specialization->getTemplateArgs().size() == 0)
    return false;
  const clang::TemplateArgument& element = specialization->getTemplateArgs()[0];
  if (element.getKind() != clang::TemplateArgument::Type) return false;
  clang::QualType element_type = element.getAsType();
  // std::queue<T, std::deque<T>>, unique_ptr / shared_ptr of a task.
  if (is_runnable_type(element_type)) return true;
  const auto* inner = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(element_type->getAsCXXRecordDecl());
  return inner != nullptr && is_in_std(*inner) && inner->getTemplateArgs().size() > 0 &&
         inner->getTemplateArgs()[0].getKind() == clang::TemplateArgument::Type &&
         is_runnable_type(inner->getTemplateArgs()[0].getAsType());
}

// The field or global variable an expression designates as a whole (`tasks_`,
// `this->tasks_`, `pool->tasks`, `q->tasks[i].fn` -> fn, `g_queue`).
const clang::ValueDecl* holder_of(const clang::Expr& expr) {
  const clang::Expr* e = expr.IgnoreParenImpCasts();
  if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(e))
    return llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
  if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
    const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
    return var != nullptr && var->hasGlobalStorage() ? var : nullptr;
  }
  if (const auto* unary = llvm::dyn_cast<clang::UnaryOperator>(e); unary != nullptr && unary->getOpcode() == clang::UO_Deref)
    return holder_of(*unary->getSubExpr());
  return nullptr;
}

std::string key_of(const clang::ValueDecl& holder) {
  if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(&holder)) return usr_key(pattern_of(*field));
  if (const auto* var = llvm::dyn_cast<clang::VarDecl>(&holder)) return usr_key(pattern_of(*var));
  return {};
}

// A callable parameter referenced within `expr` (lambda captures and bodies, arguments,
// local variables' initialisers): the reference. Null when there is none.
const clang::DeclRefExpr* callable_parameter_within(const clang::Stmt* stmt, int steps) {
  if (stmt == nullptr) return nullptr;
  if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(stmt)) {
    if (const auto* parameter = llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl()))
      return is_callable_type(parameter->getType()) ? ref : nullptr;
    const auto* local = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
    if (local != nullptr && local->hasLocalStorage() && local->getInit() != nullptr && steps < kMaxLocalSteps)
      return callable_parameter_within(local->getInit(), steps + 1);
    return nullptr;
  }
  for (const clang::Stmt* child : stmt->children())
    if (const clang::DeclRefExpr* found = callable_parameter_within(child, steps)) return found;
  return nullptr;
}

// What a stored value runs: a callable parameter inside it, else the function or lambda.
const clang::Expr* stored_callable(const clang::Expr& stored) {
  if (const clang::DeclRefExpr* parameter = callable_parameter_within(&stored, 0)) return parameter;
  CallableTarget target = callable_target(stored);
  return target.function != nullptr || target.lambda != nullptr ? &stored : nullptr;
}

}  // namespace

std::optional<QueuedCallable> queued_callable(const clang::Stmt& stmt) {
  const clang::ValueDecl* holder = nullptr;
  const clang::Expr* stored = nullptr;
  if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
    const clang::CXXMethodDecl* method = call->getMethodDecl();
    if (method == nullptr || method->getIdentifier() == nullptr || !is_storing_method(method->getName()) ||
        call->getNumArgs() == 0)
      return std::nullopt;
    const clang::Expr* object = call->getImplicitObjectArgument();
    if (object == nullptr || !is_container_of_runnables(object->getType())) return std::nullopt;
    holder = holder_of(*object);
    stored = call->getArg(call->getNumArgs() - 1);  // insert(pos, v), emplace(pos, args): the value last
    if (call->getNumArgs() > 1 && method->getName().starts_with("emplace")) stored = call->getArg(0);
  } else if (const auto* assign = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&stmt)) {
    if (assign->getOperator() != clang::OO_Equal || assign->getNumArgs() != 2 ||
        !is_runnable_type(assign->getArg(0)->getType()))
      return std::nullopt;
    holder = holder_of(*assign->getArg(0));
    stored = assign->getArg(1);
  } else if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(&stmt)) {
    if (binary->getOpcode() != clang::BO_Assign || !is_runnable_type(binary->getLHS()->getType())) return std::nullopt;
    holder = holder_of(*binary->getLHS());
    stored = binary->getRHS();
  } else {
    return std::nullopt;
  }
  if (holder == nullptr || stored == nullptr) return std::nullopt;
  const clang::Expr* callable = stored_callable(*stored);
  if (callable == nullptr) return std::nullopt;
  std::string key = key_of(*holder);
  if (key.empty()) return std::nullopt;
  const bool system = llvm::isa<clang::FieldDecl>(holder) && is_system_callback_field(*holder);
  return QueuedCallable{callable, std::move(key), system};
}

namespace {

// Every field and global an expression names, and, for the local variables it names,
// what the function assigns to them (initialiser, `=`, or an out-argument of a call on
// a queue: `q.pop(task)`).
class QueueSources {
 public:
  explicit QueueSources(const clang::FunctionDecl& function) : function_(function) {}

  void add(const clang::Stmt* stmt, int steps) {
    if (stmt == nullptr || llvm::isa<clang::LambdaExpr>(stmt)) return;
    if (const auto* member = llvm::dyn_cast<clang::MemberExpr>(stmt)) {
      if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl())) add_holder(*field);
    } else if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(stmt)) {
      if (const auto* var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) {
        if (var->hasGlobalStorage()) add_holder(*var);
        else if (steps < kMaxLocalSteps && followed_.insert(var).second) add_assigned(*var, steps + 1);
      }
    }
    for (const clang::Stmt* child : stmt->children()) add(child, steps);
  }

  std::set<std::string> keys;

 private:
  void add_holder(const clang::ValueDecl& holder) {
    std::string key = key_of(holder);
    if (!key.empty()) keys.insert(std::move(key));
  }

  void add_assigned(const clang::VarDecl& local, int steps) {
    if (local.getInit() != nullptr) add(local.getInit(), steps);
    std::vector<const clang::Stmt*> stack{function_.getBody()};
    while (!stack.empty()) {
      const clang::Stmt* node = stack.back();
      stack.pop_back();
      if (node == nullptr || llvm::isa<clang::LambdaExpr>(node)) continue;
      if (const auto* loop = llvm::dyn_cast<clang::CXXForRangeStmt>(node); loop != nullptr && loop->getLoopVariable() == &local) {
        add(loop->getRangeInit(), steps);  // `for (auto& cb : callbacks_) cb();`: the range
      } else if (const auto* assign = llvm::dyn_cast<clang::CXXOperatorCallExpr>(node);
                 assign != nullptr && assign->getOperator() == clang::OO_Equal && assign->getNumArgs() == 2 &&
                 names(*assign->getArg(0), local)) {
        add(assign->getArg(1), steps);
      } else if (const auto* binary = llvm::dyn_cast<clang::BinaryOperator>(node);
                 binary != nullptr && binary->getOpcode() == clang::BO_Assign && names(*binary->getLHS(), local)) {
        add(binary->getRHS(), steps);
      } else if (const auto* call = llvm::dyn_cast<clang::CXXMemberCallExpr>(node)) {
        // `tasks_.pop(task)`, `queue_->try_pop(task)`: the local comes out of the queue.
        for (const clang::Expr* argument : call->arguments())
          if (names(*argument, local) && call->getImplicitObjectArgument() != nullptr)
            add(call->getImplicitObjectArgument(), steps);
      }
      for (const clang::Stmt* child : node->children()) stack.push_back(child);
    }
  }

  static bool names(const clang::Expr& expr, const clang::VarDecl& local) {
    const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr.IgnoreParenImpCasts());
    return ref != nullptr && ref->getDecl() == &local;
  }

  const clang::FunctionDecl& function_;
  std::set<const clang::VarDecl*> followed_;
};

// The expression a call invokes when it runs a callable object or pointer rather than a
// named function: `task()`, `(*task)()`, `aux.start(aux.arg)`, `t->fn(t->arg)`.
const clang::Expr* invoked_object(const clang::CallExpr& call) {
  if (const auto* op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&call)) {
    if (op->getOperator() != clang::OO_Call || op->getNumArgs() == 0) return nullptr;
    return is_runnable_type(op->getArg(0)->getType()) ? op->getArg(0) : nullptr;
  }
  if (llvm::isa<clang::CXXMemberCallExpr>(&call) || call.getDirectCallee() != nullptr) return nullptr;
  const clang::Expr* callee = call.getCallee();
  return callee != nullptr && is_runnable_type(callee->IgnoreParenImpCasts()->getType()) ? callee : nullptr;
}

}  // namespace

std::vector<std::string> invoked_queues(const clang::FunctionDecl& function) {
  if (!function.hasBody()) return {};
  QueueSources sources(function);
  std::vector<const clang::Stmt*> stack{function.getBody()};
  while (!stack.empty()) {
    const clang::Stmt* node = stack.back();
    stack.pop_back();
    if (node == nullptr || llvm::isa<clang::LambdaExpr>(node)) continue;  // a lambda's body is its own
    if (const auto* call = llvm::dyn_cast<clang::CallExpr>(node))
      if (const clang::Expr* object = invoked_object(*call)) sources.add(object, 0);
    for (const clang::Stmt* child : node->children()) stack.push_back(child);
  }
  return {sources.keys.begin(), sources.keys.end()};
}

}  // namespace hawk::audit
