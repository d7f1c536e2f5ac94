#include "mutate/mutant_writer.h"

#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/LangOptions.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Rewrite/Core/Rewriter.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

namespace hawk::audit {

llvm::Expected<std::string> mutant_text(const GuardSite& site) {
  if (!site.removable()) return llvm::createStringError("site " + site.id + " cannot be removed: " + site.why_not);
  // A source manager over just this file: the ranges are byte offsets, no parse needed.
  clang::FileManager files{clang::FileSystemOptions()};
  clang::DiagnosticsEngine diagnostics(new clang::DiagnosticIDs, new clang::DiagnosticOptions,
                                       new clang::IgnoringDiagConsumer);
  clang::SourceManager sources(diagnostics, files);
  auto entry = files.getFileRef(site.file);
  if (!entry) return llvm::createStringError("cannot read " + site.file + ": " + llvm::toString(entry.takeError()));
  const clang::FileID file = sources.createFileID(*entry, clang::SourceLocation(), clang::SrcMgr::C_User);
  const llvm::StringRef text = sources.getBufferData(file);
  clang::Rewriter rewriter(sources, clang::LangOptions());
  const clang::SourceLocation start = sources.getLocForStartOfFile(file);
  for (const SiteRange& range : site.ranges) {
    if (range.end > text.size() || range.begin >= range.end ||
        text.substr(range.begin, range.end - range.begin) != range.text)
      return llvm::createStringError(site.file + " changed since its sites were listed (at line " +
                                     std::to_string(range.line) + ")");
    if (rewriter.ReplaceText(start.getLocWithOffset(static_cast<int>(range.begin)), range.end - range.begin,
                             range.replacement))
      return llvm::createStringError("cannot rewrite " + site.file);
  }
  const clang::RewriteBuffer* buffer = rewriter.getRewriteBufferFor(file);
  return buffer == nullptr ? text.str() : std::string(buffer->begin(), buffer->end());
}

llvm::Expected<std::string> write_mutant(const GuardSite& site, const std::string& to_dir) {
  auto text = mutant_text(site);
  if (!text) return text.takeError();
  llvm::SmallString<256> destination(to_dir);
  llvm::sys::fs::make_absolute(destination);
  llvm::sys::path::append(destination, site.path);
  llvm::sys::path::remove_dots(destination, true);
  llvm::sys::fs::UniqueID original_id, destination_id;
  if (!llvm::sys::fs::getUniqueID(site.file, original_id) && !llvm::sys::fs::getUniqueID(destination, destination_id) &&
      original_id == destination_id)
    return llvm::createStringError("refusing to overwrite the original " + site.file + "; --to must name a copy");
  if (std::error_code error = llvm::sys::fs::create_directories(llvm::sys::path::parent_path(destination)))
    return llvm::createStringError("cannot create " + llvm::sys::path::parent_path(destination).str() + ": " +
                                   error.message());
  std::error_code error;
  llvm::raw_fd_ostream out(destination, error);
  if (error) return llvm::createStringError("cannot write " + destination.str().str() + ": " + error.message());
  out << *text;
  return destination.str().str();
}

}  // namespace hawk::audit
