// The parsed command line of one subcommand, independent of how it was parsed.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace hawk::audit {

struct CommandArgs {
  std::string build_dir;                                // -p
  std::vector<std::string> inputs;                      // FILES (check, capture), FACTS.json (link), LOG (tsan),
                                                        // RESULTS.json (gate)
  std::optional<std::vector<std::string>> fixed_flags;  // after `--`
  unsigned jobs = 0;                                    // -j, 0: hardware threads
  std::string format = "text";                          // --format
  std::string output;                                   // -o, empty: stdout
  std::string cache_dir;                                // --cache
  std::string config_file;                              // --config FILE, empty: each unit's .hawk-audit.yaml
  std::vector<std::string> source_roots;                // --source-root, repeatable
  std::string header_filter;                            // --header-filter REGEX, empty: every header
  bool library = false;                                 // --library
  std::string shard;                                    // --shard K/N, empty: all units
  std::vector<std::string> unit_dirs;                   // --units-under DIR
  std::vector<std::string> summaries_from;              // capture --lock-summaries-from FACTS.json
  std::vector<std::string> binaries;                    // tsan --binary PATH
  bool suggest_annotations = false;                     // check --suggest-annotations
  bool list_sites = false;                              // mutate --list
  std::string apply_site;                               // mutate --apply SITE_ID
  std::string mutant_dir;                               // mutate --to DIR
  std::string sites_file;                               // mutate --sites FILE (a --list --format json)
  std::string root;                                     // mutate --root DIR, empty: the working directory
  std::string baseline;                                 // gate --baseline FILE
  bool update_baseline = false;                         // gate --update-baseline
  std::string static_results;                           // report --static FILE (check --format json)
  std::string tsan_results;                             // report --tsan FILE (tsan --format json)
  std::string mutation_results;                         // report --mutation FILE (scripts/mutants.sh)
  std::string stress_junit;                             // report --stress-junit FILE (ctest --output-junit)
  // When the run began: stats.seconds is the wall time of the whole run.
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

}  // namespace hawk::audit
