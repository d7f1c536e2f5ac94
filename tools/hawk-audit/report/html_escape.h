// The one escaping function of the HTML report. Every string that reaches the page from
// outside the report's own code — JSON fields, paths, log text, test names — goes through
// escape_html, in element content and in attribute values alike (it escapes both quote
// characters). Source code is escaped by clang's html::EscapeText (source_view.cpp) as
// part of its highlighting, and only ever lands in element content.
#pragma once

#include <string>
#include <string_view>

namespace hawk::audit::report {

// `&`, `<`, `>`, `"` and `'` as character references; invalid UTF-8 and control
// characters other than tab and newline as U+FFFD. Safe in element content and in quoted
// attribute values; never emit it unquoted.
std::string escape_html(std::string_view text);

// `text` with invalid UTF-8 sequences and control characters other than tab, newline and
// carriage return replaced by U+FFFD; markup is left alone (for HTML built from escaped parts).
std::string valid_utf8(std::string_view text);

// A string usable as (part of) an HTML id and URL fragment without escaping: ASCII
// letters, digits, `-` and `_` kept, every other byte as `_`.
std::string id_token(std::string_view text);

}  // namespace hawk::audit::report
