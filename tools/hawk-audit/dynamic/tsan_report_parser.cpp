#include "dynamic/tsan_report_parser.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Regex.h>

#include "dynamic/stack_frame_line.h"

namespace hawk::audit {
namespace {

using llvm::StringRef;

// "main thread" -> "main thread"; "thread T12" -> "T12".
std::string thread_name(StringRef text) {
  text = text.trim();
  if (text.consume_front("thread ")) return text.str();
  return text.str();
}

std::uint64_t number(StringRef text, unsigned radix = 10) {
  std::uint64_t value = 0;
  if (radix == 16) text.consume_front("0x");
  if (text.getAsInteger(radix, value)) return 0;
  return value;
}

// " (mutexes: write M0, read M1)" -> {M0, M1 (shared)}.
std::vector<HeldLock> mutex_set(StringRef text) {
  std::vector<HeldLock> out;
  llvm::SmallVector<StringRef> items;
  text.split(items, ',');
  for (StringRef item : items) {
    item = item.trim();
    bool shared = false;
    if (item.consume_front("read ")) shared = true;
    else item.consume_front("write ");
    item = item.trim();
    if (!item.empty()) out.push_back({item.str(), shared});
  }
  return out;
}

const std::string kThread = "(main thread|thread T[0-9]+)";
const std::string kAddress = "(0x[0-9a-fA-F]+)";

class Parser {
 public:
  Parser(const TsanBlock& block, std::string_view log_name) {
    report_.log = std::string(log_name);
    report_.line = block.line;
    report_.pid = block.pid;
    title(block.header);
    // A process that died ("ERROR:", "FATAL:") may say no more than its header.
    report_.truncated = !block.closed && !report_.fatal;
  }

  void line(const LogLine& log_line) {
    const StringRef text = StringRef(log_line.text).trim();
    if (text.empty()) {
      // A blank line ends a stack (TSan prints one after each); a heading waits for its frames.
      if (target_ && (!target_->frames.empty() || target_->failed)) target_ = nullptr;
      return;
    }
    if (std::optional<FrameLine> frame = parse_frame_line(text)) return add_frame(*frame);
    if (text == "[failed to restore the stack]") {
      stack_for_frames(/*index=*/0).failed = true;
      target_ = nullptr;
      return;
    }
    if (text.starts_with("SUMMARY: ")) {
      StringRef summary = text.drop_front(9);
      summary.consume_front("ThreadSanitizer: ");
      report_.summary = summary.str();
      target_ = nullptr;
      return;
    }
    if (access(text) || location(text) || mutex(text) || thread(text) || misc(text)) return;
    ++report_.unrecognised_count;
    if (report_.unrecognised.size() < kMaxUnrecognisedKept) {
      // Quoted, and short: a line of garbage can be 16 KiB.
      std::string shown = text.take_front(kMaxUnrecognisedShown).str();
      if (text.size() > kMaxUnrecognisedShown) shown += "...";
      report_.unrecognised.push_back("line " + std::to_string(log_line.number) + ": '" + shown + "'");
    }
    target_ = nullptr;  // whatever follows is not the previous stack's
  }

  TsanReport finish() { return std::move(report_); }

 private:
  void title(StringRef header) {
    StringRef text = header.trim();
    if (text.consume_front("ERROR: ") || text.consume_front("FATAL: ")) report_.fatal = true;
    else text.consume_front("WARNING: ");
    text.consume_front("ThreadSanitizer: ");
    text = text.rtrim();
    if (text.ends_with(")")) {
      const std::size_t pid = text.rfind(" (pid=");
      if (pid != StringRef::npos) text = text.take_front(pid);
    }
    report_.title = text.str();
  }

  // The stack a frame goes to: the current heading's, or a new stack of the report's own
  // when there is none or a new stack (#0) starts where one already has frames.
  TsanStack& stack_for_frames(unsigned index) {
    if (target_ && (target_->frames.empty() || index != 0) && !target_->failed) return *target_;
    report_.stacks.push_back({pending_heading_, {}});
    pending_heading_.clear();
    target_ = &report_.stacks.back().stack;
    return *target_;
  }

  void add_frame(const FrameLine& frame) { stack_for_frames(frame.index).frames.push_back(frame.frame); }

