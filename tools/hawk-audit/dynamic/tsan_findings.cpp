#include "dynamic/tsan_findings.h"

#include <algorithm>
#include <optional>

#include <llvm/ADT/StringExtras.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/xxhash.h>

namespace hawk::audit {
namespace {

using llvm::StringRef;

// 16 hex digits, as the static checker's ids (link/finding_id.h).
std::string hash_parts(const std::vector<std::string>& parts) {
  std::string joined;
  for (const std::string& part : parts) {
    joined += part;
    joined.push_back('\0');
  }
  std::string hex = llvm::utohexstr(llvm::xxh3_64bits(StringRef(joined)), /*LowerCase=*/true);
  return std::string(16 - std::min<std::size_t>(16, hex.size()), '0') + hex;
}

// A title without what changes from run to run: "SEGV on unknown address 0x0000 (pc 0x4f2a
// bp ... T1)" -> "SEGV on unknown address 0x".
std::string stable_title(StringRef title) {
  const std::size_t pc = title.find(" (pc ");
  if (pc != StringRef::npos) title = title.take_front(pc);
  std::string out;
  for (std::size_t i = 0; i < title.size(); ++i) {
    if (title.substr(i).starts_with("0x")) {
      out += "0x";
      i += 2;
      while (i < title.size() && llvm::isHexDigit(title[i])) ++i;
      --i;
      continue;
    }
    out.push_back(title[i]);
  }
  return out;
}

// The title for people: a crash's registers left out.
std::string shown_title(StringRef title) { return title.take_front(title.find(" (pc ")).str(); }

std::string thread_text(const std::string& thread) {
  if (thread.empty()) return "an unknown thread";
  return thread == "main thread" ? thread : "thread " + thread;
}

std::string basename(const std::string& file) {
  return llvm::sys::path::filename(file, llvm::sys::path::Style::posix).str();
}

class Builder {
 public:
  Builder(const TsanReport& report, const ProjectFrames& frames) : report_(report), frames_(frames) {
    out_.finding.check = std::string(tsan_check_for(report.title));
    out_.finding.severity = report.fatal ? "error" : "warning";
    out_.finding.occurrences = 1 + report.more_similar;
    out_.finding.origins.push_back({report.log, report.line, report.pid});
    out_.finding.incomplete = report.truncated || report.unrecognised_count != 0;
    out_.finding.location_details = LocationDetails{};
    out_.finding.location_details->kind = "unknown";
  }

  TsanFinding build() {
    objects();
    const std::string& check = out_.finding.check;
    if (check == kTsanLockOrderInversion) lock_order();
    else if (check == kTsanThreadLeak) thread_leak();
    else if (!report_.accesses.empty()) race();
    else misuse_or_other();
    if (check == kTsanMutexMisuse || check == kTsanOther) keys_.push_back("kind:" + stable_title(report_.title));
    std::sort(keys_.begin(), keys_.end());
    out_.id_parts.push_back(check);
    out_.id_parts.insert(out_.id_parts.end(), keys_.begin(), keys_.end());
    out_.partial = out_.finding.incomplete || std::find(keys_.begin(), keys_.end(), "?") != keys_.end();
    out_.finding.id = hash_parts(out_.id_parts);
    return std::move(out_);
  }

 private:
  // The stack as an access report: its project frame is the position.
  AccessReport at(const TsanStack& stack) const {
    AccessReport access;
    access.stack = stack.frames;
    access.stack_unavailable = stack.failed;
    access.kind = AccessKind::Write;
    if (std::optional<std::size_t> i = frames_.pick(stack.frames)) {
      const StackFrame& frame = stack.frames[*i];
      access.pos = {frame.file, frame.line, frame.column};
      access.function = frame.function;
    }
    return access;
  }

  std::string key(const TsanStack& stack) const {
    if (std::optional<std::size_t> i = frames_.pick(stack.frames)) return frames_.key(stack.frames[*i]);
    return "?";
  }

