#!/usr/bin/env bash
# Runs one libFuzzer target of a -DKGQ_LIBFUZZER=ON build for a given time; exits non-zero on any finding.
#   run_libfuzzer.sh BUILD_DIR TARGET SECONDS [libFuzzer flags...]
# Used by ctest's fuzz.libfuzzer.TARGET (the CI's ASan + UBSan pass) and scripts/fuzz.sh.
# Seeds: what the deterministic driver seeds with (kgq_fuzz TARGET --write-seeds: the statements of
# tests/queries for query and lines, tests/fuzz/corpus/TARGET); tokens: tests/fuzz/kgq.dict.
# The corpus libFuzzer grows is kept in BUILD_DIR/fuzz-work/TARGET/corpus for the next run.
# Findings: a crash, an uncaught exception or "internal error" (the target aborts), a leak (LSan), an ASan or
# UBSan report, one input running longer than -timeout (20 s; the query target's statements have a 1 s limit)
# or more than -rss_limit_mb of memory. libFuzzer saves the input as BUILD_DIR/fuzz-work/TARGET/crash-* (or
# leak-*, timeout-*, oom-*); `kgq_libfuzzer_TARGET FILE` or `kgq_fuzz TARGET FILE` runs it again.
set -euo pipefail
build=$(cd "$1" && pwd); target=$2; seconds=$3; shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$build/tests/kgq_libfuzzer_$target"
[ -x "$bin" ] || { echo "run_libfuzzer: $bin is missing (configure with clang and -DKGQ_LIBFUZZER=ON)" >&2; exit 2; }
work="$build/fuzz-work/$target"
rm -rf "$work/seeds"
mkdir -p "$work/corpus" "$work/seeds"
"$build/tests/kgq_fuzz" "$target" --write-seeds "$work/seeds" --source "$root" >/dev/null
log="$work/libfuzzer.log"
cd "$work"
set +e
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
LSAN_OPTIONS=suppressions="$root/tests/lsan.supp":print_suppressions=0 \
  "$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 \
    -dict="$root/tests/fuzz/kgq.dict" -artifact_prefix="$work/" "$@" "$work/corpus" "$work/seeds" >"$log" 2>&1
rc=$?
set -e
# A summary: libFuzzer's last status line and its final statistics.
grep -E '^#[0-9]+ +(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
echo "corpus: $(ls "$work/corpus" | wc -l) files"
if [ $rc -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|FINDING:' "$log"; then
  echo "run_libfuzzer: $target found something (exit $rc); the log is $log:" >&2
  grep -nE -A40 'ERROR:|runtime error:|FINDING:|==[0-9]+==|Test unit written' "$log" | head -120 >&2
  exit 1
fi
echo "run_libfuzzer: $target ran ${seconds} s, no findings"
