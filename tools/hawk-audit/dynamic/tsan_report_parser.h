// A report block of a log (tsan_log_reader.h) -> a structured TsanReport (tsan_report.h).
//
// The parser walks the block's lines once. Each heading TSan prints ("Write of size 4 at
// ... by thread T1:", "Location is heap block ...", "Mutex M1 acquired here while holding
// mutex M0 in thread T2:", "Thread T1 (tid=..., running) created by main thread at:", ...)
// names what the frames after it belong to; frames with no heading before them (the stack
// right after a mutex misuse's header, the one after "and:") are the report's own stacks.
// A report cut short keeps what was read; a line it does not recognise is kept in
// `unrecognised`, never dropped without a word.
#pragma once

#include <cstddef>
#include <string_view>

#include "dynamic/tsan_log_reader.h"
#include "dynamic/tsan_report.h"

namespace hawk::audit {

// At most this many unrecognised lines are kept verbatim (all are counted).
inline constexpr unsigned kMaxUnrecognisedKept = 3;
// ... each cut to this many characters.
inline constexpr std::size_t kMaxUnrecognisedShown = 120;

TsanReport parse_tsan_report(const TsanBlock& block, std::string_view log_name);

}  // namespace hawk::audit