  // "Write of size 4 at 0x... by thread T1 (mutexes: write M0):", "Previous atomic read ...",
  // and for external objects "Modifying access of MyType at 0x... by main thread:".
  bool access(StringRef text) {
    static const llvm::Regex plain("^(Previous )?(Atomic |atomic )?(Read|read|Write|write) of size ([0-9]+) at " +
                                   kAddress + " by " + kThread + "( \\(mutexes: ([^)]*)\\))?:?$");
    static const llvm::Regex external("^(Previous )?(Modifying|modifying|Read-only|read-only) access of (.*) at " +
                                      kAddress + " by " + kThread + "( \\(mutexes: ([^)]*)\\))?:?$");
    llvm::SmallVector<StringRef, 9> m;
    TsanAccess access;
    if (plain.match(text, &m)) {
      access.previous = !m[1].empty();
      access.atomic = !m[2].empty();
      access.write = m[3].equals_insensitive("write");
      access.size = static_cast<unsigned>(number(m[4]));
      access.thread = thread_name(m[6]);
      access.mutexes = mutex_set(m[8]);
    } else if (external.match(text, &m)) {
      access.previous = !m[1].empty();
      access.write = m[2].equals_insensitive("modifying");
      access.object = m[3].str();
      access.thread = thread_name(m[5]);
      access.mutexes = mutex_set(m[7]);
    } else {
      return false;
    }
    report_.accesses.push_back(std::move(access));
    target_ = &report_.accesses.back().stack;
    return true;
  }

  bool location(StringRef text) {
    if (!text.starts_with("Location is ")) return false;
    static const llvm::Regex global("^Location is global '(.*)' (of size ([0-9]+) )?at " + kAddress +
                                    " \\((.*)\\+(0x[0-9a-fA-F]+)\\)$");
    static const llvm::Regex heap("^Location is (.+) of size ([0-9]+) at " + kAddress + " allocated by " + kThread +
                                  ":?$");
    static const llvm::Regex stack("^Location is (stack|TLS) of " + kThread + "\\.?$");
    static const llvm::Regex fd("^Location is file descriptor (-?[0-9]+) (.*)by " + kThread + "( at)?:?$");
    llvm::SmallVector<StringRef, 7> m;
    TsanLocation loc;
    loc.text = text.str();
    target_ = nullptr;
    if (global.match(text, &m)) {
      loc.kind = TsanLocationKind::Global;
      loc.name = m[1].str();
      loc.size = number(m[3]);
      loc.module = m[5].str();
      loc.module_offset = number(m[6], 16);
    } else if (heap.match(text, &m)) {
      loc.kind = TsanLocationKind::Heap;
      if (m[1] != "heap block") loc.name = m[1].str();  // an external object's type
      loc.size = number(m[2]);
      loc.thread = thread_name(m[4]);
    } else if (stack.match(text, &m)) {
      loc.kind = m[1] == "stack" ? TsanLocationKind::Stack : TsanLocationKind::Tls;
      loc.thread = thread_name(m[2]);
    } else if (fd.match(text, &m)) {
      loc.kind = TsanLocationKind::FileDescriptor;
      loc.fd = static_cast<int>(number(m[1].trim()));
      loc.thread = thread_name(m[3]);
    }
    report_.locations.push_back(std::move(loc));
    // Heap blocks and file descriptors are followed by the stack that made them.
    const TsanLocationKind kind = report_.locations.back().kind;
    if (kind == TsanLocationKind::Heap || kind == TsanLocationKind::FileDescriptor || text.ends_with(":")) {
      target_ = &report_.locations.back().stack;
    }
    return true;
  }

  TsanMutex& mutex_named(StringRef id) {
    for (TsanMutex& mutex : report_.mutexes)
      if (mutex.id == id) return mutex;
    report_.mutexes.push_back({id.str(), false, {}});
    return report_.mutexes.back();
  }

