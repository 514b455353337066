#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the kgq prompt on the default graph.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh" "$root/build"
exec "$root/build/repl/kgq" --graph "$root/graphs/pakistan_belarus" "$@"
