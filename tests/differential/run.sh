#!/bin/sh
# ctest entry of the differential suite: installs Kuzu's Node package (npm `kuzu`, embedded) into a cache
# outside the source tree on first use and runs kuzu_diff.cjs. Without node, npm or the registry it
# prints "skipped: ..." and exits 77, which ctest reports as skipped (SKIP_RETURN_CODE).
#   run.sh random|saved KGQ_BINARY SOURCE_DIR [kuzu_diff.cjs options]
# KGQ_KUZU_DIR overrides the cache (default ${XDG_CACHE_HOME:-~/.cache}/kgq/kuzu-VERSION);
# KGQ_DIFF_CASES and KGQ_DIFF_SEED change the number of random cases and the seed.
set -u
mode=$1 kgq=$2 src=$3
shift 3
version=0.11.3
here=$(cd "$(dirname "$0")" && pwd)
cache=${KGQ_KUZU_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kgq/kuzu-$version}

skip() { echo "skipped: $*"; exit 77; }
command -v node >/dev/null 2>&1 || skip "node is not installed (the differential suite runs Kuzu through its Node package)"
if [ ! -f "$cache/node_modules/kuzu/kuzujs.node" ]; then
  command -v npm >/dev/null 2>&1 || skip "npm is not installed, so Kuzu cannot be installed into $cache"
  mkdir -p "$cache" || skip "cannot create $cache"
  # One install at a time: ctest -j runs both differential tests together.
  (
    flock 9
    if [ ! -f "$cache/node_modules/kuzu/kuzujs.node" ]; then
      echo "installing kuzu@$version into $cache (once)"
      npm install --no-save --no-audit --no-fund --prefix "$cache" "kuzu@$version" >"$cache/npm.log" 2>&1 ||
        { tail -5 "$cache/npm.log"; exit 1; }
    fi
  ) 9>"$cache/.lock" || skip "npm install kuzu@$version failed (no registry?); see $cache/npm.log"
fi
[ -f "$cache/node_modules/kuzu/kuzujs.node" ] || skip "kuzu@$version in $cache has no native module (its install script did not run)"

set -- "$mode" --kgq "$kgq" --kuzu "$cache/node_modules" --src "$src" "$@"
[ -n "${KGQ_DIFF_CASES:-}" ] && set -- "$@" --cases "$KGQ_DIFF_CASES"
[ -n "${KGQ_DIFF_SEED:-}" ] && set -- "$@" --seed "$KGQ_DIFF_SEED"
exec node "$here/kuzu_diff.cjs" "$@"
