#include "model/facts.h"

#include <nlohmann/json.hpp>

namespace hawk::audit {

NLOHMANN_JSON_SERIALIZE_ENUM(LocationKind, {{LocationKind::Global, "global"},
                                            {LocationKind::StaticMember, "static-member"},
                                            {LocationKind::LocalStatic, "local-static"},
                                            {LocationKind::Field, "field"},
                                            {LocationKind::Local, "local"},
                                            {LocationKind::LibraryState, "library-state"}})
NLOHMANN_JSON_SERIALIZE_ENUM(AccessKind, {{AccessKind::Read, "read"},
                                          {AccessKind::Write, "write"},
                                          {AccessKind::ReadModifyWrite, "read-modify-write"},
                                          {AccessKind::AtomicRead, "atomic-read"},
                                          {AccessKind::AtomicWrite, "atomic-write"},
                                          {AccessKind::AtomicReadModifyWrite, "atomic-read-modify-write"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Visibility, {{Visibility::None, "none"},
                                          {Visibility::Public, "public"},
                                          {Visibility::Protected, "protected"},
                                          {Visibility::Private, "private"}})
NLOHMANN_JSON_SERIALIZE_ENUM(OnceVia, {{OnceVia::None, "none"},
                                       {OnceVia::CallOnce, "call_once"},
                                       {OnceVia::PthreadOnce, "pthread_once"},
                                       {OnceVia::StaticInitialiser, "static_initialiser"},
                                       {OnceVia::OnceRegion, "once_region"}})
NLOHMANN_JSON_SERIALIZE_ENUM(SignalKind, {{SignalKind::Single, "single"},
                                          {SignalKind::Barrier, "barrier"},
                                          {SignalKind::Unordered, "unordered"}})

const char* to_string(LocationKind kind) {
  switch (kind) {
    case LocationKind::Global: return "global";
    case LocationKind::StaticMember: return "static-member";
    case LocationKind::LocalStatic: return "local-static";
    case LocationKind::Field: return "field";
    case LocationKind::Local: return "local";
    case LocationKind::LibraryState: return "library-state";
  }
  return "?";
}

const char* to_string(AccessKind kind) {
  switch (kind) {
    case AccessKind::Read: return "read";
    case AccessKind::Write: return "write";
    case AccessKind::ReadModifyWrite: return "read-modify-write";
    case AccessKind::AtomicRead: return "atomic-read";
    case AccessKind::AtomicWrite: return "atomic-write";
    case AccessKind::AtomicReadModifyWrite: return "atomic-read-modify-write";
  }
  return "?";
}

const char* to_string(Visibility visibility) {
  switch (visibility) {
    case Visibility::None: return "none";
    case Visibility::Public: return "public";
    case Visibility::Protected: return "protected";
    case Visibility::Private: return "private";
  }
  return "?";
}

const char* to_string(OnceVia via) {
  switch (via) {
    case OnceVia::None: return "none";
    case OnceVia::CallOnce: return "call_once";
    case OnceVia::PthreadOnce: return "pthread_once";
    case OnceVia::StaticInitialiser: return "a function-local static's initialiser";
    case OnceVia::OnceRegion: return "a once region";
  }
  return "?";
}

const char* to_string(SignalKind kind) {
  switch (kind) {
    case SignalKind::Single: return "single";
    case SignalKind::Barrier: return "barrier";
    case SignalKind::Unordered: return "unordered";
  }
  return "?";
}

bool is_write(AccessKind kind) { return kind != AccessKind::Read && kind != AccessKind::AtomicRead; }

bool is_atomic(AccessKind kind) {
  return kind == AccessKind::AtomicRead || kind == AccessKind::AtomicWrite ||
         kind == AccessKind::AtomicReadModifyWrite;
}

// Missing keys take their defaults, so older or hand-written facts still load.
template <class T>
static void read(const nlohmann::json& j, const char* key, T& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) it->get_to(out);
}

void to_json(nlohmann::json& j, const SourcePos& v) { j = {{"file", v.file}, {"line", v.line}, {"column", v.column}}; }
void from_json(const nlohmann::json& j, SourcePos& v) {
  read(j, "file", v.file);
  read(j, "line", v.line);
  read(j, "column", v.column);
}

void to_json(nlohmann::json& j, const HeldLock& v) { j = {{"lock", v.lock}, {"shared", v.shared}}; }
void from_json(const nlohmann::json& j, HeldLock& v) {
  read(j, "lock", v.lock);
  read(j, "shared", v.shared);
}

static void to_json(nlohmann::json& j, const RunningThreadFact& v) {
  j = {{"handle", v.handle}, {"start", v.start}, {"routine_parameter", v.routine_parameter}};
}
static void from_json(const nlohmann::json& j, RunningThreadFact& v) {
  read(j, "handle", v.handle);
  read(j, "start", v.start);
  read(j, "routine_parameter", v.routine_parameter);
}

void to_json(nlohmann::json& j, const Location& v) {
  j = {{"key", v.key},
       {"name", v.name},
       {"kind", v.kind},
       {"decl", v.decl},
       {"type", v.type},
       {"owner_class", v.owner_class},
       {"is_atomic", v.is_atomic},
       {"is_synchronised", v.is_synchronised},
       {"is_const", v.is_const},
       {"is_thread_local", v.is_thread_local},
       {"declared_guard", v.declared_guard ? nlohmann::json(*v.declared_guard) : nlohmann::json()},
       {"guards_pointee", v.guards_pointee},
       {"annotation_pos", v.annotation_pos}};
}
void from_json(const nlohmann::json& j, Location& v) {
  read(j, "key", v.key);
  read(j, "name", v.name);
  read(j, "kind", v.kind);
  read(j, "decl", v.decl);
  read(j, "type", v.type);
  read(j, "owner_class", v.owner_class);
  read(j, "is_atomic", v.is_atomic);
  read(j, "is_synchronised", v.is_synchronised);
  read(j, "is_const", v.is_const);
  read(j, "is_thread_local", v.is_thread_local);
  if (auto it = j.find("declared_guard"); it != j.end() && it->is_string()) v.declared_guard = it->get<std::string>();
  read(j, "guards_pointee", v.guards_pointee);
  read(j, "annotation_pos", v.annotation_pos);
}

void to_json(nlohmann::json& j, const Access& v) {
  j = {{"location", v.location},
       {"kind", v.kind},
       {"pos", v.pos},
       {"function", v.function},
       {"locks", v.locks},
       {"in_own_constructor_or_destructor", v.in_own_constructor_or_destructor},
       {"on_this", v.on_this},
       {"through_parameter", v.through_parameter},
       {"parameter_let_go", v.parameter_let_go},
       {"parameter_object_only", v.parameter_object_only},
       {"library_call", v.library_call},
       {"library_call_instead", v.library_call_instead},
       {"split_atomic_update", v.split_atomic_update},
       {"line_text", v.line_text},
       {"threads_running", v.threads_running},
       {"controls_write_at", v.controls_write_at ? nlohmann::json(*v.controls_write_at) : nlohmann::json()},
       {"escapes_by_return", v.escapes_by_return},
       {"through_pointer_member", v.through_pointer_member},
       {"once_initialiser", v.once_initialiser},
       {"once_via", v.once_via},
       {"initialises_local_static", v.initialises_local_static},
       {"waited", v.waited},
       {"signalled", v.signalled}};
  if (!v.through_calls.empty()) j["through_calls"] = v.through_calls;  // link's, rare
  if (!v.written_in.empty()) j["written_in"] = v.written_in;
  if (!v.subobject.empty()) j["subobject"] = v.subobject;
  if (!v.passed_to.empty()) {
    j["passed_to"] = v.passed_to;
    j["passed_parameter"] = v.passed_parameter;
  }
}
void from_json(const nlohmann::json& j, Access& v) {
  read(j, "location", v.location);
  read(j, "kind", v.kind);
  read(j, "pos", v.pos);
  read(j, "function", v.function);
  read(j, "locks", v.locks);
  read(j, "in_own_constructor_or_destructor", v.in_own_constructor_or_destructor);
  read(j, "on_this", v.on_this);
  read(j, "through_parameter", v.through_parameter);
  read(j, "parameter_let_go", v.parameter_let_go);
  read(j, "parameter_object_only", v.parameter_object_only);
  read(j, "library_call", v.library_call);
  read(j, "library_call_instead", v.library_call_instead);
  read(j, "split_atomic_update", v.split_atomic_update);
  read(j, "line_text", v.line_text);
  read(j, "threads_running", v.threads_running);
  if (auto it = j.find("controls_write_at"); it != j.end() && it->is_object()) v.controls_write_at = it->get<SourcePos>();
  read(j, "escapes_by_return", v.escapes_by_return);
  read(j, "through_pointer_member", v.through_pointer_member);
  read(j, "once_initialiser", v.once_initialiser);
  read(j, "once_via", v.once_via);
  read(j, "initialises_local_static", v.initialises_local_static);
  read(j, "waited", v.waited);
  read(j, "signalled", v.signalled);
  read(j, "through_calls", v.through_calls);
  read(j, "written_in", v.written_in);
  read(j, "passed_to", v.passed_to);
  read(j, "passed_parameter", v.passed_parameter);
  read(j, "subobject", v.subobject);
}

void to_json(nlohmann::json& j, const SyncSignal& v) { j = {{"object", v.object}, {"kind", v.kind}}; }
void from_json(const nlohmann::json& j, SyncSignal& v) {
  read(j, "object", v.object);
  read(j, "kind", v.kind);
}

void to_json(nlohmann::json& j, const Function& v) {
  j = {{"key", v.key},
       {"name", v.name},
       {"pos", v.pos},
       {"owner_class", v.owner_class},
       {"visibility", v.visibility},
       {"is_constructor", v.is_constructor},
       {"is_destructor", v.is_destructor},
       {"is_static", v.is_static},
       {"is_lambda", v.is_lambda},
       {"parent", v.parent},
       {"threads_running_at_use", v.threads_running_at_use},
       {"leaves_running", v.leaves_running},
       {"joins_threads", v.joins_threads},
       {"overrides", v.overrides},
       {"invoked_queues", v.invoked_queues},
       {"runs_before_main", v.runs_before_main},
       {"acquires_lock", v.acquires_lock},
       {"acquires_on_return", v.acquires_on_return},
       {"releases_on_return", v.releases_on_return},
       {"parameter_locks", v.parameter_locks},
       {"member_lock_sources", v.member_lock_sources},
       {"requires_locks", v.requires_locks},
       {"no_thread_safety_analysis", v.no_thread_safety_analysis},
       {"this_escapes", v.this_escapes},
       {"escaping_parameters", v.escaping_parameters},
       {"fields_only_parameters", v.fields_only_parameters},
       {"sync_signals", v.sync_signals},
       {"passes_once", v.passes_once},
       {"top_level_callees", v.top_level_callees},
       {"annotation_pos", v.annotation_pos}};
}
void from_json(const nlohmann::json& j, Function& v) {
  read(j, "key", v.key);
  read(j, "name", v.name);
  read(j, "pos", v.pos);
  read(j, "owner_class", v.owner_class);
  read(j, "visibility", v.visibility);
  read(j, "is_constructor", v.is_constructor);
  read(j, "is_destructor", v.is_destructor);
  read(j, "is_static", v.is_static);
  read(j, "is_lambda", v.is_lambda);
  read(j, "parent", v.parent);
  read(j, "threads_running_at_use", v.threads_running_at_use);
  read(j, "leaves_running", v.leaves_running);
  read(j, "joins_threads", v.joins_threads);
  read(j, "overrides", v.overrides);
  read(j, "invoked_queues", v.invoked_queues);
  read(j, "runs_before_main", v.runs_before_main);
  read(j, "acquires_lock", v.acquires_lock);
  read(j, "acquires_on_return", v.acquires_on_return);
  read(j, "releases_on_return", v.releases_on_return);
  read(j, "parameter_locks", v.parameter_locks);
  read(j, "member_lock_sources", v.member_lock_sources);
  read(j, "requires_locks", v.requires_locks);
  read(j, "no_thread_safety_analysis", v.no_thread_safety_analysis);
  read(j, "this_escapes", v.this_escapes);
  read(j, "escaping_parameters", v.escaping_parameters);
  read(j, "fields_only_parameters", v.fields_only_parameters);
  read(j, "sync_signals", v.sync_signals);
  read(j, "passes_once", v.passes_once);
  read(j, "top_level_callees", v.top_level_callees);
  read(j, "annotation_pos", v.annotation_pos);
}

void to_json(nlohmann::json& j, const ClassInfo& v) {
  j = {{"key", v.key}, {"name", v.name}, {"pos", v.pos}, {"owns_lock", v.owns_lock}, {"annotated", v.annotated}};
}
void from_json(const nlohmann::json& j, ClassInfo& v) {
  read(j, "key", v.key);
  read(j, "name", v.name);
  read(j, "pos", v.pos);
  read(j, "owns_lock", v.owns_lock);
  read(j, "annotated", v.annotated);
}

void to_json(nlohmann::json& j, const ArgumentObject& v) {
  j = {{"parameter", v.parameter}, {"location", v.location}, {"through_parameter", v.through_parameter}};
  if (!v.subobject.empty()) j["subobject"] = v.subobject;
}
void from_json(const nlohmann::json& j, ArgumentObject& v) {
  read(j, "parameter", v.parameter);
  read(j, "location", v.location);
  read(j, "through_parameter", v.through_parameter);
  read(j, "subobject", v.subobject);
}

void to_json(nlohmann::json& j, const CallSite& v) {
  j = {{"caller", v.caller},
       {"callee", v.callee},
       {"pos", v.pos},
       {"locks", v.locks},
       {"threads_running", v.threads_running},
       {"in_loop", v.in_loop},
       {"dying", v.dying},
       {"on_this", v.on_this},
       {"no_dispatch", v.no_dispatch},
       {"by_address", v.by_address},
       {"on_owned_object", v.on_owned_object},
       {"receiver_parameter", v.receiver_parameter},
       {"owned_arguments", v.owned_arguments},
       {"forwarded_parameters", v.forwarded_parameters},
       {"let_go_parameters", v.let_go_parameters},
       {"argument_objects", v.argument_objects},
       {"once", v.once},
       {"once_flag", v.once_flag},
       {"waited", v.waited},
       {"signalled", v.signalled},
       {"function_arguments", v.function_arguments},
       {"forwarded_callables", v.forwarded_callables}};
}
void from_json(const nlohmann::json& j, CallSite& v) {
  read(j, "caller", v.caller);
  read(j, "callee", v.callee);
  read(j, "pos", v.pos);
  read(j, "locks", v.locks);
  read(j, "threads_running", v.threads_running);
  read(j, "in_loop", v.in_loop);
  read(j, "dying", v.dying);
  read(j, "on_this", v.on_this);
  read(j, "no_dispatch", v.no_dispatch);
  read(j, "by_address", v.by_address);
  read(j, "on_owned_object", v.on_owned_object);
  read(j, "receiver_parameter", v.receiver_parameter);
  read(j, "owned_arguments", v.owned_arguments);
  read(j, "forwarded_parameters", v.forwarded_parameters);
  read(j, "let_go_parameters", v.let_go_parameters);
  read(j, "argument_objects", v.argument_objects);
  read(j, "once", v.once);
  read(j, "once_flag", v.once_flag);
  read(j, "waited", v.waited);
  read(j, "signalled", v.signalled);
  read(j, "function_arguments", v.function_arguments);
  read(j, "forwarded_callables", v.forwarded_callables);
}

void to_json(nlohmann::json& j, const LockOrderEdge& v) {
  j = {{"held", v.held},
       {"acquired", v.acquired},
       {"held_shared", v.held_shared},
       {"acquired_shared", v.acquired_shared},
       {"function", v.function},
       {"pos", v.pos},
       {"threads_running", v.threads_running},
       {"dying", v.dying}};
}
void from_json(const nlohmann::json& j, LockOrderEdge& v) {
  read(j, "held", v.held);
  read(j, "acquired", v.acquired);
  read(j, "held_shared", v.held_shared);
  read(j, "acquired_shared", v.acquired_shared);
  read(j, "function", v.function);
  read(j, "pos", v.pos);
  read(j, "threads_running", v.threads_running);
  read(j, "dying", v.dying);
}

void to_json(nlohmann::json& j, const ThreadStart& v) {
  j = {{"creator", v.creator},
       {"entry", v.entry},
       {"pos", v.pos},
       {"running_at_start", v.running_at_start},
       {"outlives_creator", v.outlives_creator},
       {"held_across_life", v.held_across_life},
       {"passed_once", v.passed_once},
       {"passed_callees", v.passed_callees},
       {"entry_parameter", v.entry_parameter},
       {"argument_objects", v.argument_objects},
       {"how", v.how},
       {"queued_in", v.queued_in},
       {"many", v.many}};
}
void from_json(const nlohmann::json& j, ThreadStart& v) {
  read(j, "creator", v.creator);
  read(j, "entry", v.entry);
  read(j, "pos", v.pos);
  read(j, "running_at_start", v.running_at_start);
  read(j, "outlives_creator", v.outlives_creator);
  read(j, "held_across_life", v.held_across_life);
  read(j, "passed_once", v.passed_once);
  read(j, "passed_callees", v.passed_callees);
  read(j, "entry_parameter", v.entry_parameter);
  read(j, "argument_objects", v.argument_objects);
  read(j, "how", v.how);
  read(j, "queued_in", v.queued_in);
  read(j, "many", v.many);
}

void to_json(nlohmann::json& j, const CaptureError& v) { j = {{"file", v.file}, {"message", v.message}}; }
void from_json(const nlohmann::json& j, CaptureError& v) {
  read(j, "file", v.file);
  read(j, "message", v.message);
}

void to_json(nlohmann::json& j, const TuFacts& v) {
  j = {{"version", kFactsVersion},
       {"main_file", v.main_file},
       {"locations", v.locations},
       {"accesses", v.accesses},
       {"functions", v.functions},
       {"classes", v.classes},
       {"calls", v.calls},
       {"thread_starts", v.thread_starts},
       {"lock_orders", v.lock_orders},
       {"errors", v.errors},
       {"inputs", v.inputs},
       {"lock_queries", v.lock_queries}};
}
void from_json(const nlohmann::json& j, TuFacts& v) {
  if (j.value("version", std::string()) != kFactsVersion) {
    throw nlohmann::json::other_error::create(501, "facts were written by another hawk-audit version", &j);
  }
  read(j, "main_file", v.main_file);
  read(j, "locations", v.locations);
  read(j, "accesses", v.accesses);
  read(j, "functions", v.functions);
  read(j, "classes", v.classes);
  read(j, "calls", v.calls);
  read(j, "thread_starts", v.thread_starts);
  read(j, "lock_orders", v.lock_orders);
  read(j, "errors", v.errors);
  read(j, "inputs", v.inputs);
  read(j, "lock_queries", v.lock_queries);
}

}  // namespace hawk::audit
