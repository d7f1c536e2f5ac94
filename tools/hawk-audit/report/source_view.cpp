#include "report/source_view.h"

#include <map>
#include <optional>

#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/LangOptions.h>
#include <clang/Basic/LangStandard.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/HeaderSearch.h>
#include <clang/Lex/HeaderSearchOptions.h>
#include <clang/Lex/ModuleLoader.h>
#include <clang/Lex/Preprocessor.h>
#include <clang/Lex/PreprocessorOptions.h>
#include <clang/Rewrite/Core/HTMLRewrite.h>
#include <clang/Rewrite/Core/Rewriter.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/TargetParser/Triple.h>

#include "report/html_escape.h"

namespace hawk::audit::report {
namespace {

// Larger files are not shown (a generated file, or not source at all).
constexpr std::uint64_t kMaxSourceBytes = 16u << 20;

// What clang's highlighter needs to lex one language: its options and a Preprocessor
// whose identifier table knows the language's keywords. It never preprocesses: no
// target, no header search paths, nothing entered.
struct LexingLanguage {
  LexingLanguage(clang::DiagnosticsEngine& diagnostics, clang::SourceManager& sources, clang::LangOptions options)
      : lang(std::move(options)),
        headers(std::make_shared<clang::HeaderSearchOptions>(), sources, diagnostics, lang, nullptr),
        preprocessor(std::make_shared<clang::PreprocessorOptions>(), diagnostics, lang, sources, headers, loader) {
    preprocessor.getIdentifierTable().AddKeywords(lang);
  }
  clang::LangOptions lang;
  clang::HeaderSearch headers;
  clang::TrivialModuleLoader loader;
  clang::Preprocessor preprocessor;
};

clang::LangOptions cxx_options() {
  clang::LangOptions lang;
  std::vector<std::string> includes;
  clang::LangOptions::setLangDefaults(lang, clang::Language::CXX, llvm::Triple(), includes, clang::LangStandard::lang_cxx20);
  return lang;
}

clang::LangOptions c_options() {
  clang::LangOptions lang;
  std::vector<std::string> includes;
  clang::LangOptions::setLangDefaults(lang, clang::Language::C, llvm::Triple(), includes, clang::LangStandard::lang_c17);
  return lang;
}

struct CachedFile {
  std::optional<std::vector<std::string>> lines;
  std::string why;  // when there are no lines
};

}  // namespace

struct SourceExcerpts::Impl {
  explicit Impl(std::vector<std::string> dirs)
      : search_dirs(std::move(dirs)),
        diagnostics(new clang::DiagnosticIDs, new clang::DiagnosticOptions, new clang::IgnoringDiagConsumer),
        sources(diagnostics, files) {}

  LexingLanguage& language_for(llvm::StringRef path) {
    const llvm::StringRef extension = llvm::sys::path::extension(path);
    if (extension == ".c") {
      if (!c) c = std::make_unique<LexingLanguage>(diagnostics, sources, c_options());
      return *c;
    }
    if (!cxx) cxx = std::make_unique<LexingLanguage>(diagnostics, sources, cxx_options());
    return *cxx;
  }

  // The file to read for a path from the results, or empty.
  std::string resolve(const std::string& path) const {
    if (path.empty()) return {};
    if (llvm::sys::path::is_absolute(path)) return llvm::sys::fs::is_regular_file(path) ? path : std::string();
    for (const std::string& dir : search_dirs) {
      llvm::SmallString<256> candidate(dir);
      llvm::sys::path::append(candidate, path);
      if (llvm::sys::fs::is_regular_file(candidate)) return std::string(candidate);
    }
    return llvm::sys::fs::is_regular_file(path) ? path : std::string();
  }

  CachedFile highlight(const std::string& path) {
    CachedFile out;
    const std::string resolved = resolve(path);
    if (resolved.empty()) {
      out.why = "not found";
      return out;
    }
    uint64_t size = 0;
    if (!llvm::sys::fs::file_size(resolved, size) && size > kMaxSourceBytes) {
      out.why = "larger than 16 MiB";
      return out;
    }
    auto buffer = llvm::MemoryBuffer::getFile(resolved, /*IsText=*/false, /*RequiresNullTerminator=*/true);
    if (!buffer) {
      out.why = buffer.getError().message();
      return out;
    }
    LexingLanguage& language = language_for(resolved);
    const clang::FileID file = sources.createFileID(std::move(*buffer));
    clang::Rewriter rewriter(sources, language.lang);
    clang::html::EscapeText(rewriter, file);
    clang::html::SyntaxHighlight(rewriter, file, language.preprocessor);
    const clang::RewriteBuffer& rewritten = rewriter.getEditBuffer(file);
    // Clang closes and reopens a highlight at each line end, so every line stands alone.
    const std::string html = valid_utf8(std::string(rewritten.begin(), rewritten.end()));
    std::vector<std::string> lines;
    llvm::StringRef rest = html;
    while (!rest.empty()) {
      auto [line, tail] = rest.split('\n');
      if (line.ends_with("\r")) line = line.drop_back();
      lines.push_back(line.str());
      rest = tail;
    }
    out.lines = std::move(lines);
    return out;
  }

  std::vector<std::string> search_dirs;
  clang::FileManager files{clang::FileSystemOptions()};
  clang::DiagnosticsEngine diagnostics;
  clang::SourceManager sources;
  std::unique_ptr<LexingLanguage> cxx;
  std::unique_ptr<LexingLanguage> c;
  std::map<std::string, CachedFile> cache;
};

SourceExcerpts::SourceExcerpts(std::vector<std::string> search_dirs)
    : impl_(std::make_unique<Impl>(std::move(search_dirs))) {}

SourceExcerpts::~SourceExcerpts() = default;

const std::vector<std::string>* SourceExcerpts::highlighted_lines(const std::string& file, std::string& why) {
  auto it = impl_->cache.find(file);
  if (it == impl_->cache.end()) it = impl_->cache.emplace(file, impl_->highlight(file)).first;
  why = it->second.why;
  return it->second.lines ? &*it->second.lines : nullptr;
}

std::string SourceExcerpts::render(const std::string& file, unsigned line, unsigned context) {
  std::string why;
  const std::vector<std::string>* lines = highlighted_lines(file, why);
  if (lines == nullptr) {
    return "<p class=\"note\">Source not shown: " + escape_html(file.empty() ? "(no file)" : file) + ": " +
           escape_html(why) + "</p>";
  }
  if (line == 0 || line > lines->size()) {
    return "<p class=\"note\">Source not shown: " + escape_html(file) + " has no line " + std::to_string(line) +
           " (" + std::to_string(lines->size()) + " lines): it changed since the audit.</p>";
  }
  const unsigned first = line > context ? line - context : 1;
  const unsigned last = std::min<unsigned>(static_cast<unsigned>(lines->size()), line + context);
  std::string html = "<table class=\"src\"><tbody>";
  for (unsigned n = first; n <= last; ++n) {
    html += n == line ? "<tr class=\"hit\" data-line=\"" : "<tr data-line=\"";
    html += std::to_string(n) + "\"><td class=\"ln\">" + std::to_string(n) + "</td><td class=\"code\">" +
            (*lines)[n - 1] + "</td></tr>";
  }
  html += "</tbody></table>";
  return html;
}

}  // namespace hawk::audit::report
