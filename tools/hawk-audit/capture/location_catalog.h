// Which declarations are candidate shared locations, and their Location facts.
//   variables: globals and namespace-scope statics, static data members, function-local
//              statics (not locals or parameters);
//   fields:    of classes that may take part in concurrency (link keeps those whose class
//              owns a lock, is annotated or takes a lock; capture filters the same way).
// Never: references, synchronisation objects (locks, condition variables, once flags),
// declarations in system headers. Constants and thread-locals are catalogued, flagged,
// for the inventory, but their accesses are not shared state.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <clang/AST/Type.h>

#include "model/facts.h"

namespace clang {
class ASTContext;
class Decl;
class FieldDecl;
class ValueDecl;
class VarDecl;
}  // namespace clang

namespace hawk::audit {

class SourcePositions;

enum class Candidacy {
  NotShared,  // a local, a parameter, a reference, a lock, in a system header...
  Flagged,    // catalogued, but accesses say nothing about sharing (const, thread_local)
  Shared,     // accesses are recorded
};

class LocationCatalog {
 public:
  LocationCatalog(clang::ASTContext& context, SourcePositions& positions) : context_(context), positions_(positions) {}

  Candidacy candidacy(const clang::VarDecl& var) const;
  Candidacy candidacy(const clang::FieldDecl& field) const;
  // A local variable a thread shares (LocationKind::Local): as a global of its type.
  Candidacy candidacy_shared_local(const clang::VarDecl& var) const;

  // Catalogues `decl` (once) and returns its key.
  const std::string& add(const clang::VarDecl& var);
  const std::string& add(const clang::FieldDecl& field);

  // The pointee field `field` reached through the pointer, reference or smart-pointer
  // member or global `pointer` (`p_->x`, `ref_.x`, `g_state->x`): a location of its own,
  // keyed `<pointer's key>-><field>` and named `Owner::p_->x`, so link relates it to the
  // pointer's PT_GUARDED_BY. The pointer is catalogued too (when it is a candidate).
  const std::string& add_pointee(const clang::ValueDecl& pointer, const clang::FieldDecl& field);
  // The object behind a pointer to a non-class type (`*limit_`, `p_[i]`): `<pointer>->*`.
  const std::string& add_scalar_pointee(const clang::ValueDecl& pointer);

  // The hidden state `state` of not-thread-safe library functions (LocationKind::
  // LibraryState), keyed `libstate:<state>`; `where`: the first call seen.
  const std::string& add_library_state(const std::string& state, const SourcePos& where);

  std::vector<Location> locations() const;

 private:
  // What a variable's type and declaration say, wherever it lives.
  Candidacy variable_candidacy(const clang::VarDecl& var) const;
  Location describe(const clang::Decl& decl, clang::QualType type) const;
  std::pair<std::string, std::string> pointer_identity(const clang::ValueDecl& pointer);  // key, name

  clang::ASTContext& context_;
  SourcePositions& positions_;
  std::map<const clang::Decl*, std::string> keys_;
  std::map<std::pair<const clang::ValueDecl*, const clang::FieldDecl*>, std::string> pointee_keys_;
  std::map<std::string, Location> locations_;
};

}  // namespace hawk::audit
