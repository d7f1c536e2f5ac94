// Where `hawk-audit annotate` inserts a thread-safety attribute into the user's source:
//   a variable or field:  just after its name   `int count_ GUARDED_BY(mu_) = 0;`
//   a function:           after its declarator  `void f(int) const REQUIRES(mu_) override;`
//                         (after the parameter list, cv/ref qualifiers and exception
//                         specification; before `override`/`final`, `= 0`, the body or `;`).
// Invalid when the spot is inside a macro expansion: no edit could go there.
#pragma once

#include <clang/Basic/SourceLocation.h>

namespace clang {
class ASTContext;
class DeclaratorDecl;
class FunctionDecl;
}  // namespace clang

namespace hawk::audit {

clang::SourceLocation after_declarator_name(const clang::DeclaratorDecl& decl, const clang::ASTContext& context);

// For the declaration `function` itself (callers pass the one annotations belong on:
// the first declaration, inside the class for a method).
clang::SourceLocation after_function_declarator(const clang::FunctionDecl& function, const clang::ASTContext& context);

}  // namespace hawk::audit
