// Wraps the analysis action of a unit and records every file the unit read, with the
// hash of the bytes clang actually parsed: what the unit's cache entry depends on.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <clang/Frontend/FrontendAction.h>

#include "driver/content_hasher.h"

namespace hawk::audit {

struct InputDigest {
  std::string file;  // absolute, normalised
  std::string hash;  // content_hash of the file
};

class InputRecordingAction : public clang::WrapperFrontendAction {
 public:
  // Relative names the unit used (`-I../include`) are resolved against `directory`.
  InputRecordingAction(std::unique_ptr<clang::FrontendAction> wrapped, std::string directory, ContentHasher& hasher,
                       std::vector<InputDigest>& inputs);

 protected:
  // The wrapper hands EndSourceFile to the wrapped action whole, so this is the last
  // moment the unit's SourceManager is still there.
  void EndSourceFile() override;

 private:
  std::string directory_;
  ContentHasher& hasher_;
  std::vector<InputDigest>& inputs_;
};

}  // namespace hawk::audit
