// What the link step concludes: findings, the inventory, errors and stats. This is the
// data behind every output format (text, json, and later sarif and html); its JSON form
// is the output contract in DESIGN.md.
#pragma once

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

struct AccessReport {
  SourcePos pos;
  std::string function;  // qualified name
  AccessKind kind = AccessKind::Read;
  std::vector<HeldLock> locks;
  std::vector<ViaStep> via;  // empty when the access is in the entry function itself
};

struct GuardReport {
  std::string lock;
  std::string source;    // "annotation" or "inferred"
  std::string evidence;  // e.g. "held at 4 of 5 accesses"
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
  bool suppressed = false;
  std::string suppression_reason;
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
};

struct AuditResult {
  std::vector<Finding> findings;
  std::vector<InventoryEntry> inventory;
  std::vector<CaptureError> errors;
  AuditStats stats;
};

}  // namespace hawk::audit
