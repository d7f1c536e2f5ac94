#!/usr/bin/env bash
# Mutation run over libhawk (issue 5): for each guard site `hawk-audit mutate --list`
# finds, write the mutant without it into ONE copy of the tree, rebuild that module's
# stress harness (tsan preset) and run it, run `hawk-audit check` on the copy, restore the
# file. Writes reports/mutation.json. Slow (a harness rebuild and a check per site): not
# part of scripts/test.sh.
#   HAWK_JOBS=N           parallel jobs (default: nproc)
#   HAWK_MUTANTS_DIR=DIR  where the copy lives (default: a fresh mktemp dir; kept)
#   HAWK_MUTANTS_ONLY=RE  only sites whose id matches this regex (grep -E)
#   HAWK_MUTANTS_LIMIT=N  at most N mutants
#   HAWK_MUTATION_REPORT=FILE  where the report goes (default: reports/mutation.json)
#   HAWK_AUDIT_BUILD=DIR  an existing build of the tree (hawk-audit and compile_commands.json)
#                         instead of the default preset's build/default
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
jobs=${HAWK_JOBS:-$(nproc)}
scripts/setup.sh  # jq among the packages

# hawk-audit, and the database of the user's tree the sites are listed from.
build=${HAWK_AUDIT_BUILD:-build/default}
if [[ -z ${HAWK_AUDIT_BUILD:-} ]]; then cmake --preset default >/dev/null; fi
cmake --build "$build" -j "$jobs" --target hawk-audit
tool=$(realpath "$build")/tools/hawk-audit/hawk-audit

