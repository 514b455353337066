#!/usr/bin/env python3
"""Deterministic generator of knowledge-graph-like property graphs in neo4j-admin CSV.

    python3 bench/gen_graph.py SIZE OUTDIR        SIZE: XS | S | M | L

Writes OUTDIR/nodes.csv (id:ID,:LABEL,name,year:int), OUTDIR/edges.csv
(:START_ID,:END_ID,:TYPE,since:int), OUTDIR/pairs.txt (100 lines "ID ID"),
OUTDIR/seeds.txt (100 ids) and OUTDIR/meta.json.  Stdlib only; the output depends
only on SIZE (fixed seed), so every machine generates the same files.

Shape: five labels (Person, Organization, Country, Treaty, Issue) and typed
relationships between fixed label pairs, KNOWS the majority.  An endpoint is picked
by rank r = int(n * u ** k) (u uniform in [0,1)): source k = 2, target k = 3, so a
few nodes are hubs and degrees are skewed (power-law-like); a fixed random
permutation per label maps ranks to ids, so an id says nothing about its degree.
Self-loops and parallel relationships occur (rarely), as in real data.
"""
import json
import os
import random
import sys

SEED = 20240611

SIZES = {  # nodes, edges
    "XS": (1_000, 5_000),
    "S": (10_000, 50_000),
    "M": (100_000, 1_000_000),
    "L": (1_000_000, 10_000_000),
}

# label, id prefix, share of the nodes (Country is capped at 250; Person takes the rest)
LABELS = [
    ("Person", "p", 0.80),
    ("Organization", "o", 0.14),
    ("Country", "c", 0.02),
    ("Treaty", "t", 0.02),
    ("Issue", "i", 0.02),
]
YEARS = {  # label -> (min, max) of the `year` property
    "Person": (1930, 2005),
    "Organization": (1850, 2022),
    "Country": (1800, 1995),
    "Treaty": (1945, 2023),
    "Issue": (1950, 2023),
}
# type, start label, end label, share of the edges
REL_TYPES = [
    ("KNOWS", "Person", "Person", 0.60),
    ("MEMBER_OF", "Person", "Organization", 0.14),
    ("SUPPORTS", "Person", "Issue", 0.10),
    ("OPPOSES", "Person", "Issue", 0.04),
    ("BASED_IN", "Organization", "Country", 0.04),
    ("PARTNER_OF", "Organization", "Organization", 0.03),
    ("PARTY_TO", "Country", "Treaty", 0.03),
    ("CONCERNS", "Treaty", "Issue", 0.02),
]
SRC_EXP, DST_EXP = 2.0, 3.0
CHUNK = 200_000
N_PAIRS = N_SEEDS = 100


def label_counts(n_nodes):
    counts = {}
    for label, _, share in LABELS:
        c = max(1, int(n_nodes * share))
        if label == "Country":
            c = min(c, 250)
        counts[label] = c
    counts["Person"] += n_nodes - sum(counts.values())
    return counts


def edge_counts(n_edges):
    counts = {t: int(n_edges * share) for t, _, _, share in REL_TYPES}
    counts["KNOWS"] += n_edges - sum(counts.values())
    return counts


def generate(size, outdir):
    n_nodes, n_edges = SIZES[size]
    rng = random.Random(SEED)
    os.makedirs(outdir, exist_ok=True)
    counts = label_counts(n_nodes)
    prefix = {label: p for label, p, _ in LABELS}

    # nodes: ids p0..p{n-1} per label, written in label order
    offset, off = {}, 0
    for label, _, _ in LABELS:
        offset[label] = off
        off += counts[label]
    tmp = os.path.join(outdir, "nodes.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write("id:ID,:LABEL,name,year:int\n")
        for label, p, _ in LABELS:
            lo, hi = YEARS[label]
            ri = rng.randint
            buf = []
            for i in range(counts[label]):
                buf.append(f"{p}{i},{label},{label} {i},{ri(lo, hi)}\n")
                if len(buf) >= CHUNK:
                    f.write("".join(buf))
                    buf.clear()
            f.write("".join(buf))
    os.replace(tmp, os.path.join(outdir, "nodes.csv"))

    # rank -> local index permutation per label (hubs get arbitrary ids)
    perm = {}
    for label, _, _ in LABELS:
        ids = list(range(counts[label]))
        rng.shuffle(ids)
        perm[label] = ids

    touched = bytearray(n_nodes)  # global index has at least one relationship
    ecounts = edge_counts(n_edges)
    tmp = os.path.join(outdir, "edges.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(":START_ID,:END_ID,:TYPE,since:int\n")
        for rtype, sl, dl, _ in REL_TYPES:
            ns, nd = counts[sl], counts[dl]
            ps, pd = perm[sl], perm[dl]
            sp, dp = prefix[sl], prefix[dl]
            so, do = offset[sl], offset[dl]
            rnd, ri = rng.random, rng.randint
            buf = []
            for _ in range(ecounts[rtype]):
                s = ps[int(ns * rnd() ** SRC_EXP)]
                d = pd[int(nd * rnd() ** DST_EXP)]
                touched[so + s] = 1
                touched[do + d] = 1
                buf.append(f"{sp}{s},{dp}{d},{rtype},{ri(1950, 2024)}\n")
                if len(buf) >= CHUNK:
                    f.write("".join(buf))
                    buf.clear()
            f.write("".join(buf))
    os.replace(tmp, os.path.join(outdir, "edges.csv"))

    # pairs and seeds: uniform over nodes that have a relationship (so most pairs connect)
    def gid_to_id(g):
        for label, p, _ in reversed(LABELS):
            if g >= offset[label]:
                return f"{p}{g - offset[label]}"
        raise AssertionError(g)

    live = [g for g in range(n_nodes) if touched[g]]
    pairs = []
    while len(pairs) < N_PAIRS:
        a, b = rng.choice(live), rng.choice(live)
        if a != b:
            pairs.append((gid_to_id(a), gid_to_id(b)))
    seeds = [gid_to_id(g) for g in rng.sample(live, N_SEEDS)]
    with open(os.path.join(outdir, "pairs.txt"), "w") as f:
        f.writelines(f"{a} {b}\n" for a, b in pairs)
    with open(os.path.join(outdir, "seeds.txt"), "w") as f:
        f.writelines(f"{s}\n" for s in seeds)
    meta = {
        "size": size, "seed": SEED, "nodes": n_nodes, "edges": n_edges,
        "labels": counts, "types": ecounts, "exponents": [SRC_EXP, DST_EXP],
        "generator_version": 1,
    }
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


def main(argv):
    if len(argv) != 3 or argv[1] not in SIZES:
        sys.stderr.write(f"usage: {argv[0]} {{{'|'.join(SIZES)}}} OUTDIR\n")
        return 2
    generate(argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
