#!/usr/bin/env bash
# Builds libhawk free-threaded (preset default) and as the GIL build (preset gil), runs
# the benchmarks of both in this one run, and prints the free-threaded/GIL ratios.
# Usage: scripts/bench.sh [REPETITIONS]   (default 5; medians are compared)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}

scripts/setup.sh
for preset in default gil; do
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" --target route_lookup_bench app_handle_bench bench_compare
done

out=build/bench
mkdir -p "$out"
pairs=()
for bench in route_lookup_bench app_handle_bench; do
  # Alternate the builds so slow drift of the machine hits both alike.
  for preset in default gil; do
    echo "running $bench ($preset)..." >&2
    "build/$preset/tests/perf/$bench" --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
      --benchmark_min_time=0.2 --benchmark_format=json --benchmark_out="$out/$bench-$preset.json" \
      --benchmark_out_format=json >/dev/null
  done
  pairs+=("$out/$bench-default.json" "$out/$bench-gil.json")
done
build/default/tests/perf/bench_compare "${pairs[@]}"
