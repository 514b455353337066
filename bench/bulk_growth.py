#!/usr/bin/python3
"""Bulk growth (issue 13): MERGE of N relationships into an empty graph, against SQLite's INSERT OR
IGNORE of the same rows in one transaction and Kuzu's MERGE of them.

    bench/bulk_growth.py [--kgq BIN] [--rels 1000000] [--nodes 100000] [--work /tmp/kgq-bulk] [--repeat 3]
                         [--kuzu-modules DIR]

The file: `s,t` with a header, N rows of random node ids among --nodes (seeded; duplicates included, as a
spreadsheet of facts has them), and the same rows as a JSON list of {s, t} maps. kgq, one statement, in
memory (no --db), in the issue's two spellings:

    LOAD CSV WITH HEADERS FROM 'rels.csv' AS r
    MERGE (a:N {id: r.s}) MERGE (b:N {id: r.t}) MERGE (a)-[:T]->(b)
    UNWIND $rows AS r MERGE ...   (the same three MERGEs; --param rows=@rows.json)

timed by `--timing` (the statement alone, not the process start or reading the parameter) and by the wall
clock of the process, with its peak RSS (wait4). SQLite (python3's sqlite3, in memory and on disk):
`nodes(id TEXT PRIMARY KEY)`, `rels(s, t, PRIMARY KEY (s, t)) WITHOUT ROWID`, three INSERT OR IGNORE per CSV
row (read with python's csv module) in one transaction. Kuzu (npm kuzu@0.11.3 under --kuzu-modules, when it
loads; bench/run.sh installs it): peers/kuzu_merge.js, `LOAD FROM 'rels.csv' (header = true) MERGE ...`, an
in-memory database, both cores. The engines alternate, so machine noise hits all; the best of --repeat runs
is reported. kgq and SQLite end with the same counts, which the script checks; Kuzu's are printed (its MERGE
of a relationship does not see the ones earlier rows of the same statement created, so it keeps duplicates).
Prints a Markdown table.
"""
import json
import argparse
import csv
import os
import random
import re
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

STATEMENT = ("LOAD CSV WITH HEADERS FROM 'rels.csv' AS r "
             "MERGE (a:N {id: r.s}) MERGE (b:N {id: r.t}) MERGE (a)-[:T]->(b);\n"
             "MATCH (n:N) RETURN count(n) AS nodes;\n"
             "MATCH ()-[r:T]->() RETURN count(r) AS rels;\n")


UNWIND_STATEMENT = STATEMENT.replace("LOAD CSV WITH HEADERS FROM 'rels.csv' AS r", "UNWIND $rows AS r")


def make_rows(work, rels, nodes):
    rnd = random.Random(13)
    pairs = [(f"n{rnd.randrange(nodes)}", f"n{rnd.randrange(nodes)}") for _ in range(rels)]
    with open(os.path.join(work, "rels.csv"), "w", newline="") as f:
        f.write("s,t\n")
        for s, t in pairs:
            f.write(f"{s},{t}\n")
    with open(os.path.join(work, "rows.json"), "w") as f:
        json.dump([{"s": s, "t": t} for s, t in pairs], f)


