// Callables kept for a worker to run later: a thread pool's `submit(f)` pushing `f` into
// a member queue, a C pool writing `fn` into a task struct, a trampoline's
// `aux->start = start`, a callback assigned to a member a worker thread calls. Such a
// store is a start of what it stores (how: executor) — real when some thread runs code
// that calls a callable taken from the same queue (link/thread_wrappers.h checks that).
// A queue is named by the field or global variable that holds it (its USR): the same in
// every unit and for every object, as a worker loop and a submit method on one pool
// class always agree.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace clang {
class Expr;
class FunctionDecl;
class Stmt;
}  // namespace clang

namespace hawk::audit {

struct QueuedCallable {
  // What runs: a callable parameter of the enclosing function (also when wrapped, as in
  // `tasks_.emplace([task] { (*task)(); })` of a packaged_task built from `f`), else the
  // function or lambda stored.
  const clang::Expr* callable = nullptr;
  std::string queue;  // the key of the field or global it is stored in
  // The field is one the system calls (models' system_callbacks: a sigaction handler):
  // the store starts what it stores, no worker needed.
  bool system_callback = false;
};

// `stmt` stores a callable where it can be taken and run later: push/emplace/insert into
// a standard container (of a field or global) whose elements are callables, or an
// assignment to a callable field or global.
std::optional<QueuedCallable> queued_callable(const clang::Stmt& stmt);

// The queues from which `function`'s own body (not its lambdas') takes a callable and
// calls it: `task = std::move(tasks_.front()); ... task();`, `aux.start(aux.arg)`,
// `for (auto& cb : callbacks_) cb();`, `q.pop(task); task();`. Sorted, unique.
std::vector<std::string> invoked_queues(const clang::FunctionDecl& function);

}  // namespace hawk::audit
