#!/usr/bin/env python3
"""Deterministic generator of knowledge-graph-like property graphs in neo4j-admin CSV.

    python3 bench/gen_graph.py SIZE OUTDIR [--shape kg|rmat|grid]      SIZE: XS | S | M | L

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

Other shapes keep the same labels, types, properties, ids and names (so every workload and peer
reads them alike) and change only where relationships go:
  rmat  each type's relationships are drawn by R-MAT recursion (Graph500's Kronecker parameters
        a=0.57, b=0.19, c=0.19, d=0.05) over its start-label x end-label matrix, then both sides are
        permuted: hubs with tens of thousands of relationships, and many nodes with none.
  grid  a high-diameter, road-like network: each label's nodes sit on their own square grid laid
        over the same unit square; KNOWS (Person) and PARTNER_OF (Organization) link each node to
        its right and lower neighbour (10 % of those links missing, 2 % replaced by a diagonal:
        the Organization grid is the coarser "highway"), and every other type links each node of
        its scarcer label to two nodes of the other label around the same point.  Distances run
        to hundreds of hops (up to 59 on S); about 2.2 relationships per node, not the kg shape's 5-10.
"""
import json
import math
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
SHAPES = ("kg", "rmat", "grid")
GENERATOR_VERSION = {"kg": 1, "rmat": 1, "grid": 1}
RMAT_ABCD = (0.57, 0.19, 0.19, 0.05)
RMAT_LEVELS_PER_DRAW = 4
GRID_MISSING, GRID_DIAGONAL = 0.10, 0.02
GRID_LINKS_PER_NODE = 2


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


def kg_endpoints(rng, counts, perm):
    def pick(rtype, sl, dl, n):
        ns, nd, ps, pd, rnd = counts[sl], counts[dl], perm[sl], perm[dl], rng.random
        for _ in range(n):
            yield ps[int(ns * rnd() ** SRC_EXP)], pd[int(nd * rnd() ** DST_EXP)]
    return pick


def rmat_endpoints(rng, counts, perm):
    """R-MAT: each draw picks one of 4**k cells of the next k levels at once (their probabilities
    are products of a, b, c, d), so a relationship costs ceil(levels / k) draws."""
    k = RMAT_LEVELS_PER_DRAW
    cells, weights = [], []
    for combo in range(4 ** k):
        sb = db = 0
        w = 1.0
        for level in range(k):
            q = (combo >> (2 * level)) & 3
            w *= RMAT_ABCD[q]
            sb = (sb << 1) | (q >> 1)
            db = (db << 1) | (q & 1)
        cells.append((sb, db))
        weights.append(w)
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)

    def pick(rtype, sl, dl, n):
        ns, nd, ps, pd = counts[sl], counts[dl], perm[sl], perm[dl]
        scale = max(ns - 1, nd - 1, 1).bit_length()
        draws = -(-scale // k)
        shift_s = draws * k - (ns - 1).bit_length()  # the smaller side keeps only the top levels
        shift_d = draws * k - (nd - 1).bit_length()
        choices = rng.choices
        made = 0
        while made < n:
            batch = choices(cells, cum_weights=cum, k=draws * min(CHUNK, 2 * (n - made)))
            for i in range(0, len(batch), draws):
                s = d = 0
                for sb, db in batch[i:i + draws]:
                    s = (s << k) | sb
                    d = (d << k) | db
                s >>= shift_s
                d >>= shift_d
                if s < ns and d < nd:
                    yield ps[s], pd[d]
                    made += 1
                    if made == n:
                        return
    return pick


def grid_endpoints(rng, counts):
    """Every label's nodes fill their own square grid laid over the unit square (node i at row
    i // w, column i % w). KNOWS and PARTNER_OF link grid neighbours; every other type links
    each node of its scarcer label to GRID_LINKS_PER_NODE nodes of the other label around the
    same point. So a hop never spans more than a cell of the coarser grid, and paths are long."""
    side = {label: max(1, math.isqrt(c - 1) + 1) for label, c in counts.items()}

    def centre(label, i):
        w = side[label]
        r, col = divmod(i, w)
        return (col + 0.5) / w, (r + 0.5) / w

    def near(label, x, y):
        w, c = side[label], counts[label]
        x += (rng.random() - 0.5) / w
        y += (rng.random() - 0.5) / w
        r = min(max(int(y * w), 0), w - 1)
        col = min(max(int(x * w), 0), w - 1)
        return min(r * w + col, c - 1)

    plans = {}
    for rtype, sl, dl, _ in REL_TYPES:
        links = []
        if sl == dl:
            w, c = side[sl], counts[sl]
            for i in range(c):
                r, col = divmod(i, w)
                for j in ((i + 1) if col + 1 < w else None, (i + w) if r + 1 < w else None):
                    if j is None or j >= c:
                        continue
                    u = rng.random()
                    if u < GRID_MISSING:
                        continue
                    if u < GRID_MISSING + GRID_DIAGONAL and col + 1 < w and i + w + 1 < c:
                        j = i + w + 1
                    links.append((i, j) if rng.random() < 0.5 else (j, i))
        else:
            scarce, other = (sl, dl) if counts[sl] <= counts[dl] else (dl, sl)
            for i in range(counts[scarce]):
                x, y = centre(scarce, i)
                for _ in range(GRID_LINKS_PER_NODE):
                    j = near(other, x, y)
                    links.append((i, j) if scarce == sl else (j, i))
        plans[rtype] = links

    def pick(rtype, sl, dl, n):
        return iter(plans[rtype])
    return {t: len(v) for t, v in plans.items()}, pick


def generate(size, outdir, shape="kg"):
    n_nodes, n_edges = SIZES[size]
    if shape != "kg":
        rng_seed = f"{SEED}-{shape}"
    else:
        rng_seed = SEED
    rng = random.Random(rng_seed)
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
    if shape == "kg":
        ecounts = edge_counts(n_edges)
        pick = kg_endpoints(rng, counts, perm)
    elif shape == "rmat":
        ecounts = edge_counts(n_edges)
        pick = rmat_endpoints(rng, counts, perm)
    else:
        ecounts, pick = grid_endpoints(rng, counts)
        n_edges = sum(ecounts.values())
    tmp = os.path.join(outdir, "edges.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(":START_ID,:END_ID,:TYPE,since:int\n")
        for rtype, sl, dl, _ in REL_TYPES:
            sp, dp = prefix[sl], prefix[dl]
            so, do = offset[sl], offset[dl]
            ri = rng.randint
            buf = []
            for s, d in pick(rtype, sl, dl, ecounts[rtype]):
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
        "size": size, "shape": shape, "seed": SEED, "nodes": n_nodes, "edges": n_edges,
        "labels": counts, "types": ecounts, "generator_version": GENERATOR_VERSION[shape],
    }
    if shape == "kg":
        meta["exponents"] = [SRC_EXP, DST_EXP]
    elif shape == "rmat":
        meta["rmat_abcd"] = list(RMAT_ABCD)
    else:
        meta["grid"] = {"missing": GRID_MISSING, "diagonal": GRID_DIAGONAL}
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


def main(argv):
    shape = "kg"
    if len(argv) == 5 and argv[3] == "--shape" and argv[4] in SHAPES:
        shape = argv[4]
        argv = argv[:3]
    if len(argv) != 3 or argv[1] not in SIZES:
        sys.stderr.write(f"usage: {argv[0]} {{{'|'.join(SIZES)}}} OUTDIR [--shape {'|'.join(SHAPES)}]\n")
        return 2
    generate(argv[1], argv[2], shape)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
