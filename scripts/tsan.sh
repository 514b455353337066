#!/usr/bin/env bash
# ThreadSanitizer over the tests that run statements on more than one thread: the parallel executor's
# unit tests, and every query test rerun in parallel (ctest's parallel.* tests). Not part of
# scripts/test.sh (a third build tree would take CI past its time budget); docs/reliability.md records runs.
#   scripts/tsan.sh [ctest -R regex]      default: Parallel|Morsel|parallel\.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KGQ_TSAN_BUILD:-$root/build-tsan}
bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="${CXX:-clang++-14}" \
  -DKGQ_TSAN=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target kgq_unit_tests kgq_query_tests
cd "$build"
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
  KGQ_QUERY_TEST_TIMEOUT_MS=600000 ctest --output-on-failure -j "$(nproc)" -R "${1:-Parallel|Morsel|parallel\.}"
