#include "output/text_output.h"

#include <string>

namespace hawk::audit {
namespace {

// Clang's palette: bold for locations and messages, bold magenta "warning:", bold black
// "note:", bold red "error:". Colors go through raw_ostream so they vanish when disabled.
class Printer {
 public:
  Printer(llvm::raw_ostream& out, bool color) : out_(out), saved_(out.colors_enabled()) {
    out_.enable_colors(color);
  }
  ~Printer() { out_.enable_colors(saved_); }
  Printer(const Printer&) = delete;
  Printer& operator=(const Printer&) = delete;

  // `file:line:col: <label>: ` with the given label color; the message follows.
  void header(const std::string& file, unsigned line, unsigned column, const char* label,
              llvm::raw_ostream::Colors label_color) {
    out_.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
    out_ << file;
    if (line != 0) out_ << ':' << line;
    if (line != 0 && column != 0) out_ << ':' << column;
    out_ << ": ";
    out_.changeColor(label_color, true);
    out_ << label << ": ";
    out_.resetColor();
  }

  void bold(const std::string& text) {
    out_.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
    out_ << text;
    out_.resetColor();
  }

  llvm::raw_ostream& os() { return out_; }

 private:
  llvm::raw_ostream& out_;
  bool saved_;
};


// The call chain from the entry function down to an access, one note per step: each
// step is a call site, in the function that makes the call.
void print_via(Printer& p, const std::vector<ViaStep>& via) {
  for (const ViaStep& step : via) {
    p.header(step.file, step.line, 0, "note", llvm::raw_ostream::BLACK);
    p.os() << "called from '" << step.function << "' here\n";
  }
}

std::string where(const SourcePos& pos) {
  std::string file = pos.file;
  if (auto slash = file.rfind('/'); slash != std::string::npos) file = file.substr(slash + 1);
  return file + ":" + std::to_string(pos.line);
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// One finding and its notes: the warning, the call chain, each conflicting access.
void print_finding(Printer& p, const Finding& finding) {
  llvm::raw_ostream& out = p.os();
  const AccessReport& access = finding.access;
  // A dynamic report without a symbolized frame points at the report in its log.
  auto where = [&](const SourcePos& pos) {
    if (pos.file.empty() && !finding.origins.empty()) return SourcePos{finding.origins.front().log,
                                                                         finding.origins.front().line, 0};
    return pos;
  };
  const SourcePos at = where(access.pos);
  // A dynamic finding of a process that died (a crash under TSan) is an error.
  if (finding.severity == "error") p.header(at.file, at.line, at.column, "error", llvm::raw_ostream::RED);
  else p.header(at.file, at.line, at.column, "warning", llvm::raw_ostream::MAGENTA);
  std::string message = finding.message;
  if (finding.occurrences > 1) message += " (reported " + std::to_string(finding.occurrences) + " times)";
  p.bold(message + " [hawk-" + finding.check + "]");
  out << '\n';
  if (access.runs_on) {
    p.header(at.file, at.line, at.column, "note", llvm::raw_ostream::BLACK);
    out << "runs " << thread_text(*access.runs_on) << '\n';
  }
  print_via(p, access.via);
  for (const AccessReport& other : finding.conflicts) {
    const SourcePos other_at = where(other.pos);
    p.header(other_at.file, other_at.line, other_at.column, "note", llvm::raw_ostream::BLACK);
    if (!other.description.empty()) {
      out << other.description << " here";
      if (!other.function.empty()) {
        out << " (in " << other.function;
        if (other.runs_on) out << ", " << thread_text(*other.runs_on);
        out << ")";
      }
      out << '\n';
    } else {
      out << to_string(other.kind) << " of '" << finding.location_name << "' here, holding "
          << locks_text(other.locks) << " (in " << other.function;
      if (other.runs_on) out << ", " << thread_text(*other.runs_on);
      out << ")\n";
    }
    print_via(p, other.via);
  }
  if (!finding.mhp.empty()) {
    p.header(at.file, at.line, at.column, "note", llvm::raw_ostream::BLACK);
    out << "may happen in parallel: " << finding.mhp << " (confidence: " << finding.confidence << ")\n";
  }
  if (finding.location_details && !finding.location_details->file.empty() &&
      !finding.location_details->description.empty()) {
    const LocationDetails& details = *finding.location_details;
    p.header(details.file, details.line, 0, "note", llvm::raw_ostream::BLACK);
    out << details.description << '\n';
  }
}

}  // namespace

std::string thread_text(const ThreadReport& thread) {
  std::string text;
  if (thread.how == "main") {
    text = thread.root == "main" ? "on main" : "on the main thread (in " + thread.root + ")";
  } else if (thread.how == "unknown-callers") {
    text = "on unknown callers of public " + thread.root;
  } else if (thread.how == "executor") {
    text = "in " + thread.root + ", run by an executor";
    if (thread.started_at) text += " (posted at " + where(*thread.started_at) + ")";
  } else if (thread.how == "model") {
    text = "in " + thread.root + ", run by the library on its threads";
    if (thread.started_at) text += " (handed over at " + where(*thread.started_at) + ")";
  } else {
    text = "on the thread of " + thread.root;
    if (thread.started_at) text += " started at " + where(*thread.started_at);
  }
  if (thread.multiplicity == "many") text += ", many at once";
  return text;
}

std::string locks_text(const std::vector<HeldLock>& locks) {
  if (locks.empty()) return "no lock";
  std::string text;
  for (const HeldLock& held : locks) {
    if (!text.empty()) text += ", ";
    text += held.lock;
    if (held.shared) text += " (shared)";
  }
  return text;
}

void print_finding(const Finding& finding, llvm::raw_ostream& out, bool color) {
  Printer p(out, color);
  print_finding(p, finding);
}

void print_text(const AuditResult& result, llvm::raw_ostream& out, bool color) {
  Printer p(out, color);
  std::size_t shown = 0;
  std::size_t suppressed = 0;
  for (const Finding& finding : result.findings) {
    if (finding.suppressed) {
      ++suppressed;
      continue;
    }
    ++shown;
    print_finding(p, finding);
  }
  for (const CaptureError& error : result.errors) {
    p.header(error.file, 0, 0, "error", llvm::raw_ostream::RED);
    p.bold(error.message);
    out << '\n';
  }
  // N counts the findings printed above; suppressed ones are only counted.
  out << plural(shown, "finding") << " (" << suppressed << " suppressed) in "
      << (result.stats.logs ? plural(*result.stats.logs, "log")
                            : plural(result.stats.translation_units, "translation unit"));
  if (result.stats.hidden > 0)
    out << "; " << result.stats.hidden << " more in files the selection leaves out (--header-filter, the files named, "
        << "--source-root)";
  out << '\n';
}

}  // namespace hawk::audit
