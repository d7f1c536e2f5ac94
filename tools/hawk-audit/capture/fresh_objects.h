// Objects freshly built and not yet published (DESIGN "Phases and ownership").
//
//   p = xmalloc(sizeof *p);      // fresh: only this call can reach it
//   p->seqno = 0;                // not shared: nobody else has p yet
//   list_push(&g_list, &p->node) // published: p's object goes where others may find it
//   p->seqno = 1;                // shared from here on
//
// Per local pointer (or smart pointer) variable, flow-sensitively over the function's CFG:
// it points at a fresh object from an allocation (`new`, `make_unique`/`make_shared`, a
// function declared `__attribute__((malloc))` such as malloc, calloc, strdup or a
// project's xmalloc, or a function of the unit that returns such an object it let go
// nowhere else, as `foo_create()` does) until some use lets the object go: the pointer copied, stored,
// returned or captured, the object or a part of it handed to a callee that may keep it
// (CalleeEffects::parameter_escapes; a callee with no body here may), a method called on
// it that lets `this` go. A must-analysis: fresh at a point only when fresh on every path
// to it; a loop that allocates anew on each turn is fresh again after each allocation.
//
// Pointer and smart-pointer parameters are followed the same way from the function's
// entry, where they still hold whatever the caller handed over: up to the first use that
// may let it go, an object the caller owns is still the caller's alone.
#pragma once

#include <memory>

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>

#include "capture/stmt_parents.h"

namespace hawk::audit {

// std::unique_ptr or std::shared_ptr (a copy of one designates the same object).
bool is_smart_pointer(clang::QualType type);

// The variable a pointer expression reads: `p`, or the smart pointer under `p->` / `*p`
// (parentheses and implicit casts looked through); else null.
const clang::DeclRefExpr* pointer_variable_use(const clang::Expr& pointer);

class FreshObjects {
 public:
  FreshObjects(const clang::FunctionDecl& function, clang::ASTContext& context, const StmtParents& parents);
  ~FreshObjects();
  FreshObjects(const FreshObjects&) = delete;
  FreshObjects& operator=(const FreshObjects&) = delete;

  // `use` names a local pointer that, just before this use, points at an object this
  // call made and has let go nowhere yet: what is done through it here is not shared.
  bool fresh_at(const clang::DeclRefExpr& use) const;

  // `pointer` (`p`, or a smart pointer's `operator->` / `operator*` on it) names a pointer
  // parameter of the function that some path may already have let go before this use.
  bool parameter_let_go_at(const clang::Expr& pointer) const;

  // `expr` yields a new object nobody else can reach: an allocation, or a call of a
  // function in this unit that returns one it made and let go nowhere (`foo_create()`).
  static bool is_allocation(const clang::Expr& expr, clang::ASTContext& context);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::audit
