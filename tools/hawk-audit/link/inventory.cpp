#include "link/inventory.h"

#include <algorithm>
#include <tuple>

#include "link/source_paths.h"

namespace hawk::audit {

namespace {

// "written once: by the callable of call_once at /src/config.cpp:41"
std::string once_evidence(const LocationState& state) {
  const OnceEvidence& once = *state.once;
  const std::string at = once.pos.file + ":" + std::to_string(once.pos.line);
  std::string how;
  switch (once.via) {
    case OnceVia::CallOnce: how = "by the callable of call_once at " + at; break;
    case OnceVia::PthreadOnce: how = "by the init routine of pthread_once at " + at; break;
    case OnceVia::OnceRegion: how = "in the once region at " + at; break;
    case OnceVia::StaticInitialiser:
    case OnceVia::None: how = "by a function-local static's initialiser at " + at + " (thread-safe since C++11)"; break;
  }
  std::string evidence = "written once: " + how;
  if (state.once_writes > 1) evidence += " (" + std::to_string(state.once_writes) + " writes)";
  return evidence;
}

void judge(const LocationState& state, InventoryEntry& entry) {
  const Location& location = *state.location;
  const std::vector<SharedAccess> shared = state.distinct_accesses();
  auto count_if = [&](auto predicate) {
    return static_cast<std::size_t>(std::count_if(shared.begin(), shared.end(), predicate));
  };
  const std::size_t concurrent_writes = count_if([](const SharedAccess& a) { return !a.is_atomic() && a.is_write(); });
  const bool all_atomic =
      !shared.empty() && count_if([](const SharedAccess& a) { return a.is_atomic(); }) == shared.size();

  // Only when nothing else writes it in parallel (then the once writes race as any write).
  const bool once_initialised = state.once_writes > 0 && concurrent_writes == 0;

  if (location.is_thread_local) {
    entry.verdict = "thread-local";
    entry.evidence = "thread_local: one copy per thread";
  } else if (location.is_const && once_initialised) {
    entry.verdict = "once-initialised";  // `static const auto table = build();`
    entry.evidence = once_evidence(state) + "; const afterwards";
  } else if (location.is_const) {
    entry.verdict = "immutable";
    entry.evidence = "const";
  } else if (location.is_synchronised) {
    entry.verdict = "synchronised";
    entry.evidence = "a thread-safe type (" + location.type + "): its own methods synchronise";
  } else if (location.is_atomic || all_atomic) {
    entry.verdict = "atomic";
    entry.evidence = location.is_atomic ? "atomic type " + location.type
                                        : "all " + std::to_string(shared.size()) +
                                              " accesses made in parallel are atomic";
  } else if (state.guard && (state.declared_guard || concurrent_writes > 0)) {
    entry.verdict = "guarded";
    entry.guard = state.guard->lock;
    entry.evidence = state.guard->evidence();
  } else if (once_initialised) {
    entry.verdict = "once-initialised";
    entry.evidence = once_evidence(state);
  } else if (concurrent_writes > 0) {
    entry.verdict = "unguarded";
    entry.evidence = "written at " + std::to_string(concurrent_writes) +
                     " place(s) in parallel with other accesses, no lock held";
  } else if (state.writes_by_one_thread > 0 && shared.empty()) {
    entry.verdict = "one-thread";
    entry.evidence = "every access is made by one thread instance at a time: no two may happen in parallel";
  } else if (state.writes_not_shared > 0) {
    entry.verdict = "immutable";
    entry.evidence = "written only in its own constructor/destructor or while no other thread may access it";
  } else {
    entry.verdict = "read-only";
    entry.evidence = "never written after initialisation";
  }
}

}  // namespace

std::vector<InventoryEntry> build_inventory(const SharedState& state, const std::vector<std::string>& source_roots) {
  std::vector<InventoryEntry> inventory;
  for (const auto& [key, location_state] : state.locations()) {
    if (!location_state.is_shared()) continue;
    const Location& location = *location_state.location;
    InventoryEntry entry;
    entry.name = location.name;
    entry.kind = location.kind;
    entry.file = location.decl.file;
    entry.line = location.decl.line;
    entry.module = module_of(location.decl.file, source_roots);
    judge(location_state, entry);
    inventory.push_back(std::move(entry));
  }
  std::sort(inventory.begin(), inventory.end(), [](const InventoryEntry& a, const InventoryEntry& b) {
    return std::tie(a.module, a.name, a.file, a.line) < std::tie(b.module, b.name, b.file, b.line);
  });
  return inventory;
}

}  // namespace hawk::audit
