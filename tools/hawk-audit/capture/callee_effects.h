// What a callee whose body the unit has does to the objects it is handed (DESIGN "Access
// kinds"): a call of a non-const method, or passing an object by non-const reference or
// pointer, is not by itself a write; the body decides. A method writes its object when it
// writes one of its fields, calls a method of it that does, or lets `this` go somewhere
// (stored, passed on, returned). A function writes through a reference or pointer
// parameter when it writes the object, or passes it on to a callee that does.
//
// Followed a few calls deep. What cannot be seen writes: no body in the unit, a system
// header or std (their meaning is access_classifier's), a virtual method (an override
// may write), a chain deeper than the bound, a cycle being followed.
#pragma once

#include <unordered_map>
#include <utility>

namespace clang {
class ASTContext;
class CXXMethodDecl;
class Expr;
class FunctionDecl;
class ParmVarDecl;
}  // namespace clang

namespace hawk::audit {
class StmtParents;
}  // namespace hawk::audit

namespace hawk::audit {

// What a body does with what a reference or pointer parameter designates. Writes: it
// modifies it. Beyond fields: not counting what it does to its fields (`p->f = 1`, `r.f`,
// also in callees it is passed on to) or to a scalar it designates on the spot (`(*p)++`,
// `++r`)
// — capture records those in the callee as accesses through the parameter, and link
// takes them into each call (link/parameter_contexts.h) — WritesBeyondFields: it
// modifies it otherwise; UsesBeyondFields: it reads or modifies it otherwise
// (`memcpy(.., p, ..)`), or lets it go where it cannot be followed.
enum class ParameterUse { Writes = 0, WritesBeyondFields = 1, UsesBeyondFields = 2 };

class CalleeEffects {
 public:
  // The effects of one AST, created on first use and freed with the ASTContext.
  static CalleeEffects& of(clang::ASTContext& context);
  explicit CalleeEffects(clang::ASTContext& context) : context_(context) {}

  // False only when the body is seen and never modifies *this.
  bool writes_object(const clang::CXXMethodDecl& method);
  // False only when the body is seen and never modifies what parameter `index` refers or
  // points to.
  bool writes_parameter(const clang::FunctionDecl& function, unsigned index);
  // What parameter `index` is used for, for a mode of ParameterUse (true when unseen).
  bool parameter_use(const clang::FunctionDecl& function, unsigned index, ParameterUse mode);
  // False only when the body is seen and uses `this` only to reach its own fields and
  // to call methods that do the same: the object goes nowhere else (no lambda captures
  // it, nothing stores, passes or returns it).
  // `own`: asked about the body itself (a virtual method too), not about a call of it.
  bool lets_this_escape(const clang::CXXMethodDecl& method, bool own = false);
  // True only when the body is seen and calls the callable parameter `index` holds
  // (`fn(..)`, `(obj.*fn)(..)`, or passes it to a callee that does): a callback run
  // during the call, not one kept for later.
  bool calls_parameter(const clang::FunctionDecl& function, unsigned index);
  // False only when the body is seen and uses what reference or pointer parameter `index`
  // designates only to reach its fields, call methods that let their object go nowhere,
  // and pass it on to parameters that do the same: it is not kept anywhere.
  bool parameter_escapes(const clang::FunctionDecl& function, unsigned index, bool own = false);
  // The same, not following calls: handing it to a callee whose body is seen (a virtual
  // one too) is not an escape here; the link step follows those (CallSite::
  // forwarded_parameters). Handing it to code that is not seen is.
  bool parameter_escapes_here(const clang::FunctionDecl& function, unsigned index);

 private:
  enum class State { InProgress, Writes, Reads };
  clang::ASTContext& context_;
  std::unordered_map<const void*, State> objects_;
  std::unordered_map<const void*, State> parameters_[3];  // by ParameterUse, keyed by the ParmVarDecl
  std::unordered_map<const void*, State> escapes_;
  std::unordered_map<const void*, State> calls_;  // keyed by the ParmVarDecl
  std::unordered_map<const void*, State> parameter_escapes_;  // keyed by the ParmVarDecl
  int depth_ = 0;

  bool escapes_in(const clang::FunctionDecl& definition, const clang::ParmVarDecl& parameter, bool follow_calls);
};

// `use` (a parameter, or `*p` of one) is handed to a call by reference or pointer, or
// to a variadic one: what happens to it there is that callee's (forwarded parameters),
// not an access made on the spot.
bool handed_on_by_reference(const clang::Expr& use, const StmtParents& parents);
// `use` (`*p`, or a reference parameter) is a scalar read or written on the spot: the
// function records that access itself, through the parameter.
bool recorded_in_callee(const clang::Expr& use, const StmtParents& parents);

}  // namespace hawk::audit
