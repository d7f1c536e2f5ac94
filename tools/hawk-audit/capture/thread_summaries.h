// Threads across function boundaries: what a function does to its callers' threads. A
// function that starts a thread and leaves it running when it returns (`start()` storing
// a std::thread in a member, a C `spawn_workers()` filling a global array of pthread_t)
// starts it at each of its calls; one that joins a thread it did not start
// (`stop() { worker_.join(); }`) ends it at each of its calls. ThreadPhases applies both,
// so a caller's code after `s.start()` runs beside the thread and after `s.stop()` no
// longer does.
//
// A thread is known by the object holding it, named the same in every function:
//   field                   <class>::<field>            (any instance: Server::worker_)
//   global / static         its qualified name
//   a parameter's object    param:<index>  (the caller's argument's object at each call)
//   local                   local:<function>::<name>    (no caller can join it)
//   none                    ""                          (detached, handed away)
// Summaries of functions defined in the unit are computed on demand; those of functions
// defined elsewhere come from the lock-summary table of an earlier capture round
// (locks/lock_summary_table.h, driver/summary_rounds.h).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/facts.h"

namespace clang {
class ASTContext;
class FunctionDecl;
class ValueDecl;
}  // namespace clang

namespace hawk::audit {

class ExternalLockLookup;

// The handle of a thread a function leaves running in the local it returns
// (`pthread_t start_worker(void) { ..; return t; }`): the caller's variable that receives
// the result holds it.
inline constexpr const char* kReturnedThreadHandle = "return:";

struct ThreadEffects {
  std::vector<std::pair<std::string, SourcePos>> starts;  // {handle, start site}, left running
  std::vector<std::string> joins;                         // handles joined, not started here
  // Start sites among `starts` whose routine is the function's parameter of that index
  // (a start wrapper's: link/thread_wrappers.h). At each call such a thread is named by
  // the call, which decides what it runs.
  std::vector<std::pair<SourcePos, unsigned>> routine_parameters;
  bool empty() const { return starts.empty() && joins.empty(); }
};

std::string thread_handle_name(const clang::ValueDecl* handle, const clang::FunctionDecl& function);
// The index of `param:<index>`, else nullopt.
std::optional<unsigned> thread_handle_parameter(const std::string& name);
bool thread_handle_is_local(const std::string& name);

class ThreadSummaries {
 public:
  // The summaries of one AST, created on first use and freed with the ASTContext.
  static ThreadSummaries& of(clang::ASTContext& context);
  explicit ThreadSummaries(clang::ASTContext& context) : context_(context) {}

  // Where summaries of functions without a body here come from; nullptr: nowhere.
  void set_external(ExternalLockLookup* lookup) { external_ = lookup; }

  // What a call of `callee` does to its caller's threads; nullptr when nothing (or when it
  // cannot be told: a cycle being summarised, a system header).
  const ThreadEffects* effects(const clang::FunctionDecl& callee);

 private:
  bool may_affect_threads(const clang::FunctionDecl& definition, int depth);

  clang::ASTContext& context_;
  ExternalLockLookup* external_ = nullptr;
  std::unordered_map<const clang::FunctionDecl*, std::optional<ThreadEffects>> done_;  // nullopt: in progress
  std::unordered_map<const clang::FunctionDecl*, bool> may_affect_;
  std::unordered_map<const clang::FunctionDecl*, ThreadEffects> external_done_;
};

}  // namespace hawk::audit
