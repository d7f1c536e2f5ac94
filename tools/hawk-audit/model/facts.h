// The facts one translation unit yields (capture) and the whole program merges (link).
// Everything here is plain data with a JSON form, so capture and link can run on
// different machines (`capture --shard K/N`, then `link`) and captures can be cached.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hawk::audit {

// Bumped whenever capture's output for the same input may change: it keys the cache.
inline constexpr const char* kFactsVersion = "hawk-audit-facts-29";

struct SourcePos {
  std::string file;  // absolute, normalised
  unsigned line = 0;
  unsigned column = 0;
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
  friend auto operator<=>(const SourcePos&, const SourcePos&) = default;
};

// A lock held at a program point. `lock` names the lock object, not the instance:
// `Class::field` for a lock member (any instance), the qualified name for a global or
// static, `function::name` for a local or parameter (see locks/lock_names.h).
struct HeldLock {
  std::string lock;
  bool shared = false;  // held for reading only (shared_lock, lock_shared, rdlock)
  friend bool operator==(const HeldLock&, const HeldLock&) = default;
  friend auto operator<=>(const HeldLock&, const HeldLock&) = default;
};

// Local: a function's local variable that a thread it starts shares (a lambda run on
// the thread captures it by reference): `main()::hits`.
// LibraryState: the hidden state of not-thread-safe library functions (strtok's saved
// position, localtime's static buffer), one per state the models name; each call of such
// a function is an access to it (check thread-unsafe-call).
enum class LocationKind { Global, StaticMember, LocalStatic, Field, Local, LibraryState };

// The last step of an Access::subobject that stands for any part from there on: an
// element whose index is not known, a union member ("items.*", "*").
inline constexpr const char* kAnyPart = "*";

// The stand-in location of an access to what a function's pointer or reference
// parameter designates as a whole (`(*p)++`, `++r`), kept only for each call or thread
// start to name its object (Access::parameter_object_only): no Location has this key.
inline std::string parameter_object_key(const std::string& function, unsigned parameter) {
  return "param:" + function + "#" + std::to_string(parameter);
}

// A candidate shared memory location: a variable or a field of a class that takes part
// in concurrency. Keyed across translation units by `key` (the declaration's USR).
struct Location {
  std::string key;
  std::string name;   // qualified, for people: hawk::Router::table_
  LocationKind kind = LocationKind::Global;
  SourcePos decl;
  std::string type;   // as spelled by clang, for the report
  std::string owner_class;  // Field and StaticMember: the class's USR; else empty
  bool is_atomic = false;        // std::atomic<T>, std::atomic_flag, _Atomic, or synchronised:
  // An object of a thread-safe class (it owns a lock, is annotated, or is built of atomics):
  // calling its methods needs no outside lock. Implies is_atomic.
  bool is_synchronised = false;
  bool is_const = false;         // const or constexpr: never written after initialisation
  bool is_thread_local = false;  // thread_local / __thread: one per thread, never shared
  // From GUARDED_BY / PT_GUARDED_BY, as a lock name in the form of HeldLock::lock.
  std::optional<std::string> declared_guard;
  bool guards_pointee = false;  // PT_GUARDED_BY: the guard is for *p, not for p itself
  // Where `hawk-audit annotate` inserts ` GUARDED_BY(mu)`: just after the declarator's
  // name (before any initialiser, bit-field width or `;`). Empty when not known.
  SourcePos annotation_pos;
};

enum class AccessKind {
  Read,
  Write,
  ReadModifyWrite,  // x++, x += n, x = x + 1 counts as Write and Read separately
  AtomicRead,       // an operation of std::atomic / std::atomic_ref / _Atomic
  AtomicWrite,
  AtomicReadModifyWrite,
};

// What runs a callee at most once, ordering that run before the return of every call
// through the same flag: the callable of std::call_once (also C11's, and any other
// `call_once(flag, f, args...)`: absl, boost, folly, llvm), the init routine of
// pthread_once, a call in a function-local static's dynamic initialiser (C++11 magic
// statics: the threads that reach the declaration wait for the first), the body of a
// once region: `if (ovsthread_once_start(&once)) { ...; ovsthread_once_done(&once); }`
// (see capture/once_calls.h).
enum class OnceVia { None, CallOnce, PthreadOnce, StaticInitialiser, OnceRegion };