def run_kgq(kgq, work, unwind=False):
    start = time.monotonic()
    args = [kgq, "--empty", "--timing", "--format", "csv", "--max-memory", "0"]
    args += ["--param", "rows=@rows.json", "-c", UNWIND_STATEMENT] if unwind else ["-c", STATEMENT]
    proc = subprocess.Popen(args, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        sys.exit(f"kgq failed ({status}):\n{err}")
    times = [float(m) for m in re.findall(r"timing: statement 1: ([0-9.]+) ms", err)]
    counts = [int(line) for line in out.splitlines() if line.isdigit()]
    return (times[0] / 1000 if times else wall), wall, usage.ru_maxrss / 1024, tuple(counts)


def run_sqlite(work, where):
    path = ":memory:" if where == "memory" else os.path.join(work, "bulk.sqlite")
    if path != ":memory:":
        for f in (path, path + "-journal", path + "-wal"):
            if os.path.exists(f):
                os.remove(f)
    start = time.monotonic()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("CREATE TABLE nodes (id TEXT PRIMARY KEY)")
    con.execute("CREATE TABLE rels (s TEXT, t TEXT, PRIMARY KEY (s, t)) WITHOUT ROWID")
    con.execute("BEGIN")
    with open(os.path.join(work, "rels.csv"), newline="") as f:
        for row in csv.DictReader(f):
            con.execute("INSERT OR IGNORE INTO nodes VALUES (?)", (row["s"],))
            con.execute("INSERT OR IGNORE INTO nodes VALUES (?)", (row["t"],))
            con.execute("INSERT OR IGNORE INTO rels VALUES (?, ?)", (row["s"], row["t"]))
    con.execute("COMMIT")
    elapsed = time.monotonic() - start
    counts = (con.execute("SELECT count(*) FROM nodes").fetchone()[0],
              con.execute("SELECT count(*) FROM rels").fetchone()[0])
    con.close()
    return elapsed, counts


def run_kuzu(modules, work):
    env = dict(os.environ, NODE_PATH=modules)
    r = subprocess.run(["node", os.path.join(HERE, "peers", "kuzu_merge.js"), os.path.join(work, "rels.csv")],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"kuzu failed:\n{r.stderr}")
    out = json.loads(r.stdout)
    return out["seconds"], out["rss_kb"] / 1024, (out["nodes"], out["rels"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kgq", default=os.path.join(HERE, "..", "build", "repl", "kgq"))
    ap.add_argument("--rels", type=int, default=1_000_000)
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--work", default="/tmp/kgq-bulk")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kuzu-modules", default=os.environ.get("KGQ_KUZU_MODULES", "/tmp/kgq-bench/work/node_modules"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    make_rows(args.work, args.rels, args.nodes)
    kuzu = os.path.exists(os.path.join(args.kuzu_modules, "kuzu", "kuzujs.node"))

    kgq_load, kgq_unwind, sqlite_mem, sqlite_disk, kuzu_runs = [], [], [], [], []
    for _ in range(args.repeat):
        kgq_load.append(run_kgq(args.kgq, args.work))
        sqlite_mem.append(run_sqlite(args.work, "memory"))
        kgq_unwind.append(run_kgq(args.kgq, args.work, unwind=True))
        if kuzu:
            kuzu_runs.append(run_kuzu(args.kuzu_modules, args.work))
        sqlite_disk.append(run_sqlite(args.work, "disk"))
    counts = {kgq_load[0][3], kgq_unwind[0][3], sqlite_mem[0][1], sqlite_disk[0][1]}
    if len(counts) != 1:
        sys.exit(f"the engines disagree on (nodes, relationships): {counts}")
    print(f"{args.rels} CSV rows, {kgq_load[0][3][0]} distinct nodes, {kgq_load[0][3][1]} distinct relationships"
          + (f"; Kuzu ends with {kuzu_runs[0][2][0]} nodes, {kuzu_runs[0][2][1]} relationships" if kuzu else
             "; Kuzu not installed: skipped") + "\n")
    print("| engine | best s | runs (s) | peak RSS MB |")
    print("|---|---:|---|---:|")
    for name, runs in (("kgq LOAD CSV + 3 MERGE (statement)", kgq_load),
                       ("kgq UNWIND $rows + 3 MERGE (statement)", kgq_unwind)):
        print(f"| {name} | {min(r[0] for r in runs):.2f} | {', '.join(f'{r[0]:.2f}' for r in runs)} | "
              f"{min(r[2] for r in runs):.0f} |")
        print(f"| (its process: start, read, statement, counts) | {min(r[1] for r in runs):.2f} | "
              f"{', '.join(f'{r[1]:.2f}' for r in runs)} | |")
    if kuzu:
        print(f"| Kuzu LOAD FROM + 3 MERGE (statement, 2 threads) | {min(r[0] for r in kuzu_runs):.2f} | "
              f"{', '.join(f'{r[0]:.2f}' for r in kuzu_runs)} | {min(r[1] for r in kuzu_runs):.0f} |")
    for name, runs in (("SQLite INSERT OR IGNORE, :memory:, one transaction", sqlite_mem),
                       ("SQLite INSERT OR IGNORE, file, one transaction", sqlite_disk)):
        print(f"| {name} | {min(r[0] for r in runs):.2f} | {', '.join(f'{r[0]:.2f}' for r in runs)} | |")


if __name__ == "__main__":
    main()
