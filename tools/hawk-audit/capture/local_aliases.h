// Local pointers that only ever point at one named object: `int *p = &g_count;`,
// `struct stats *s = &g_stats;`, `struct item *items = g_items;`. Assigned once (its
// initialiser or one assignment), never modified otherwise (no `p++`, no `&p`, not
// captured by a lambda by reference), such a pointer is another name for that object:
// `*p`, `s->hits`, `items[i]` are accesses to it, and taking its address to make the
// pointer is no access at all. A must-alias, exact by construction; anything else a
// pointer may hold is the pointer analysis's business.
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

 private:
  std::map<const clang::VarDecl*, const clang::Expr*> aliases_;
  std::set<const clang::Expr*> targets_;
};

}  // namespace hawk::audit
