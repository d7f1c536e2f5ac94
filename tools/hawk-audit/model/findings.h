// What the link step concludes: findings, the inventory, errors and stats (and what
// `hawk-audit tsan` reads from sanitizer logs, in the same shape). This is the data behind
// every output format (text, json, and later sarif and html); its JSON form
// is the output contract in DESIGN.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/facts.h"

namespace hawk::audit {

// One step of the call chain from the entry function down to an access.
struct ViaStep {
  std::string function;  // qualified name
  std::string file;
  unsigned line = 0;
};

// One frame of a runtime stack, as a sanitizer printed it (`hawk-audit tsan`). Fields it
// did not print stay empty or 0.
struct StackFrame {
  std::string function;  // demangled; empty when unsymbolized
  std::string file;      // normalised; empty when unsymbolized
  unsigned line = 0;
  unsigned column = 0;
  std::string module;              // the binary or library, as printed (often a basename)
  std::uint64_t module_offset = 0;  // the frame's offset in `module`
};

// The thread an access runs on (DESIGN "Race semantics"): its root function, where it is
// started (none for main and unknown callers), how it became a thread, and whether one or
// many instances of it may run at once.
struct ThreadReport {
  std::string root;  // qualified name of the function the thread runs
  std::optional<SourcePos> started_at;
  std::string how;           // main | start | wrapper | executor | model | unknown-callers
  std::string multiplicity;  // once | many
  std::string many_because{};  // when many, for people
};

struct AccessReport {
  SourcePos pos;
  std::string function;  // qualified name
  AccessKind kind = AccessKind::Read;
  std::vector<HeldLock> locks;
  std::vector<ViaStep> via;  // empty when the access is in the entry function itself
  std::optional<ThreadReport> runs_on{};  // static findings: the thread it runs on (JSON `thread`)
  // Dynamic findings only (`hawk-audit tsan`); empty or 0 otherwise, and then left out of
  // the JSON, so static findings keep their shape.
  std::string description{};  // what happened here: "previous write of size 4 by thread T1"
  std::string thread{};       // "T1", "main thread"
  unsigned size = 0;          // bytes accessed
  std::vector<StackFrame> stack{};  // innermost first; `pos` is its top project frame
  bool stack_unavailable = false;   // the sanitizer could not restore it
};

struct GuardReport {
  std::string lock;
  std::string source;    // "annotation" or "inferred"
  std::string evidence;  // e.g. "held at 4 of 5 accesses"
  bool weak = false;     // inferred from a minority of the accesses
};

// Dynamic findings: what the sanitizer said about the location beyond its name — its kind
// when not a static one (heap, stack, tls, fd, lock-order), a global's declaration, the
// block's size, and the stack that allocated or created it.
struct LocationDetails {
  std::string kind;  // replaces Finding::location_kind in the output when set
  std::string description;  // for people: "global 'g_count' declared here"
  std::string file;         // a global's declaration, a heap block's allocation site
  unsigned line = 0;
  std::uint64_t size = 0;
  std::string thread;  // the thread whose stack or TLS it is, or that allocated it
  std::vector<StackFrame> stack;
};

// A runtime object a dynamic report describes: a mutex (M0) or a thread (T1), with the
// stack that created it.
struct RuntimeObject {
  std::string name;         // "M0", "T1"
  std::string description;  // "thread T1 (finished) created by main thread"
  std::vector<StackFrame> stack;
};

// Where a dynamic finding was reported: the log, the line of its header, the process.
struct ReportOrigin {
  std::string log;
  unsigned line = 0;
  long pid = 0;  // 0: not known
};

struct Finding {
  std::string id;  // stable: check, location name, function, normalised source line
  std::string check;
  std::string severity = "warning";
  std::string message;
  std::string location_name;
  LocationKind location_kind = LocationKind::Global;
  AccessReport access;
  std::vector<AccessReport> conflicts;
  std::optional<GuardReport> guard;  // null when no lock guards the location anywhere
  // Static findings: why the access and its first conflict may happen in parallel (one
  // sentence), and how sure the finding is: high, medium (it rests on unknown callers),
  // low (a guard inferred from a minority of the accesses).
  std::string mhp{};
  std::string confidence{};
  bool suppressed = false;
  std::string suppression_reason;
  // A suppression comment names this finding but gives no reason, so it was ignored: the
  // finding stays active, and `hawk-audit gate` fails on it even when baselined.
  bool suppression_without_reason = false;
  // Dynamic findings only; empty, 0 or false otherwise, and then left out of the JSON.
  std::optional<LocationDetails> location_details{};
  std::vector<RuntimeObject> mutexes{};
  std::vector<RuntimeObject> threads{};
  unsigned occurrences = 0;            // reports folded into this finding (same id)
  std::vector<ReportOrigin> origins{};  // where they were (the first few)
  // Its details come from a report cut short or not fully understood: no whole report of
  // it was in the logs (errors[] says what was wrong).
  bool incomplete = false;
};

struct InventoryEntry {
  std::string name;
  LocationKind kind = LocationKind::Global;
  std::string file;
  unsigned line = 0;
  std::string module;   // top-level folder under the source root
  std::string verdict;  // guarded, atomic, immutable, thread-local, unguarded, ...
  std::optional<std::string> guard;
  std::string evidence;
};

struct AuditStats {
  std::size_t translation_units = 0;
  std::size_t functions = 0;
  std::size_t accesses = 0;
  double seconds = 0;
  // Findings left out because they lie outside the selection: files not named on the
  // command line (headers are always kept), --header-filter, --source-root.
  std::size_t hidden = 0;
  // `hawk-audit tsan`: the logs read and the reports they held (left out when not set).
  std::optional<std::size_t> logs{};
  std::optional<std::size_t> reports{};
};

struct AuditResult {
  std::vector<Finding> findings;
  std::vector<InventoryEntry> inventory;
  std::vector<CaptureError> errors;
  AuditStats stats;
};

}  // namespace hawk::audit