struct Access {
  std::string location;  // Location::key
  AccessKind kind = AccessKind::Read;
  SourcePos pos;
  std::string function;  // Function::key of the enclosing function (lambdas are their own)
  std::vector<HeldLock> locks;  // certainly held here, sorted, unique
  // The object under construction/destruction accessed from its own constructor or
  // destructor (`this->x_` in X::X()): not shared yet, or no longer.
  bool in_own_constructor_or_destructor = false;
  // Set by link, never by capture (link/parameter_contexts.h): an access through a
  // parameter of a thread's entry, on the object the start at this position passed it
  // (`pthread_create(&t, 0, worker, &g_stats)`): only that start's thread makes it.
  // Empty file: whichever thread runs the function.
  SourcePos on_thread_started_at{};
  // A field of the object the enclosing method runs on (`x_`, `this->a_.b`), not reached
  // through a pointer: in a helper only its constructor calls, still the object being built.
  bool on_this = false;
  // A field of the object a reference or pointer parameter designates (`msg.x`, `p->x`):
  // the parameter's index; -1 otherwise. Shared only if what callers pass may be.
  int through_parameter = -1;
  // Through a pointer parameter that this function may already have let go (stored,
  // copied, handed to a callee that may keep it) on some path before the access: a caller
  // that passes an object of its own no longer owns it here (link/parameter_contexts.h).
  bool parameter_let_go = false;
  // Kept only for link to name the object from each call (a field of a class nothing
  // says is shared, reached through a parameter): dropped where no call names it
  // (link/parameter_contexts.h).
  bool parameter_object_only = false;
  // An access to a LibraryState location: the not-thread-safe function called, and its
  // thread-safe alternative when the models name one.
  std::string library_call{};
  std::string library_call_instead{};
  // Handed by reference or pointer to a callee whose body is in another unit: its key and
  // the parameter's index (-1: not so). Counted as capture classified it unless that body
  // uses the parameter only through its fields (Function::fields_only_parameters), whose
  // accesses stand for it (link/parameter_contexts.h).
  std::string passed_to{};
  int passed_parameter = -1;
  // For an access to a variable: the members within it that are accessed, outermost
  // first, joined by '.' ("stats.hits"); empty: the whole variable (or not known). For
  // an access through a parameter: the members within what it designates. Two
  // accesses to one variable touch the same memory only when one path is a prefix of the
  // other (C11/C++ memory locations: distinct members are distinct locations, except
  // the members of a union and adjacent bit-fields, where the path stops).
  std::string subobject{};  // ends in kAnyPart where a step is not known (an index)
  // An atomic store whose value is computed from a separate load of the same location:
  // a.store(a.load() + 1). Two atomic steps, not one.
  bool split_atomic_update = false;
  // The access's source line with whitespace collapsed: part of a finding's stable id.
  std::string line_text;
  // The threads this function started that may still run here (after their start,
  // before their join), each named by its start site (ThreadStart::pos): this access
  // happens in parallel with those threads' code.
  std::vector<SourcePos> threads_running;
  // Check-then-act: this read is (part of) a branch condition that controls a write of
  // the same location in the branch it guards (`if (!p_) p_ = make();`). The write.
  std::optional<SourcePos> controls_write_at;
  // A reference, pointer or iterator to the location leaves the function through its
  // return value (`return x_;` from `T& get()`, `return &x_;`, `return v_.begin();`).
  bool escapes_by_return = false;
  // Reached through a pointer or reference member of a concurrent class
  // (`this->p_->x`, `impl_->count`): the pointee is shared as the owner is.
  bool through_pointer_member = false;
  // Part of a function-local static's dynamic initialiser (`static T t = make();`): C++11
  // runs it once, and the threads that reach the declaration wait for it. The static,
  // named as a lock would be (`make_table::t`, see CallSite::once_flag); else empty.
  // Also set inside a once region (OnceVia::OnceRegion), named after its flag.
  std::string once_initialiser;
  OnceVia once_via = OnceVia::None;  // how once_initialiser runs once (None: a static's)
  // That static's own initialisation, at its declaration (a Write of it): nothing can
  // name the static before it completes, so it races with nothing.
  bool initialises_local_static = false;
  // Synchronisation in the enclosing function before this access (capture/sync_events.h),
  // by object, named as locks are: what every path has waited for (a condition variable's
  // predicate wait, a barrier, latch, semaphore, future, an acquire load of a flag that
  // found it set), and what some path may already have signalled. Sorted, unique.
  std::vector<std::string> waited{};
  std::vector<std::string> signalled{};
  // Set by link, never by capture (link/parameter_contexts.h): an access through a
  // parameter seen from a caller. `function` is then that caller, and these are the
  // calls from it down to the function the access is written in: {caller, call}, the
  // outermost first.
  std::vector<std::pair<std::string, SourcePos>> through_calls{};
  std::string written_in{};  // the function the access is written in; empty: `function`
};

