// Suggested Clang thread-safety annotations (`hawk-audit annotate`, `check
// --suggest-annotations`): for each location whose guard was inferred (not declared),
// GUARDED_BY(<lock>) at Location::annotation_pos; for each function every concurrent
// caller enters with a lock held (and that does not declare it), REQUIRES(<lock>) (or
// REQUIRES_SHARED) at Function::annotation_pos. Entries without a position, and locks
// that cannot be named in an attribute (locals, parameters, array elements), are skipped.
#pragma once

#include <string>
#include <vector>

#include "link/audit.h"
#include "model/facts.h"

namespace hawk::audit {

struct AnnotationSuggestion {
  SourcePos pos;            // where the annotation goes
  std::string target;       // the location's or function's qualified name
  std::string annotation;   // GUARDED_BY(mu_), REQUIRES(ns::g_mu)
  std::string evidence;     // held at 3 of 3 accesses
};

// Sorted by position. Only positions under the source roots (or in options.only_files):
// never suggest edits to system or third-party headers.
std::vector<AnnotationSuggestion> suggest_annotations(const std::vector<TuFacts>& units, const AuditOptions& options);

// How the lock is spelled in an attribute written inside `scope` (a class or namespace
// qualified name): the last component for a lock of the same class (`mu_`), else the
// qualified name. Empty when it cannot be spelled (a local, a parameter, an element).
std::string lock_expression(const std::string& lock, const std::string& scope);

// The two lines clang prints for a fix-it (-fdiagnostics-parseable-fixits):
//   file:line:col: note: add GUARDED_BY(mu_) to 'C::x_' (held at 3 of 3 accesses) [hawk-annotate]
//   fix-it:"file":{line:col-line:col}:" GUARDED_BY(mu_)"
std::string format_suggestion(const AnnotationSuggestion& suggestion);

}  // namespace hawk::audit
