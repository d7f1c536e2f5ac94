// The facts cache (`--cache DIR`): one entry per unit, so an unchanged unit is not parsed
// again. The entry's name is a hash of what determines the unit's facts besides its
// sources (tool version, facts format, command line, directory, main file); the entry
// stores the facts with every input file and its content hash at capture time. A
// `variant` names what else the facts depend on: the digest of the other units' lock
// summaries a later capture round applied (driver/summary_rounds.h); empty in the first.
//
// Lookup re-hashes those inputs instead of preprocessing the unit: ccache's "direct
// mode". It is equivalent to keying by the preprocessed input, because the preprocessed
// input is a function of the command line (in the name) and of the files it read (hashed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <clang/Tooling/CompilationDatabase.h>
#include <llvm/Support/Error.h>

#include "driver/content_hasher.h"
#include "driver/input_recording_action.h"
#include "model/facts.h"

namespace hawk::audit {

class FactsCache {
 public:
  explicit FactsCache(std::string directory) : directory_(std::move(directory)) {}

  // The entry's file for a unit: <DIR>/<hash>.facts.json.
  std::string entry_path(const clang::tooling::CompileCommand& unit, const std::string& variant = {}) const;

  // The cached facts when the entry exists, is whole, is of this version and every input
  // still has its recorded hash; nullopt otherwise (a damaged entry is just a miss).
  std::optional<TuFacts> lookup(const clang::tooling::CompileCommand& unit, ContentHasher& hasher,
                                const std::string& variant = {}) const;

  // Writes the entry atomically (temporary file, then rename): concurrent runs and -j
  // workers never see half an entry.
  llvm::Error store(const clang::tooling::CompileCommand& unit, const TuFacts& facts,
                    const std::vector<InputDigest>& inputs, const std::string& variant = {}) const;

 private:
  std::string directory_;
};

}  // namespace hawk::audit