enum class Visibility { None, Public, Protected, Private };

// How a signal of a synchronisation object orders what precedes it (capture/sync_events.h):
// Single: a notify, count_down, semaphore release, promise's set_value, release store of
// a flag — what precedes it happens before what follows a wait that it releases. Barrier:
// an arrival at a barrier — what precedes it happens before what follows the phase's
// end in every participant. Unordered: something that makes a wait return without
// ordering (a relaxed store of the flag, a semaphore that starts above zero).
enum class SignalKind { Single, Barrier, Unordered };

// A function's signals of one object (named as locks are).
struct SyncSignal {
  std::string object;
  SignalKind kind = SignalKind::Single;
  friend bool operator==(const SyncSignal&, const SyncSignal&) = default;
  friend auto operator<=>(const SyncSignal&, const SyncSignal&) = default;
};

// A thread a function leaves running when it returns, for its callers: the object holding
// it, named as capture/thread_summaries.h names handles ("" for none), and its start.
struct RunningThreadFact {
  std::string handle;
  SourcePos start;
  // The function's parameter whose routine the thread runs (a start wrapper's start,
  // ThreadStart::entry_parameter); -1: it runs what the start says.
  int routine_parameter = -1;
  friend bool operator==(const RunningThreadFact&, const RunningThreadFact&) = default;
  friend auto operator<=>(const RunningThreadFact&, const RunningThreadFact&) = default;
};

