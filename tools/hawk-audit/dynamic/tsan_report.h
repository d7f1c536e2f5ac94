// One ThreadSanitizer report, structured: what tsan_report_parser reads from a block of a
// log, before it becomes a Finding (tsan_findings). Everything TSan prints that a finding
// may need is kept; what the log did not say stays empty.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/facts.h"
#include "model/findings.h"

namespace hawk::audit {

// A stack as the report printed it, innermost frame first.
struct TsanStack {
  std::vector<StackFrame> frames;
  bool failed = false;  // "[failed to restore the stack]"
};

// A memory access of a race: "Previous atomic write of size 4 at 0x... by thread T1
// (mutexes: write M0):" and its stack.
struct TsanAccess {
  bool previous = false;
  bool write = false;
  bool atomic = false;
  unsigned size = 0;
  std::string object;  // races on external objects: the object's type; else empty
  std::string thread;  // "T1" or "main thread"
  std::vector<HeldLock> mutexes;  // held at the access: "M0", shared for a read hold
  TsanStack stack;
};

enum class TsanLocationKind { Global, Heap, Stack, Tls, FileDescriptor, Other };

// "Location is ...": what the raced memory is.
struct TsanLocation {
  TsanLocationKind kind = TsanLocationKind::Other;
  std::string name;  // a global's name; a heap object's type when not a plain block
  std::uint64_t size = 0;
  std::string module;  // a global's module and offset in it
  std::uint64_t module_offset = 0;
  std::string thread;  // whose stack or TLS; who allocated the block or opened the fd
  int fd = -1;
  std::string text;  // the line as printed
  TsanStack stack;   // where a heap block was allocated, a file descriptor created
  // A global's declaration: not in TSan's text, found with --binary (module_symbolizer).
  std::string decl_file;
  unsigned decl_line = 0;
};

// "Mutex M0 (0x...) created at:" (or "Mutex M0 is already destroyed.").
struct TsanMutex {
  std::string id;  // "M0"
  bool destroyed = false;
  TsanStack created;
};

// "Thread T1 'name' (tid=123, running) created by main thread at:".
struct TsanThread {
  std::string id;  // "T1"
  std::string name;
  std::string status;      // running, finished
  std::string created_by;  // "main thread", "T3"
  TsanStack created;
};

// One edge of a lock-order cycle: "Mutex M1 acquired here while holding mutex M0 in
// thread T1:", and with second_deadlock_stack=1 where the held one was taken.
struct TsanLockEdge {
  std::string acquired;
  std::string held;
  std::string thread;
  TsanStack stack;
  TsanStack held_stack;
  bool has_held_stack = false;
};

// A stack of the report itself: the one right after the header (the misuse of a mutex,
// the signal-unsafe call), one after "and:", the signal handler's.
struct TsanNamedStack {
  std::string heading;  // empty for the stack right after the header
  TsanStack stack;
};

struct TsanReport {
  std::string log;     // the log file it came from
  unsigned line = 0;   // the header's line in it
  long pid = 0;        // 0: not known
  std::string title;   // "data race", "thread leak", ...
  bool fatal = false;  // "ERROR: ThreadSanitizer: ..." (the process died) rather than a WARNING
  std::vector<TsanNamedStack> stacks;
  std::vector<TsanAccess> accesses;
  std::vector<TsanLocation> locations;
  std::vector<TsanMutex> mutexes;
  std::vector<TsanThread> threads;
  std::vector<std::string> cycle;  // lock-order inversion: M0, M1 (the cycle, once)
  std::vector<TsanLockEdge> edges;
  unsigned more_similar = 0;  // "And 3 more similar thread leaks."
  std::string summary;        // the SUMMARY line, without "SUMMARY: ThreadSanitizer: "
  bool truncated = false;     // the log ends (or the process's next report starts) inside it
  // Lines inside the report it could not place, as "line N: text" (the first few), and
  // how many there were.
  std::vector<std::string> unrecognised;
  unsigned unrecognised_count = 0;
};

}  // namespace hawk::audit
