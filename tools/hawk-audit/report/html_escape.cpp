#include "report/html_escape.h"

#include <cstdint>

namespace hawk::audit::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the valid UTF-8 sequence at text[i], or 0 when it is not one (overlong
// forms, surrogates and code points past U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2, code = lead & 0x1Fu;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3, code = lead & 0x0Fu;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4, code = lead & 0x07u;
  else return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF))
    return 0;
  return length;
}

bool is_forbidden_control(unsigned char c, bool allow_cr) {
  if (c == '\t' || c == '\n' || (allow_cr && c == '\r')) return false;
  return c < 0x20 || c == 0x7F;
}

// Appends the character at text[i] as is, or U+FFFD for a forbidden control character or
// a byte that starts no valid UTF-8 sequence; returns the index past it.
std::size_t append_clean(std::string_view text, std::size_t i, bool allow_cr, std::string& out) {
  if (is_forbidden_control(static_cast<unsigned char>(text[i]), allow_cr)) {
    out += kReplacement;
    return i + 1;
  }
  const std::size_t length = utf8_sequence_length(text, i);
  if (length == 0) {
    out += kReplacement;
    return i + 1;
  }
  out.append(text.substr(i, length));
  return i + length;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += "&quot;"; ++i; continue;
      case '\'': out += "&#39;"; ++i; continue;
      default: break;
    }
    i = append_clean(text, i, /*allow_cr=*/false, out);
  }
  return out;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) i = append_clean(text, i, /*allow_cr=*/true, out);
  return out;
}

std::string id_token(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out += keep ? c : '_';
  }
  return out;
}

}  // namespace hawk::audit::report
