// Keys and names of analysed functions. A named function is keyed by its USR (its
// template pattern's, so every instantiation agrees); a lambda's call operator by where
// it was written, inside the function that writes it — the same in every translation
// unit and instantiation, and derivable both where the lambda is analysed and where it
// is called or started on a thread.
#pragma once

#include <string>

namespace clang {
class CXXRecordDecl;
class FunctionDecl;
}  // namespace clang

namespace hawk::audit {

class SourcePositions;

std::string function_key(const clang::FunctionDecl& function, SourcePositions& positions);
std::string function_name(const clang::FunctionDecl& function, SourcePositions& positions);

// The key / name of the lambda whose closure type is `closure`.
std::string lambda_key(const clang::CXXRecordDecl& closure, SourcePositions& positions);
std::string lambda_name(const clang::CXXRecordDecl& closure, SourcePositions& positions);

}  // namespace hawk::audit
