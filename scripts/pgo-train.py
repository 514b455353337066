#!/usr/bin/env python3
"""The training run of a profile-guided build (scripts/build.sh with KGQ_PGO=1).

    python3 scripts/pgo-train.py KGQ WORKDIR [--size XS|S] [--statements N]

Runs the kgq binary KGQ through what people do with it, so that the compiler learns which code is hot:
every statement of the query-test corpus (tests/queries, on the graph each file names), then, on graphs
made by bench/gen_graph.py (the kg and the grid shape), a load and N statements of ten everyday kinds
(look-ups by id, shortest paths in both spellings, neighbourhoods, filters, aggregations, ordering, a
write), their ids drawn by a seeded generator of this script's own; then a database imported from the
kg graph, 300 commits to it and a reopen, exports (DOT, SVG, GraphML, CSV) and the GraphML file loaded
back. The benchmark's pair and seed lists are not read. Exit status 1 when a statement outside the corpus
fails: the training would then teach the compiler an error path instead of the work.
"""
import argparse
import glob
import os
import random
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(kgq, args, statements, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(s.strip().rstrip(";") + ";\n" for s in statements if s.strip()))
    # in the work directory, so that a statement writing a relative path writes there
    done = subprocess.run([kgq, *args, "--keep-going", "--format", "json", "-f", path], cwd=os.path.dirname(path),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=1200)
    return done.returncode, done.stderr


