"""Shared helpers for the Python peers: dataset files, timing, peak RSS, JSON report."""
import csv
import json
import os
import resource
import sys
import time


def read_pairs(d):
    with open(os.path.join(d, "pairs.txt")) as f:
        return [tuple(line.split()) for line in f if line.strip()]


def read_seeds(d):
    with open(os.path.join(d, "seeds.txt")) as f:
        return [line.strip() for line in f if line.strip()]


def read_nodes(d):
    """Yields (id, label, name, year) from nodes.csv (the generator's column order)."""
    with open(os.path.join(d, "nodes.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            yield row[0], row[1], row[2], int(row[3])


def read_edges(d):
    """Yields (start, end, type, since) from edges.csv."""
    with open(os.path.join(d, "edges.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            yield row[0], row[1], row[2], int(row[3])


def read_schema(d):
    """What W4 asks, as (start label, type, end label): meta.json's schema, or the kg generator's."""
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    return tuple(meta.get("schema", {}).get("w4", ["Person", "KNOWS", "Person"]))


def peak_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


class Report:
    def __init__(self, peer, version):
        self.out = {"peer": peer, "version": version, "workloads": {}, "answers": {}, "notes": []}

    def run(self, name, fn):
        """Times fn() -> (checksum, answers or None); records seconds, checksum, peak RSS so far."""
        t0 = time.perf_counter()
        checksum, answers = fn()
        secs = time.perf_counter() - t0
        self.out["workloads"][name] = {"seconds": secs, "checksum": checksum, "rss_kb": peak_rss_kb()}
        if answers is not None:
            self.out["answers"][name] = answers
        sys.stderr.write(f"{self.out['peer']} {name}: {secs:.3f} s checksum {checksum}\n")

    def note(self, text):
        self.out["notes"].append(text)

    def dump(self):
        json.dump(self.out, sys.stdout)
        sys.stdout.write("\n")
