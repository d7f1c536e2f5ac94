#include "capture/unit_lock_lookup.h"

#include <clang/AST/Decl.h>

#include "capture/decl_keys.h"

namespace hawk::audit {

const ExternalLockSummary* UnitLockLookup::find(const clang::FunctionDecl& declaration) {
  // The key capture gives the definition (function_keys.h); lambdas always have a body here.
  std::string key = usr_key(declaration);
  if (key.empty()) key = "hawk:" + qualified_name(declaration);
  queries_.insert(key);
  return table_ == nullptr ? nullptr : table_->find(key);
}

}  // namespace hawk::audit
