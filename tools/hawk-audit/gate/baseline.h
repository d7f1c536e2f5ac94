// The baseline `hawk-audit gate` compares with: the findings a project has accepted, by
// their stable id. Its own file format is small and diff-friendly (one entry per
// unsuppressed finding, sorted by id, paths relative to the working directory):
//
//   {"format": "hawk-audit-baseline/1",
//    "tool": {"name": "hawk-audit", "version": "0.1.0"},
//    "findings": [{"id": "c5cf74b987a88226", "check": "unguarded-read",
//                  "file": "src/counter.cpp", "line": 12, "message": "read of ..."}]}
//
// Only `id` matters for the comparison; the rest says what a fixed entry was. A results
// file of check/link/tsan (--format json) is read as a baseline too: its unsuppressed
// findings.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <llvm/Support/Error.h>
#include <nlohmann/json_fwd.hpp>

#include "model/findings.h"

namespace hawk::audit {

inline constexpr const char* kBaselineFormat = "hawk-audit-baseline/1";

struct BaselineEntry {
  std::string id;
  std::string check;
  std::string file;
  unsigned line = 0;
  std::string message;
};

struct Baseline {
  std::vector<BaselineEntry> entries;  // sorted by id, one per id

  bool contains(const std::string& id) const;
};

// The baseline that accepts `current`'s unsuppressed findings. Files under `base_directory`
// (empty: the working directory) are written relative to it, so the file can be committed.
Baseline baseline_from(const AuditResult& current, const std::string& base_directory = {});

nlohmann::json to_json(const Baseline& baseline);
// Either format; fails on anything else, saying what is wrong.
llvm::Expected<Baseline> baseline_from_json(const nlohmann::json& json);

// Errors name the file; a missing file is one too.
llvm::Expected<Baseline> read_baseline(const std::string& path);
llvm::Error write_baseline(const Baseline& baseline, const std::string& path);

}  // namespace hawk::audit
