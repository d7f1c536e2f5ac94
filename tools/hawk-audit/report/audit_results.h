// What the report reads from a `hawk-audit check --format json` (or `tsan --format json`)
// file: the output contract of DESIGN.md, as plain strings for display. Unknown keys are
// ignored and optional ones may be missing, so results of older or newer tools still load.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <llvm/Support/Error.h>

namespace hawk::audit::report {

// A place in the code: a step of a call chain, or a frame of a runtime stack.
struct CodePlace {
  std::string function;
  std::string file;
  unsigned line = 0;
};

struct AccessView {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
  std::string function;
  std::string kind;  // read, write, read-modify-write, atomic, ...
  std::vector<std::string> locks;
  std::vector<CodePlace> via;
  // Static findings: the thread it runs on, for people ("the thread of worker started at
  // a.c:12, many at once"); empty when the results do not say.
  std::string runs_on;
  // Dynamic findings only.
  std::string thread;
  std::string description;
  std::vector<CodePlace> stack;
};

struct GuardView {
  std::string lock;
  std::string source;  // annotation or inferred
  std::string evidence;
  bool weak = false;  // inferred from a minority of the accesses
};

struct FindingView {
  std::string id;
  std::string check;
  std::string severity;
  std::string message;
  std::string location_name;
  std::string location_kind;
  std::string location_description;  // dynamic findings: "'g_counter' declared here"
  AccessView access;
  std::vector<AccessView> conflicts;
  std::optional<GuardView> guard;
  std::string mhp;         // static findings: why the two accesses may happen in parallel
  std::string confidence;  // static findings: high, medium or low
  bool suppressed = false;
  std::string suppression_reason;
  unsigned occurrences = 0;  // dynamic findings: reports folded into this one
};

struct InventoryRow {
  std::string name;
  std::string kind;
  std::string file;
  unsigned line = 0;
  std::string module;
  std::string verdict;
  std::string guard;  // empty: none
  std::string evidence;
};

struct ErrorRow {
  std::string file;
  std::string message;
};

struct AuditResults {
  std::string path;  // the file it was read from
  std::string tool_version;
  std::vector<FindingView> findings;
  std::vector<InventoryRow> inventory;
  std::vector<ErrorRow> errors;
  unsigned long long translation_units = 0;
  unsigned long long functions = 0;
  unsigned long long accesses = 0;
  double seconds = 0;
};

// Reads and checks one results file; the error names the file and what is wrong with it.
llvm::Expected<AuditResults> load_audit_results(const std::string& path);
// The same, from text already read (`path` only names it in errors).
llvm::Expected<AuditResults> parse_audit_results(const std::string& text, const std::string& path);

}  // namespace hawk::audit::report
