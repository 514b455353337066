#!/usr/bin/env bash
# Regenerates the pictures of the Pakistan-Belarus graph:
#   graph.dot / graph.svg                 the whole graph (pictures/whole_graph.kgq)
#   pictures/NAME.dot / pictures/NAME.svg  one answer per pictures/NAME.kgq
# Each pictures/*.kgq holds one statement ending in EXPORT DOT TO '<path>'; the path is
# relative to this directory, where the script runs kgq. kgq renders the SVGs too (EXPORT SVG,
# through Graphviz's library), from the same statement.
#
# Usage: graphs/pakistan_belarus/render_pictures.sh [path/to/kgq]
#   (default: $KGQ, else build/repl/kgq in the repository root)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
kgq="${1:-${KGQ:-$root/build/repl/kgq}}"
[[ -x "$kgq" ]] || { echo "kgq not found at $kgq; build it or pass its path" >&2; exit 1; }

cd "$here"
for script in pictures/*.kgq; do
  target="$(sed -n "s/.*EXPORT DOT TO '\([^']*\)'.*/\1/p" "$script")"
  [[ -n "$target" ]] || { echo "$script: no EXPORT DOT TO '...'" >&2; exit 1; }
  "$kgq" --graph . --format csv -f "$script" >/dev/null
  svg_script="$(mktemp)"
  sed "s/EXPORT DOT TO '\([^']*\)\.dot'/EXPORT SVG TO '\1.svg'/" "$script" >"$svg_script"
  "$kgq" --graph . --format csv -f "$svg_script" >/dev/null
  rm -f "$svg_script"
  echo "$script -> $target, ${target%.dot}.svg"
done
