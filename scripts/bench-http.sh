#!/usr/bin/env bash
# HTTP throughput on loopback with wrk: hawk (free-threaded and GIL builds) against a peer
# (Pistache) and a ceiling (cpp-httplib's hello world). Prints req/s and p99 latency per
# scenario and the ratios hawk/peer, hawk/ceiling, free-threaded/GIL. Not run by test.sh.
#   HAWK_BENCH_SECONDS=5 HAWK_BENCH_THREADS=8 scripts/bench-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${HAWK_BENCH_SECONDS:-5}
threads=${HAWK_BENCH_THREADS:-8}  # server workers = wrk connections (httplib holds one worker per connection)
jobs=${HAWK_JOBS:-$(nproc)}
out=build/bench-http
mkdir -p "$out"

scripts/setup.sh
# The bench-only packages: the load generator, the peer framework, and g++ for the peer.
if ! command -v wrk >/dev/null || ! pkg-config --exists libpistache || ! command -v g++ >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk libpistache-dev g++ >/dev/null ||
    { echo "bench-http: could not install wrk, libpistache-dev and g++" >&2; exit 2; }
fi

echo "== building =="
for preset in default gil; do
  cmake --preset "$preset" -B "build/bench-http-$preset" >/dev/null
  cmake --build "build/bench-http-$preset" -j "$jobs" --target hawk-bench-http-server
done
# g++: Pistache 0.0.5's headers (async.h) do not compile with clang 19.
g++ -std=c++17 -O2 -DNDEBUG bench/http/pistache_server.cpp -o "$out/pistache-server" \
  $(pkg-config --cflags --libs libpistache) -pthread
clang++-19 -std=c++20 -O2 -DNDEBUG bench/http/httplib_ceiling.cpp -o "$out/httplib-ceiling-server" \
  $(pkg-config --cflags --libs cpp-httplib) -pthread

cat > "$out/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name": "widget", "price": 9.5}'
wrk.headers["Content-Type"] = "application/json"
LUA
cat > "$out/routes.lua" <<'LUA'
math.randomseed(42)
request = function()
  return wrk.format("GET", "/r" .. math.random(0, 99) .. "/items/" .. math.random(1, 100000))
end
LUA

# scenario name, path, wrk script (or -)
scenarios=(
  "plaintext /plaintext -"
  "json /json -"
  "path_param /users/12345 -"
  "query_params /search?q=hawk&limit=20 -"
  "body_validation /items $out/post.lua"
  "routing_stress / $out/routes.lua"
)

# p99 from `wrk --latency` ("99%  1.23ms") in milliseconds.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }

declare -A rps p99
run_server() {  # name, port, command...
  local name=$1 port=$2; shift 2
  "$@" >"$out/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/plaintext" && break; sleep 0.1; done
  for s in "${scenarios[@]}"; do
    read -r scenario path script <<<"$s"
    local args=(-t2 "-c$threads" "-d${seconds}s" --latency)
    [[ "$script" != - ]] && args+=(-s "$script")
    local result
    result=$(wrk "${args[@]}" "http://127.0.0.1:$port$path")
    rps[$name,$scenario]=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$result")
    p99[$name,$scenario]=$(awk '$1 == "99%" {print $2}' <<<"$result" | to_ms)
    if grep -q "Non-2xx" <<<"$result"; then
      echo "bench-http: $name $scenario: $(grep Non-2xx <<<"$result")" >&2
    fi
  done
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

echo "== running ($seconds s per scenario, $threads connections) =="
run_server hawk 18181 "build/bench-http-default/bench/http/hawk-bench-http-server" --port 18181 --threads "$threads"
run_server hawk-gil 18182 "build/bench-http-gil/bench/http/hawk-bench-http-server" --port 18182 --threads "$threads"
run_server pistache 18183 "$out/pistache-server" 18183 "$threads"
run_server ceiling 18184 "$out/httplib-ceiling-server" 18184 "$threads"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
printf '\n%-16s %28s %28s %28s %28s   %9s %9s %9s\n' scenario "hawk req/s (p99 ms)" "hawk-gil req/s (p99 ms)" \
  "pistache req/s (p99 ms)" "ceiling req/s (p99 ms)" hawk/peer hawk/ceil ft/gil
for s in "${scenarios[@]}"; do
  read -r scenario _ _ <<<"$s"
  cells=()
  for n in hawk hawk-gil pistache ceiling; do cells+=("${rps[$n,$scenario]} (${p99[$n,$scenario]})"); done
  printf '%-16s %28s %28s %28s %28s   %9s %9s %9s\n' "$scenario" "${cells[@]}" \
    "$(ratio "${rps[hawk,$scenario]}" "${rps[pistache,$scenario]}")" \
    "$(ratio "${rps[hawk,$scenario]}" "${rps[ceiling,$scenario]}")" \
    "$(ratio "${rps[hawk,$scenario]}" "${rps[hawk-gil,$scenario]}")"
done
echo "(the ceiling answers every path with a fixed body: no routing, no JSON, no validation)"
