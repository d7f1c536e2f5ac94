#include "capture/annotation_positions.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/TypeLoc.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>

namespace hawk::audit {
namespace {

// The end of the token at `location`, when the token is the user's own text.
clang::SourceLocation end_of_token(clang::SourceLocation location, const clang::ASTContext& context) {
  if (location.isInvalid() || location.isMacroID()) return {};
  return clang::Lexer::getLocForEndOfToken(location, 0, context.getSourceManager(), context.getLangOpts());
}

}  // namespace

clang::SourceLocation after_declarator_name(const clang::DeclaratorDecl& decl, const clang::ASTContext& context) {
  return end_of_token(decl.getLocation(), context);
}

clang::SourceLocation after_function_declarator(const clang::FunctionDecl& function, const clang::ASTContext& context) {
  const clang::SourceManager& sources = context.getSourceManager();
  const clang::LangOptions& language = context.getLangOpts();
  clang::FunctionTypeLoc type = function.getFunctionTypeLoc();
  if (!type) return {};
  clang::SourceLocation last = type.getRParenLoc();
  // A trailing return type (`auto f() -> int`) ends the declarator.
  if (const auto* proto = type.getTypePtr()->getAs<clang::FunctionProtoType>();
      proto != nullptr && proto->hasTrailingReturn())
    last = type.getReturnLoc().getEndLoc();
  clang::SourceRange exceptions = function.getExceptionSpecSourceRange();
  if (exceptions.isValid() && !exceptions.getEnd().isMacroID() && sources.isBeforeInTranslationUnit(last, exceptions.getEnd()))
    last = exceptions.getEnd();
  clang::SourceLocation after = end_of_token(last, context);
  if (after.isInvalid()) return {};
  // cv and ref qualifiers (before any exception specification) have no locations of their own: step over their tokens.
  for (int count = 0; count < 8; ++count) {
    std::optional<clang::Token> next = clang::Lexer::findNextToken(last, sources, language);
    if (!next || next->getLocation().isMacroID()) break;
    bool qualifier = next->isOneOf(clang::tok::amp, clang::tok::ampamp) ||
                     (next->is(clang::tok::raw_identifier) &&
                      (next->getRawIdentifier() == "const" || next->getRawIdentifier() == "volatile")) ||
                     next->isOneOf(clang::tok::kw_const, clang::tok::kw_volatile);
    if (!qualifier) break;
    last = next->getLocation();
    after = next->getEndLoc();
  }
  return after;
}

}  // namespace hawk::audit
