#!/usr/bin/env bash
# Installs the Debian packages hawk needs, only those missing. Idempotent; apt-get only.
set -euo pipefail

packages=(
  cmake ninja-build git ca-certificates
  clang-19 lld-19 libclang-19-dev libclang-cpp19-dev llvm-19-dev libclang-rt-19-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev
  libcpp-httplib-dev  # hawk::serve: libhawk over HTTP/1.1
  time jq
  python3 python3-jsonschema  # the SARIF output's test validates against the official schema
  chromium  # the HTML report's browser test (headless)
  libspdlog-dev libasio-dev openvswitch-source  # tests/realworld: real multi-threaded sources (with googletest's)
  libuv1-dev  # tests/checker: the libuv fixture's headers (uv_queue_work, uv_thread_create)
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 2; }
  sudo=(sudo)
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
