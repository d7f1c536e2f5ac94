// What each check is, for the SARIF rules: a name, a one-sentence and a longer description,
// and its documentation, taken from checks/<check>.md (embedded at build time). The tsan-*
// checks share checks/tsan.md; each is described by its row of that doc's table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hawk::audit {

struct CheckRule {
  std::string check;              // as findings name it: "unguarded-read", "tsan-data-race"
  std::string id;                 // "hawk-" + check, as in the text output's [hawk-<check>]
  std::string name;               // PascalCase, as SARIF suggests: "UnguardedRead"
  std::string short_description;  // one sentence
  std::string full_description;   // the doc's first paragraph
  std::string help_markdown;      // the whole doc
  bool dynamic = false;           // a `hawk-audit tsan` check
};

// Every documented check: the static ones, then the tsan-* ones, each sorted by name.
const std::vector<CheckRule>& check_rules();

// The rule of `check`; a check without a doc gets a generic description.
CheckRule rule_for(std::string_view check);

// The parts of one doc, exposed for tests: the first paragraph (markdown emphasis
// removed) and its first sentence.
std::string doc_first_paragraph(std::string_view markdown);
std::string first_sentence(std::string_view text);

}  // namespace hawk::audit