  // " in bump() (counter.cpp:3)", or "" when the stack says nothing.
  static std::string where(const AccessReport& access) {
    std::string text;
    if (!access.function.empty()) text += " in " + access.function;
    if (!access.pos.file.empty()) {
      text += " (" + basename(access.pos.file);
      if (access.pos.line) text += ":" + std::to_string(access.pos.line);
      text += ")";
    }
    return text;
  }

  void objects() {
    for (const TsanMutex& mutex : report_.mutexes) {
      out_.finding.mutexes.push_back(
          {mutex.id, "mutex " + mutex.id + (mutex.destroyed ? ", already destroyed" : " created here"),
           mutex.created.frames});
    }
    for (const TsanThread& thread : report_.threads) {
      std::string text = "thread " + thread.id;
      if (!thread.name.empty()) text += " '" + thread.name + "'";
      if (!thread.status.empty()) text += " (" + thread.status + ")";
      if (!thread.created_by.empty()) text += " created by " + thread_text(thread.created_by);
      out_.finding.threads.push_back({thread.id, text, thread.created.frames});
    }
  }

  AccessReport access_report(const TsanAccess& access) const {
    AccessReport out = at(access.stack);
    out.kind = access.atomic ? (access.write ? AccessKind::AtomicWrite : AccessKind::AtomicRead)
                             : (access.write ? AccessKind::Write : AccessKind::Read);
    out.thread = access.thread;
    out.size = access.size;
    out.locks = access.mutexes;
    std::string text = access.previous ? "previous " : "";
    if (access.atomic) text += "atomic ";
    text += access.write ? "write" : "read";
    text += access.object.empty() ? " of size " + std::to_string(access.size) : " access of " + access.object;
    out.description = text + " by " + thread_text(access.thread);
    return out;
  }

  // The location the report describes, as the finding's location; a phrase for messages.
  std::string location() {
    const TsanLocation* chosen = nullptr;
    for (const TsanLocation& loc : report_.locations) {
      // TSan may add a bogus "global '??' ... ([stack]+0x...)" after the real location.
      if (loc.kind == TsanLocationKind::Global && (loc.name.empty() || loc.name == "??") && chosen) continue;
      if (!chosen || (chosen->kind == TsanLocationKind::Global && chosen->name == "??")) chosen = &loc;
    }
    if (!chosen) return "";
    Finding& f = out_.finding;
    LocationDetails& details = *f.location_details;
    details.size = chosen->size;
    details.thread = chosen->thread;
    details.stack = chosen->stack.frames;
    switch (chosen->kind) {
      case TsanLocationKind::Global:
        f.location_name = chosen->name;
        f.location_kind = LocationKind::Global;
        details.kind = "global";
        details.file = chosen->decl_file;
        details.line = chosen->decl_line;
        details.description = "'" + chosen->name + "' declared here";
        return "global '" + chosen->name + "'";
      case TsanLocationKind::Heap: {
        details.kind = "heap";
        const AccessReport alloc = at(chosen->stack);
        details.file = alloc.pos.file;
        details.line = alloc.pos.line;
        const std::string what =
            (chosen->name.empty() ? std::string("heap block") : chosen->name) + " of size " + std::to_string(chosen->size);
        f.location_name = chosen->name;
        details.description = what + " allocated here by " + thread_text(chosen->thread) +
                              (alloc.function.empty() ? "" : " (in " + alloc.function + ")");
        const std::string made = where(alloc);
        return "a " + what + (made.empty() ? "" : " allocated" + made);
      }
      case TsanLocationKind::Stack:
        details.kind = "stack";
        return "the stack of " + thread_text(chosen->thread);
      case TsanLocationKind::Tls:
        details.kind = "tls";
        return "thread-local storage of " + thread_text(chosen->thread);
      case TsanLocationKind::FileDescriptor: {
        details.kind = "fd";
        f.location_name = "file descriptor " + std::to_string(chosen->fd);
        const AccessReport made = at(chosen->stack);
        details.file = made.pos.file;
        details.line = made.pos.line;
        details.description = f.location_name + " created here";
        return f.location_name;
      }
      case TsanLocationKind::Other:
        details.kind = "other";
        details.description = chosen->text;
        return StringRef(chosen->text).drop_front(12).str();  // after "Location is "
    }
    return "";
  }

