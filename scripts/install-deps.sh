#!/usr/bin/env bash
# Installs the Debian packages kgq needs to build, test and render exports.
# Idempotent: prints nothing and touches no package list when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  antlr4 libantlr4-runtime-dev
  libboost-graph-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev
  libcli11-dev nlohmann-json3-dev libreadline-dev
  libpugixml-dev libre2-dev libgraphviz-dev graphviz python3
  libhowardhinnant-date-dev tzdata
  libcpp-httplib-dev
  wordnet-base
  chromium  # tests/e2e/test_browser.py: kgq serve's page in a real browser (headless)
  clang-14 libclang-rt-14-dev  # libFuzzer builds (scripts/fuzz.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
