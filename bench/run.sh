#!/usr/bin/env bash
# The kgq benchmark in one command (see bench/README.md):
#
#   bash bench/run.sh SIZE [--check] [run.py options...]      SIZE: XS | S | M | L
#   bash bench/run.sh SIZE --spellings [spellings.py options...]  equivalent spellings of W2-W4, kgq only
#
# Installs what is missing (Debian: python3-networkx python3-igraph, nodejs npm for Kuzu, and kgq's build
# deps; npm: kuzu@0.11.3 into $KGQ_BENCH_WORK/node_modules, skipped gracefully if that fails),
# builds kgq and kgq_csr_reference in Release (build-bench/; kgq profile-guided, as scripts/build.sh
# does with KGQ_PGO=1, except for --check and --spellings), generates the data under
# $KGQ_BENCH_WORK/data/SIZE when absent, runs kgq and the peers on the same files, checks that
# every answer agrees and prints the table.  --check: only the agreement (CI-sized on S; no
# timing claims).  Exit status 1 on any checksum mismatch.
#
# Environment: KGQ_BENCH_WORK (default /tmp/kgq-bench), KGQ_BIN (use this kgq, skip its build),
# KGQ_BENCH_REV (build kgq from this git revision, e.g. HEAD, exported with `git archive` into
# $KGQ_BENCH_WORK/src-SHA and built in $KGQ_BENCH_WORK/build-SHA: numbers for a committed state
# while the work tree is being edited; plain Release, not profile-guided), KGQ_BENCH_BUILD (build dir
# for the work tree, default <repo>/build-bench), KGQ_BENCH_JOBS (default 2), KGQ_BENCH_NO_KUZU=1 (no
# Kuzu: neither node/npm nor kuzu is installed), KGQ_BENCH_PGO=0 (a plain Release build of kgq, without
# the profile).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${KGQ_BENCH_WORK:-/tmp/kgq-bench}
build=${KGQ_BENCH_BUILD:-$root/build-bench}
jobs=${KGQ_BENCH_JOBS:-2}

if [ $# -lt 1 ]; then
  awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//' >&2  # the comment above
  exit 2
fi
spellings=0
check=0
args=()
for a in "$@"; do
  if [ "$a" = --spellings ]; then spellings=1; else args+=("$a"); fi
  if [ "$a" = --check ]; then check=1; fi
done
# timing runs measure the profile-guided build; an answer check only needs a build
pgo=${KGQ_BENCH_PGO:-1}
if [ "$check" = 1 ] || [ "$spellings" = 1 ]; then pgo=0; fi
set -- "${args[@]}"
# the spellings benchmark runs kgq alone: no peers to install
if [ "$spellings" = 1 ]; then export KGQ_BENCH_NO_KUZU=1; fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# --- Debian packages ---------------------------------------------------------------------
missing=()
for p in $([ "$spellings" = 1 ] || echo python3-networkx python3-igraph); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from elsewhere (nodesource's nodejs bundles npm): only install when absent,
# and only for Kuzu
if [ "${KGQ_BENCH_NO_KUZU:-0}" != 1 ]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # update only when a package is not even known to apt
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then $SUDO apt-get update -qq; fi
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Kuzu from npm (optional) --------------------------------------------------------------
mkdir -p "$work"
if [ "${KGQ_BENCH_NO_KUZU:-0}" != 1 ] && [ ! -f "$work/node_modules/kuzu/kuzujs.node" ]; then
  echo "bench: npm install kuzu@0.11.3 into $work" >&2
  [ -f "$work/package.json" ] || echo '{"name":"kgq-bench-peers","private":true}' >"$work/package.json"
  if ! (cd "$work" && npm install --no-audit --no-fund kuzu@0.11.3 >"$work/npm-install.log" 2>&1); then
    echo "bench: npm install kuzu failed (see $work/npm-install.log): Kuzu is skipped" >&2
  fi
  # the package ships per-platform binaries; its install script (which npm may not run) only copies one
  pre="$work/node_modules/kuzu/prebuilt/kuzujs-linux-$(node -p process.arch).node"
  if [ ! -f "$work/node_modules/kuzu/kuzujs.node" ] && [ -f "$pre" ]; then
    cp "$pre" "$work/node_modules/kuzu/kuzujs.node"
  fi
fi
if [ -f "$work/node_modules/kuzu/kuzujs.node" ] &&
   ! NODE_PATH="$work/node_modules" node -e 'require("kuzu")' >/dev/null 2>&1; then
  echo "bench: kuzu is installed but does not load: Kuzu is skipped" >&2
  mv "$work/node_modules/kuzu/kuzujs.node" "$work/node_modules/kuzu/kuzujs.node.broken"
fi

# --- build (Release) -----------------------------------------------------------------------
if [ -z "${KGQ_BIN:-}" ] && [ -n "${KGQ_BENCH_REV:-}" ]; then
  bash "$root/scripts/install-deps.sh"
  sha=$(git -C "$root" rev-parse --short=12 "$KGQ_BENCH_REV")
  src="$work/src-$sha"
  if [ ! -f "$src/CMakeLists.txt" ]; then
    mkdir -p "$src.tmp"
    git -C "$root" archive "$sha" | tar -x -C "$src.tmp"
    rm -rf "$src.tmp/bench"            # the benchmark itself always comes from the work tree
    mv "$src.tmp" "$src"
  fi
  cmake -S "$src" -B "$work/build-$sha" -DCMAKE_BUILD_TYPE=Release -DKGQ_BUILD_TESTS=OFF >/dev/null
  cmake --build "$work/build-$sha" -j "$jobs" --target kgq >&2
  KGQ_BIN="$work/build-$sha/repl/kgq"
  desc="built plain Release from $KGQ_BENCH_REV = $sha"  # its archive has no bench/ for the training
fi
if [ -z "${KGQ_BIN:-}" ]; then
  bash "$root/scripts/install-deps.sh"
  if [ "$pgo" = 1 ]; then
    KGQ_PGO=1 bash "$root/scripts/build.sh" "$build" >&2
  else
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DKGQ_PGO= >/dev/null
    cmake --build "$build" -j "$jobs" --target kgq >&2
  fi
  cmake --build "$build" -j "$jobs" --target kgq_csr_reference >&2
  kgq_bin="$build/repl/kgq"
  dirty=$(git -C "$root" status --porcelain --untracked-files=no -- engine repl grammar CMakeLists.txt | wc -l)
  desc="built$([ "$pgo" = 1 ] && echo " profile-guided" || true) from the work tree at $(git -C "$root" rev-parse --short=12 HEAD)$([ "$dirty" -gt 0 ] && echo " + $dirty modified files" || true)"
else
  kgq_bin=$KGQ_BIN
  desc=${desc:-"given as KGQ_BIN"}
  if [ "$spellings" != 1 ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j "$jobs" --target kgq_csr_reference >&2
  fi
fi

if [ "$spellings" = 1 ]; then
  exec /usr/bin/python3 "$root/bench/spellings.py" "$@" --kgq "$kgq_bin" --kgq-desc "$desc" --work "$work"
fi
exec /usr/bin/python3 "$root/bench/run.py" "$@" --kgq "$kgq_bin" --kgq-desc "$desc" \
  --ref "$build/bench/kgq_csr_reference" --work "$work"
