// The results `check`, `link` and `tsan` write with --format json, read back into the
// model: what `hawk-audit gate` compares with its baseline.
#pragma once

#include <string>
#include <vector>

#include <llvm/Support/Error.h>
#include <nlohmann/json_fwd.hpp>

#include "model/findings.h"

namespace hawk::audit {

// The findings (with their accesses, conflicts and suppression state) and errors of one
// results object; the inventory and stats are not read. Fails on what is not the output
// contract's shape: not an object, no findings[], a finding without a string id.
llvm::Expected<AuditResult> results_from_json(const nlohmann::json& results);

// `path` ("-": stdin) parsed as above; errors name the file.
llvm::Expected<AuditResult> read_results_file(const std::string& path);

// One result of several (check's and tsan's, shards' links): findings by id — a finding
// in two files is one, unsuppressed if either copy is — and every distinct error.
AuditResult merge_results(const std::vector<AuditResult>& results);

}  // namespace hawk::audit
