#include "cli/command_line.h"

#include <algorithm>

#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/Regex.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

namespace hawk::audit {
namespace {

namespace cl = llvm::cl;

// One registry entry per option; those shared by several subcommands name each of them.
struct Options {
  cl::SubCommand check{"check", "Analyse translation units and report unguarded shared state"};
  cl::SubCommand capture{"capture", "Write the facts of (a shard of) the translation units"};
  cl::SubCommand link{"link", "Merge facts files and report like check"};
  cl::SubCommand tsan{"tsan", "Turn ThreadSanitizer logs into findings, in check's output formats"};
  cl::SubCommand mutate{"mutate", "List guard sites, or write a mutant with one removed into a copy of the tree"};
  cl::SubCommand report{"report", "Write one self-contained HTML audit report from results files"};
  cl::SubCommand gate{"gate", "Compare results with a baseline by finding id: fail on new findings (CI)"};
  cl::OptionCategory category{"hawk-audit options"};

  cl::opt<std::string> build_dir{"p", cl::desc("Build directory holding compile_commands.json"),
                                 cl::value_desc("BUILD_DIR"), cl::sub(check), cl::sub(capture), cl::sub(mutate),
                                 cl::cat(category)};
  cl::list<std::string> files{cl::Positional, cl::desc("[FILES...] [-- FLAGS]"), cl::sub(check), cl::sub(capture),
                              cl::sub(mutate), cl::cat(category)};
  cl::list<std::string> facts{cl::Positional, cl::desc("FACTS.json..."), cl::OneOrMore, cl::sub(link),
                              cl::cat(category)};
  cl::list<std::string> logs{cl::Positional, cl::desc("LOG... (TSan's stderr or log_path files; - for stdin)"),
                             cl::OneOrMore, cl::sub(tsan), cl::cat(category)};
  cl::list<std::string> results{cl::Positional,
                                cl::desc("RESULTS.json... (check/link/tsan --format json; none or -: stdin)"),
                                cl::sub(gate), cl::cat(category)};
  cl::opt<unsigned> jobs{"j", cl::desc("Translation units analysed in parallel (default: hardware threads)"),
                         cl::value_desc("N"), cl::init(0), cl::Prefix, cl::sub(check), cl::sub(capture), cl::sub(mutate),
                         cl::cat(category)};
  cl::opt<std::string> format{"format", cl::desc("Output format: text, json, sarif or summary (the inventory per module)"),
                              cl::value_desc("FORMAT"), cl::init("text"), cl::sub(check), cl::sub(link),
                              cl::sub(tsan), cl::sub(mutate), cl::cat(category)};
  cl::opt<std::string> output{"o", cl::desc("Write the report (capture: the facts) to FILE"), cl::value_desc("FILE"),
                              cl::sub(check), cl::sub(capture), cl::sub(link), cl::sub(tsan), cl::sub(mutate), cl::sub(report),
                              cl::cat(category)};
  cl::opt<std::string> cache{"cache", cl::desc("Reuse the facts of unchanged units from DIR"), cl::value_desc("DIR"),
                             cl::sub(check), cl::sub(capture), cl::cat(category)};
  cl::list<std::string> source_root{"source-root", cl::desc("Modules are the top-level folders under DIR (tsan: frames under DIR are the project's; "
                                            "report: where relative source paths resolve); repeatable"),
                                   cl::value_desc("DIR"), cl::sub(check), cl::sub(link), cl::sub(tsan), cl::sub(report),
                                   cl::cat(category)};
  cl::opt<std::string> config{"config",
                              cl::desc("The config file (models) for every unit (default: the nearest " 
                                       ".hawk-audit.yaml at or above each source file)"),
                              cl::value_desc("FILE"), cl::sub(check), cl::sub(capture), cl::cat(category)};
  cl::opt<std::string> header_filter{
      "header-filter",
      cl::desc("Only report findings in headers whose path matches REGEX (default: every header that is not a "
               "system header); the summary counts what it hides"),
      cl::value_desc("REGEX"), cl::sub(check), cl::sub(link), cl::cat(category)};
  cl::opt<bool> library{"library",
                        cl::desc("Analyse as a library even when the units have a main: any thread may call the "
                                 "public methods of classes that own or take a lock"),
                        cl::sub(check), cl::sub(link), cl::cat(category)};
  cl::opt<std::string> shard{"shard", cl::desc("Only the K-th of N slices of the sorted units (1-based)"),
                             cl::value_desc("K/N"), cl::sub(check), cl::sub(capture), cl::cat(category)};
  cl::list<std::string> unit_dirs{"units-under",
                                  cl::desc("Only the database's units under DIR (repeatable); findings in other "
                                           "files, such as headers, are still reported"),
                                  cl::value_desc("DIR"), cl::sub(check), cl::sub(capture), cl::sub(mutate),
                                  cl::cat(category)};
  cl::list<std::string> summaries_from{
      "lock-summaries-from",
      cl::desc("Also apply the lock wrappers in these facts files (the other shards' captures) at the "
               "calls of this shard's units (repeatable)"),
      cl::value_desc("FACTS.json"), cl::sub(capture), cl::cat(category)};
  cl::list<std::string> binaries{"binary",
                                 cl::desc("tsan: a binary or shared library the logged processes ran, or a "
                                          "directory of them: where raced globals are declared, and frames TSan "
                                          "could not symbolize (repeatable)"),
                                 cl::value_desc("PATH"), cl::sub(tsan), cl::cat(category)};
  cl::opt<bool> suggest{"suggest-annotations",
                        cl::desc("Also print the GUARDED_BY/REQUIRES annotations to add, as fix-its"),
                        cl::sub(check), cl::cat(category)};

