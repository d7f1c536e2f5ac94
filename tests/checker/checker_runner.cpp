// Runs hawk-audit on one checker fixture and compares its unsuppressed findings with the
// fixture's `// expect:` marks in both directions.
//
//   checker_runner HAWK_AUDIT FIXTURE [COMPILER FLAGS...]
//
// runs `HAWK_AUDIT check --format json UNITS -- FLAGS...`. A fixture is one source file,
// or a directory: a program of several translation units (its .c/.cpp files, in name
// order) whose marks may be in any of its files, headers included. Exit codes 0 (clean) and 1
// (findings) are normal; 2 (usage) and 3 (unit not analysed) fail the test. Every missed
// expectation and every unexpected finding is printed, clang-style, before failing.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "expect_marks.h"

namespace {

namespace fs = std::filesystem;
using hawk::checker::Mark;

struct RunResult {
  int exit_code = -1;  // -1: did not exit normally
  std::string out;
};

// fork/exec with stdout captured: no shell, so paths need no quoting.
RunResult run(const std::vector<std::string>& argv) {
  RunResult result;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    std::perror("pipe");
    return result;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    return result;
  }
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    std::fprintf(stderr, "checker_runner: cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  close(pipe_fds[1]);
  char buffer[65536];
  for (;;) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.out.append(buffer, static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

std::string canonical(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? path : p.string();
}

bool is_unit(const fs::path& path) { return path.extension() == ".c" || path.extension() == ".cpp"; }

bool may_hold_marks(const fs::path& path) {
  return is_unit(path) || path.extension() == ".h" || path.extension() == ".hpp";
}

// The units to check and the files whose marks count, all canonical and sorted.
struct FixtureFiles {
  std::vector<std::string> units;
  std::vector<std::string> marked;
};

FixtureFiles fixture_files(const std::string& fixture) {
  FixtureFiles files;
  if (!fs::is_directory(fixture)) {
    files.units = files.marked = {fixture};
    return files;
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(fixture)) {
    if (!entry.is_regular_file()) continue;
    if (is_unit(entry.path())) files.units.push_back(canonical(entry.path().string()));
    if (may_hold_marks(entry.path())) files.marked.push_back(canonical(entry.path().string()));
  }
  std::sort(files.units.begin(), files.units.end());
  std::sort(files.marked.begin(), files.marked.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: checker_runner HAWK_AUDIT FIXTURE [COMPILER FLAGS...]\n";
    return 2;
  }
  const std::string tool = argv[1];
  const std::string fixture = canonical(argv[2]);
  const FixtureFiles files = fixture_files(fixture);
  if (files.units.empty()) {
    std::cerr << "checker_runner: no .c or .cpp unit in " << fixture << "\n";
    return 2;
  }

  std::map<std::string, std::vector<Mark>> expected;  // by file
  std::size_t expected_count = 0;
  for (const std::string& file : files.marked) {
    std::ifstream source(file);
    if (!source) {
      std::cerr << "checker_runner: cannot read " << file << "\n";
      return 2;
    }
    hawk::checker::ParsedMarks parsed = hawk::checker::parse_marks(source);
    for (const std::string& error : parsed.errors) std::cerr << file << ": " << error << "\n";
    if (!parsed.errors.empty()) return 1;
    expected_count += parsed.marks.size();
    expected[file] = std::move(parsed.marks);
  }

  std::vector<std::string> command = {tool, "check", "--format", "json"};
  command.insert(command.end(), files.units.begin(), files.units.end());
  command.emplace_back("--");
  for (int i = 3; i < argc; ++i) command.emplace_back(argv[i]);
  const RunResult ran = run(command);
  if (ran.exit_code != 0 && ran.exit_code != 1) {
    std::cerr << "FAIL: hawk-audit exited with " << ran.exit_code << " (0 or 1 expected)\n" << ran.out << "\n";
    return 1;
  }

  nlohmann::json report;
  try {
    report = nlohmann::json::parse(ran.out);
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "FAIL: hawk-audit's output is not JSON (" << e.what() << "):\n" << ran.out.substr(0, 2000) << "\n";
    return 1;
  }

  bool failed = false;
  try {
    for (const auto& error : report.at("errors")) {
      std::cerr << error.at("file").get<std::string>() << ": error: " << error.at("message").get<std::string>() << "\n";
      failed = true;
    }

    // Findings in the fixture's files, keyed for the comparison; messages kept for the printout.
    std::map<std::string, std::vector<Mark>> reported;
    std::map<std::pair<std::string, Mark>, std::vector<std::string>> messages;
    std::size_t unsuppressed = 0, reported_count = 0;
    for (const auto& finding : report.at("findings")) {
      if (finding.at("suppressed").get<bool>()) continue;
      ++unsuppressed;
      const auto& access = finding.at("access");
      const std::string file = canonical(access.at("file").get<std::string>());
      const Mark mark{access.at("line").get<unsigned>(), finding.at("check").get<std::string>()};
      const std::string message = finding.at("message").get<std::string>();
      if (expected.count(file) == 0) {
        // Nothing outside the fixture is expected (system headers included).
        std::cerr << file << ":" << mark.line << ": unexpected finding outside the fixture [" << mark.check
                  << "]: " << message << "\n";
        failed = true;
        continue;
      }
      reported[file].push_back(mark);
      messages[{file, mark}].push_back(message);
      ++reported_count;
    }

    std::size_t missed = 0, unexpected = 0;
    for (const auto& [file, marks] : expected) {
      const hawk::checker::Comparison cmp = hawk::checker::compare_marks(marks, reported[file]);
      for (const Mark& m : cmp.missed) {
        std::cerr << file << ":" << m.line << ": missed: expected [" << m.check << "], not reported\n";
      }
      for (const Mark& m : cmp.unexpected) {
        std::cerr << file << ":" << m.line << ": unexpected [" << m.check << "]: " << messages[{file, m}].front()
                  << "\n";
      }
      missed += cmp.missed.size();
      unexpected += cmp.unexpected.size();
      failed = failed || !cmp.ok();
    }

    // The exit code must agree with the findings: 1 exactly when some remain unsuppressed.
    const int want_exit = unsuppressed > 0 ? 1 : 0;
    if (ran.exit_code != want_exit) {
      std::cerr << "FAIL: exit code " << ran.exit_code << " with " << unsuppressed
                << " unsuppressed findings (expected " << want_exit << ")\n";
      failed = true;
    }
    std::cout << fixture << ": " << expected_count << " expected, " << reported_count << " reported, " << missed
              << " missed, " << unexpected << " unexpected\n";
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "FAIL: hawk-audit's JSON does not follow the output contract: " << e.what() << "\n";
    return 1;
  }
  return failed ? 1 : 0;
}
