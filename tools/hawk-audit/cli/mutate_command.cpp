// `hawk-audit mutate`: the guard sites of the selected units (--list), or one mutant
// written into a copy of the tree (--apply SITE_ID --to DIR). Building and running the
// mutants is scripts/mutants.sh's part.
#include <fstream>
#include <optional>

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/WithColor.h>
#include <llvm/Support/raw_ostream.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/selected_units.h"
#include "mutate/mutant_writer.h"
#include "mutate/site_listing.h"

namespace hawk::audit {
namespace {

ExitCode fail(ExitCode status, const std::string& message) {
  llvm::WithColor::error(llvm::errs(), "hawk-audit") << message << '\n';
  return status;
}

// --root (default: the working directory), absolute and with symlinks resolved, as the
// sites' real paths are.
std::string root_of(const CommandArgs& args) {
  llvm::SmallString<256> root(args.root.empty() ? "." : args.root);
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(root, real)) {
    llvm::sys::fs::make_absolute(root);
    return root.str().str();
  }
  return real.str().str();
}

llvm::Expected<SiteListing> listing_from_units(const CommandArgs& args, const std::string& root) {
  auto units = load_selected_units(args);
  if (!units) return units.takeError();
  return list_guard_sites(*units, root, args.jobs);
}

llvm::Expected<std::vector<GuardSite>> sites_from_file(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) return llvm::createStringError("cannot read " + path + ": " + buffer.getError().message());
  const nlohmann::json json = nlohmann::json::parse((*buffer)->getBuffer(), nullptr, false);
  if (json.is_discarded() || !json.contains("sites")) return llvm::createStringError(path + " is no `mutate --list --format json` output");
  std::vector<GuardSite> sites;
  for (const nlohmann::json& entry : json["sites"]) {
    auto site = site_from_json(entry);
    if (!site) return site.takeError();
    sites.push_back(std::move(*site));
  }
  return sites;
}

void write_text(const SiteListing& listing, llvm::raw_ostream& out) {
  for (const GuardSite& site : listing.sites) {
    out << site.path << ':' << site.line << ':' << site.column << ": " << kind_name(site.kind) << " of '" << site.lock
        << "' in " << site.function << "  [" << site.id << "]\n";
    if (!site.removable()) out << "    not removable: " << site.why_not << '\n';
    for (const SiteRange& range : site.ranges)
      out << "    removes line " << range.line << ": " << llvm::StringRef(range.text).split('\n').first << '\n';
  }
  out << listing.sites.size() << " guard site(s)\n";
}

ExitCode list(const CommandArgs& args, const std::string& root) {
  auto listing = listing_from_units(args, root);
  if (!listing) return fail(kExitUsage, llvm::toString(listing.takeError()));
  std::string text;
  llvm::raw_string_ostream out(text);
  if (args.format == "json") {
    nlohmann::json json = {{"root", root}, {"sites", nlohmann::json::array()}, {"errors", nlohmann::json::array()}};
    for (const GuardSite& site : listing->sites) json["sites"].push_back(to_json(site));
    for (const CaptureError& error : listing->errors)
      json["errors"].push_back({{"file", error.file}, {"message", error.message}});
    out << json.dump(2) << '\n';
  } else {
    write_text(*listing, out);
  }
  if (args.output.empty()) {
    llvm::outs() << text;
  } else {
    std::error_code error;
    llvm::raw_fd_ostream file(args.output, error);
    if (error) return fail(kExitUsage, "cannot write " + args.output + ": " + error.message());
    file << text;
  }
  for (const CaptureError& error : listing->errors)
    llvm::WithColor::warning(llvm::errs(), "hawk-audit") << error.file << ": " << error.message << '\n';
  return listing->errors.empty() ? kExitClean : kExitIncomplete;
}

ExitCode apply(const CommandArgs& args, const std::string& root) {
  if (args.mutant_dir.empty()) return fail(kExitUsage, "--apply needs --to DIR (a copy of the tree)");
  std::vector<GuardSite> sites;
  if (!args.sites_file.empty()) {
    auto from_file = sites_from_file(args.sites_file);
    if (!from_file) return fail(kExitUsage, llvm::toString(from_file.takeError()));
    sites = std::move(*from_file);
  } else {
    auto listing = listing_from_units(args, root);
    if (!listing) return fail(kExitUsage, llvm::toString(listing.takeError()));
    sites = std::move(listing->sites);
  }
  for (const GuardSite& site : sites) {
    if (site.id != args.apply_site) continue;
    auto written = write_mutant(site, args.mutant_dir);
    if (!written) return fail(kExitUsage, llvm::toString(written.takeError()));
    llvm::outs() << *written << '\n';
    return kExitClean;
  }
  return fail(kExitUsage, "no guard site " + args.apply_site + " (see mutate --list)");
}

}  // namespace

ExitCode run_mutate(const CommandArgs& args) {
  if (args.list_sites == !args.apply_site.empty()) return fail(kExitUsage, "mutate needs exactly one of --list and --apply SITE_ID");
  if (args.format != "text" && args.format != "json") return fail(kExitUsage, "mutate's formats are text and json");
  const std::string root = root_of(args);
  return args.list_sites ? list(args, root) : apply(args, root);
}

}  // namespace hawk::audit
