#!/usr/bin/env bash
# Fuzzes every target (or the ones named) under libFuzzer with ASan + UBSan for SECONDS each (default 600):
#   scripts/fuzz.sh [SECONDS] [TARGETS...]        targets: query csv graphml param lines
# Builds build-fuzz with clang (CXX, default clang++-14) and -DKGQ_LIBFUZZER=ON (KGQ_FUZZ_BUILD=DIR uses
# another tree) and runs tests/fuzz/run_libfuzzer.sh on each target in turn;
# extra libFuzzer flags go in KGQ_LIBFUZZER_FLAGS (e.g. "-seed=7 -jobs=1"). Exits 1 if any target found a
# crash, leak, timeout (20 s per input) or sanitizer report; every target runs either way.
# docs/reliability.md says how to reproduce a finding and turn it into a regression test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(query csv graphml param lines)
build=${KGQ_FUZZ_BUILD:-$root/build-fuzz}
bash "$root/scripts/install-deps.sh"
KGQ_BUILD_TYPE=${KGQ_BUILD_TYPE:-RelWithDebInfo} bash "$root/scripts/build.sh" "$build" \
  -DCMAKE_CXX_COMPILER="${CXX:-clang++-14}" -DKGQ_LIBFUZZER=ON
failed=()
for t in "${targets[@]}"; do
  # shellcheck disable=SC2086
  bash "$root/tests/fuzz/run_libfuzzer.sh" "$build" "$t" "$seconds" ${KGQ_LIBFUZZER_FLAGS:-} || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${targets[*]}: ${seconds} s each, no findings"
