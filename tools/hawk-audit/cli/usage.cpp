#include "cli/usage.h"

namespace hawk::audit {

void print_usage(llvm::raw_ostream& out) {
  out << "usage: hawk-audit <command> [options]\n"
         "\n"
         "commands:\n"
         "  check -p BUILD_DIR [FILES...] [-- FLAGS]   analyse the units of compile_commands.json (or\n"
         "                                             FILES, or FILES with FLAGS) and report races\n"
         "  capture -p BUILD_DIR [FILES...] -o FACTS.json\n"
         "                                             the first half of check: facts of (a --shard of)\n"
         "                                             the units, for `link` (--lock-summaries-from the\n"
         "                                             other shards' files: their lock wrappers too)\n"
         "  link FACTS.json...                         the second half: merge facts files and report\n"
         "  tsan LOG...                                ThreadSanitizer logs (stderr, or log_path files) as\n"
         "                                             findings in check's formats (--source-root: which\n"
         "                                             frames are the project's; --binary PATH: resolve\n"
         "                                             globals' declarations and unsymbolized frames)\n"
         "  annotate -p BUILD_DIR [FILES...] [-- FLAGS]\n"
         "                                             print the GUARDED_BY/REQUIRES annotations the\n"
         "                                             inferred guards call for, as clang fix-its (check's\n"
         "                                             options; `check --suggest-annotations` adds them)\n"
         "  mutate --list -p BUILD_DIR [FILES...]      the guard sites (lock calls, RAII guards) of the units\n"
         "  mutate --apply SITE_ID --to DIR [--sites FILE | -p BUILD_DIR ...]\n"
         "                                             write that site's file without it under DIR (a copy\n"
         "                                             of the tree; --root: what paths are relative to)\n"
         "  report --static RESULTS.json [--tsan TSAN.json] [--mutation MUTATION.json]\n"
         "         [--stress-junit STRESS.xml] [--source-root DIR] -o REPORT.html\n"
         "                                             one self-contained HTML audit report: overview per\n"
         "                                             module, findings with their source, the inventory\n"
         "  gate --baseline FILE [RESULTS.json...]     compare results (check/link/tsan --format json;\n"
         "                                             none: stdin) with the baseline by finding id:\n"
         "                                             list new, fixed and reason-less suppressions;\n"
         "                                             --update-baseline: rewrite it from the results\n"
         "  help                                       this text (`hawk-audit <command> --help`: its options)\n"
         "\n"
         "options: -j N, --format text|json|sarif|summary, -o FILE, --cache DIR, --source-root DIR, --shard K/N,\n"
         "         --units-under DIR, --binary PATH (tsan), --version,\n"
         "         --list, --apply SITE_ID, --to DIR, --sites FILE, --root DIR (mutate),\n"
         "         --baseline FILE, --update-baseline (gate),\n"
         "         --static FILE, --tsan FILE, --mutation FILE, --stress-junit FILE (report)\n"
         "exit status: 0 clean, 1 findings (gate: new ones), 2 usage or configuration error, 3 some\n"
         "             units could not be analysed\n";
}

void print_version(llvm::raw_ostream& out) { out << "hawk-audit " HAWK_AUDIT_VERSION " (Clang/LLVM 19)\n"; }

}  // namespace hawk::audit
