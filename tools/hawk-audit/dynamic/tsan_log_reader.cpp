#include "dynamic/tsan_log_reader.h"

#include <map>
#include <optional>

#include <llvm/ADT/StringRef.h>

#include "dynamic/log_lines.h"

namespace hawk::audit {
namespace {

// "==1234==rest": the pid and the rest; else nullopt.
std::optional<long> take_pid_prefix(llvm::StringRef& line) {
  if (!line.starts_with("==")) return std::nullopt;
  const std::size_t end = line.find("==", 2);
  if (end == llvm::StringRef::npos || end == 2) return std::nullopt;
  long pid = 0;
  if (line.slice(2, end).getAsInteger(10, pid) || pid <= 0) return std::nullopt;
  line = line.drop_front(end + 2);
  return pid;
}

bool is_separator(llvm::StringRef line) {
  line = line.trim();
  return line.size() >= 10 && line.find_first_not_of('=') == llvm::StringRef::npos;
}

// The position of a report header in the line ("WARNING: ThreadSanitizer: ...", or
// "ERROR: ThreadSanitizer: ..." and "FATAL: ThreadSanitizer: ..." when the process dies),
// possibly after other output on the same line.
std::optional<std::size_t> header_at(llvm::StringRef line) {
  for (llvm::StringRef marker :
       {"WARNING: ThreadSanitizer: ", "ERROR: ThreadSanitizer: ", "FATAL: ThreadSanitizer: "}) {
    const std::size_t at = line.find(marker);
    if (at != llvm::StringRef::npos) return at;
  }
  return std::nullopt;
}

// "... (pid=42)" at the end of a header.
std::optional<long> header_pid(llvm::StringRef header) {
  header = header.rtrim();
  if (!header.consume_back(")")) return std::nullopt;
  const std::size_t at = header.rfind("(pid=");
  if (at == llvm::StringRef::npos) return std::nullopt;
  long pid = 0;
  if (header.drop_front(at + 5).getAsInteger(10, pid) || pid <= 0) return std::nullopt;
  return pid;
}

// "ThreadSanitizer: reported 3 warnings".
std::optional<unsigned> reported_count(llvm::StringRef line) {
  line = line.trim();
  if (!line.consume_front("ThreadSanitizer: reported ")) return std::nullopt;
  unsigned n = 0;
  if (!line.consume_back(" warnings") && !line.consume_back(" warning")) return std::nullopt;
  if (line.getAsInteger(10, n)) return std::nullopt;
  return n;
}

struct Stream {
  std::optional<std::size_t> open;  // index of its open block
  // A block without a SUMMARY line that a separator ended: complete, unless the very next
  // line of the stream is a header — then that separator opened the next report, and the
  // block was cut short (a process killed mid-report, another one's report after it).
  std::optional<std::size_t> maybe_cut;
  std::size_t reports = 0;
  std::optional<unsigned> reported;  // from its footer
  unsigned reported_line = 0;
  std::size_t dropped = 0;  // lines past kMaxBlockLines in its open block
};

class Reader {
 public:
  void line(unsigned number, const std::string& clean) {
    llvm::StringRef text(clean);
    const std::optional<long> prefix = take_pid_prefix(text);
    std::optional<std::size_t> header = header_at(text);
    const long before = current_;
    long pid = current_;
    if (prefix) pid = *prefix;
    else if (header) pid = header_pid(text.drop_front(*header)).value_or(current_);
    current_ = pid;
    Stream& stream = streams_[pid];

    if (header) {
      // The separator just before a header is that report's own (written by the same
      // process: the previous line without a prefix, or the last line with this one's).
      Stream& opened_by = prefix ? stream : streams_[before];
      if (opened_by.maybe_cut) log_.blocks[*opened_by.maybe_cut].closed = false;
      opened_by.maybe_cut.reset();
      close(stream, /*by_separator=*/false);
      TsanBlock block;
      const llvm::StringRef header_text = text.drop_front(*header).trim();
      block.pid = header_pid(header_text).value_or(prefix.value_or(0));
      block.line = number;
      block.header = header_text.str();
      stream.open = log_.blocks.size();
      ++stream.reports;
      log_.blocks.push_back(std::move(block));
      // "FATAL: ThreadSanitizer: ..." is all there is: the process stops right after it.
      if (header_text.starts_with("FATAL: ")) close(stream, /*by_separator=*/true);
      return;
    }
    if (is_separator(text)) {
      const std::optional<std::size_t> open = stream.open;
      close(stream, /*by_separator=*/true);
      stream.maybe_cut.reset();
      if (open && !log_.blocks[*open].has_summary) stream.maybe_cut = open;
      return;
    }
    if (!text.trim().empty()) stream.maybe_cut.reset();
    if (std::optional<unsigned> n = reported_count(text)) {
      close(stream, /*by_separator=*/false);
      stream.reported = *n;
      stream.reported_line = number;
      return;
    }
    if (text.trim().starts_with("ThreadSanitizer: CHECK failed")) {
      // The runtime's own assertion: the process stops, its remaining reports are lost.
      log_.problems.push_back({number, "ThreadSanitizer failed (" + text.trim().drop_front(17).str() + ")"});
      return;
    }
    if (!stream.open) return;  // the program's own output
    if (text.trim() == "ABORTING") {  // "==42==ABORTING": the end of an ERROR report
      close(stream, /*by_separator=*/true);
      return;
    }
    TsanBlock& block = log_.blocks[*stream.open];
    if (block.lines.size() >= kMaxBlockLines) {
      ++stream.dropped;
      return;
    }
    if (text.trim().starts_with("SUMMARY: ")) block.has_summary = true;
    block.lines.push_back({number, text.str()});
  }

  TsanLog finish(std::size_t lines, std::size_t replaced) {
    for (auto& [pid, stream] : streams_) {
      close(stream, /*by_separator=*/false);
      if (stream.reported && *stream.reported > stream.reports) {
        std::string who = pid ? "process " + std::to_string(pid) : std::string("the log");
        log_.problems.push_back(
            {stream.reported_line, "ThreadSanitizer reported " + std::to_string(*stream.reported) + " warning" +
                                       (*stream.reported == 1 ? "" : "s") + " for " + who + ", but only " +
                                       std::to_string(stream.reports) + " of them are in the log"});
      }
    }
    log_.lines = lines;
    log_.replaced_bytes = replaced;
    return std::move(log_);
  }

 private:
  void close(Stream& stream, bool by_separator) {
    if (!stream.open) return;
    TsanBlock& block = log_.blocks[*stream.open];
    // A SUMMARY line is the last line of a report: only the closing separator is missing.
    block.closed = by_separator || block.has_summary;
    if (stream.dropped) {
      log_.problems.push_back({block.line, "the report is longer than " + std::to_string(kMaxBlockLines) +
                                               " lines; the last " + std::to_string(stream.dropped) +
                                               " were not read"});
      stream.dropped = 0;
    }
    stream.open.reset();
  }

  TsanLog log_;
  std::map<long, Stream> streams_;
  long current_ = 0;
};

}  // namespace

TsanLog read_tsan_log(std::string_view text) {
  Reader reader;
  std::size_t lines = 0;
  std::size_t replaced = 0;
  for_each_log_line(
      text,
      [&](unsigned number, const std::string& line) {
        lines = number;
        reader.line(number, line);
      },
      &replaced);
  return reader.finish(lines, replaced);
}

}  // namespace hawk::audit
