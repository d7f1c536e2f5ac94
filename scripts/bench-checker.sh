#!/usr/bin/env bash
# Times hawk-audit against clang's own parse over the same units, in one run: libhawk's
# sources and hawk-audit's. Prints wall times, peak memory and the ratios
# (aims: cold <= 1.3x syntax-only, warm <= 0.1x, memory <= 2x). No assertions.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "${HAWK_JOBS:-$(nproc)}" --target hawk hawk-audit

db=build/default/compile_commands.json
tool=build/default/tools/hawk-audit/hawk-audit
dirs=(framework/src tools)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# GNU time's peak RSS (kB) of a command, or 0 without /usr/bin/time.
peak_of() { [[ -s "$1" ]] && tail -n 1 "$1" || echo 0; }
timed() {  # timed RSS_FILE command...
  if [[ -x /usr/bin/time ]]; then /usr/bin/time -f '%M' -o "$1" "${@:2}"; else "${@:2}"; fi
}
now() { date +%s.%N; }

# CMake writes one key per line: "directory", "command", "file". JSON-unescape the
# command (\" and \\) and keep the units under our directories.
awk -v root="$PWD" '
  /^ *"directory":/ { sub(/^ *"directory": "/, ""); sub(/",?$/, ""); dir = $0 }
  /^ *"command":/   { sub(/^ *"command": "/, ""); sub(/",?$/, ""); cmd = $0 }
  /^ *"file":/      { sub(/^ *"file": "/, ""); sub(/",?$/, ""); file = $0
                      if (index(file, root "/framework/src/") == 1 || index(file, root "/tools/") == 1) {
                        gsub(/\\"/, "\"", cmd); gsub(/\\\\/, "\\", cmd); print dir "\t" cmd } }
' "$db" >"$work/units.tsv"
units=$(wc -l <"$work/units.tsv")
echo "bench-checker: $units units (framework/src, tools)"

# 1. clang++ -fsyntax-only, unit after unit (the -j1 equivalent); peak = the largest unit.
syntax_peak=0
start=$(now)
while IFS=$'\t' read -r dir cmd; do
  # The unit's own command, its compiler replaced by clang++-19, output dropped.
  (cd "$dir" && eval "timed '$work/rss' clang++-19 ${cmd#* } -fsyntax-only -w -o /dev/null") || true
  peak=$(peak_of "$work/rss")
  if ((peak > syntax_peak)); then syntax_peak=$peak; fi
done <"$work/units.tsv"
syntax_s=$(echo "$(now) $start" | awk '{printf "%.2f", $1 - $2}')

# 2. hawk-audit check -j1, cold cache; 3. the same again, warm (nothing changed).
run_check() {
  local start; start=$(now)
  timed "$work/rss" "$tool" check -p build/default --units-under framework/src --units-under tools -j 1 \
    --cache "$work/cache" --format json -o "$work/report.json" 2>/dev/null || true
  echo "$(now) $start" | awk '{printf "%.2f", $1 - $2}'
}
cold_s=$(run_check); cold_peak=$(peak_of "$work/rss")
warm_s=$(run_check); warm_peak=$(peak_of "$work/rss")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }
printf '%-28s %10s %14s\n' "run" "seconds" "peak RSS (MB)"
printf '%-28s %10s %14d\n' "clang++ -fsyntax-only" "$syntax_s" $((syntax_peak / 1024))
printf '%-28s %10s %14d\n' "hawk-audit check (cold)" "$cold_s" $((cold_peak / 1024))
printf '%-28s %10s %14d\n' "hawk-audit check (warm)" "$warm_s" $((warm_peak / 1024))
echo "cold / syntax-only:   $(ratio "$cold_s" "$syntax_s")   (aim <= 1.3x)"
echo "warm / syntax-only:   $(ratio "$warm_s" "$syntax_s")   (aim <= 0.1x)"
echo "memory cold / clang:  $(ratio "$cold_peak" "$syntax_peak")   (aim <= 2x; hawk-audit's peak vs clang's largest unit)"
