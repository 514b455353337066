#!/usr/bin/env bash
# Longer fuzzing than ctest's fuzz.smoke: scripts/fuzz.sh [SECONDS_PER_TARGET] [SEED] [TARGETS...]
# Builds an ASan + UBSan tree (build-fuzz) and runs kgq_fuzz on each target for the given time
# (default 600 s). A finding stops with the input in build-fuzz/fuzz-work/kgq_fuzz-current-TARGET:
# add it under tests/fuzz/corpus/TARGET/ and as a regression test. docs/reliability.md says more.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
seed=${2:-$RANDOM}
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(query csv graphml param lines)
bash "$root/scripts/install-deps.sh"
KGQ_BUILD_TYPE=Debug bash "$root/scripts/build.sh" "$root/build-fuzz" -DKGQ_SANITIZE=ON
mkdir -p "$root/build-fuzz/fuzz-work"
cd "$root/build-fuzz/fuzz-work"
for t in "${targets[@]}"; do
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$root/tests/lsan.supp":print_suppressions=0 \
    "$root/build-fuzz/tests/kgq_fuzz" "$t" --seconds "$seconds" --seed "$seed"
done
