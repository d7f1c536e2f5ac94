// Test helpers over FactsAction: capture a C or C++ snippet, then find its locations,
// functions and accesses by name (shared by the capture tests).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <clang/Tooling/Tooling.h>
#include <gtest/gtest.h>

#include "capture/facts_action.h"
#include "model/facts.h"

namespace hawk::audit::testing {

// Snippets start with a newline after R"cpp(: dropped, so line 1 is the first line.
inline TuFacts capture(std::string code, std::vector<std::string> args = {"-std=c++20"},
                const std::string& file = "test.cpp") {
  if (!code.empty() && code.front() == '\n') code.erase(0, 1);
  TuFacts facts;
  args.push_back("-resource-dir");
  args.push_back(HAWK_CLANG_RESOURCE_DIR);
  args.push_back("-Wno-everything");
  EXPECT_TRUE(clang::tooling::runToolOnCodeWithArgs(std::make_unique<FactsAction>(facts), code, args, file));
  return facts;
}

inline TuFacts capture_c(const std::string& code) { return capture(code, {"-x", "c", "-std=c11"}, "test.c"); }

inline const Location* location(const TuFacts& facts, const std::string& name) {
  for (const Location& candidate : facts.locations)
    if (candidate.name == name) return &candidate;
  return nullptr;
}

inline const Function* function(const TuFacts& facts, const std::string& name) {
  for (const Function& candidate : facts.functions)
    if (candidate.name == name) return &candidate;
  return nullptr;
}

// The accesses to location `name` on source line `line`.
inline std::vector<Access> accesses(const TuFacts& facts, const std::string& name, unsigned line = 0) {
  std::vector<Access> found;
  const Location* target = location(facts, name);
  if (target == nullptr) return found;
  for (const Access& access : facts.accesses)
    if (access.location == target->key && (line == 0 || access.pos.line == line)) found.push_back(access);
  return found;
}

// The single access to `name` on `line` (fails the test when there is not exactly one).
inline Access only_access(const TuFacts& facts, const std::string& name, unsigned line) {
  std::vector<Access> found = accesses(facts, name, line);
  EXPECT_EQ(found.size(), 1u) << name << " at line " << line;
  return found.empty() ? Access{} : found.front();
}

}  // namespace hawk::audit::testing
