// One frame line of a sanitizer stack. TSan's default format is
//   #0 bump() /src/counter.cpp:3:24 (app+0xe77ee) (BuildId: a32a...)
// and other formats and states occur in real logs:
//   #6 <null> <null> (libstdc++.so.6+0xd44a2)          unsymbolized, or no debug info
//   #0 pthread_mutex_unlock <null> (app+0x640fe)        an interceptor: a name, no file
//   #3 0x4f2a10 (/path/bin+0x4f2a10)                    symbolize=0, ASan-style format
//   #1 0x4f2a10 in main /src/main.cpp:12:3 (bin+0x12)   stack_trace_format with %p and "in"
//   #2 main /src/main.cpp                               no line information
#pragma once

#include <optional>
#include <string_view>

#include "model/findings.h"

namespace hawk::audit {

struct FrameLine {
  unsigned index = 0;  // the N of #N
  StackFrame frame;
};

// nullopt unless the line (leading blanks allowed) is `#N ...`. Never fails on a frame it
// does not fully understand: what it cannot place becomes the function's name.
std::optional<FrameLine> parse_frame_line(std::string_view line);

// An absolute path with `.` and `..` removed; a relative one with its `..` folded where
// possible. What TSan prints for libstdc++ (`/usr/lib/gcc/x86_64-linux-gnu/12/../../../../
// include/c++/12/bits/invoke.h`) becomes `/usr/include/c++/12/bits/invoke.h`.
std::string normalise_frame_path(std::string_view path);

}  // namespace hawk::audit
