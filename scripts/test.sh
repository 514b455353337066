#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to every test passing:
# installs dependencies, builds, runs ctest and the benchmark's answer check on S, then repeats the
# suite under ASan + UBSan with clang, which also runs each libFuzzer target for a minute.
# KGQ_SKIP_SANITIZE=1 skips the sanitizer pass (for quick local iterations only; CI never sets it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh"

bash "$root/scripts/build.sh" "$root/build"
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")

# The benchmark's answers on its small graph (S): kgq's optimised searches and counts must give what
# networkx, igraph and the plain C++ loop give (bench/README.md; no timings are claimed here).
KGQ_BIN="$root/build/repl/kgq" KGQ_BENCH_BUILD="$root/build-check" KGQ_BENCH_WORK="$root/build-check/work" \
  KGQ_BENCH_NO_KUZU=1 bash "$root/bench/run.sh" S --check --peers networkx,igraph

if [ "${KGQ_SKIP_SANITIZE:-0}" != 1 ]; then
  # The sanitizer pass: clang with ASan + UBSan and libFuzzer's coverage (-DKGQ_LIBFUZZER=ON), so one tree
  # runs every test under the sanitizers and, in place of the deterministic fuzz smoke, each libFuzzer
  # target for KGQ_FUZZ_SMOKE_SECONDS (60 s). scripts/fuzz.sh reuses this tree for longer runs.
  KGQ_BUILD_TYPE=RelWithDebInfo bash "$root/scripts/build.sh" "$root/build-fuzz" \
    -DCMAKE_CXX_COMPILER="${KGQ_FUZZ_CXX:-clang++-14}" -DKGQ_LIBFUZZER=ON
  (cd "$root/build-fuzz" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     LSAN_OPTIONS=suppressions="$root/tests/lsan.supp":print_suppressions=0 \
     KGQ_QUERY_TEST_TIMEOUT_MS=600000 ctest --output-on-failure -j "$(nproc)")
fi
