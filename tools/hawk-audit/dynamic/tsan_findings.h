// A TSan report -> a Finding in the static checker's contract, with a stable id.
//
// Checks: tsan-data-race, tsan-lock-order-inversion, tsan-mutex-misuse, tsan-thread-leak,
// and tsan-other for every other kind (signal-unsafe calls, races on a vptr,
// heap-use-after-free, crashes under TSan, kinds this version does not know).
//
// The id is a hash of the check and the project frames (project_frames.h) of the report's
// stacks — never addresses, pids, thread ids or columns — so one race gets one id in every
// run and every process:
//   data race          the top project frames of both accesses (sorted: which thread
//                      TSan saw first does not matter)
//   lock-order         the project frames of every "acquired here while holding" stack,
//                      sorted (the cycle may be found from any of its edges)
//   mutex misuse       the kind of misuse and the project frame where it happened
//   thread leak        the project frame that created the thread
//   other              the kind (addresses removed) and the first project frames
// Reports with the same id fold into one finding (`occurrences`, `origins`); a partial
// report (cut short, or a stack TSan could not restore) folds into a whole one whose
// frames include all of its own.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynamic/project_frames.h"
#include "dynamic/tsan_report.h"
#include "model/findings.h"

namespace hawk::audit {

inline constexpr std::string_view kTsanDataRace = "tsan-data-race";
inline constexpr std::string_view kTsanLockOrderInversion = "tsan-lock-order-inversion";
inline constexpr std::string_view kTsanMutexMisuse = "tsan-mutex-misuse";
inline constexpr std::string_view kTsanThreadLeak = "tsan-thread-leak";
inline constexpr std::string_view kTsanOther = "tsan-other";

// The check for a report's title ("data race", "thread leak", ...).
std::string_view tsan_check_for(std::string_view title);

// A finding and the parts its id was made of (to fold partial reports into complete ones).
struct TsanFinding {
  Finding finding;
  std::vector<std::string> id_parts;  // the check first, then the sorted frame keys
  // Some stack of it is unknown (cut short, "[failed to restore the stack]"): its id has
  // a "?" where a frame would be.
  bool partial = false;
};

TsanFinding tsan_finding(const TsanReport& report, const ProjectFrames& frames);

// A finding keeps at most this many origins (occurrences counts them all).
inline constexpr std::size_t kMaxOrigins = 10;

// The findings of a run, duplicates folded.
class TsanFindingSet {
 public:
  void add(TsanFinding finding);
  // In the order their first reports appeared.
  std::vector<Finding> take();

 private:
  struct Group {
    TsanFinding first;
    std::vector<std::pair<std::size_t, ReportOrigin>> origins;  // with the order they were added in
    unsigned occurrences = 0;
    bool folded = false;
  };
  Group group_of(TsanFinding finding);
  static void fold(Group& into, Group& from);
  std::vector<Group> groups_;
  std::map<std::string, std::size_t> by_id_;
  std::size_t added_ = 0;
};

}  // namespace hawk::audit