struct Function {
  std::string key;   // USR
  std::string name;  // qualified, for people
  SourcePos pos;
  std::string owner_class;  // methods: the class's USR
  Visibility visibility = Visibility::None;
  bool is_constructor = false;
  bool is_destructor = false;
  bool is_static = false;  // static member function
  bool is_lambda = false;  // a lambda's call operator; `parent` is where it was written
  std::string parent;
  // A lambda run (called, or handed on to run) where threads its parent started may
  // still run: it runs in parallel with them, as the parent's code there does. By start site.
  std::vector<SourcePos> threads_running_at_use;
  // Methods this one overrides (keys): a call of one of them may run this one.
  std::vector<std::string> overrides;
  // `__attribute__((constructor))`: the loader runs it before main and before the
  // program (or library) can start any thread; what it does is ordered before them all.
  bool runs_before_main = false;
  // The queues from which it takes a callable and calls it (capture/queued_callables.h).
  std::vector<std::string> invoked_queues{};
  bool acquires_lock = false;  // takes some lock somewhere in its body
  // Lock effects the caller sees (a lock wrapper: Lock() { mu_.lock(); }): locks held
  // at every return that were not held on entry, and locks released that the caller held.
  std::vector<HeldLock> acquires_on_return;
  std::vector<HeldLock> releases_on_return;
  // For a lock wrapper (either list above non-empty), what other units need to apply its
  // effects at their calls: the lock name its body gives each parameter, by index (""
  // for none), and for a constructor, each reference or pointer member initialised from
  // something nameable, with that source in the constructor's names (Guard::m_ ->
  // Guard::Guard::m).
  std::vector<std::string> parameter_locks;
  std::vector<std::pair<std::string, std::string>> member_lock_sources;
  // What it does to its callers' threads (capture/thread_summaries.h): the threads it
  // leaves running, and the handles it joins that it did not start (`stop()`).
  std::vector<RunningThreadFact> leaves_running;
  std::vector<std::string> joins_threads;
  // Locks the function declares it needs (REQUIRES / REQUIRES_SHARED).
  std::vector<HeldLock> requires_locks;
  bool no_thread_safety_analysis = false;  // NO_THREAD_SAFETY_ANALYSIS: never reported
  // A method that lets `this` go where it cannot be followed: stored, passed on, returned,
  // captured by a lambda (callee_effects.h). Its object may be reached by other threads.
  bool this_escapes = false;
  // Reference or pointer parameters whose object the body keeps or hands where it cannot
  // be followed (callee_effects.h), by index. What it hands to callees whose bodies are
  // seen is the link step's to follow (CallSite::forwarded_parameters).
  std::vector<unsigned> escaping_parameters;
  // Reference or pointer parameters the body uses only to reach fields (`p->f`, `r.f`, also
  // in callees seen here it hands them to), by index: Access::passed_to.
  std::vector<unsigned> fields_only_parameters{};
  // The synchronisation objects its body signals (sorted, unique): see SyncSignal.
  std::vector<SyncSignal> sync_signals{};
  // The once flags every path passes before it returns, as far as this unit sees
  // (capture/once_passages.h; sorted), and the functions its top level calls on the way
  // (keys, in order): link adds what their bodies, in other units too, pass.
  std::vector<std::string> passes_once{};
  std::vector<std::string> top_level_callees{};
  // Where `hawk-audit annotate` inserts ` REQUIRES(mu)`: after the parameter list and
  // qualifiers, before the body or `;`. Empty when not known.
  SourcePos annotation_pos;
};

// A class that declares itself shared: it owns a lock, or carries thread-safety
// annotations. (Whether its methods take a lock is decided at link, from Function.)
struct ClassInfo {
  std::string key;  // USR
  std::string name;
  SourcePos pos;
  bool owns_lock = false;
  bool annotated = false;
};


// What an argument passed by reference or pointer designates, when it is an object a
// location names: a global or static variable itself, or a part of one whose parts are
// accesses to it (`&g_list`, `g.items`: the variable's key), or a field (`&dp->ports`,
// `&this->queue_`: the outermost field's key, the object named as the caller's own
// accesses to it would be). `through_parameter`: the field belongs to what the caller's
// reference or pointer parameter of that index designates (`&p->list`); -1 otherwise.
struct ArgumentObject {
  unsigned parameter = 0;  // the callee's parameter index
  std::string location;    // Location::key
  int through_parameter = -1;
  std::string subobject{};  // as Access::subobject: the part of a variable it is
  friend bool operator==(const ArgumentObject&, const ArgumentObject&) = default;
};

