#include "report/stress_results.h"

#include <cstdlib>
#include <map>

#include <llvm/ADT/StringRef.h>

#include "report/input_file.h"

namespace hawk::audit::report {
namespace {

// How much of a failed test's output the report keeps (its end: where TSan's summary is).
constexpr std::size_t kOutputTail = 6000;

// XML character references back to text (the five named ones and numeric ones).
std::string xml_unescape(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    out += text.substr(0, amp).str();
    if (amp == llvm::StringRef::npos) break;
    text = text.substr(amp);
    const std::size_t semi = text.find(';');
    const llvm::StringRef entity = semi == llvm::StringRef::npos ? llvm::StringRef() : text.slice(1, semi);
    static const std::map<std::string, std::string, std::less<>> named = {
        {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}};
    unsigned long code = 0;
    if (auto it = named.find(entity); it != named.end()) {
      out += it->second;
    } else if (entity.starts_with("#x") && !entity.drop_front(2).getAsInteger(16, code) && code < 0x110000) {
      out += code < 0x80 ? std::string(1, static_cast<char>(code)) : std::string("\xEF\xBF\xBD");
    } else if (entity.starts_with("#") && !entity.drop_front(1).getAsInteger(10, code) && code < 0x110000) {
      out += code < 0x80 ? std::string(1, static_cast<char>(code)) : std::string("\xEF\xBF\xBD");
    } else {
      out += '&';
      text = text.drop_front();
      continue;
    }
    text = text.drop_front(semi + 1);
  }
  return out;
}

// The attributes of a start tag's text (after its name, up to `>`).
std::map<std::string, std::string> attributes(llvm::StringRef tag) {
  std::map<std::string, std::string> out;
  while (true) {
    tag = tag.ltrim();
    const std::size_t eq = tag.find('=');
    if (eq == llvm::StringRef::npos) break;
    const std::string name = tag.substr(0, eq).trim().str();
    tag = tag.drop_front(eq + 1).ltrim();
    if (tag.empty() || (tag.front() != '"' && tag.front() != '\'')) break;
    const char quote = tag.front();
    const std::size_t end = tag.find(quote, 1);
    if (end == llvm::StringRef::npos) break;
    out[name] = xml_unescape(tag.slice(1, end));
    tag = tag.drop_front(end + 1);
  }
  return out;
}

// The text of the first <name ...>text</name> or the `message` of <name message=.../> in
// `body`; `found` says whether the element is there at all.
std::string element(llvm::StringRef body, llvm::StringRef name, bool& found, bool want_message) {
  const std::size_t open = body.find(("<" + name).str());
  found = open != llvm::StringRef::npos;
  if (!found) return {};
  llvm::StringRef rest = body.drop_front(open + 1 + name.size());
  const std::size_t tag_end = rest.find('>');
  if (tag_end == llvm::StringRef::npos) return {};
  const llvm::StringRef tag = rest.substr(0, tag_end);
  if (want_message) return attributes(tag.rtrim('/'))["message"];
  if (tag.ends_with("/")) return {};
  rest = rest.drop_front(tag_end + 1);
  const std::size_t close = rest.find(("</" + name + ">").str());
  return xml_unescape(rest.substr(0, close));
}

}  // namespace

std::string stress_test_module(const std::string& test_name) {
  llvm::StringRef name = test_name;
  if (name.consume_front("stress.")) return name.str();
  if (name.ends_with("_stress")) return name.drop_back(7).str();
  const std::size_t at = name.find("_stress.");  // a test case of the harness: <module>_stress.<case>
  if (at != llvm::StringRef::npos) return name.substr(0, at).str();
  return {};
}

const char* to_string(StressOutcome outcome) {
  switch (outcome) {
    case StressOutcome::Passed: return "pass";
    case StressOutcome::Failed: return "fail";
    case StressOutcome::NotRun: break;
  }
  return "not run";
}

std::optional<StressOutcome> module_outcome(const StressResults& results, const std::string& module) {
  bool any = false, failed = false, passed = false;
  for (const StressTest& test : results.tests) {
    if (test.module != module) continue;
    any = true;
    failed = failed || test.outcome == StressOutcome::Failed;
    passed = passed || test.outcome == StressOutcome::Passed;
  }
  if (!any) return std::nullopt;
  return failed ? StressOutcome::Failed : passed ? StressOutcome::Passed : StressOutcome::NotRun;
}

llvm::Expected<StressResults> parse_stress_junit(const std::string& xml, const std::string& path) {
  llvm::StringRef text = xml;
  if (!text.contains("<testsuite"))
    return llvm::createStringError(path + ": not a JUnit XML file (no <testsuite>); write one with "
                                          "`ctest --output-junit FILE`");
  StressResults results;
  results.path = path;
  for (std::size_t at = text.find("<testcase"); at != llvm::StringRef::npos; at = text.find("<testcase", at + 1)) {
    llvm::StringRef rest = text.drop_front(at + 9);
    const std::size_t tag_end = rest.find('>');
    if (tag_end == llvm::StringRef::npos) return llvm::createStringError(path + ": a <testcase> tag is cut short");
    llvm::StringRef tag = rest.substr(0, tag_end);
    const bool self_closing = tag.ends_with("/");
    auto attrs = attributes(tag.rtrim('/'));
    llvm::StringRef body;
    if (!self_closing) {
      rest = rest.drop_front(tag_end + 1);
      body = rest.substr(0, rest.find("</testcase>"));
    }
    StressTest test;
    test.name = attrs["name"];
    test.module = stress_test_module(test.name);
    if (test.module.empty()) continue;
    test.seconds = std::strtod(attrs["time"].c_str(), nullptr);
    bool failure = false, error = false, skipped = false;
    std::string failure_message = element(body, "failure", failure, true);
    std::string error_message = element(body, "error", error, true);
    std::string skip_message = element(body, "skipped", skipped, true);
    const std::string& status = attrs["status"];
    if (failure || error || status == "fail") {
      test.outcome = StressOutcome::Failed;
      test.why = failure ? failure_message : error_message;
      bool has_output = false;
      std::string output = element(body, "system-out", has_output, false);
      if (output.size() > kOutputTail) output = "..." + output.substr(output.size() - kOutputTail);
      test.output = std::move(output);
    } else if (skipped || status == "notrun" || status == "disabled") {
      test.outcome = StressOutcome::NotRun;
      test.why = skipped ? skip_message : status;
    } else {
      test.outcome = StressOutcome::Passed;
    }
    results.tests.push_back(std::move(test));
  }
  return results;
}

llvm::Expected<StressResults> load_stress_results(const std::string& path) {
  auto text = read_input_file(path, "stress results");
  if (!text) return text.takeError();
  return parse_stress_junit(*text, path);
}

}  // namespace hawk::audit::report