  void race() {
    Finding& f = out_.finding;
    f.access = access_report(report_.accesses.front());
    for (std::size_t i = 1; i < report_.accesses.size(); ++i) f.conflicts.push_back(access_report(report_.accesses[i]));
    // Two accesses: a race is the pair, whichever TSan saw first.
    for (std::size_t i = 0; i < report_.accesses.size() && i < 2; ++i) keys_.push_back(key(report_.accesses[i].stack));
    const std::string on = location();
    std::string message =
        shown_title(report_.title) + (on.empty() ? "" : " on " + on) + ": " + f.access.description + where(f.access);
    for (const AccessReport& other : f.conflicts) message += ", and " + other.description + where(other);
    f.message = message;
  }

  void lock_order() {
    Finding& f = out_.finding;
    std::string name;
    for (const std::string& mutex : report_.cycle) name += mutex + " -> ";
    if (!report_.cycle.empty()) name += report_.cycle.front();
    f.location_name = name;
    f.location_details->kind = "lock-order";
    std::vector<AccessReport> reports;
    std::string edges;
    for (const TsanLockEdge& edge : report_.edges) {
      if (!edge.acquired.empty()) {
        AccessReport acquire = at(edge.stack);
        acquire.locks = {HeldLock{edge.held, false}};
        acquire.thread = edge.thread;
        acquire.description = "mutex " + edge.acquired + " acquired while holding " + edge.held + " by " +
                              thread_text(edge.thread);
        edges += std::string(edges.empty() ? "" : ", and ") + edge.acquired + " acquired while holding " + edge.held +
                 where(acquire);
        keys_.push_back(key(edge.stack));
        reports.push_back(std::move(acquire));
      }
      if (edge.has_held_stack) {
        AccessReport held = at(edge.held_stack);
        held.thread = edge.thread;
        held.description = "mutex " + edge.held + " previously acquired by the same thread";
        reports.push_back(std::move(held));
      }
    }
    if (!reports.empty()) {
      f.access = reports.front();
      f.conflicts.assign(reports.begin() + 1, reports.end());
    }
    f.message = "lock-order inversion (potential deadlock)" + (name.empty() ? "" : " of " + name) +
                (edges.empty() ? "" : ": " + edges) + "; threads doing both can deadlock";
  }

  void thread_leak() {
    Finding& f = out_.finding;
    f.location_details->kind = "thread";
    std::string leaked = "a thread";
    if (!report_.threads.empty()) {
      const TsanThread& thread = report_.threads.front();
      f.access = at(thread.created);
      f.access.thread = thread.id;
      leaked = "thread " + thread.id;
      f.access.description = leaked + " created here, never joined or detached";
      f.location_name = thread.id;
      keys_.push_back(key(thread.created));
    } else if (!report_.stacks.empty()) {
      f.access = at(report_.stacks.front().stack);
      keys_.push_back(key(report_.stacks.front().stack));
    }
    f.message = "thread leak: " + leaked + " created" + where(f.access) + " was never joined or detached";
    if (report_.more_similar) f.message += " (and " + std::to_string(report_.more_similar) + " more like it)";
  }

  // Mutex misuse and the rest: the report's own first stack is where it happened.
  void misuse_or_other() {
    Finding& f = out_.finding;
    const TsanStack* site = nullptr;
    for (const TsanNamedStack& named : report_.stacks) {
      if (!site) {
        site = &named.stack;
        continue;
      }
      AccessReport other = at(named.stack);
      const bool destroy = StringRef(report_.title).starts_with("destroy of a locked mutex");
      other.description = named.heading == "and" ? (destroy ? "the mutex was locked" : "and")
                                                 : StringRef(named.heading).lower();
      f.conflicts.push_back(std::move(other));
    }
    if (!site && !report_.mutexes.empty()) site = &report_.mutexes.front().created;
    if (!site && !report_.threads.empty()) site = &report_.threads.front().created;
    if (site) {
      f.access = at(*site);
      keys_.push_back(key(*site));
    }
    f.access.description = shown_title(report_.title);
    const std::string on = location();
    std::string mutexes;
    for (const TsanMutex& mutex : report_.mutexes) mutexes += (mutexes.empty() ? "" : ", ") + mutex.id;
    f.message = shown_title(report_.title) + (mutexes.empty() ? "" : " (" + mutexes + ")") +
                (on.empty() ? "" : " on " + on) + where(f.access);
  }

