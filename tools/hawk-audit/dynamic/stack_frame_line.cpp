#include "dynamic/stack_frame_line.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Path.h>

namespace hawk::audit {
namespace {

bool is_hex_number(llvm::StringRef text) {
  return text.size() > 2 && text.starts_with("0x") &&
         text.drop_front(2).find_first_not_of("0123456789abcdefABCDEF") == llvm::StringRef::npos;
}

// "(module+0xoffset)" at the end of `rest`: taken off it.
void take_module(llvm::StringRef& rest, StackFrame& frame) {
  if (!rest.ends_with(")")) return;
  const std::size_t plus = rest.rfind("+0x");
  if (plus == llvm::StringRef::npos) return;
  const std::size_t open = rest.rfind('(', plus);
  if (open == llvm::StringRef::npos) return;
  const llvm::StringRef offset = rest.slice(plus + 1, rest.size() - 1);
  if (!is_hex_number(offset)) return;
  std::uint64_t value = 0;
  if (offset.drop_front(2).getAsInteger(16, value)) return;
  frame.module = rest.slice(open + 1, plus).str();
  frame.module_offset = value;
  rest = rest.take_front(open).rtrim();
}

// "file:line:column", "file:line" or "file": true when `token` is a source location.
bool take_source_location(llvm::StringRef token, StackFrame& frame) {
  if (token.empty() || token.contains('(') || token.contains(')')) return false;
  llvm::StringRef file = token;
  unsigned numbers[2] = {0, 0};
  int found = 0;
  for (int i = 0; i < 2; ++i) {
    const std::size_t colon = file.rfind(':');
    if (colon == llvm::StringRef::npos) break;
    unsigned value = 0;
    if (file.drop_front(colon + 1).getAsInteger(10, value)) break;
    numbers[found++] = value;
    file = file.take_front(colon);
  }
  if (file.empty()) return false;
  // Without a line number it must look like a path: a name like `ns::f` is a function.
  if (found == 0 && !file.contains('/')) return false;
  frame.file = normalise_frame_path(file);
  if (found == 1) frame.line = numbers[0];
  if (found == 2) {
    frame.line = numbers[1];
    frame.column = numbers[0];
  }
  return true;
}

bool is_unknown(llvm::StringRef text) { return text == "<null>" || text == "??" || text == "<unknown>"; }

}  // namespace

std::string normalise_frame_path(std::string_view path) {
  llvm::SmallString<256> normal(path);
  llvm::sys::path::remove_dots(normal, /*remove_dot_dot=*/true, llvm::sys::path::Style::posix);
  return std::string(normal);
}

std::optional<FrameLine> parse_frame_line(std::string_view raw) {
  llvm::StringRef line = llvm::StringRef(raw).trim();
  if (!line.consume_front("#")) return std::nullopt;
  const std::size_t digits = line.find_first_not_of("0123456789");
  if (digits == 0) return std::nullopt;
  FrameLine out;
  if (line.take_front(digits).getAsInteger(10, out.index)) return std::nullopt;  // an absurd index
  llvm::StringRef rest = line.drop_front(std::min(digits, line.size()));
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return std::nullopt;
  rest = rest.trim();

  StackFrame& frame = out.frame;
  // " (BuildId: 0123abcd)" trails the module.
  if (rest.ends_with(")")) {
    const std::size_t build_id = rest.rfind("(BuildId: ");
    if (build_id != llvm::StringRef::npos) rest = rest.take_front(build_id).rtrim();
  }
  take_module(rest, frame);
  // A leading pc ("0x4f2a10"), then "in " in the ASan-style format.
  const llvm::StringRef first = rest.take_until([](char c) { return c == ' ' || c == '\t'; });
  if (is_hex_number(first)) {
    rest = rest.drop_front(first.size()).ltrim();
    if (rest.starts_with("in ")) rest = rest.drop_front(3).ltrim();
  }
  if (rest.empty()) return out;

  // The source location is the last blank-separated token; the function, which may hold
  // blanks ("void std::__invoke_impl<void, void (*)()>(...)"), is everything before it.
  const std::size_t space = rest.find_last_of(" \t");
  const llvm::StringRef last = space == llvm::StringRef::npos ? rest : rest.drop_front(space + 1);
  llvm::StringRef function = rest;
  if (is_unknown(last)) {
    function = space == llvm::StringRef::npos ? llvm::StringRef() : rest.take_front(space).rtrim();
  } else if (take_source_location(last, frame)) {
    function = space == llvm::StringRef::npos ? llvm::StringRef() : rest.take_front(space).rtrim();
  }
  if (!is_unknown(function)) frame.function = function.str();
  return out;
}

}  // namespace hawk::audit
