#pragma once

#include <string>
#include <vector>

#include <llvm/Support/raw_ostream.h>

#include "model/findings.h"

namespace hawk::audit {

// Clang-style diagnostics: `file:line:col: warning: message [hawk-<check>]`, a note at
// each conflicting access, then a summary line. Suppressed findings are not printed.
void print_text(const AuditResult& result, llvm::raw_ostream& out, bool color);

// One finding as print_text shows it (its warning, via and conflict notes), whether or
// not it is suppressed; `hawk-audit gate` lists new findings with it.
void print_finding(const Finding& finding, llvm::raw_ostream& out, bool color);

// "on the thread of worker started at a.c:12, many at once": the thread an access runs on.
std::string thread_text(const ThreadReport& thread);

// "mu_, rw_ (shared)", or "no lock": the locks held at an access, for people.
std::string locks_text(const std::vector<HeldLock>& locks);

}  // namespace hawk::audit
