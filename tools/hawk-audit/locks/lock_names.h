// The name of the lock an expression denotes. It names the lock *object* as declared,
// not the instance, so the same lock gets the same name in every function and
// translation unit (the form of HeldLock::lock):
//   global / static          its qualified name           g_mu, ns::Cache::s_mu
//   a file's own global      its name and file            mutex (fatal-signal.c)
//     (C `static`, an anonymous namespace: each file may have its own of one name)
//   field (any base)         <class of the field>::<field> hawk::Router::mu_
//   local / parameter        <qualified function>::<name> app::run::mu
//   arr[i]                   <name of arr>[]              g_locks[]
//   call returning a lock    <qualified callee>()         hawk::Registry::mutex()
// Names never carry template arguments, so all instantiations of a template agree.
#pragma once

#include <optional>
#include <string>

namespace clang {
class Decl;
class Expr;
class ValueDecl;
}  // namespace clang

namespace hawk::audit {

// What follows the name of a file's own global: " (" file ")". Code that spells a lock in
// source (annotate) drops it.
inline constexpr const char* kFileScopeOpen = " (";

// Looks through parentheses, implicit and explicit casts, `&`, `*` and std::ref/cref.
// `enclosing_function` names locals whose declaration context says nothing better.
// nullopt for anything that is not a nameable lock object (a temporary, `this`, ...).
std::optional<std::string> lock_name(const clang::Expr& expr, const clang::Decl* enclosing_function);

// The name lock_name() gives an expression that just names `decl` (a variable, parameter
// or field): how a lock summary recognises a callee's parameter `f::m` or a wrapper's
// reference member `Guard::m_`. nullopt for other declarations.
std::optional<std::string> lock_name_of(const clang::ValueDecl& decl, const clang::Decl* enclosing_function);

// The qualified name of a declaration without template arguments, inline namespaces or
// parameter lists: hawk::ShardedMap::Shard::mu, app::run. Shared by lock naming and
// whoever must agree with it.
std::string qualified_name_without_templates(const clang::Decl& decl);

}  // namespace hawk::audit
