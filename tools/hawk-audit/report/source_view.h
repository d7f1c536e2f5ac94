// Source excerpts for the report: a window of lines around an access, syntax-highlighted
// by clang's own HTML highlighter (clang/Rewrite/Core/HTMLRewrite.h: html::EscapeText and
// html::SyntaxHighlight over a clang::Rewriter, with a raw-lexing Preprocessor that has
// no target and reads no header), the access line marked. Each file is read and
// highlighted once. A file that cannot be read gives a note, never an error.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace hawk::audit::report {

class SourceExcerpts {
 public:
  // Relative paths resolve against each of `search_dirs` in turn, then the working directory.
  explicit SourceExcerpts(std::vector<std::string> search_dirs);
  ~SourceExcerpts();
  SourceExcerpts(const SourceExcerpts&) = delete;
  SourceExcerpts& operator=(const SourceExcerpts&) = delete;

  // HTML: a table of lines [line - context, line + context] with `line` marked, or a
  // paragraph saying why the file cannot be shown.
  std::string render(const std::string& file, unsigned line, unsigned context = 4);

  // The file's highlighted lines (HTML, one per source line), or nullptr with `why` set.
  const std::vector<std::string>* highlighted_lines(const std::string& file, std::string& why);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::audit::report
