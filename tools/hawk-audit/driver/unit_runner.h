// Runs the analysis action over one translation unit, behind a boundary: compile errors,
// exceptions and crashes of this unit become a CaptureError, never the end of the run.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <clang/Frontend/FrontendAction.h>
#include <clang/Tooling/CompilationDatabase.h>

#include "driver/content_hasher.h"
#include "driver/input_recording_action.h"
#include "model/facts.h"

namespace hawk::audit {

// Makes the action that fills a unit's facts: FactsAction in the tool, any clang action
// (SyntaxOnlyAction, ...) in tests.
using FactsActionFactory = std::function<std::unique_ptr<clang::FrontendAction>(TuFacts&)>;

struct UnitOutcome {
  // main_file and inputs always set. When the unit fails: only `errors` besides them,
  // the partial facts are dropped.
  TuFacts facts;
  std::vector<InputDigest> inputs;  // with content hashes, for the cache
  bool failed() const { return !facts.errors.empty(); }
};

// `unit.Filename` must be absolute. Thread-safe: each call has its own ClangTool,
// file manager and file system (with its own working directory).
UnitOutcome run_unit(const clang::tooling::CompileCommand& unit, const FactsActionFactory& make_action,
                     ContentHasher& hasher);

}  // namespace hawk::audit
