// What an expression that designates a candidate location does to it: reads, writes,
// read-modify-writes, or one of these as an atomic operation — decided from how the
// enclosing expression uses the designated object (C and C++ semantics: lvalue-to-rvalue
// conversion, assignment, increment, binding to a non-const reference, calling a const
// or non-const member function, atomic builtins and std::atomic/atomic_ref operations).
#pragma once

#include <optional>

#include "capture/stmt_parents.h"
#include "model/facts.h"

namespace clang {
class Expr;
class FunctionDecl;
}  // namespace clang

namespace hawk::audit {

struct AccessUse {
  AccessKind kind = AccessKind::Read;
  // For a store (`x = v`, `a.store(v)`, atomic_store(&a, v)): the stored value `v`,
  // to tell a split atomic update (`a.store(a.load() + 1)`).
  const clang::Expr* stored_value = nullptr;
  // Handed by reference or pointer to parameter `passed_index` of a callee whose body is
  // not in this unit: what it does there, link may know (Access::passed_to).
  const clang::FunctionDecl* passed_to = nullptr;
  unsigned passed_index = 0;
};

// `object` is the outermost expression designating the accessed object (`this->s_.count`,
// `g`, `arr_[i]`); nullopt when it is not evaluated (sizeof, decltype, noexcept, ...).
std::optional<AccessUse> classify_access(const clang::Expr& object, const StmtParents& parents);

// The kind of an atomic operation from its name: load / store / fetch_add / exchange /
// __c11_atomic_load / __sync_fetch_and_add / atomic_flag_test_and_set ...
AccessKind atomic_operation_kind(llvm::StringRef name);

}  // namespace hawk::audit
