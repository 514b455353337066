#!/usr/bin/python3
"""Storage benchmark (issue 13): reopening a `--db` database against loading its CSV,
and single-statement commits per second with fsync against SQLite in WAL mode.

    bench/storage_bench.py [--kgq BIN] [--size M] [--work /tmp/kgq-bench] [--repeat 3] [--commits 300]

Reopen: `kgq --db DIR --timing -c 'RETURN 1'` (snapshot read + log replay) against
`kgq --graph DATA --timing -c 'RETURN 1'` (CSV parse), the database created once with
`--import`; both print `timing: load: <ms> ms`; peak RSS is each process's ru_maxrss
(wait4). Runs alternate (CSV, db, CSV, db, ...) so machine noise hits both; best time,
least RSS. Commits: N statements `CREATE (:C {i: n})`, each its own commit (fsync before
the next), in one kgq process, timed by --timing per statement; SQLite: the same N
`INSERT INTO c VALUES (?)` in autocommit mode with `PRAGMA journal_mode=WAL;
synchronous=FULL`, in one python3 process, on the same file system. Alternated too.
"""
import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(args, stdin=None):
    start = time.monotonic()
    proc = subprocess.Popen(args, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if stdin:
        proc.stdin.write(stdin)
        proc.stdin.close()
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(args)}\n{err}")
    return out, err, usage.ru_maxrss, wall


def load_ms(err):
    m = re.search(r"timing: load: ([0-9.]+) ms", err)
    return float(m.group(1))


def sqlite_commits(path, n):
    for f in (path, path + "-wal", path + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    con = sqlite3.connect(path, isolation_level=None)  # autocommit: each INSERT is a transaction
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE c (i INTEGER)")
    start = time.monotonic()
    for i in range(n):
        con.execute("INSERT INTO c VALUES (?)", (i,))
    elapsed = time.monotonic() - start
    con.close()
    return n / elapsed


def kgq_commits(kgq, db, n):
    shutil.rmtree(db, ignore_errors=True)
    script = "".join(f"CREATE (:C {{i: {i}}});\n" for i in range(n))
    _, err, _, _ = timed([kgq, "--db", db, "--timing", "--format", "csv"], stdin=script)
    ms = [float(x) for x in re.findall(r"timing: statement \d+: ([0-9.]+) ms", err)]
    return n / (sum(ms) / 1000.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kgq", default=os.path.join(os.path.dirname(HERE), "build", "repl", "kgq"))
    ap.add_argument("--size", default="M")
    ap.add_argument("--work", default="/tmp/kgq-bench")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--commits", type=int, default=300)
    a = ap.parse_args()
    data = os.path.join(a.work, "data", a.size)
    if not os.path.exists(os.path.join(data, "nodes.csv")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_graph.py"), a.size, data], check=True)
    db = os.path.join(a.work, f"db-{a.size}")
    shutil.rmtree(db, ignore_errors=True)
    _, _, _, wall = timed([a.kgq, "--db", db, "--import", data, "-c", "RETURN 1"])
    snap = os.path.getsize(os.path.join(db, "snapshot.kgq"))
    print(f"import {a.size}: {wall:.2f} s wall, snapshot {snap / 1e6:.1f} MB")

    csv, dbr = [], []
    for _ in range(a.repeat):
        _, err, rss, _ = timed([a.kgq, "--graph", data, "--timing", "-c", "RETURN 1"])
        csv.append((load_ms(err), rss))
        _, err, rss, _ = timed([a.kgq, "--db", db, "--timing", "-c", "RETURN 1"])
        dbr.append((load_ms(err), rss))
    c_ms, c_rss = min(x[0] for x in csv), min(x[1] for x in csv)
    d_ms, d_rss = min(x[0] for x in dbr), min(x[1] for x in dbr)
    print(f"CSV load   {a.size}: {c_ms:8.1f} ms  peak RSS {c_rss / 1024:6.1f} MB   all: {[round(x[0]) for x in csv]}")
    print(f"db reopen  {a.size}: {d_ms:8.1f} ms  peak RSS {d_rss / 1024:6.1f} MB   all: {[round(x[0]) for x in dbr]}")
    print(f"reopen is {c_ms / d_ms:.1f}x faster than the CSV load, RSS {d_rss / c_rss:.2f}x")

    tmp = tempfile.mkdtemp(prefix="kgq_commit_bench_", dir=a.work)
    try:
        k_rates, s_rates = [], []
        for _ in range(a.repeat):
            k_rates.append(kgq_commits(a.kgq, os.path.join(tmp, "db"), a.commits))
            s_rates.append(sqlite_commits(os.path.join(tmp, "s.sqlite"), a.commits))
        print(f"commits/s kgq --db (fsync each): best {max(k_rates):7.0f}  all {[round(x) for x in k_rates]}")
        print(f"commits/s SQLite WAL FULL:       best {max(s_rates):7.0f}  all {[round(x) for x in s_rates]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
