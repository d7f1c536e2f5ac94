// A ThreadSanitizer log as report blocks, one per report, each from one process.
//
// TSan frames each report with "==================" lines: a header
// ("WARNING: ThreadSanitizer: data race (pid=42)", or "ERROR:"/"FATAL: ThreadSanitizer:
// ..." when the process dies), sections, a "SUMMARY: ThreadSanitizer: ..." line; at exit
// "ThreadSanitizer: reported N warnings". Several processes writing to one file (a test
// runner's combined stderr) interleave: a line with a "==PID==" prefix belongs to that
// process, a header to the pid it names, any other line to the process of the line before.
// Everything outside a report (the program's own output, the symbolizer's complaints) is
// skipped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::audit {

struct LogLine {
  unsigned number = 0;  // 1-based, in the log
  std::string text;     // clean (log_lines.h), the ==PID== prefix removed
};

struct TsanBlock {
  long pid = 0;            // from the header or the prefix; 0: not known
  unsigned line = 0;       // the header's line
  std::string header;      // "WARNING: ThreadSanitizer: data race (pid=42)"
  std::vector<LogLine> lines;  // after the header, to the SUMMARY line or the closing separator
  bool has_summary = false;
  bool closed = false;     // ended by its closing separator (or a SUMMARY line and then another report)
};

// Something in the log that is not a report but says one is missing.
struct TsanLogProblem {
  unsigned line = 0;
  std::string message;
};

struct TsanLog {
  std::vector<TsanBlock> blocks;  // in the order their headers appear
  std::vector<TsanLogProblem> problems;
  std::size_t lines = 0;
  std::size_t replaced_bytes = 0;  // control bytes and invalid UTF-8 (log_lines.h)
};

// A block keeps at most this many lines; the rest of a report that long is dropped (and
// said so): a real report is a few hundred lines at most.
inline constexpr std::size_t kMaxBlockLines = 20000;

TsanLog read_tsan_log(std::string_view text);

}  // namespace hawk::audit
