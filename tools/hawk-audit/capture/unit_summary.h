// The translation-unit level of capture: classes that declare themselves shared, and
// turning the accumulated state into TuFacts once every function has been seen.
#pragma once

#include "capture/capture_state.h"

namespace clang {
class RecordDecl;
}  // namespace clang

namespace hawk::audit {

// A ClassInfo for `record` when it owns a lock or carries thread-safety annotations.
void capture_class(CaptureState& state, const clang::RecordDecl& record);

// Attributes the pending field accesses (only fields of classes that take part in
// concurrency are locations), removes duplicates from several instantiations, and
// fills locations, inputs and main_file.
void finish_capture(CaptureState& state);

}  // namespace hawk::audit