  bool mutex(StringRef text) {
    static const llvm::Regex created("^Mutex (M[0-9]+)( \\(" + kAddress + "\\))? created at:?$");
    static const llvm::Regex destroyed("^Mutex (M[0-9]+)( \\(" + kAddress + "\\))? is already destroyed\\.?$");
    static const llvm::Regex edge("^Mutex (M[0-9]+) acquired here while holding mutex (M[0-9]+) in " + kThread +
                                  ":?$");
    static const llvm::Regex previously("^Mutex (M[0-9]+) previously acquired by the same thread here:?$");
    static const llvm::Regex cycle("^Cycle in lock order graph: (.*)$");
    llvm::SmallVector<StringRef, 5> m;
    if (created.match(text, &m)) {
      target_ = &mutex_named(m[1]).created;
    } else if (destroyed.match(text, &m)) {
      mutex_named(m[1]).destroyed = true;
      target_ = nullptr;
    } else if (edge.match(text, &m)) {
      report_.edges.push_back({m[1].str(), m[2].str(), thread_name(m[3]), {}, {}, false});
      target_ = &report_.edges.back().stack;
    } else if (previously.match(text, &m)) {
      // Belongs to the edge just printed, whose held mutex it is.
      if (report_.edges.empty() || report_.edges.back().has_held_stack || report_.edges.back().held != m[1]) {
        report_.edges.push_back({"", m[1].str(), "", {}, {}, false});
      }
      report_.edges.back().has_held_stack = true;
      target_ = &report_.edges.back().held_stack;
    } else if (cycle.match(text, &m)) {
      // "M0 (0x...) => M1 (0x...) => M0": the mutexes in order, the first once.
      llvm::SmallVector<StringRef> parts;
      m[1].split(parts, "=>");
      for (StringRef part : parts) {
        const StringRef id = part.trim().take_until([](char c) { return c == ' '; });
        if (id.starts_with("M") && (report_.cycle.empty() || report_.cycle.front() != id)) {
          report_.cycle.push_back(id.str());
        }
      }
      target_ = nullptr;
    } else {
      return false;
    }
    return true;
  }

  // "Thread T1 'worker' (tid=123, running) created by main thread at:", or "... is a GCD
  // worker thread".
  bool thread(StringRef text) {
    if (!text.starts_with("Thread T")) return false;
    StringRef rest = text.drop_front(7);
    TsanThread thread;
    thread.id = rest.take_until([](char c) { return c == ' '; }).str();
    rest = rest.drop_front(thread.id.size()).ltrim();
    const std::size_t tid = rest.rfind("(tid=");
    if (tid == StringRef::npos) return false;
    StringRef name = rest.take_front(tid).trim();
    if (name.size() >= 2 && name.front() == '\'' && name.back() == '\'') thread.name = name.drop_front().drop_back().str();
    rest = rest.drop_front(tid);
    const std::size_t close = rest.find(')');
    if (close != StringRef::npos) {
      const StringRef inside = rest.slice(5, close);  // "123, running"
      thread.status = inside.split(',').second.trim().str();
      rest = rest.drop_front(close + 1).trim();
    }
    if (rest.consume_front("created by ")) {
      rest.consume_back(":");
      rest.consume_back(" at");
      thread.created_by = thread_name(rest);
    }
    report_.threads.push_back(std::move(thread));
    target_ = &report_.threads.back().created;
    return true;
  }

  // Headings of the report's own stacks, hints and counts.
  bool misc(StringRef text) {
    static const llvm::Regex more("^And ([0-9]+) more similar thread leaks?\\.?$");
    llvm::SmallVector<StringRef, 2> m;
    if (text == "and:" || text.starts_with("As if synchronized via sleep") || text.starts_with("Signal ")) {
      pending_heading_ = text.rtrim(':').str();
      target_ = nullptr;
      return true;
    }
    if (text.starts_with("Hint: ")) return true;
    if (more.match(text, &m)) {
      report_.more_similar += static_cast<unsigned>(number(m[1]));
      target_ = nullptr;
      return true;
    }
    // ERROR reports (a crash under TSan) say more on lines of their own.
    if (report_.fatal && (text.starts_with("The signal is caused by") || text.starts_with("Hint:") ||
                          text.starts_with("ABORTING") || text.starts_with("Register values") ||
                          text.starts_with("ThreadSanitizer can not provide additional info"))) {
      return true;
    }
    return false;
  }

  TsanReport report_;
  TsanStack* target_ = nullptr;  // where the next frames go
  std::string pending_heading_;  // the heading of the next stack of the report's own
};

}  // namespace

TsanReport parse_tsan_report(const TsanBlock& block, std::string_view log_name) {
  Parser parser(block, log_name);
  for (const LogLine& line : block.lines) parser.line(line);
  return parser.finish();
}

}  // namespace hawk::audit
