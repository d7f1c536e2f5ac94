// One finding as HTML: a <details> element whose summary is the message and whose body
// has the check (linked to its doc), the location and module, the guard and its
// evidence, the suppression and its reason, and the access and every conflicting access
// side by side, each with its highlighted source. TSan findings show their threads and
// stacks too; a static finding shows the TSan findings matched to it inside its body.
#pragma once

#include <string>
#include <vector>

#include "report/audit_results.h"
#include "report/check_docs.h"
#include "report/source_view.h"

namespace hawk::audit::report {

class FindingHtml {
 public:
  FindingHtml(SourceExcerpts& sources, const CheckDocs& docs, unsigned context_lines)
      : sources_(sources), docs_(docs), context_(context_lines) {}

  // `anchor`: the element id (finding-<id>); `tsan`: the TSan findings that go with a
  // static one; `dynamic`: the finding itself is a TSan one.
  std::string render(const FindingView& finding, const std::string& module, const std::string& anchor,
                     const std::vector<const FindingView*>& tsan, bool dynamic);

 private:
  std::string access_html(const AccessView& access, const std::string& role, bool primary, bool dynamic,
                          bool with_source);
  std::string check_html(const std::string& check);
  std::string tsan_match_html(const FindingView& tsan);

  SourceExcerpts& sources_;
  const CheckDocs& docs_;
  unsigned context_;
};

// file:line:column (what is known of it), the file relative to the working directory
// when it is under it.
std::string position_text(const std::string& file, unsigned line, unsigned column = 0);

}  // namespace hawk::audit::report
