#!/usr/bin/env bash
# Regenerates the pictures of the Pakistan-Belarus graph:
#   graph.dot / graph.svg                 the whole graph (pictures/whole_graph.kgq)
#   pictures/NAME.dot / pictures/NAME.svg  one answer per pictures/NAME.kgq
# Each pictures/*.kgq holds one statement ending in EXPORT DOT TO '<path>'; the path is
# relative to this directory, where the script runs kgq. Graphviz `dot` renders the SVGs.
#
# Usage: graphs/pakistan_belarus/render_pictures.sh [path/to/kgq]
#   (default: $KGQ, else build/repl/kgq in the repository root)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
kgq="${1:-${KGQ:-$root/build/repl/kgq}}"
[[ -x "$kgq" ]] || { echo "kgq not found at $kgq; build it or pass its path" >&2; exit 1; }
command -v dot >/dev/null || { echo "Graphviz 'dot' is missing (apt-get install graphviz)" >&2; exit 1; }

cd "$here"
for script in pictures/*.kgq; do
  target="$(sed -n "s/.*EXPORT DOT TO '\([^']*\)'.*/\1/p" "$script")"
  [[ -n "$target" ]] || { echo "$script: no EXPORT DOT TO '...'" >&2; exit 1; }
  "$kgq" --graph . --format csv -f "$script" >/dev/null
  dot -Tsvg "$target" -o "${target%.dot}.svg"
  echo "$script -> $target, ${target%.dot}.svg"
done