  cl::opt<bool> list_sites{"list", cl::desc("mutate: list the guard sites"), cl::sub(mutate), cl::cat(category)};
  cl::opt<std::string> apply_site{"apply", cl::desc("mutate: write the mutant without site SITE_ID (see --list)"),
                                  cl::value_desc("SITE_ID"), cl::sub(mutate), cl::cat(category)};
  cl::opt<std::string> mutant_dir{"to", cl::desc("mutate: the copy of the tree the mutant is written into"),
                                  cl::value_desc("DIR"), cl::sub(mutate), cl::cat(category)};
  cl::opt<std::string> sites_file{"sites",
                                  cl::desc("mutate --apply: take the site from this `--list --format json` output "
                                           "instead of parsing the units again"),
                                  cl::value_desc("FILE"), cl::sub(mutate), cl::cat(category)};
  cl::opt<std::string> root{"root", cl::desc("mutate: only sites in files under DIR, named relative to it "
                                             "(default: the working directory)"),
                            cl::value_desc("DIR"), cl::sub(mutate), cl::cat(category)};

  cl::opt<std::string> baseline{"baseline", cl::desc("gate: the accepted findings (a baseline, or a --format json result)"),
                                cl::value_desc("FILE"), cl::sub(gate), cl::cat(category)};
  cl::opt<bool> update_baseline{"update-baseline",
                                cl::desc("gate: rewrite the baseline from the results instead (created if missing)"),
                                cl::sub(gate), cl::cat(category)};

  cl::opt<std::string> static_results{"static", cl::desc("report: check's results (--format json)"),
                                      cl::value_desc("FILE"), cl::sub(report), cl::cat(category)};
  cl::opt<std::string> tsan_results{"tsan", cl::desc("report: TSan's findings (`hawk-audit tsan --format json`)"),
                                    cl::value_desc("FILE"), cl::sub(report), cl::cat(category)};
  cl::opt<std::string> mutation_results{"mutation", cl::desc("report: mutation results (scripts/mutants.sh)"),
                                        cl::value_desc("FILE"), cl::sub(report), cl::cat(category)};
  cl::opt<std::string> stress_junit{"stress-junit",
                                    cl::desc("report: the stress suite's results (ctest -L stress --output-junit)"),
                                    cl::value_desc("FILE"), cl::sub(report), cl::cat(category)};

