// SARIF 2.1.0, written through clang's own writer (clang/Basic/Sarif.h): one run, one rule
// per check (its doc as help), one result per finding — suppressed ones too, carried as
// SARIF suppressions — with the conflicting accesses as related locations, the call chain
// as a code flow and the finding's stable id as a partial fingerprint.
#pragma once

#include <string>

#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include "model/findings.h"

namespace hawk::audit {

// The key of partialFingerprints that carries Finding::id: the baseline and the gate match
// findings by it, and so can code scanning.
inline constexpr const char* kSarifFingerprintKey = "hawkFindingId/v1";
// The uriBaseId of paths under the base directory.
inline constexpr const char* kSarifSourceRoot = "SRCROOT";

struct SarifOptions {
  // Files under it are written as URIs relative to it, with uriBaseId SRCROOT (and
  // run.originalUriBaseIds saying where SRCROOT is); others as absolute file:// URIs.
  // Empty: the working directory, where CI runs from the repository's root.
  std::string base_directory;
};

llvm::json::Object to_sarif(const AuditResult& result, const SarifOptions& options = {});

void print_sarif(const AuditResult& result, llvm::raw_ostream& out, const SarifOptions& options = {});

}  // namespace hawk::audit