work=${HAWK_MUTANTS_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/hawk-mutants.XXXXXX")}
copy=$work/tree
mkdir -p "$copy" "$work/logs"
echo "== copy of the tree: $copy =="
tar -C "$repo" --exclude=./build --exclude=./.git --exclude=./reports -cf - . | tar -C "$copy" -xf -
# The copy's own builds, configured once: tsan for the harnesses (each built when its
# module's first mutant comes), default for check's database.
# In the copy only, clang's -Wthread-safety stays a warning: a mutant must build for its
# harness to run. Whether clang flagged it is recorded (thread_safety_warning).
sed -i 's/ -Werror=thread-safety//' "$copy/cmake/HawkWarnings.cmake"
(cd "$copy" && cmake --preset tsan >/dev/null && cmake --preset default >/dev/null)

# Sites of libhawk (its sources, and its headers as the unit tests instantiate them),
# listed from the user's tree; the mutants go into the copy.
"$tool" mutate --list --format json -p "$build" --units-under framework/src --units-under tests/unit \
  --root "$repo" -j "$jobs" -o "$work/sites.json" || [[ $? == 3 ]]
mapfile -t ids < <(jq -r '.sites[] | select(.removable and (.path | startswith("framework/"))) | .id' "$work/sites.json" |
                   grep -E "${HAWK_MUTANTS_ONLY:-.}" | head -n "${HAWK_MUTANTS_LIMIT:-100000}")
unremovable=$(jq '[.sites[] | select((.removable | not) and (.path | startswith("framework/")))] | length' "$work/sites.json")
echo "== ${#ids[@]} mutants ($unremovable libhawk sites cannot be cut) =="

check=("$tool" check -p "$copy/build/default" --units-under "$copy/framework/src" --units-under "$copy/tests/unit"
       -j "$jobs" --source-root "$copy/framework/include/hawk" --source-root "$copy/framework/src"
       --cache "$work/check-cache" --format json)
unsuppressed() { jq -r '.findings[] | select(.suppressed | not) | .id' "$1" | sort -u; }
"${check[@]}" -o "$work/baseline.json" >/dev/null 2>&1 || true
unsuppressed "$work/baseline.json" >"$work/baseline.ids"

# The module a file belongs to: framework/src/<module>/... or framework/include/hawk/<module>/...
module_of() {
  local p=$1
  p=${p#framework/src/}
  p=${p#framework/include/hawk/}
  [[ $p == */* ]] && echo "${p%%/*}" || echo ""
}
harness_exists() { [[ -n $1 && -f $copy/tests/stress/$1_stress.cpp ]]; }
# The harness's ctest tests: stress.<module>, or names starting with <module>_stress.
stress_tests() { echo "^(stress\\.$1|$1_stress)"; }

# A harness that fails before any mutation proves nothing about a mutant.
declare -A baseline_ok
run_stress() {  # module log -> 0 passed, 1 failed, 2 no such test
  local module=$1 log=$2
  rm -rf "$copy/build/tsan/stress-logs/${module}_stress"*
  local status=0
  ctest --test-dir "$copy/build/tsan" -L stress -R "$(stress_tests "$module")" --output-on-failure >"$log" 2>&1 || status=$?
  cat "$copy/build/tsan/stress-logs/${module}_stress"* >>"$log" 2>/dev/null || true
  if grep -q "No tests were found" "$log"; then return 2; fi
  ((status == 0)) || return 1
}
since() { awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.3f", now - start }'; }

results=$work/results.jsonl
: >"$results"
for id in "${ids[@]}"; do
  site=$(jq -c --arg id "$id" '.sites[] | select(.id == $id)' "$work/sites.json")
  path=$(jq -r .path <<<"$site")
  module=$(module_of "$path")
  slug=$(tr -c 'A-Za-z0-9._-' '_' <<<"$id")
  echo "-- $id (module ${module:-none})"
  cp "$copy/$path" "$work/pristine"  # the copy's own text, whatever happens to the user's tree meanwhile
  if ! "$tool" mutate --apply "$id" --sites "$work/sites.json" --to "$copy" >/dev/null; then
    echo "   skipped: the mutant could not be written" >&2
    continue
  fi

  # Static: a new unsuppressed finding on the mutant.
  start=$(date +%s.%N)
  "${check[@]}" -o "$work/logs/$slug.check.json" >/dev/null 2>&1 || true
  static_seconds=$(since "$start")
  static_caught=false
  if [[ -s $work/logs/$slug.check.json ]] &&
     [[ -n $(comm -13 "$work/baseline.ids" <(unsuppressed "$work/logs/$slug.check.json")) ]]; then
    static_caught=true
  fi

  # Dynamic: the module's harness, rebuilt on the mutant, fails with a TSan report.
  # stress_status says why stress_caught is null when it is.
  stress_caught=null stress_seconds=null stress_status=no-harness thread_safety_warning=null
  if harness_exists "$module"; then
    if [[ -z ${baseline_ok[$module]:-} ]]; then
      cp "$work/pristine" "$copy/$path"
      baseline_ok[$module]=no
      if cmake --build "$copy/build/tsan" -j "$jobs" --target "${module}_stress" >"$work/logs/$module.baseline.build.log" 2>&1 &&
         run_stress "$module" "$work/logs/$module.baseline.log"; then
        baseline_ok[$module]=yes
      fi
      "$tool" mutate --apply "$id" --sites "$work/sites.json" --to "$copy" >/dev/null
    fi
    stress_status=harness-fails-unmutated
    if [[ ${baseline_ok[$module]} == yes ]]; then
      stress_status=build-failed
      if cmake --build "$copy/build/tsan" -j "$jobs" --target "${module}_stress" >"$work/logs/$slug.build.log" 2>&1; then
        thread_safety_warning=false
        if grep -q -- "-Wthread-safety" "$work/logs/$slug.build.log"; then thread_safety_warning=true; fi
        start=$(date +%s.%N)
        status=0
        run_stress "$module" "$work/logs/$slug.stress.log" || status=$?
        stress_seconds=$(since "$start")
        # The harness passed unmutated, so any failure now is the mutant's doing: a TSan
        # report, a broken invariant (a lost update, a second build of a singleton), or a
        # hang (ctest's timeout) or crash.
        if ((status == 2)); then stress_seconds=null stress_status=no-harness
        elif ((status == 1)); then
          stress_caught=true
          if grep -q "WARNING: ThreadSanitizer" "$work/logs/$slug.stress.log"; then stress_status=caught-tsan
          elif grep -q "Timeout" "$work/logs/$slug.stress.log"; then stress_status=caught-timeout
          elif grep -qE "Failure|\[  FAILED  \]" "$work/logs/$slug.stress.log"; then stress_status=caught-invariant
          else stress_status=caught-crash; fi
        else stress_caught=false stress_status=missed; fi
      fi
    fi
  fi

  cp "$work/pristine" "$copy/$path"  # restore
  jq -c --argjson sc "$static_caught" --argjson dc "$stress_caught" --argjson ss "$static_seconds" \
        --argjson ds "$stress_seconds" --arg mod "$module" --arg stress_status "$stress_status" \
        --argjson tsw "$thread_safety_warning" \
     '{id, file: .path, line, guard: .lock, kind, function, "module": $mod,
       static_caught: $sc, stress_caught: $dc, stress_status: $stress_status, thread_safety_warning: $tsw,
       static_seconds: $ss, stress_seconds: $ds}' <<<"$site" >>"$results"
  echo "   static: $static_caught  stress: $stress_caught"
done

report=${HAWK_MUTATION_REPORT:-reports/mutation.json}
mkdir -p "$(dirname "$report")"
jq -s --argjson unremovable "$unremovable" '
  def rate(f): if length == 0 then null else ((map(select(f)) | length) / length) end;
  {mutants: .,
   totals: {mutants: length, unremovable_sites: $unremovable,
            static_caught: map(select(.static_caught)) | length,
            stress_caught: map(select(.stress_caught == true)) | length,
            stress_caught_by_tsan: map(select(.stress_status == "caught-tsan")) | length,
            stress_run: map(select(.stress_caught != null)) | length,
            caught_by_either: map(select(.static_caught or .stress_caught == true)) | length,
            caught_by_neither: map(select((.static_caught | not) and .stress_caught != true)) | length},
   static_catch_rate: rate(.static_caught),
   stress_catch_rate: (map(select(.stress_caught != null)) | rate(.stress_caught))}' "$results" >"$report"
jq '.totals + {static_catch_rate, stress_catch_rate}' "$report"
echo "$report written; the copy and logs are in $work"
