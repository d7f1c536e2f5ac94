#include "link/annotations.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "link/call_graph.h"
#include "link/program.h"
#include "link/program_analysis.h"
#include "link/shared_state.h"
#include "link/source_paths.h"
#include "link/threads.h"
#include "locks/lock_names.h"

namespace hawk::audit {

namespace {

// `a::b::c` -> `a::b`; empty without a scope.
std::string scope_of(const std::string& qualified) {
  const std::size_t at = qualified.rfind("::");
  return at == std::string::npos ? std::string() : qualified.substr(0, at);
}

bool in_scope(const SourcePos& pos, const std::set<std::string, std::less<>>& only,
              const std::vector<std::string>& roots) {
  const std::string file = normalised_path(pos.file);
  if (!only.empty()) return only.count(file) > 0;
  return std::any_of(roots.begin(), roots.end(), [&](const std::string& root) { return is_under(file, root); });
}

// Locks named after a function (`f::mu`: a local or a parameter) cannot be named in
// an attribute outside that function.
bool names_a_local(const Program& program, const std::string& lock) {
  const std::string scope = scope_of(lock);
  return std::any_of(program.functions.begin(), program.functions.end(),
                     [&](const auto& entry) { return entry.second.name == scope; });
}

// A lock member of another class than `scope` ("hawk::Router::write_mu_" for a field of
// hawk::Route): Clang's annotations cannot name it without an object, so no suggestion.
bool names_member_of_other_class(const Program& program, const std::string& lock, const std::string& scope);

// "C::mu_" spelled from inside class "C" (or "ns::C" when locks name classes unqualified).
bool same_scope(const std::string& lock_scope, const std::string& scope) {
  if (lock_scope.empty() || scope.empty()) return false;
  if (lock_scope == scope) return true;
  return scope.size() > lock_scope.size() && scope.ends_with(lock_scope) &&
         scope.compare(scope.size() - lock_scope.size() - 2, 2, "::") == 0;
}

bool names_member_of_other_class(const Program& program, const std::string& lock, const std::string& scope) {
  const std::string lock_scope = scope_of(lock);
  if (lock_scope.empty() || same_scope(lock_scope, scope)) return false;
  return std::any_of(program.classes.begin(), program.classes.end(),
                     [&](const auto& entry) { return entry.second.name == lock_scope; });
}

void suggest_guards(const Program& program, const SharedState& state, std::vector<AnnotationSuggestion>& out) {
  for (const auto& [key, location_state] : state.locations()) {
    const Location& location = *location_state.location;
    if (!location_state.guard || location_state.guard->from_annotation || location.declared_guard) continue;
    if (!location_state.can_race() || location.is_atomic || location.annotation_pos.file.empty()) continue;
    // Only what the inventory calls guarded: written concurrently under some lock.
    const bool written = std::any_of(location_state.shared.begin(), location_state.shared.end(),
                                     [](const SharedAccess& a) { return !a.is_atomic() && a.is_write(); });
    if (!written || names_a_local(program, location_state.guard->lock)) continue;
    if (names_member_of_other_class(program, location_state.guard->lock, scope_of(location.name))) continue;
    const std::string expression = lock_expression(location_state.guard->lock, scope_of(location.name));
    if (expression.empty()) continue;
    out.push_back({location.annotation_pos, location.name, "GUARDED_BY(" + expression + ")",
                   location_state.guard->evidence()});
  }
}

void suggest_requires(const Program& program, const Threads& threads, const CallGraph& graph,
                      std::vector<AnnotationSuggestion>& out) {
  for (const auto& [key, function] : program.functions) {
    if (function.is_lambda || !function.requires_locks.empty() || function.annotation_pos.file.empty()) continue;
    if (threads.is_entry(key)) continue;  // its callers are not all seen
    const std::vector<HeldLock> held = threads.held_on_entry_everywhere(key);
    if (held.empty()) continue;
    std::size_t calls = 0;
    for (const CallEdge& edge : graph.callers(key))
      if (!edge.lambda_context && threads.runs_alongside(edge)) ++calls;
    const std::string scope = scope_of(function.name);  // the class of a method, else its namespace
    for (const HeldLock& lock : held) {
      if (names_a_local(program, lock.lock) || names_member_of_other_class(program, lock.lock, scope)) continue;
      const std::string expression = lock_expression(lock.lock, scope);
      if (expression.empty()) continue;
      out.push_back({function.annotation_pos, function.name,
                     std::string(lock.shared ? "REQUIRES_SHARED(" : "REQUIRES(") + expression + ")",
                     "held by every caller, " + std::to_string(calls) + " call(s)"});
    }
  }
}

}  // namespace

std::string lock_expression(const std::string& full_lock, const std::string& scope) {
  // A file's own global is spelled by its name alone (locks/lock_names.h).
  const std::string lock = full_lock.substr(0, full_lock.find(kFileScopeOpen));
  if (lock.empty() || lock.find("[]") != std::string::npos) return {};
  const std::string lock_scope = scope_of(lock);
  if (same_scope(lock_scope, scope)) return lock.substr(lock_scope.size() + 2);
  return lock;
}

std::string format_suggestion(const AnnotationSuggestion& s) {
  const std::string at = std::to_string(s.pos.line) + ":" + std::to_string(s.pos.column);
  return s.pos.file + ":" + at + ": note: add " + s.annotation + " to '" + s.target + "' (" + s.evidence +
         ") [hawk-annotate]\nfix-it:\"" + s.pos.file + "\":{" + at + "-" + at + "}:\" " + s.annotation + "\"\n";
}

std::vector<AnnotationSuggestion> suggest_annotations(const std::vector<TuFacts>& units, const AuditOptions& options) {
  const ProgramAnalysis analysis(units, options.library);
  const Program& program = analysis.program;
  const Threads& threads = analysis.threads;
  const CallGraph& graph = analysis.graph;
  const SharedState& state = analysis.state;

  std::vector<AnnotationSuggestion> out;
  suggest_guards(program, state, out);
  suggest_requires(program, threads, graph, out);

  std::vector<std::string> roots;
  for (const std::string& root : options.source_roots) roots.push_back(normalised_path(root));
  if (roots.empty()) roots.push_back(common_directory(program.main_files));
  std::set<std::string, std::less<>> only;
  for (const std::string& file : options.only_files) only.insert(normalised_path(file));
  std::erase_if(out, [&](const AnnotationSuggestion& s) { return !in_scope(s.pos, only, roots); });
  std::sort(out.begin(), out.end(), [](const AnnotationSuggestion& a, const AnnotationSuggestion& b) {
    return std::tie(a.pos, a.annotation) < std::tie(b.pos, b.annotation);
  });
  return out;
}

}  // namespace hawk::audit