// A direct call, with the locks the caller certainly holds at the call.
struct CallSite {
  std::string caller;
  std::string callee;
  SourcePos pos;
  std::vector<HeldLock> locks;
  std::vector<SourcePos> threads_running;  // as Access::threads_running
  // Inside a loop of the caller: the callee may run more than once per run of the caller.
  bool in_loop = false;
  // No path from the call returns from the caller: it is on the way to a [[noreturn]]
  // call (abort, a fatal-error logger). A thread there is dying; its lock order is no
  // deadlock the program can reach in normal operation.
  bool dying = false;
  // A method called on the caller's own object (`helper()`, `this->helper()`).
  bool on_this = false;
  // A virtual method called without dispatch (`Base::f()`, a `final` method, a call on an
  // object of known type): its own body runs, none of its overrides.
  bool no_dispatch = false;
  // A method called on an object this call of the caller owns: a local or by-value
  // parameter (or a part of one), or one it allocated and holds in a local pointer, whose
  // address goes nowhere else. No other thread can reach it through the caller.
  bool on_owned_object = false;
  // A method called on what the caller's reference, pointer or smart-pointer parameter
  // designates (`lock.unlock()`, `p->run()`): that parameter's index; -1 otherwise. When
  // the caller may have let it go before the call, it is in let_go_parameters.
  int receiver_parameter = -1;
  // Arguments (by the callee's parameter index) that designate an object this call of the
  // caller owns (as on_owned_object), passed by reference, pointer or smart pointer.
  std::vector<unsigned> owned_arguments{};
  // Arguments that pass on what the caller's own reference or pointer parameter designates:
  // {callee's parameter index, caller's parameter index}.
  std::vector<std::pair<unsigned, unsigned>> forwarded_parameters{};
  // The caller's own pointer parameters it may have let go before this call (as
  // Access::parameter_let_go), sorted.
  std::vector<unsigned> let_go_parameters{};
  // Arguments passed by reference or pointer that designate a known object (see
  // ArgumentObject). What the callee does through that parameter, it does to this object
  // (link/parameter_contexts.h).
  std::vector<ArgumentObject> argument_objects{};
  // Not a call: the callee's address is taken here (a callback, a function pointer), and
  // it may run where its holder calls it. It runs without the locks held here.
  bool by_address = false;
  // Not None: the callee runs through a once primitive (the call_once / pthread_once
  // call itself, or the call in a local static's initialiser), not on every call.
  OnceVia once = OnceVia::None;
  // What it is once per, named as locks are (HeldLock::lock): the flag (`g_once`,
  // `Config::once_`) or the static being initialised. Different flags run concurrently.
  std::string once_flag{};  // `{}`: brace-initialisers that stop earlier stay warning-free
  // As Access::waited and Access::signalled, at the call.
  std::vector<std::string> waited{};
  std::vector<std::string> signalled{};
  // Arguments that are a function or a lambda (`spawn(worker, arg)`): {the callee's
  // parameter index, the function's key}. A start wrapper runs it on a new thread.
  std::vector<std::pair<unsigned, std::string>> function_arguments{};
  // Arguments that pass on the caller's own callable parameter, taken by value (a
  // template `F f`, a std::function): {callee's parameter index, caller's parameter index}.
  // (Pointers, function pointers too, are in forwarded_parameters.)
  std::vector<std::pair<unsigned, unsigned>> forwarded_callables{};
  // Set by link, never by capture: the call of a queued task from the function that takes
  // it from its queue (link/thread_wrappers.h), not a call written in the source.
  bool runs_queued_task = false;
};

// A lock taken while another is held, in this order: an edge of the lock-order graph.
struct LockOrderEdge {
  std::string held;      // HeldLock::lock already held; empty: an acquisition with none held
  std::string acquired;  // the lock taken while `held` is held
  std::string function;  // Function::key where it happens
  SourcePos pos;         // the acquisition of `acquired`
  std::vector<SourcePos> threads_running;  // as Access::threads_running
  bool dying = false;                      // as CallSite::dying
  // Held / taken for reading only (HeldLock::shared): a reader waits for another reader
  // only behind a queued writer.
  bool held_shared = false;
  bool acquired_shared = false;
};

