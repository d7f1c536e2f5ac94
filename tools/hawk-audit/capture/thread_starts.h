// Recognising where a new thread starts and what it runs, from the unit's models
// (capture/unit_models.h): a thread type's construction (std::thread, std::jthread, also
// emplaced into a container), and the modelled calls (pthread_create, thrd_create,
// std::async, executors, frameworks, signal handlers).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace clang {
class Expr;
class FunctionDecl;
class LambdaExpr;
class Stmt;
}  // namespace clang

namespace hawk::audit {

// The callable argument of a thread start (`worker` in std::thread(worker, 1) and in
// threads.emplace_back(worker, 1) on a container of std::thread / std::jthread,
// `routine` in pthread_create(&t, 0, routine, arg)); nullptr when `stmt` starts no thread
// (threads.emplace_back(std::move(t)) moves a thread in, it starts none).
const clang::Expr* thread_entry_argument(const clang::Stmt& stmt);

// How a start runs its routine: "start" (a thread of its own), "executor", "model" (a
// framework or the system), and whether several instances may run at once whatever its
// caller does (an executor of several threads).
struct StartKind {
  std::string how = "start";
  bool many = false;
};
StartKind thread_start_kind(const clang::Stmt& start);

// The executor a modelled start hands its callable to when it is of a serialising type
// (asio::post(strand, f)): what it runs never overlaps anything else run through the
// same executor. Null otherwise.
const clang::Expr* serialising_executor(const clang::Stmt& start);

// What a start passes its routine, by the routine's parameter index: pthread_create's /
// thrd_create's `arg` (parameter 0), a std::thread / jthread's arguments after the
// callable. Empty for other starts.
std::vector<std::pair<unsigned, const clang::Expr*>> thread_routine_arguments(const clang::Stmt& start);

// What a callable expression runs: a function (also a member function pointer) or a
// lambda, looking through casts, temporaries, copies, `&`, and a local variable
// initialised with a lambda. Both null when it cannot be told (a std::function, a bind).
struct CallableTarget {
  const clang::FunctionDecl* function = nullptr;
  const clang::LambdaExpr* lambda = nullptr;
};
CallableTarget callable_target(const clang::Expr& callable);

}  // namespace hawk::audit