def corpus_files():
    """(kgq options, statements) per query-test file: its graph, limits and parameters as the runner
    (tests/queries/README.md) gives them, so that no statement runs without the bound its case has."""
    data = os.path.join(ROOT, "tests", "data")
    for test in sorted(glob.glob(os.path.join(ROOT, "tests", "queries", "**", "*.test"), recursive=True)):
        options, statements, current, taking = ["--empty"], [], [], False
        with open(test, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n").replace("${DATA}", data)
                if line.startswith("#"):
                    continue
                if line.startswith("-"):  # a directive ends the statement before it
                    if taking and current:
                        statements.append("\n".join(current))
                    current, taking = [], False
                    words = line.split(maxsplit=2)
                    if words[0] == "-GRAPH":
                        options[:1] = ["-g", os.path.join(data, words[1])]
                    elif words[0] == "-MAX_EXPANSIONS":
                        options += ["--max-expansions", words[1]]
                    elif words[0] == "-MAX_ROWS":
                        options += ["--max-rows", words[1]]
                    elif words[0] == "-PARAM" and len(words) == 3:
                        options += ["--param", f"{words[1]}={words[2]}"]
                    elif line.startswith("-SETUP"):
                        taking = True
                    elif line.startswith("-STATEMENT"):
                        taking, current = True, [line[len("-STATEMENT"):]]
                    continue
                if taking:
                    current.append(line)
        if taking and current:
            statements.append("\n".join(current))
        yield options, statements


def everyday(ids, names, count, rng):
    """`count` statements of ten kinds, each naming nodes drawn by `rng`."""
    out = []
    for i in range(count):
        a, b = rng.choice(ids), rng.choice(ids)
        na, nb = rng.choice(names), rng.choice(names)
        kind = i % 10
        if kind == 0:
            out.append(f"MATCH (x {{id: '{a}'}}) RETURN x.name, x.year")
        elif kind == 1:
            out.append(f"MATCH (x {{id: '{a}'}}), (y {{id: '{b}'}}) "
                       "MATCH p = shortestPath((x)-[*]-(y)) RETURN length(p)")
        elif kind == 2:
            out.append(f'PATH FROM "{na}" TO "{nb}"')
        elif kind == 3:
            out.append(f"MATCH (x {{id: '{a}'}})-[*1..2]-(y) RETURN count(DISTINCT y)")
        elif kind == 4:
            out.append(f"MATCH (x {{id: '{a}'}})-[r]->(y) RETURN type(r), y.name ORDER BY y.name LIMIT 5")
        elif kind == 5:
            out.append(f"MATCH (x:Person) WHERE x.year > {1950 + i % 50} RETURN count(*)")
        elif kind == 6:
            out.append("MATCH (x)-[:KNOWS]->(y) WHERE x.year < y.year "
                       "RETURN x.year, count(*) ORDER BY x.year LIMIT 3")
        elif kind == 7:
            out.append(f'NEIGHBOURS OF "{na}" DEPTH 2')
        elif kind == 8:
            out.append(f"MATCH (x {{id: '{a}'}}) SET x.seen = {i} RETURN x.seen")
        else:
            out.append(f"MATCH (x {{id: '{a}'}}), (y {{id: '{b}'}}) "
                       "MATCH p = allShortestPaths((x)-[*..6]-(y)) RETURN count(p)")
    return out


def keeping(kgq, graph, ids, names, rng, work, script):
    """A database made from the graph, commits to it, a reopen; exports, and a GraphML file loaded back."""
    db = os.path.join(work, "db")
    shutil.rmtree(db, ignore_errors=True)
    writes = []
    for i in range(300):
        a, b = rng.choice(ids), rng.choice(ids)
        writes.append([f"CREATE (:Person {{id: 'new{i}', name: 'New {i}', year: {1900 + i % 120}}})",
                       f"MATCH (x {{id: '{a}'}}), (y {{id: '{b}'}}) MERGE (x)-[:KNOWS {{since: {i}}}]->(y)",
                       f"MATCH (x {{id: '{a}'}}) SET x.year = x.year + 1",
                       f"MATCH (x {{id: 'new{i // 2}'}}) DETACH DELETE x"][i % 4])
    picture = os.path.join(work, "picture")
    exports = [f'NEIGHBOURS OF "{rng.choice(names)}" DEPTH 2 EXPORT {kind} TO \'{picture}.{kind.lower()}\''
               for kind in ("DOT", "SVG", "GRAPHML")]
    exports.append(f"EXPORT GRAPH TO '{os.path.join(work, 'exported')}'")
    steps = [(["--db", db, "--import", graph], writes), (["--db", db], ["MATCH (n) RETURN count(n)"]),
             (["-g", graph], exports), (["-g", picture + ".graphml"], ["MATCH (n)-[r]->(m) RETURN count(r)"])]
    for args, statements in steps:
        code, err = run(kgq, args, statements, script)
        if code != 0:
            print(f"pgo-train: kgq {' '.join(args)} failed:\n{err[-2000:]}", file=sys.stderr)
            return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kgq")
    ap.add_argument("work")
    ap.add_argument("--size", default="S", choices=["XS", "S"])
    ap.add_argument("--statements", type=int, default=4000)
    o = ap.parse_args()
    os.makedirs(o.work, exist_ok=True)
    script = os.path.join(o.work, "train.kgq")
    corpus = 0
    for options, statements in corpus_files():
        run(o.kgq, options, statements, script)  # errors are expected here
        corpus += len(statements)
    rng = random.Random(7)
    failed = False
    for shape in ("kg", "grid"):
        g = os.path.join(o.work, f"graph-{o.size}-{shape}")
        if not os.path.exists(os.path.join(g, "meta.json")):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_graph.py"), o.size, g, "--shape", shape],
                           check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(g, "nodes.csv"), encoding="utf-8") as f:
            rows = [line.rstrip("\n").split(",") for line in f][1:]
        ids, names = [r[0] for r in rows], [r[2] for r in rows]
        code, err = run(o.kgq, ["-g", g], everyday(ids, names, o.statements, rng), script)
        if code != 0:
            print(f"pgo-train: the {shape} workload failed:\n{err[-2000:]}", file=sys.stderr)
            failed = True
        if shape == "kg":
            failed |= not keeping(o.kgq, g, ids, names, rng, o.work, script)
    print(f"pgo-train: {corpus} corpus statements, 2 x {o.statements} on generated graphs ({o.size})",
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
