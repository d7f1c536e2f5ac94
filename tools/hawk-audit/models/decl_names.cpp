#include "models/decl_names.h"

#include <vector>

#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>

namespace hawk::audit {

std::string model_name(const clang::NamedDecl& decl) {
  if (decl.getIdentifier() == nullptr) return {};
  std::vector<llvm::StringRef> parts{decl.getName()};
  for (const clang::DeclContext* context = decl.getDeclContext(); context != nullptr; context = context->getParent()) {
    if (const auto* ns = llvm::dyn_cast<clang::NamespaceDecl>(context)) {
      if (ns->isInline() || ns->isAnonymousNamespace()) continue;
      parts.push_back(ns->getName());
    } else if (const auto* record = llvm::dyn_cast<clang::RecordDecl>(context)) {
      // A member of an unnamed union inside a class is named by that class (sigaction's
      // sa_handler lives in one); an unnamed class named by a typedef, by the typedef.
      if (record->getIdentifier() != nullptr) {
        parts.push_back(record->getName());
      } else if (const clang::TypedefNameDecl* name = record->getTypedefNameForAnonDecl()) {
        parts.push_back(name->getName());
      } else if (!llvm::isa<clang::RecordDecl>(record->getParent())) {
        return {};
      }
    } else if (llvm::isa<clang::FunctionDecl>(context)) {
      return {};  // a local class's member is no library's
    }
  }
  std::string name;
  for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
    if (!name.empty()) name += "::";
    name += part->str();
  }
  return name;
}

}  // namespace hawk::audit
