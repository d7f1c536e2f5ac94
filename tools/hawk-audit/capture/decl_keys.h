// Keys (USRs) and people's names for declarations, the same for every instantiation of a
// template as for the template itself: facts from `Cache<int>` and `Cache<std::string>`,
// and from every translation unit, then merge at link.
#pragma once

#include <string>

namespace clang {
class Decl;
class FieldDecl;
class FunctionDecl;
class RecordDecl;
class VarDecl;
}  // namespace clang

namespace hawk::audit {

// The declaration an instantiated one was instantiated from (itself otherwise).
const clang::FunctionDecl& pattern_of(const clang::FunctionDecl& function);
const clang::RecordDecl& pattern_of(const clang::RecordDecl& record);
const clang::FieldDecl& pattern_of(const clang::FieldDecl& field);
const clang::VarDecl& pattern_of(const clang::VarDecl& var);

// The USR of `decl`'s pattern; empty when clang cannot make one.
std::string usr_key(const clang::Decl& decl);

// The qualified name without template arguments (hawk::Router::add_route).
std::string qualified_name(const clang::Decl& decl);

}  // namespace hawk::audit
