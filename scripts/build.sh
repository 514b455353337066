#!/usr/bin/env bash
# Configures and builds one build tree. Usage: build.sh [BUILD_DIR] [extra cmake args...]
# KGQ_PGO=1: a profile-guided Release build of kgq alone (GCC): an instrumented build, a training run
# (scripts/pgo-train.py) that writes its counts into BUILD_DIR/pgo-profile, then the build that uses them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-"$root/build"}; shift || true
if [ "${KGQ_PGO:-0}" = 1 ]; then
  common=(-DCMAKE_BUILD_TYPE=Release -DKGQ_BUILD_TESTS=OFF -DKGQ_PGO_DIR="$dir/pgo-profile" "$@")
  rm -rf "$dir/pgo-profile"
  cmake -S "$root" -B "$dir" "${common[@]}" -DKGQ_PGO=generate >/dev/null
  cmake --build "$dir" -j "$(nproc)" --target kgq
  python3 "$root/scripts/pgo-train.py" "$dir/repl/kgq" "$dir/pgo-train"
  cmake -S "$root" -B "$dir" "${common[@]}" -DKGQ_PGO=use >/dev/null
  cmake --build "$dir" -j "$(nproc)" --target kgq
  exit 0
fi
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=${KGQ_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
