// Library knowledge as data (DESIGN "Models"): which calls start threads or hand a
// callable to other threads, and with what multiplicity; which types are threads; which
// functions are not thread-safe. Loaded from the built-in models (builtin_models.yaml)
// and a project's config file (config_file.h); capture consults them by a declaration's
// model name (decl_names.h).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::audit {

// Which argument of a call: an index from 0 (a member call's object is not counted), or
// the last one.
struct ArgumentIndex {
  static constexpr int kLast = -1;
  int index = 0;
  // The argument `index` names in a call with `count` arguments, or -1 when it has none.
  int in_call(unsigned count) const;
};

// Where a start leaves the handle that a join names: nowhere (the routine runs on until
// the program ends: an executor's task, a handler), an argument (pthread_create's `&t`),
// or the call's result (std::async's future).
struct HandleSpec {
  enum class Kind { None, Argument, Returned };
  Kind kind = Kind::None;
  ArgumentIndex argument;
};

// What a start passes the routine it runs: call argument `argument` becomes the
// routine's parameter `parameter` (pthread_create's `arg` is its routine's parameter 0).
struct PassedArgument {
  ArgumentIndex argument;
  unsigned parameter = 0;
};

// A call that runs one of its arguments on another thread.
//   how: "start" (a thread of its own, as pthread_create), "executor" (a pool or event
//        loop runs it: asio::post, uv_queue_work), "model" (a framework or the system
//        runs it later: a route handler, a signal handler).
//   many: several instances may run at once even when the call itself runs once (a
//        framework's worker pool running a route handler for every request).
// A C++ launch policy before the callable (std::async(std::launch::async, f)) is
// skipped: an enumeration is never the callable.
struct ThreadStartModel {
  std::string function;  // model name (decl_names.h): "pthread_create", "asio::post"
  ArgumentIndex callable;
  std::vector<PassedArgument> arguments;
  HandleSpec handle;
  // The argument that is the executor the callable runs on (asio::post's first), or
  // none: an executor of a serialising type (a strand) runs what it is given one at a
  // time, as if each held a lock named by that executor.
  std::optional<ArgumentIndex> executor;
  std::string how = "model";
  bool many = false;
  std::string source;  // the file it was read from ("built-in models" for ours)
};

// A function that is not thread-safe because it uses hidden state (POSIX's list): every
// call is an access to `state`, which two calls of functions naming one state share.
// `writes`: the call changes that state (strtok, setenv); else it only reads it (getenv).
struct UnsafeFunctionModel {
  std::string function;
  std::string state;       // "the static buffer of localtime/gmtime/ctime/asctime"
  bool writes = true;
  std::string instead;     // the thread-safe alternative, if any ("localtime_r")
  std::string source;
};

// A call that waits for a thread to end (pthread_join) or lets it go (pthread_detach):
// `handle` is the argument naming the thread.
struct ThreadJoinModel {
  std::string function;
  ArgumentIndex handle;
  bool detach = false;
  std::string source;
};

class LibraryModels {
 public:
  // Adds `other`'s entries; an entry for a function already modelled replaces it (a
  // project's config overrides the built-in models).
  void add(const LibraryModels& other);

  const ThreadStartModel* thread_start(std::string_view function) const;
  const UnsafeFunctionModel* unsafe_function(std::string_view function) const;
  const ThreadJoinModel* thread_join(std::string_view function) const;
  // A class whose methods synchronise by themselves (asio::io_context): calling them
  // from several threads needs no lock, as for an atomic.
  bool is_thread_safe_type(std::string_view name) const { return thread_safe_types_.count(name) != 0; }
  // An executor that runs one handler at a time (asio::strand).
  bool is_serialising_type(std::string_view name) const { return serialising_types_.count(name) != 0; }
  // A field the system calls what is stored in (sigaction::sa_handler): storing a
  // function there starts it as a signal() call does.
  bool is_system_callback(std::string_view field) const { return system_callbacks_.count(field) != 0; }
  // A class whose construction starts a thread running its first argument with the rest
  // as the routine's arguments (std::thread, std::jthread).
  bool is_thread_type(std::string_view name) const { return thread_types_.count(name) != 0; }

  void add_thread_start(ThreadStartModel model);
  void add_unsafe_function(UnsafeFunctionModel model);
  void add_thread_join(ThreadJoinModel model);
  void add_thread_type(std::string name) { thread_types_.insert(std::move(name)); }
  void add_thread_safe_type(std::string name) { thread_safe_types_.insert(std::move(name)); }
  void add_serialising_type(std::string name) { serialising_types_.insert(std::move(name)); }
  void add_system_callback(std::string field) { system_callbacks_.insert(std::move(field)); }

  // Every entry, in a stable order: what facts depend on (the facts cache's key).
  std::string digest() const;

 private:
  using Names = std::set<std::string, std::less<>>;
  std::vector<ThreadStartModel> thread_starts_;
  std::vector<UnsafeFunctionModel> unsafe_functions_;
  std::vector<ThreadJoinModel> thread_joins_;
  Names thread_types_;
  Names thread_safe_types_;
  Names serialising_types_;
  Names system_callbacks_;
  std::map<std::string, std::size_t, std::less<>> start_index_;
  std::map<std::string, std::size_t, std::less<>> join_index_;
  std::map<std::string, std::size_t, std::less<>> unsafe_index_;
};

}  // namespace hawk::audit
