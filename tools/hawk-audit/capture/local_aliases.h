// Local pointers that only ever point at one named object: `int *p = &g_count;`,
// `struct stats *s = &g_stats;`, `struct item *items = g_items;`. Assigned once (its
// initialiser or one assignment), never modified otherwise (no `p++`, no `&p`, not
// captured by a lambda by reference), such a pointer is another name for that object:
// `*p`, `s->hits`, `items[i]` are accesses to it, and taking its address to make the
// pointer is no access at all. A must-alias, exact by construction; anything else a
// pointer may hold is the pointer analysis's business.
//
// Likewise a local pointer initialised from a pointer parameter the body never
// modifies, and never modified itself (`struct ovs_mutex *l = CONST_CAST(struct ovs_mutex *, l_);`,
// `struct job *job = arg;`, casts and a comma's left side looked through) is another
// name for what the caller passed: `l->where` is an access through that parameter.
#pragma once

#include <map>
#include <set>

#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>

#include "capture/stmt_parents.h"

namespace hawk::audit {

class LocalAliases {
 public:
  LocalAliases(const clang::FunctionDecl& function, const StmtParents& parents);

  // `pointer` (parentheses and implicit casts looked through) reads such a pointer: the
  // object it points at (the `x` of `&x`, the array of a decayed `arr`); else null.
  const clang::Expr* target_of(const clang::Expr& pointer) const;
  // `object` is the `x` whose address makes such a pointer (`p = &x`): not an access.
  bool makes_alias(const clang::Expr& object) const { return targets_.count(&object) != 0; }
  // `pointer` (parentheses and implicit casts looked through) reads a local copy of a
  // parameter, as above: that parameter; else null.
  const clang::ParmVarDecl* parameter_of(const clang::Expr& pointer) const;
  // `use` is the parameter's reference that initialises such a copy.
  bool makes_parameter_copy(const clang::DeclRefExpr& use) const { return copy_sources_.count(&use) != 0; }

 private:
  std::map<const clang::VarDecl*, const clang::Expr*> aliases_;
  std::map<const clang::VarDecl*, const clang::ParmVarDecl*> parameter_copies_;
  std::set<const clang::DeclRefExpr*> copy_sources_;
  std::set<const clang::Expr*> targets_;
};

}  // namespace hawk::audit
