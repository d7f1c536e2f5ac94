// Recognising declarations of the C++ standard library and typedefs of the C libraries by
// name, however the library nests them (inline ABI namespaces like std::__1 or std::_V2).
#pragma once

#include <string_view>

#include <clang/AST/Type.h>

namespace clang {
class Decl;
class NamedDecl;
}  // namespace clang

namespace hawk::audit {

// True when `decl` is declared (directly or through nested namespaces) inside ::std.
bool is_in_std(const clang::Decl& decl);

// The unqualified name of the class (or class template) `type` denotes when it is a
// std:: class, looking through references, typedefs and template specialisations;
// empty otherwise. std::lock_guard<std::mutex> -> "lock_guard".
std::string_view std_class_name(clang::QualType type);

// True when `type`, or any typedef it is spelled through, is the typedef `name`
// (pthread_mutex_t, mtx_t, ...): C library lock types are only typedefs.
bool is_spelled_as_typedef(clang::QualType type, std::string_view name);

// The name of the function `decl` when it is a std:: function ("lock", "ref"); else empty.
std::string_view std_function_name(const clang::NamedDecl* decl);

}  // namespace hawk::audit