// A function started on a new thread: std::thread / jthread / async / pthread_create.
struct ThreadStart {
  std::string creator;  // the function that starts it
  std::string entry;    // the function run on the thread (a lambda's call operator too)
  SourcePos pos;        // names the thread started here (Access::threads_running)
  // Threads of the creator's own starts that may still run when this one starts (by
  // start site). This start itself among them: an earlier thread it started may still
  // run when it starts again (a start in a loop with no join in between).
  std::vector<SourcePos> running_at_start;
  // The thread may still run when the creator returns (not joined there).
  bool outlives_creator = false;
  // Locks the creator holds from the start to the join, without letting go in between:
  // the thread's whole life lies inside that region (sorted, unique).
  std::vector<HeldLock> held_across_life{};
  // The once flags the creator certainly passed before the start, and the functions its
  // top level called before it (as Function::passes_once / top_level_callees): those
  // initialisations were done before the thread existed, so it never runs them.
  std::vector<std::string> passed_once{};
  std::vector<std::string> passed_callees{};
  // A start wrapper's start: what runs is the creator's parameter of this index (`fn` in
  // `spawn(fn, arg) { pthread_create(&t, 0, fn, arg); }`; `entry` is then empty), and
  // each call of the creator decides the routine (link/thread_wrappers.h). -1 otherwise.
  int entry_parameter = -1;
  // What the start passes to the entry's reference or pointer parameters, when it names
  // an object (`&g_stats`, `std::ref(total)`, `&job` of a local the thread then shares):
  // ArgumentObject::parameter is the entry's parameter index.
  std::vector<ArgumentObject> argument_objects{};
  // How it runs its routine (models' `how`): "start" (a thread of its own), "wrapper" (a
  // start wrapper's start, link/thread_wrappers.h), "executor" (a pool or event loop),
  // "model" (a framework or the system: a route handler, a signal handler).
  std::string how = "start";
  // A callable kept in this queue for a worker to run (capture/queued_callables.h): the
  // start is real only where a thread runs code that calls what it takes from the queue
  // (Function::invoked_queues; link/thread_wrappers.h). Empty for other starts.
  std::string queued_in{};
  // Several instances may run at once whatever the creator does (an executor of several
  // threads, a framework's worker pool).
  bool many = false;
};

// A translation unit that could not be analysed, with clang's message.
struct CaptureError {
  std::string file;
  std::string message;
};

struct TuFacts {
  std::string main_file;
  std::vector<Location> locations;
  std::vector<Access> accesses;
  std::vector<Function> functions;
  std::vector<ClassInfo> classes;
  std::vector<CallSite> calls;
  std::vector<ThreadStart> thread_starts;
  std::vector<LockOrderEdge> lock_orders;
  std::vector<CaptureError> errors;
  // Every file the unit read (main file and headers): what its cache entry depends on.
  std::vector<std::string> inputs;
  // Functions called here whose body is in another unit, asked for their lock summary
  // (keys, sorted): the unit must be captured again when one of them turns out to be a
  // lock wrapper (driver/summary_rounds.h).
  std::vector<std::string> lock_queries;
};

const char* to_string(LocationKind kind);
const char* to_string(AccessKind kind);
const char* to_string(Visibility visibility);
const char* to_string(OnceVia via);
const char* to_string(SignalKind kind);  // for people: "call_once", "pthread_once", ...
bool is_write(AccessKind kind);   // Write, ReadModifyWrite and their atomic forms
bool is_atomic(AccessKind kind);

void to_json(nlohmann::json& j, const SourcePos& v);
void from_json(const nlohmann::json& j, SourcePos& v);
void to_json(nlohmann::json& j, const HeldLock& v);
void from_json(const nlohmann::json& j, HeldLock& v);
void to_json(nlohmann::json& j, const Location& v);
void from_json(const nlohmann::json& j, Location& v);
void to_json(nlohmann::json& j, const Access& v);
void from_json(const nlohmann::json& j, Access& v);
void to_json(nlohmann::json& j, const SyncSignal& v);
void from_json(const nlohmann::json& j, SyncSignal& v);
void to_json(nlohmann::json& j, const Function& v);
void from_json(const nlohmann::json& j, Function& v);
void to_json(nlohmann::json& j, const ClassInfo& v);
void from_json(const nlohmann::json& j, ClassInfo& v);
void to_json(nlohmann::json& j, const ArgumentObject& v);
void from_json(const nlohmann::json& j, ArgumentObject& v);
void to_json(nlohmann::json& j, const CallSite& v);
void from_json(const nlohmann::json& j, CallSite& v);
void to_json(nlohmann::json& j, const LockOrderEdge& v);
void from_json(const nlohmann::json& j, LockOrderEdge& v);
void to_json(nlohmann::json& j, const ThreadStart& v);
void from_json(const nlohmann::json& j, ThreadStart& v);
void to_json(nlohmann::json& j, const CaptureError& v);
void from_json(const nlohmann::json& j, CaptureError& v);
void to_json(nlohmann::json& j, const TuFacts& v);
void from_json(const nlohmann::json& j, TuFacts& v);  // throws nlohmann::json::exception

}  // namespace hawk::audit
