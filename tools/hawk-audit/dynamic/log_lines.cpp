#include "dynamic/log_lines.h"

#include <algorithm>

#include <llvm/Support/ConvertUTF.h>

namespace hawk::audit {

std::string clean_log_line(std::string_view raw, std::size_t* replaced) {
  std::string out;
  out.reserve(std::min(raw.size(), kMaxLogLineLength));
  std::size_t bad = 0;
  for (std::size_t i = 0; i < raw.size() && out.size() < kMaxLogLineLength;) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c == 0x1b) {  // ESC: a CSI sequence `ESC [ params letter`, or a lone escape
      std::size_t j = i + 1;
      if (j < raw.size() && raw[j] == '[') {
        ++j;
        while (j < raw.size() && ((raw[j] >= '0' && raw[j] <= '9') || raw[j] == ';' || raw[j] == '?')) ++j;
        if (j < raw.size()) ++j;  // the final letter
      }
      i = j;
      continue;
    }
    if (c == '\r') {
      ++i;
      continue;
    }
    if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const unsigned length = llvm::getNumBytesForUTF8(c);
      if (i + length <= raw.size() &&
          llvm::isLegalUTF8Sequence(reinterpret_cast<const llvm::UTF8*>(raw.data() + i),
                                    reinterpret_cast<const llvm::UTF8*>(raw.data() + i + length))) {
        out.append(raw.substr(i, length));
        i += length;
        continue;
      }
    }
    out.push_back('?');  // a control byte, DEL, or a byte of invalid UTF-8
    ++bad;
    ++i;
  }
  if (replaced) *replaced += bad;
  return out;
}

}  // namespace hawk::audit
