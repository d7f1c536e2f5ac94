#!/usr/bin/env bash
# The main job: set up, build hawk-audit, run `hawk-audit check` over libhawk's sources,
# write reports/audit.json, print the inventory per module and the diagnostics, run the
# stress suite (HAWK_AUDIT_SKIP_STRESS=1: not) and write the HTML report reports/audit.html.
# Exit status: hawk-audit's (0 clean, 1 findings, 2 usage/configuration, 3 units failed).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
jobs=${HAWK_JOBS:-$(nproc)}
cmake --preset default >/dev/null  # writes build/default/compile_commands.json
cmake --build --preset default -j "$jobs" --target hawk hawk-audit

tool=build/default/tools/hawk-audit/hawk-audit
# libhawk's units (framework/src) and, as its callers, the unit tests: libhawk's public
# templates (Container::resolve<T>, ...) are instantiated only in code that uses them.
# Findings and modules are libhawk's own (the source roots); its headers count too.
# The cache makes the summary and text runs below a link of the same facts.
check=("$tool" check -p build/default --units-under framework/src --units-under tests/unit -j "$jobs"
       --source-root framework/include/hawk --source-root framework/src
       --cache build/default/hawk-audit-cache)
mkdir -p reports
status=0
"${check[@]}" --format json -o reports/audit.json || status=$?
if ((status == 2)); then exit 2; fi

echo "== inventory per module (reports/audit.json) =="
"${check[@]}" --format summary 2>/dev/null || true
echo "== diagnostics =="
"${check[@]}" --format text 2>/dev/null || true

# The HTML report, reports/audit.html: the static results; the stress suite's outcome per
# module (the tsan preset's harnesses, ~20 s of tests after a ThreadSanitizer build;
# HAWK_AUDIT_SKIP_STRESS=1 leaves it out) and the races it caught; and the mutation score
# when scripts/mutants.sh has written reports/mutation.json.
report=("$tool" report --static reports/audit.json --source-root "$PWD" -o reports/audit.html)
if [[ -f reports/mutation.json ]]; then report+=(--mutation reports/mutation.json); fi
if [[ ${HAWK_AUDIT_SKIP_STRESS:-0} != 1 ]]; then
  echo "== stress suite (tsan preset; HAWK_AUDIT_SKIP_STRESS=1 skips it) =="
  harnesses=()
  for source in tests/stress/*_stress.cpp; do harnesses+=("$(basename "$source" .cpp)"); done
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j "$jobs" --target "${harnesses[@]}"
  rm -f build/tsan/stress-logs/* reports/tsan.json  # a failing harness leaves its TSan report here
  ctest --preset tsan -L stress --output-junit "$PWD/reports/stress.xml" ||
    echo "audit: a stress harness failed (see reports/audit.html)"
  report+=(--stress-junit reports/stress.xml)
  logs=()
  for log in build/tsan/stress-logs/*; do [[ -f $log ]] && logs+=("$log"); done
  if ((${#logs[@]} > 0)); then
    "$tool" tsan "${logs[@]}" --format json --source-root "$PWD" --binary build/tsan/tests/stress \
      -o reports/tsan.json || true
    if [[ -f reports/tsan.json ]]; then report+=(--tsan reports/tsan.json); fi
  fi
fi
"${report[@]}"
echo "== reports/audit.html written =="
exit "$status"
