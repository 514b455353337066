#!/usr/bin/python3
"""Weighted shortest paths (W5): kgq's `PATH FROM a TO b WEIGHTED BY w` against networkx's
bidirectional Dijkstra and igraph's get_shortest_paths(weights=...), on one dataset, one run.

    python3 bench/weighted.py DATADIR [--kgq build-bench/repl/kgq] [--repeat 5] [--peers networkx,igraph]

DATADIR is a gen_graph.py directory (S, M, L).  The weight is added here, deterministically, as an
integer column `w:int` (1..100, a multiplicative hash of the relationship's row number) in
DATADIR-w/edges.csv (written once; nodes.csv is linked).  The 100 pairs are DATADIR/pairs.txt, both
directions (undirected: networkx MultiGraph, igraph mode="all", kgq's default).  Each tool loads once and
then answers the 100 pairs `--repeat` times in a row; the table gives the median and the min-max of those
repeats, in-process (kgq: the sum of its `--timing` statement lines, i.e. parse + plan + search + format).
Every repeat's costs are checked against the others' (an integer sum, so exactly).
"""
import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import parse_json_stream  # noqa: E402


def weight_of(i):
    return (i * 2654435761) % 100 + 1


def weighted_dir(d):
    out = d.rstrip("/") + "-w"
    if os.path.exists(os.path.join(out, "edges.csv")):
        return out
    os.makedirs(out, exist_ok=True)
    for f in ("nodes.csv", "pairs.txt"):
        if not os.path.exists(os.path.join(out, f)):
            os.symlink(os.path.join(os.path.abspath(d), f), os.path.join(out, f))
    with open(os.path.join(d, "edges.csv"), newline="") as src, open(os.path.join(out, "edges.csv.tmp"), "w", newline="") as dst:
        r, w = csv.reader(src), csv.writer(dst, lineterminator="\n")
        header = next(r)
        w.writerow(header + ["w:int"])
        for i, row in enumerate(r):
            w.writerow(row + [weight_of(i)])
    os.rename(os.path.join(out, "edges.csv.tmp"), os.path.join(out, "edges.csv"))
    return out


def read_pairs(d):
    with open(os.path.join(d, "pairs.txt")) as f:
        return [tuple(line.split()) for line in f if line.strip()]


def names_of(d):
    with open(os.path.join(d, "nodes.csv"), newline="") as f:
        r = csv.reader(f)
        next(r)
        return {row[0]: row[2] for row in r}


def edges_of(d):
    with open(os.path.join(d, "edges.csv"), newline="") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            yield row[0], row[1], int(row[4])


def run_kgq(binary, d, pairs, repeat):
    names = names_of(d)
    script = "".join(f'PATH FROM "{names[s]}" TO "{names[t]}" WEIGHTED BY w;\n' for s, t in pairs) * repeat
    path = os.path.join(d, "w5.kgq")
    with open(path, "w") as f:
        f.write(script)
    p = subprocess.run([binary, "--graph", d, "-f", path, "--format", "json", "--timing", "--keep-going",
                        "--max-rows", "0", "--timeout", "0"], capture_output=True, text=True)
    ms = [float(x) for x in re.findall(r"^timing: statement \d+: ([0-9.]+) ms$", p.stderr, re.M)]
    costs = []
    for res in parse_json_stream(p.stdout):
        rows = res.get("rows", [])
        costs.append(rows[0][res["columns"].index("cost")] if rows else -1)
    if len(ms) != len(pairs) * repeat or len(costs) != len(pairs) * repeat:
        sys.exit(f"kgq: {len(ms)} timings, {len(costs)} answers; stderr: {p.stderr[-2000:]}")
    n = len(pairs)
    times = [sum(ms[i * n:(i + 1) * n]) / 1000 for i in range(repeat)]
    return times, [[round(c) if c != -1 else -1 for c in costs[i * n:(i + 1) * n]] for i in range(repeat)]


def run_networkx(d, pairs, repeat):
    import networkx as nx
    g = nx.MultiGraph()
    g.add_edges_from((s, t, {"w": w}) for s, t, w in edges_of(d))
    times, answers = [], []
    for _ in range(repeat):
        out = []
        t0 = time.perf_counter()
        for s, t in pairs:
            try:
                out.append(round(nx.bidirectional_dijkstra(g, s, t, weight="w")[0]))
            except nx.NetworkXNoPath:
                out.append(-1)
        times.append(time.perf_counter() - t0)
        answers.append(out)
    return times, answers


def run_igraph(d, pairs, repeat):
    import warnings
    import igraph as ig
    warnings.filterwarnings("ignore", message="Couldn't reach some vertices")
    with open(os.path.join(d, "nodes.csv"), newline="") as f:
        r = csv.reader(f)
        next(r)
        ids = [row[0] for row in r]
    index = {v: i for i, v in enumerate(ids)}
    edges, ws = [], []
    for s, t, w in edges_of(d):
        edges.append((index[s], index[t]))
        ws.append(w)
    g = ig.Graph(n=len(ids), edges=edges, directed=True, edge_attrs={"w": ws})
    times, answers = [], []
    for _ in range(repeat):
        out = []
        t0 = time.perf_counter()
        for s, t in pairs:
            a, b = index[s], index[t]
            ep = g.get_shortest_paths(a, to=b, weights="w", mode="all", output="epath")[0]
            out.append(sum(g.es[e]["w"] for e in ep) if ep or a == b else -1)
        times.append(time.perf_counter() - t0)
        answers.append(out)
    return times, answers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--kgq", default=os.path.join(HERE, "..", "build-bench", "repl", "kgq"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--peers", default="networkx,igraph")
    a = ap.parse_args()
    d = weighted_dir(a.data)
    pairs = read_pairs(d)
    runs = {"kgq": lambda: run_kgq(a.kgq, d, pairs, a.repeat)}
    if "networkx" in a.peers:
        runs["networkx"] = lambda: run_networkx(d, pairs, a.repeat)
    if "igraph" in a.peers:
        runs["igraph"] = lambda: run_igraph(d, pairs, a.repeat)
    results, ok = {}, True
    for name, fn in runs.items():
        times, answers = fn()
        results[name] = times
        for rep in answers:
            if "ref" not in results:
                results["ref"] = (name, rep)
            elif rep != results["ref"][1]:
                bad = [i for i, (x, y) in enumerate(zip(rep, results["ref"][1])) if x != y][:5]
                print(f"MISMATCH {name} vs {results['ref'][0]} at pairs {bad}", file=sys.stderr)
                ok = False
    ref = results.pop("ref")
    print(f"W5: 100 weighted shortest paths on {os.path.basename(a.data.rstrip('/'))}, "
          f"{a.repeat} repeats, checksum {sum(ref[1])}")
    kgq = statistics.median(results["kgq"])
    for name, times in results.items():
        med = statistics.median(times)
        print(f"  {name:9s} median {med:.4f} s  (min {min(times):.4f}, max {max(times):.4f})  "
              f"{med / kgq:.1f}x kgq")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
