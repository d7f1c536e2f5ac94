// What the report reads from the stress suite's results: a ctest JUnit file
// (`ctest --preset tsan -L stress --output-junit FILE`). Tests named `stress.<module>`
// (tests/stress/CMakeLists.txt), `<module>_stress` or `<module>_stress.<case>` are the
// harnesses of <module>; other tests in the file are ignored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <llvm/Support/Error.h>

namespace hawk::audit::report {

enum class StressOutcome { Passed, Failed, NotRun };

struct StressTest {
  std::string name;
  std::string module;
  StressOutcome outcome = StressOutcome::NotRun;
  double seconds = 0;
  std::string why;     // failure or skip message, as ctest gave it
  std::string output;  // the end of the test's output (failed tests only)
};

struct StressResults {
  std::string path;
  std::vector<StressTest> tests;  // the stress harnesses only, in file order
};

// The module a test name belongs to, or empty when it is not a stress harness.
std::string stress_test_module(const std::string& test_name);

// The module's outcome over its tests: failed if one failed, else passed if one ran;
// nullopt when the file has no test of the module.
std::optional<StressOutcome> module_outcome(const StressResults& results, const std::string& module);

const char* to_string(StressOutcome outcome);

llvm::Expected<StressResults> load_stress_results(const std::string& path);
llvm::Expected<StressResults> parse_stress_junit(const std::string& xml, const std::string& path);

}  // namespace hawk::audit::report
