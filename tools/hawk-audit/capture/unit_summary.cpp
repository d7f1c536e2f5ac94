#include "capture/unit_summary.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>

#include "capture/class_concurrency.h"
#include "capture/decl_keys.h"

namespace hawk::audit {

void capture_class(CaptureState& state, const clang::RecordDecl& record) {
  if (record.isInvalidDecl() || !record.isThisDeclarationADefinition() || record.isLambda()) return;
  if (state.positions.in_system_header(record.getLocation()) || is_synchronisation_class(record, state.ast)) return;
  bool owns = owns_lock(record);
  bool annotated = is_annotated(record);
  if (!owns && !annotated) return;
  std::string key = usr_key(record);
  if (key.empty()) return;
  auto [found, inserted] = state.class_index.try_emplace(key, state.out.classes.size());
  if (inserted) {
    const clang::RecordDecl& pattern = pattern_of(record);
    state.out.classes.push_back({key, qualified_name(pattern), state.positions.pos(pattern.getLocation()), owns, annotated});
    return;
  }
  ClassInfo& known = state.out.classes[found->second];
  known.owns_lock |= owns;
  known.annotated |= annotated;
}

namespace {

class ConcurrentClasses {
 public:
  explicit ConcurrentClasses(const CaptureState& state) : keys_(state.lock_taking_classes) {
    for (const ClassInfo& info : state.out.classes) keys_.insert(info.key);
  }
  bool contains(const clang::RecordDecl* record) {
    if (record == nullptr) return false;
    auto cached = verdicts_.find(record);
    if (cached != verdicts_.end()) return cached->second;
    bool verdict = keys_.count(usr_key(*record)) != 0;
    verdicts_.emplace(record, verdict);
    return verdict;
  }