  const TsanReport& report_;
  const ProjectFrames& frames_;
  TsanFinding out_;
  std::vector<std::string> keys_;
};

// `part` ⊆ `whole` as multisets, ignoring unknown frames ("?") in `part`, which must know
// at least one frame: a report with none says nothing about which finding it is.
bool covered_by(const std::vector<std::string>& part, std::vector<std::string> whole) {
  if (part.empty() || whole.empty() || part.front() != whole.front()) return false;
  bool known = false;
  for (std::size_t i = 1; i < part.size(); ++i) {
    if (part[i] == "?") continue;
    auto it = std::find(whole.begin() + 1, whole.end(), part[i]);
    if (it == whole.end()) return false;
    *it = "\x01";  // used
    known = known || !StringRef(part[i]).starts_with("kind:");
  }
  return known;
}

}  // namespace

std::string_view tsan_check_for(std::string_view title) {
  const StringRef t(title);
  if (t == "data race" || t.starts_with("data race (")) return kTsanDataRace;
  if (t.starts_with("lock-order-inversion")) return kTsanLockOrderInversion;
  if (t.starts_with("thread leak")) return kTsanThreadLeak;
  for (StringRef misuse : {"unlock of an unlocked mutex", "destroy of a locked mutex", "double lock of a mutex",
                           "use of an invalid mutex", "read lock of a write locked mutex",
                           "read unlock of a write locked mutex", "mutex held in the wrong context"}) {
    if (t.starts_with(misuse)) return kTsanMutexMisuse;
  }
  return kTsanOther;
}

TsanFinding tsan_finding(const TsanReport& report, const ProjectFrames& frames) {
  return Builder(report, frames).build();
}

TsanFindingSet::Group TsanFindingSet::group_of(TsanFinding finding) {
  Group group;
  for (const ReportOrigin& origin : finding.finding.origins) group.origins.emplace_back(added_++, origin);
  group.occurrences = finding.finding.occurrences;
  group.first = std::move(finding);
  return group;
}

void TsanFindingSet::add(TsanFinding finding) {
  auto [it, inserted] = by_id_.try_emplace(finding.finding.id, groups_.size());
  Group group = group_of(std::move(finding));
  if (inserted) groups_.push_back(std::move(group));
  else fold(groups_[it->second], group);
}

void TsanFindingSet::fold(Group& into, Group& from) {
  into.occurrences += from.occurrences;
  into.origins.insert(into.origins.end(), from.origins.begin(), from.origins.end());
  // A whole report describes the finding better than a partial one.
  if (into.first.partial && !from.first.partial) std::swap(into.first, from.first);
  from.folded = true;
}

std::vector<Finding> TsanFindingSet::take() {
  // A partial report (one access read, the other lost or never restored) folds into a
  // whole finding whose frames include all it has.
  for (Group& partial : groups_) {
    if (partial.folded || !partial.first.partial) continue;
    for (Group& whole : groups_) {
      if (&whole == &partial || whole.folded || whole.first.partial) continue;
      if (covered_by(partial.first.id_parts, whole.first.id_parts)) {
        fold(whole, partial);
        break;
      }
    }
  }
  std::vector<Finding> out;
  for (Group& group : groups_) {
    if (group.folded) continue;
    Finding finding = std::move(group.first.finding);
    finding.occurrences = group.occurrences;
    std::sort(group.origins.begin(), group.origins.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    finding.origins.clear();
    for (std::size_t i = 0; i < group.origins.size() && i < kMaxOrigins; ++i)
      finding.origins.push_back(group.origins[i].second);
    out.push_back(std::move(finding));
  }
  groups_.clear();
  by_id_.clear();
  return out;
}

}  // namespace hawk::audit
