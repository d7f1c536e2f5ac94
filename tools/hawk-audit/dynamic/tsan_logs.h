// `hawk-audit tsan`'s whole run: ThreadSanitizer logs -> one AuditResult in the output
// contract of the static checker (findings, an empty inventory, errors, stats).
//
// Every report of every log becomes a finding (tsan_findings.h), or folds into one with
// the same id. What cannot be read fully is said in errors[] ({file: the log, message:
// "line N: ..."}): a report cut short, lines inside a report that are not TSan's, a footer
// counting more reports than the log holds, a file that is not text. Nothing is dropped
// without a word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/findings.h"

namespace hawk::audit {

struct TsanLogInput {
  std::string name;       // as given on the command line: findings' origins and errors name it
  std::string_view text;  // its content (held by the caller)
};

struct TsanOptions {
  std::vector<std::string> source_roots;  // --source-root: project frames and relative ids
  std::vector<std::string> binaries;      // --binary: globals' declarations, unsymbolized frames
};

AuditResult analyse_tsan_logs(const std::vector<TsanLogInput>& logs, const TsanOptions& options);

}  // namespace hawk::audit
