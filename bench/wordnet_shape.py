#!/usr/bin/python3
"""WordNet 3.0 as a benchmark graph: the bench's four-column layout, cut from graphs/wordnet/convert.py.

    /usr/bin/python3 bench/wordnet_shape.py OUTDIR [--wordnet DIR]

The example graph (graphs/wordnet/convert.py, written to OUTDIR/full/) has text columns (glosses with
commas and quotes, word lists) that the peers' simple readers and the C++ reference do not parse. This
keeps what the workloads read, in the same layout as gen_graph.py's files, so every peer, the
reference and the checksums work unchanged:

  nodes.csv   id:ID, :LABEL (Synset), name (dog.n.01, unique), lexfile:int (the synset's
              lexicographer file number, 0-44, as WordNet's data files give it)
  edges.csv   :START_ID, :END_ID, :TYPE (HYPERNYM, ...), lexical:int (1 when the pointer joins two
              words rather than two synsets: antonyms, derivations)
  pairs.txt, seeds.txt   the converter's (fixed seed)
  meta.json   counts, and the schema the peers build and the W4 they ask:
              (a:Synset)-[:HYPERNYM]->(b:Synset) WHERE a.lexfile > b.lexfile (a hypernym link into a
              lexicographer file of lower number)
"""
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CONVERT = os.path.join(os.path.dirname(HERE), "graphs", "wordnet", "convert.py")
sys.path.insert(0, os.path.dirname(CONVERT))
from convert import LEXNAMES  # noqa: E402

LABEL = "Synset"


def plain(field):
    """The peers and the reference split on commas and never unquote."""
    if any(c in field for c in ',"\n\r'):
        raise SystemExit(f"wordnet_shape: a field the bench layout cannot hold: {field!r}")
    return field


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--wordnet"):
        sys.stderr.write(f"usage: {argv[0]} OUTDIR [--wordnet DIR]\n")
        return 2
    out = argv[1]
    full = os.path.join(out, "full")
    cmd = [sys.executable, CONVERT, full] + argv[2:]
    subprocess.run(cmd, check=True)
    lexfile = {name: i for i, name in enumerate(LEXNAMES)}

    nodes = 0
    with open(os.path.join(full, "nodes.csv"), newline="", encoding="utf-8") as f, \
            open(os.path.join(out, "nodes.csv.tmp"), "w", encoding="utf-8") as o:
        r = csv.reader(f)
        next(r)
        o.write("id:ID,:LABEL,name,lexfile:int\n")
        for sid, _labels, name, _words, lexname, _gloss, _sat in r:
            # convert.py writes a number it has no name for as the number itself
            num = lexfile[lexname] if lexname in lexfile else int(lexname)
            o.write(f"{plain(sid)},{LABEL},{plain(name)},{num}\n")
            nodes += 1
    types = {}
    with open(os.path.join(full, "edges.csv"), newline="", encoding="utf-8") as f, \
            open(os.path.join(out, "edges.csv.tmp"), "w", encoding="utf-8") as o:
        r = csv.reader(f)
        next(r)
        o.write(":START_ID,:END_ID,:TYPE,lexical:int\n")
        for s, t, ty, from_word, _to_word in r:
            o.write(f"{plain(s)},{plain(t)},{plain(ty)},{1 if from_word else 0}\n")
            types[ty] = types.get(ty, 0) + 1
    for name in ("nodes.csv", "edges.csv"):
        os.replace(os.path.join(out, name + ".tmp"), os.path.join(out, name))
    for name in ("pairs.txt", "seeds.txt"):
        with open(os.path.join(full, name)) as f, open(os.path.join(out, name), "w") as o:
            o.write(f.read())
    with open(os.path.join(full, "meta.json")) as f:
        source = json.load(f)
    meta = {
        "shape": "wordnet", "size": "WN", "nodes": nodes, "edges": sum(types.values()), "types": types,
        "source": source.get("source"), "seed": source.get("seed"), "generator_version": 1,
        "schema": {
            "labels": [LABEL],
            "rels": [[t, LABEL, LABEL] for t in sorted(types)],
            "node_int": "lexfile",
            "rel_int": "lexical",
            "w4": [LABEL, "HYPERNYM", LABEL],
            "names": "column",
        },
    }
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    sys.stderr.write(f"wordnet_shape: {nodes} synsets, {meta['edges']} relationships in {out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