  Options() {
    for (cl::SubCommand* sub : {&check, &capture, &link, &tsan, &mutate, &gate, &report})
      cl::HideUnrelatedOptions(category, *sub);
  }
};

Options& options() {
  static Options instance;
  return instance;
}

}  // namespace

llvm::Expected<ParsedCommand> parse_command_line(llvm::ArrayRef<const char*> argv) {
  Options& o = options();
  ParsedCommand parsed;
  // `--` ends hawk-audit's options: what follows is the compile command, as for clang-tidy.
  auto dash_dash = std::find_if(argv.begin(), argv.end(), [](const char* arg) { return llvm::StringRef(arg) == "--"; });
  if (dash_dash != argv.end()) parsed.args.fixed_flags = std::vector<std::string>(dash_dash + 1, argv.end());
  const std::vector<const char*> own(argv.begin(), dash_dash);

  std::string errors;
  llvm::raw_string_ostream error_stream(errors);
  if (!cl::ParseCommandLineOptions(static_cast<int>(own.size()), own.data(), "hawk-audit: static race checker\n",
                                   &error_stream)) {
    // llvm::cl starts each line with the program's name; the caller adds its own prefix.
    const std::string prefix = llvm::sys::path::filename(own.front()).str() + ": ";
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(errors).trim().split(lines, '\n');
    std::string message;
    for (llvm::StringRef line : lines) {
      line.consume_front(prefix);
      if (!message.empty()) message += "\n";
      message += line.str();
    }
    return llvm::createStringError("%s", message.c_str());
  }

  if (o.check) parsed.command = "check";
  else if (o.capture) parsed.command = "capture";
  else if (o.link) parsed.command = "link";
  else if (o.tsan) parsed.command = "tsan";
  else if (o.mutate) parsed.command = "mutate";
  else if (o.report) parsed.command = "report";
  else if (o.gate) parsed.command = "gate";
  else return llvm::createStringError("missing command");

  CommandArgs& args = parsed.args;
  args.build_dir = o.build_dir;
  if (o.link) args.inputs.assign(o.facts.begin(), o.facts.end());
  else if (o.tsan) args.inputs.assign(o.logs.begin(), o.logs.end());
  else if (o.gate) args.inputs.assign(o.results.begin(), o.results.end());
  else args.inputs.assign(o.files.begin(), o.files.end());
  args.jobs = o.jobs;
  args.format = o.format;
  args.output = o.output;
  args.cache_dir = o.cache;
  args.config_file = o.config;
  args.source_roots.assign(o.source_root.begin(), o.source_root.end());
  args.header_filter = o.header_filter;
  args.library = o.library;
  if (!args.header_filter.empty()) {
    std::string why;
    if (!llvm::Regex(args.header_filter).isValid(why))
      return llvm::createStringError("--header-filter: invalid regular expression '%s': %s",
                                     args.header_filter.c_str(), why.c_str());
  }
  args.shard = o.shard;
  args.unit_dirs.assign(o.unit_dirs.begin(), o.unit_dirs.end());
  args.suggest_annotations = o.suggest;
  args.summaries_from.assign(o.summaries_from.begin(), o.summaries_from.end());
  args.binaries.assign(o.binaries.begin(), o.binaries.end());
  args.list_sites = o.list_sites;
  args.apply_site = o.apply_site;
  args.mutant_dir = o.mutant_dir;
  args.sites_file = o.sites_file;
  args.root = o.root;
  args.baseline = o.baseline;
  args.update_baseline = o.update_baseline;
  args.static_results = o.static_results;
  args.tsan_results = o.tsan_results;
  args.mutation_results = o.mutation_results;
  args.stress_junit = o.stress_junit;
  if (o.report && args.fixed_flags) return llvm::createStringError("report takes no -- FLAGS");
  if (o.report && args.static_results.empty()) return llvm::createStringError("report needs --static FILE");
  if (o.link && args.fixed_flags) return llvm::createStringError("link takes no -- FLAGS");
  if (o.tsan && args.fixed_flags) return llvm::createStringError("tsan takes no -- FLAGS");
  if (o.gate && args.fixed_flags) return llvm::createStringError("gate takes no -- FLAGS");
  if (o.gate && args.baseline.empty()) return llvm::createStringError("gate needs --baseline FILE");
  return parsed;
}

}  // namespace hawk::audit
