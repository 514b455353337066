#!/usr/bin/python3
"""Bulk growth (issue 13): LOAD CSV + MERGE of N relationships into an empty graph, against SQLite's
INSERT OR IGNORE of the same rows in one transaction.

    bench/bulk_growth.py [--kgq BIN] [--rels 1000000] [--nodes 100000] [--work /tmp/kgq-bulk] [--repeat 3]

The file: `s,t` with a header, N rows of random node ids among --nodes (seeded; duplicates included, as a
spreadsheet of facts has them). kgq, one statement, in memory (no --db):

    LOAD CSV WITH HEADERS FROM 'rels.csv' AS r
    MERGE (a:N {id: r.s}) MERGE (b:N {id: r.t}) MERGE (a)-[:T]->(b)

timed by `--timing` (the statement alone, not the process start) and by the wall clock of the process, with
its peak RSS (wait4). SQLite (python3's sqlite3, in memory and on disk): `nodes(id TEXT PRIMARY KEY)`,
`rels(s, t, PRIMARY KEY (s, t)) WITHOUT ROWID`, three INSERT OR IGNORE per CSV row (read with python's csv
module) in one transaction. The two alternate, so machine noise hits both; the best of --repeat runs is
reported. Both end with the same counts, which the script checks. Prints a Markdown table.
"""
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


def make_csv(path, rels, nodes):
    rnd = random.Random(13)
    with open(path, "w", newline="") as f:
        f.write("s,t\n")
        for _ in range(rels):
            f.write(f"n{rnd.randrange(nodes)},n{rnd.randrange(nodes)}\n")


def run_kgq(kgq, work):
    start = time.monotonic()
    proc = subprocess.Popen([kgq, "--empty", "--timing", "--format", "csv", "--max-memory", "0", "-c", STATEMENT],
                            cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kgq", default=os.path.join(HERE, "..", "build", "repl", "kgq"))
    ap.add_argument("--rels", type=int, default=1_000_000)
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--work", default="/tmp/kgq-bulk")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    make_csv(os.path.join(args.work, "rels.csv"), args.rels, args.nodes)

    kgq_runs, sqlite_mem, sqlite_disk = [], [], []
    for _ in range(args.repeat):
        kgq_runs.append(run_kgq(args.kgq, args.work))
        sqlite_mem.append(run_sqlite(args.work, "memory"))
        sqlite_disk.append(run_sqlite(args.work, "disk"))
    counts = {kgq_runs[0][3], sqlite_mem[0][1], sqlite_disk[0][1]}
    if len(counts) != 1:
        sys.exit(f"the engines disagree on (nodes, relationships): {counts}")
    best_kgq = min(kgq_runs, key=lambda r: r[0])
    print(f"{args.rels} CSV rows, {kgq_runs[0][3][0]} distinct nodes, {kgq_runs[0][3][1]} distinct relationships\n")
    print("| engine | best s | runs (s) | peak RSS MB |")
    print("|---|---:|---|---:|")
    print(f"| kgq LOAD CSV + 3 MERGE (statement) | {best_kgq[0]:.2f} | "
          f"{', '.join(f'{r[0]:.2f}' for r in kgq_runs)} | {min(r[2] for r in kgq_runs):.0f} |")
    print(f"| kgq process (start, load, counts) | {min(r[1] for r in kgq_runs):.2f} | "
          f"{', '.join(f'{r[1]:.2f}' for r in kgq_runs)} | |")
    for name, runs in (("SQLite INSERT OR IGNORE, :memory:, one transaction", sqlite_mem),
                       ("SQLite INSERT OR IGNORE, file, one transaction", sqlite_disk)):
        print(f"| {name} | {min(r[0] for r in runs):.2f} | {', '.join(f'{r[0]:.2f}' for r in runs)} | |")


if __name__ == "__main__":
    main()
