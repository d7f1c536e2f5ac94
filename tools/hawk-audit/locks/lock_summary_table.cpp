#include "locks/lock_summary_table.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/BLAKE3.h>

namespace hawk::audit {
namespace {

std::size_t effect_count(const ExternalLockSummary& summary) {
  return summary.acquires.size() + summary.releases.size() + summary.thread_starts.size() + summary.thread_joins.size();
}

}  // namespace

LockSummaryTable LockSummaryTable::from_units(const std::vector<TuFacts>& units) {
  LockSummaryTable table;
  for (const TuFacts& unit : units) {
    for (const Function& function : unit.functions) {
      if (function.acquires_on_return.empty() && function.releases_on_return.empty() &&
          function.leaves_running.empty() && function.joins_threads.empty())
        continue;
      ExternalLockSummary summary{function.acquires_on_return, function.releases_on_return, function.parameter_locks,
                                  function.member_lock_sources};
      for (const RunningThreadFact& thread : function.leaves_running) {
        summary.thread_starts.emplace_back(thread.handle, thread.start);
        if (thread.routine_parameter >= 0)
          summary.routine_parameters.emplace_back(thread.start, static_cast<unsigned>(thread.routine_parameter));
      }
      summary.thread_joins = function.joins_threads;
      auto [it, inserted] = table.by_key_.try_emplace(function.key, summary);
      if (!inserted && effect_count(summary) > effect_count(it->second)) it->second = std::move(summary);
    }
  }
  return table;
}

const ExternalLockSummary* LockSummaryTable::find(const std::string& key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &it->second;
}

std::string LockSummaryTable::digest(const std::vector<std::string>& keys) const {
  llvm::BLAKE3 hasher;
  bool any = false;
  // Every part ends with a NUL, so ("ab","c") and ("a","bc") differ.
  auto add = [&](llvm::StringRef part) {
    hasher.update(part);
    hasher.update(llvm::StringRef("\0", 1));
  };
  auto add_locks = [&](const char* what, const std::vector<HeldLock>& locks) {
    add(what);
    for (const HeldLock& lock : locks) add(lock.lock + (lock.shared ? " shared" : ""));
  };
  for (const std::string& key : keys) {
    const ExternalLockSummary* summary = find(key);
    if (summary == nullptr) continue;
    any = true;
    add(key);
    add_locks("acquires", summary->acquires);
    add_locks("releases", summary->releases);
    add("parameters");
    for (const std::string& name : summary->parameter_locks) add(name);
    add("threads");
    for (const auto& [handle, start] : summary->thread_starts) {
      add(handle);
      add(start.file + ":" + std::to_string(start.line) + ":" + std::to_string(start.column));
    }
    add("joins");
    for (const std::string& handle : summary->thread_joins) add(handle);
    add("routines");
    for (const auto& [start, parameter] : summary->routine_parameters)
      add(start.file + ":" + std::to_string(start.line) + ":" + std::to_string(start.column) + " " +
          std::to_string(parameter));
    add("members");
    for (const auto& [member, source] : summary->member_lock_sources) {
      add(member);
      add(source);
    }
  }
  if (!any) return {};
  return llvm::toHex(hasher.final<16>(), /*LowerCase=*/true);
}

}  // namespace hawk::audit
