#!/usr/bin/env bash
# The CI gate: set up, build, audit libhawk exactly as scripts/audit.sh does (JSON to
# reports/check.json, SARIF to reports/hawk-audit.sarif for code scanning), run the stress
# suite under ThreadSanitizer, then `hawk-audit gate` against the committed
# reports/baseline.json. A TSan report of the stress suite is turned into findings
# (reports/tsan.json) and gated too.
# Exit status: the gate's when it fails (1 new findings or a suppression without a reason,
# 2 usage or configuration, e.g. a missing or corrupt baseline, 3 units not analysed),
# else 1 when the stress suite failed, else 0.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
jobs=${HAWK_JOBS:-$(nproc)}

echo "== default build =="
cmake --preset default >/dev/null  # writes build/default/compile_commands.json
cmake --build --preset default -j "$jobs"

tool=build/default/tools/hawk-audit/hawk-audit
# The same check as scripts/audit.sh: libhawk's units and, as its callers, its unit tests;
# libhawk's modules as the source roots. The second run is a link of the cached facts.
check=("$tool" check -p build/default --units-under framework/src --units-under tests/unit -j "$jobs"
       --source-root framework/include/hawk --source-root framework/src
       --cache build/default/hawk-audit-cache)
mkdir -p reports
echo "== hawk-audit check -> reports/check.json, reports/hawk-audit.sarif =="
status=0
"${check[@]}" --format json -o reports/check.json || status=$?
if ((status == 2)); then exit 2; fi
status=0
"${check[@]}" --format sarif -o reports/hawk-audit.sarif 2>/dev/null || status=$?
if ((status == 2)); then exit 2; fi

echo "== stress suite (ThreadSanitizer) =="
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs"
# Each harness keeps its TSan report here (nothing while clean): only this run's count.
rm -rf build/tsan/stress-logs
stress=0
ctest --preset tsan -L stress || stress=$?
results=(reports/check.json)
rm -f reports/tsan.json
if compgen -G 'build/tsan/stress-logs/*' >/dev/null; then
  "$tool" tsan build/tsan/stress-logs/* --format json -o reports/tsan.json --source-root . \
    --binary build/tsan/tests/stress || true
  [[ -f reports/tsan.json ]] && results+=(reports/tsan.json)
fi

echo "== hawk-audit gate --baseline reports/baseline.json =="
gate=0
"$tool" gate --baseline reports/baseline.json "${results[@]}" || gate=$?
if ((gate != 0)); then exit "$gate"; fi
if ((stress != 0)); then
  echo "gate: the stress suite failed (ctest --preset tsan -L stress)" >&2
  exit 1
fi
exit 0