 private:
  std::set<std::string> keys_;
  std::map<const clang::RecordDecl*, bool> verdicts_;
};

// Fields some code touches while holding a lock: whoever wrote that believed the field
// needs protection, so it is candidate shared state whatever its class declares (e.g. a
// slot in a plain struct guarded by its owner's mutex). Link confirms it across units.
std::set<const clang::FieldDecl*> fields_accessed_under_a_lock(const CaptureState& state) {
  std::set<const clang::FieldDecl*> fields;
  for (const PendingFieldAccess& pending : state.pending_fields) {
    if (pending.access.locks.empty()) continue;
    if (pending.pointer_member != nullptr) {
      fields.insert(pending.pointer_member);  // `p_->x` under a lock: p_ leads to shared state
      continue;
    }
    for (const FieldCandidate& candidate : pending.candidates) fields.insert(candidate.field);
  }
  return fields;
}

void attribute_field_accesses(CaptureState& state) {
  ConcurrentClasses concurrent(state);
  const std::set<const clang::FieldDecl*> locked_fields = fields_accessed_under_a_lock(state);
  // A pointee access counts when its pointer member's class takes part in concurrency, or
  // the pointee's own class does (`app_.count_` with App owning a lock: App's fields are
  // shared state whoever reaches them), as for a field reached directly.
  auto pointee_kept = [&](const PendingFieldAccess& pending) {
    return concurrent.contains(pending.pointer_member->getParent()) ||
           concurrent.contains(pending.candidates.front().field->getParent()) ||
           concurrent.contains(pending.pointer_object_record) || locked_fields.count(pending.pointer_member) != 0;
  };
  std::set<std::pair<const clang::FieldDecl*, clang::SourceLocation::UIntTy>> implied_reads;
  for (const PendingFieldAccess& pending : state.pending_fields)
    if (pending.pointer_member != nullptr && pointee_kept(pending))
      implied_reads.emplace(pending.pointer_member, pending.pointer_where.getRawEncoding());
  for (PendingFieldAccess& pending : state.pending_fields) {
    if (pending.implied_pointer_read &&
        std::any_of(pending.candidates.begin(), pending.candidates.end(), [&](const FieldCandidate& candidate) {
          return implied_reads.count({candidate.field, candidate.where.getRawEncoding()}) != 0;
        }))
      continue;
    if (pending.pointer_member != nullptr) {
      if (!pointee_kept(pending)) continue;
      const FieldCandidate& pointee = pending.candidates.front();
      Access access = std::move(pending.access);
      // A field of a class that declares concurrency is that class's shared state however
      // it is reached: `app_.count_` and `count_` in App's own methods are one location.
      // Otherwise the pointee is named by the path to it (`Service::impl_->count`).
      access.location = concurrent.contains(pointee.field->getParent())
                            ? state.catalog.add(*pointee.field)
                            : state.catalog.add_pointee(*pending.pointer_member, *pointee.field);
      access.pos = state.positions.pos(pointee.where);
      access.line_text = state.positions.line_text(pointee.where);
      if (!pending.controlled_write.empty())
        access.controls_write_at = state.positions.pos(pending.controlled_write.front().where);
      state.out.accesses.push_back(std::move(access));
      continue;
    }
    auto shared = [&](const FieldCandidate& candidate) {
      return concurrent.contains(candidate.field->getParent()) || concurrent.contains(candidate.object_record) ||
             locked_fields.count(candidate.field) != 0;
    };
    // Through a parameter, the object is not known here: when no field says it is shared
    // state, the access is kept for link to name the object from each call, and dropped
    // where a call does not (link/parameter_contexts.h).
    const bool object_only = pending.access.through_parameter >= 0 && !pending.candidates.empty() &&
                             std::none_of(pending.candidates.begin(), pending.candidates.end(), shared);
    pending.access.parameter_object_only = object_only;
    for (size_t index = 0; index < pending.candidates.size(); ++index) {
      const FieldCandidate& candidate = pending.candidates[index];
      if (!object_only && !shared(candidate)) continue;
      const std::string& location = state.catalog.add(*candidate.field);
      if (candidate.flagged) break;
      Access access = std::move(pending.access);
      access.location = location;
      access.pos = state.positions.pos(candidate.where);
      access.line_text = state.positions.line_text(candidate.where);
      if (index < pending.controlled_write.size())
        access.controls_write_at = state.positions.pos(pending.controlled_write[index].where);
      state.out.accesses.push_back(std::move(access));
      break;
    }
  }
  state.pending_fields.clear();
}

// Every instantiation of a template reports the same accesses at the same places.
void remove_duplicate_accesses(std::vector<Access>& accesses) {
  std::set<std::tuple<std::string, AccessKind, SourcePos, std::string, std::vector<HeldLock>>> seen;
  std::vector<Access> unique;
  unique.reserve(accesses.size());
  for (Access& access : accesses) {
    if (seen.emplace(access.location, access.kind, access.pos, access.function, access.locks).second)
      unique.push_back(std::move(access));
  }
  accesses = std::move(unique);
}

void remove_duplicate_calls(std::vector<CallSite>& calls) {
  std::set<std::tuple<std::string, std::string, SourcePos, std::vector<HeldLock>>> seen;
  std::vector<CallSite> unique;
  for (CallSite& call : calls)
    if (seen.emplace(call.caller, call.callee, call.pos, call.locks).second) unique.push_back(std::move(call));
  calls = std::move(unique);
}

void remove_duplicate_thread_starts(std::vector<ThreadStart>& starts) {
  std::set<std::tuple<std::string, std::string, SourcePos>> seen;
  std::vector<ThreadStart> unique;
  for (ThreadStart& start : starts)
    if (seen.emplace(start.creator, start.entry, start.pos).second) unique.push_back(std::move(start));
  starts = std::move(unique);
}

void remove_duplicate_lock_orders(std::vector<LockOrderEdge>& edges) {
  std::set<std::tuple<std::string, bool, std::string, bool, std::string, SourcePos>> seen;
  std::vector<LockOrderEdge> unique;
  for (LockOrderEdge& edge : edges)
    if (seen.emplace(edge.held, edge.held_shared, edge.acquired, edge.acquired_shared, edge.function, edge.pos).second)
      unique.push_back(std::move(edge));
  edges = std::move(unique);
}

}  // namespace

void finish_capture(CaptureState& state) {
  attribute_field_accesses(state);
  remove_duplicate_accesses(state.out.accesses);
  remove_duplicate_calls(state.out.calls);
  remove_duplicate_thread_starts(state.out.thread_starts);
  remove_duplicate_lock_orders(state.out.lock_orders);
  state.out.locations = state.catalog.locations();
  state.out.main_file = state.positions.main_file();
  state.out.inputs = state.positions.inputs();
}

}  // namespace hawk::audit
