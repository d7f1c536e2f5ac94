// main() of every stress harness: makes sure ThreadSanitizer can write its log where
// TSAN_OPTIONS says (log_path=DIR/name, to which TSan appends .<pid>), says where that
// is, then runs the tests.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace {

// The value of log_path in TSAN_OPTIONS (flags separated by ':' or spaces; the value may
// be quoted), or empty.
std::string tsan_log_path() {
  const char* options = std::getenv("TSAN_OPTIONS");
  if (options == nullptr) return {};
  const std::string_view text(options);
  const std::size_t key = text.find("log_path=");
  if (key == std::string_view::npos || (key > 0 && text[key - 1] != ':' && text[key - 1] != ' ')) return {};
  std::string_view value = text.substr(key + 9);
  if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
    const char quote = value.front();
    value.remove_prefix(1);
    return std::string(value.substr(0, value.find(quote)));
  }
  return std::string(value.substr(0, value.find_first_of(": ")));
}

}  // namespace

// Fallback when TSAN_OPTIONS is unset (a harness run by hand): a report still fails the
// run. TSAN_OPTIONS, when set, is parsed after these and wins.
extern "C" const char* __tsan_default_options() { return "halt_on_error=1:exitcode=66"; }

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  const std::string log_path = tsan_log_path();
  if (!log_path.empty() && log_path != "stdout" && log_path != "stderr") {
    const std::filesystem::path dir = std::filesystem::path(log_path).parent_path();
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::create_directories(dir, ignored);
    // Worded without TSan's own name, so that a search of the output for its reports
    // (as scripts/mutants.sh does) does not match this line.
    std::printf("[stress] TSan log: %s.<pid>, written only if a race is reported\n", log_path.c_str());
  }
  return RUN_ALL_TESTS();
}
