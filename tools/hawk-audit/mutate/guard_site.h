// A guard site: one place where audited code takes a lock (a blocking lock call or a RAII
// guard declaration), with the exact source text a mutant removes. Plain data and JSON;
// the AST side is guard_sites.h.
#pragma once

#include <string>
#include <vector>

#include <llvm/Support/Error.h>
#include <nlohmann/json_fwd.hpp>

namespace hawk::audit {

// One span of the file to cut: [begin, end) in bytes, with the text it held when listed
// (a mutant checks it still does) and what replaces it (";" where the statement is the
// body of an if/else, so the control flow stays well-formed; otherwise nothing).
struct SiteRange {
  unsigned begin = 0;
  unsigned end = 0;
  unsigned line = 0;
  unsigned column = 0;
  std::string text;
  std::string replacement;
  friend bool operator==(const SiteRange&, const SiteRange&) = default;
};

struct GuardSite {
  enum class Kind { GuardDeclaration, LockCall };
  std::string id;    // stable: path:line:column:kind
  std::string file;  // absolute
  std::string path;  // relative to the root the sites were listed under
  unsigned line = 0;
  unsigned column = 0;
  std::string function;  // qualified; lambdas as `outer::(lambda)`
  std::string lock;      // the lock's name as the checker spells it (several joined by ", ")
  Kind kind = Kind::LockCall;
  // Empty when the site cannot be cut cleanly; `why_not` says why (a guard used after
  // its declaration, a lock call whose result is used, a macro, ...).
  std::vector<SiteRange> ranges;
  std::string why_not;
  bool removable() const { return !ranges.empty(); }
};

const char* kind_name(GuardSite::Kind kind);
// path:line:column:kind — readable, and stable while the file's text above it is.
std::string site_id(const std::string& path, unsigned line, unsigned column, GuardSite::Kind kind);

nlohmann::json to_json(const GuardSite& site);
llvm::Expected<GuardSite> site_from_json(const nlohmann::json& json);

}  // namespace hawk::audit
