// What capture accumulates over one translation unit before it becomes TuFacts. Field
// accesses wait here until the end: only then is it known which classes take part in
// concurrency (a method anywhere in the unit may turn out to take a lock).
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <clang/AST/ASTContext.h>
#include <clang/Basic/SourceLocation.h>

#include "capture/location_catalog.h"
#include "capture/source_positions.h"
#include "model/facts.h"

namespace clang {
class ASTContext;
class FieldDecl;
class FunctionDecl;
class RecordDecl;
}  // namespace clang

namespace hawk::audit {

// One field a field access may be attributed to: `this->stats_.count` offers stats_
// (outermost) and count; the outermost whose class takes part in concurrency wins.
struct FieldCandidate {
  const clang::FieldDecl* field = nullptr;
  clang::SourceLocation where;
  // The class of the object it is reached through (Derived for an inherited field).
  const clang::RecordDecl* object_record = nullptr;
  bool flagged = false;  // a constant: catalogued, but no access
};

struct PendingFieldAccess {
  Access access;  // all but location, pos and line_text
  std::vector<FieldCandidate> candidates;  // outermost first
  // An access through a pointer, smart-pointer or reference member (`p_->x`): its one
  // candidate is the pointee's field; kept when the pointer member's class takes part
  // in concurrency, as the pointee location `Owner::p_->x` (LocationCatalog::add_pointee).
  const clang::FieldDecl* pointer_member = nullptr;
  const clang::RecordDecl* pointer_object_record = nullptr;  // the class it is reached through
  clang::SourceLocation pointer_where;  // where the pointer member is named
  // The read of a pointer member that a pointee access implies: dropped when that
  // pointee access is kept (one access, not two, for `p_->x`).
  bool implied_pointer_read = false;
  // Check-then-act: the candidates of the write this read controls (parallel to
  // `candidates`, same declarations); empty when it controls none.
  std::vector<FieldCandidate> controlled_write;
};

struct CaptureState {
  CaptureState(clang::ASTContext& ast_context, TuFacts& facts)
      : ast(ast_context), positions(ast_context.getSourceManager()), catalog(ast_context, positions), out(facts) {}

  clang::ASTContext& ast;
  SourcePositions positions;
  LocationCatalog catalog;
  TuFacts& out;

  std::vector<PendingFieldAccess> pending_fields;
  std::unordered_map<std::string, size_t> function_index;  // Function::key -> out.functions
  std::unordered_map<std::string, size_t> class_index;     // ClassInfo::key -> out.classes
  std::set<std::string> lock_taking_classes;  // a method (or a lambda in one) takes a lock
  std::set<const clang::FunctionDecl*> analysed;
};

}  // namespace hawk::audit
