// A log as clean text lines. Sanitizer logs are captured stderr: they may hold colour
// escapes (a terminal), carriage returns, other programs' output and binary garbage. Lines
// come out as valid UTF-8 without control characters, so nothing downstream (the regexes,
// the JSON writer) can trip on them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hawk::audit {

// Longer lines are cut here: a report's longest lines are frames of deep template code,
// far shorter; a megabyte of garbage without a newline is not worth scanning.
inline constexpr std::size_t kMaxLogLineLength = 16 * 1024;

// One raw line (no '\n') made clean: ANSI escape sequences removed, '\r' dropped, tabs
// kept, other control bytes and invalid UTF-8 replaced by '?', cut at kMaxLogLineLength.
// `replaced`, when given, counts the bytes that were replaced.
std::string clean_log_line(std::string_view raw, std::size_t* replaced = nullptr);

// Calls `each(number, clean_line)` for every line of `text`, numbered from 1. A last line
// without a newline counts.
template <class Fn>
void for_each_log_line(std::string_view text, Fn&& each, std::size_t* replaced = nullptr) {
  unsigned number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    each(++number, clean_log_line(text.substr(start, end - start), replaced));
    start = end + 1;
  }
}

}  // namespace hawk::audit
