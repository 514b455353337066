#!/usr/bin/python3
"""kgq benchmark driver: kgq vs networkx, igraph, Kuzu and a plain C++ CSR loop, same files.

Normally started by bench/run.sh (which installs and builds first):

    bench/run.py SIZE [--check] [--repeat N] [--peers networkx,igraph,kuzu]
                      [--kgq BIN] [--ref BIN] [--work DIR] [--timeout S] [--verify-w3]

SIZE is XS, S, M or L (see gen_graph.py).  Data and results live under --work
(default /tmp/kgq-bench): data/SIZE/ (generated when absent), data/SIZE/kgq/*.kgq (the workload
scripts), results/SIZE-<time>.json.  Every answer is checked: per workload the checksum of kgq,
every peer and the reference must agree, or the run says MISMATCH and exits 1.  --check only
checks (one repetition, no timing table, no claims).  Times are best of --repeat; how each side
is measured (kgq --timing, in-process timers for the peers, wait4 for peak RSS) is in bench/README.md.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORKLOADS = ["W1", "W2", "W2p", "W3", "W4"]
DESCR = {
    "W1": "load nodes.csv + edges.csv",
    "W2": "100 x shortestPath length (undirected)",
    "W2p": "100 x PATH FROM name TO name (kgq question)",
    "W3": "100 x count(DISTINCT b) within 2 hops (undirected)",
    "W4": "count KNOWS a->b with a.year > b.year",
}
BIG = "1000000000000"  # kgq limits off: the workloads are big on purpose


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# data and workload scripts

# wordnet: WordNet 3.0 from Debian's wordnet-base at its own size (the size argument is ignored),
# cut to the bench's layout by wordnet_shape.py; the others are gen_graph.py's.
SHAPES = ("kg", "rmat", "grid", "wordnet")


def data_dir(work, size, shape="kg"):
    if shape == "wordnet":
        return os.path.join(work, "data", "wordnet")
    return os.path.join(work, "data", size if shape == "kg" else f"{size}-{shape}")


def ensure_data(size, data, shape="kg"):
    need = ["nodes.csv", "edges.csv", "pairs.txt", "seeds.txt", "meta.json"]
    if shape == "wordnet":
        size = "WN"
    if all(os.path.exists(os.path.join(data, f)) for f in need):
        with open(os.path.join(data, "meta.json")) as f:
            meta = json.load(f)
        if meta.get("size") == size and meta.get("shape", "kg") == shape and meta.get("generator_version") == 1:
            return meta
    log(f"generating {size} ({shape}) into {data} ...")
    t0 = time.perf_counter()
    if shape == "wordnet":
        subprocess.run([sys.executable, os.path.join(HERE, "wordnet_shape.py"), data], check=True)
    else:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_graph.py"), size, data, "--shape", shape],
                       check=True)
    log(f"generated in {time.perf_counter() - t0:.1f} s")
    with open(os.path.join(data, "meta.json")) as f:
        return json.load(f)


def read_pairs(data):
    with open(os.path.join(data, "pairs.txt")) as f:
        return [tuple(line.split()) for line in f if line.strip()]


def read_seeds(data):
    with open(os.path.join(data, "seeds.txt")) as f:
        return [line.strip() for line in f if line.strip()]


def id_to_name(node_id):
    """The generator's naming: p12 -> "Person 12" (unique, so PATH resolves it exactly)."""
    labels = {"p": "Person", "o": "Organization", "c": "Country", "t": "Treaty", "i": "Issue"}
    return f"{labels[node_id[0]]} {node_id[1:]}"


def w4_query(meta):
    """W4: count a->b of one type where a's int property is greater than b's (the schema's, or the kg one)."""
    sch = meta.get("schema", {})
    a, t, b = sch.get("w4", ["Person", "KNOWS", "Person"])
    k = sch.get("node_int", "year")
    return f"MATCH (a:{a})-[:{t}]->(b:{b}) WHERE a.{k} > b.{k} RETURN count(*)"


def node_names(data, meta):
    """id -> the name PATH resolves: the nodes.csv name column when the schema says so."""
    if meta.get("schema", {}).get("names") != "column":
        return id_to_name
    names = {}
    with open(os.path.join(data, "nodes.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            names[row[0]] = row[2]
    return names.__getitem__


def write_scripts(data, meta):
    d = os.path.join(data, "kgq")
    os.makedirs(d, exist_ok=True)
    pairs, seeds = read_pairs(data), read_seeds(data)
    name = node_names(data, meta)
    scripts = {
        "W0": "RETURN 1 AS one;\n",
        "W1": "MATCH (n) RETURN count(*) AS n;\nMATCH ()-[r]->() RETURN count(*) AS m;\n",
        "W2": "".join(f"MATCH (a {{id: '{s}'}}), (b {{id: '{t}'}}) "
                      f"MATCH p = shortestPath((a)-[*]-(b)) RETURN length(p) AS len;\n" for s, t in pairs),
        "W2p": "".join(f'PATH FROM "{name(s)}" TO "{name(t)}";\n' for s, t in pairs),
        "W3": "".join(f"MATCH (a {{id: '{s}'}})-[*1..2]-(b) RETURN count(DISTINCT b) AS n;\n" for s in seeds),
        "W4": w4_query(meta) + ";\n",
        # diagnostic, not a workload: the per-statement floor of W2/W3 (parse, plan, {id: ...} lookup)
        "Wid": "".join(f"MATCH (a {{id: '{s}'}}) RETURN count(a) AS n;\n" for s in seeds),
    }
    paths = {}
    for w, text in scripts.items():
        p = os.path.join(d, w.lower() + ".kgq")
        with open(p, "w") as f:
            f.write(text)
        paths[w] = p
    return paths


# ---------------------------------------------------------------------------------------------
# processes

def run_measured(cmd, timeout, env=None):
    """Runs cmd; returns dict(wall, rss_kb, rc, out, err, timed_out).  The child's own peak RSS
    comes from os.wait4; stdout/stderr go through temporary files."""
    with tempfile.TemporaryFile("w+") as fo, tempfile.TemporaryFile("w+") as fe:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=fo, stderr=fe, env=env)
        killed = threading.Event()

        def kill():
            killed.set()
            p.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rc": p.returncode, "out": fo.read(),
                "err": fe.read(), "timed_out": killed.is_set(), "rss_kb": ru.ru_maxrss}


def parse_json_stream(text):
    """kgq --format json prints one JSON object per statement."""
    dec = json.JSONDecoder()
    out, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        obj, i = dec.raw_decode(text, i)
        out.append(obj)


TIMING_STMT = re.compile(r"^timing: statement (\d+): ([0-9.]+) ms$", re.M)
TIMING_LOAD = re.compile(r"^timing: load: ([0-9.]+) ms$", re.M)


class Kgq:
    def __init__(self, binary, data, scripts, timeout):
        self.bin, self.data, self.scripts, self.timeout = binary, data, scripts, timeout
        help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
        self.has_timing = "--timing" in help_text

    def run(self, w):
        cmd = [self.bin, "--graph", self.data, "-f", self.scripts[w], "--format", "json", "--keep-going",
               "--max-expansions", BIG, "--max-rows", BIG, "--log-level", "warn"]
        if self.has_timing:
            cmd.append("--timing")
        r = run_measured(cmd, self.timeout)
        r["stmt_ms"] = [float(m.group(2)) for m in TIMING_STMT.finditer(r["err"])]
        m = TIMING_LOAD.search(r["err"])
        r["load_ms"] = float(m.group(1)) if m else None
        try:
            r["results"] = parse_json_stream(r["out"])
        except ValueError as e:
            r["results"] = []
            r["parse_error"] = str(e)
        r["errors"] = [line for line in r["err"].splitlines() if not line.startswith("timing:")][:10]
        return r


def scalar_answers(results, column):
    """One answer per statement: the first row's `column` (or first column); None if no row."""
    out = []
    for res in results:
        cols = res.get("columns", [])
        rows = res.get("rows", [])
        if not rows:
            out.append(None)
            continue
        idx = cols.index(column) if column in cols else 0
        out.append(rows[0][idx])
    return out


def kgq_workloads(kgq, repeat, check):
    """Returns {w: {seconds, checksum, rss_kb, answers, note}} for kgq."""
    res = {}
    base = None  # the W0 run: load + RETURN 1
    base_runs = []
    for _ in range(repeat):
        r = kgq.run("W0")
        base_runs.append(r)
        if r["rc"] != 0:
            raise SystemExit(f"kgq failed on RETURN 1: {r['err'][-2000:]}")
        if base is None or r["wall"] < base["wall"]:
            base = r
    load_s = base["load_ms"] / 1000 if base["load_ms"] is not None else base["wall"]
    base_cpu = min(x["cpu"] for x in base_runs)
    for w in ["W1", "W2", "W2p", "W3", "W4"] + ([] if check else ["Wid"]):
        best = None
        for _ in range(1 if check else repeat):
            r = kgq.run(w)
            if r["timed_out"]:
                best = r
                break
            if r["stmt_ms"]:
                r["query_s"] = sum(r["stmt_ms"]) / 1000
            else:  # CPU time: a wall-time difference drowns in noise on a shared machine
                r["query_s"] = max(0.0, r["cpu"] - base_cpu)
            if best is None or r["query_s"] < best["query_s"]:
                best = r
        r = best
        entry = {"rss_kb": r["rss_kb"], "wall": r["wall"], "cpu": r["cpu"], "errors": r["errors"]}
        if r["timed_out"]:
            entry.update(seconds=None, checksum=None, note=f"timeout after {kgq.timeout} s")
            res[w] = entry
            log(f"kgq {w}: TIMEOUT")
            continue
        if w == "W1":
            counts = scalar_answers(r["results"], "n")
            entry["checksum"] = sum(c for c in counts if c is not None) if len(counts) == 2 else None
            entry["seconds"] = load_s
            entry["rss_kb"] = base["rss_kb"]  # peak RSS after load (RETURN 1 only)
            entry["note"] = ("load from --timing" if base["load_ms"] is not None
                             else "wall time of `kgq --graph DIR -c 'RETURN 1'` (start + load + exit)")
        else:
            col = "length" if w == "W2p" else ("len" if w == "W2" else None)
            ans = scalar_answers(r["results"], col)
            if w == "W2p" and r["results"] and "length" not in r["results"][0].get("columns", []):
                entry["note"] = "PATH output has no length column"
            if w in ("W2", "W2p"):
                ans = [-1 if a is None else a for a in ans]
            expected = {"W2": 100, "W2p": 100, "W3": 100, "W4": 1, "Wid": 100}[w]
            entry["answers"] = ans
            ok = len(ans) == expected and all(isinstance(a, int) for a in ans)
            entry["checksum"] = sum(ans) if ok else None
            if not ok:
                why = f"crashed with signal {-r['rc']}" if r["rc"] < 0 else f"exit status {r['rc']}"
                entry["note"] = f"{len(ans)} answers for {expected} statements ({why})"
            entry["seconds"] = r["query_s"]
            entry["timing"] = ("--timing (sum of statements)" if r["stmt_ms"]
                               else "CPU seconds of the script minus CPU seconds of RETURN 1")
        res[w] = entry
        log(f"kgq {w}: {entry['seconds'] if entry['seconds'] is None else round(entry['seconds'], 4)} s "
            f"checksum {entry['checksum']} rss {entry['rss_kb']} KB"
            + (f"  [{entry.get('note')}]" if entry.get("note") else "")
            + (f"  stderr: {entry['errors'][:2]}" if entry["errors"] else ""))
    return res


def run_peer(name, cmd, repeat, timeout, env=None):
    best = None
    for _ in range(repeat):
        r = run_measured(cmd, timeout, env)
        if r["timed_out"] or r["rc"] != 0:
            log(f"{name} failed (rc {r['rc']}, timeout {r['timed_out']}): {r['err'][-1500:]}")
            return best or {"failed": True, "error": r["err"][-1500:], "timed_out": r["timed_out"]}
        rep = json.loads(r["out"].strip().splitlines()[-1])
        rep["process_rss_kb"] = r["rss_kb"]
        if best is None:
            best = rep
            for v in best["workloads"].values():
                v["rss_kb_runs"] = [v["rss_kb"]]
        else:  # best of N per workload: the least time and, separately, the least peak RSS
            for w, v in rep["workloads"].items():
                b = best["workloads"][w]
                b["seconds"] = min(b["seconds"], v["seconds"])
                b["rss_kb_runs"].append(v["rss_kb"])
                b["rss_kb"] = min(b["rss_kb_runs"])
            if "verify_w3" in rep:
                best["verify_w3"] = rep["verify_w3"]
    return best


# ---------------------------------------------------------------------------------------------
# report

def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"cpu": cpu, "nproc": os.cpu_count(), "mem": mem, "kernel": platform.release(),
            "loadavg": os.getloadavg(), "date": datetime.datetime.now().isoformat(timespec="seconds")}


def fmt_s(x):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 1:
        return f"{x:.2f}"
    if x >= 0.01:
        return f"{x:.3f}"
    return f"{x:.4f}"


def fmt_mb(kb):
    return "—" if kb is None else f"{kb / 1024:.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("size", choices=["XS", "S", "M", "L"])
    ap.add_argument("--shape", choices=SHAPES, default="kg",
                    help="graph shape from gen_graph.py (kg: the default skewed knowledge graph)")
    ap.add_argument("--check", action="store_true", help="only check that the answers agree")
    ap.add_argument("--repeat", type=int, default=None, help="best of N (default 3 for XS/S, 2 for M, 1 for L)")
    ap.add_argument("--peers", default="networkx,igraph,kuzu")
    ap.add_argument("--kgq", default=os.path.join(ROOT, "build-bench", "repl", "kgq"))
    ap.add_argument("--kgq-desc", default="", help="what the kgq binary was built from (run.sh fills it in)")
    ap.add_argument("--ref", default=os.path.join(ROOT, "build-bench", "bench", "kgq_csr_reference"))
    ap.add_argument("--work", default="/tmp/kgq-bench")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per process")
    ap.add_argument("--verify-w3", action="store_true",
                    help="networkx also checks the W3 rule against brute force on every node (default with --check)")
    args = ap.parse_args()
    repeat = 1 if args.check else (args.repeat or {"XS": 3, "S": 3, "M": 2, "L": 1}[args.size])
    data = data_dir(args.work, args.size, args.shape)
    meta = ensure_data(args.size, data, args.shape)
    scripts = write_scripts(data, meta)
    peers = [p for p in args.peers.split(",") if p]
    mach = machine()
    log(f"{args.size}: {meta['nodes']} nodes, {meta['edges']} relationships; repeat {repeat}; "
        f"load average {mach['loadavg'][0]:.2f}")

    results = {"size": args.size, "meta": meta, "machine": mach, "repeat": repeat, "check": args.check,
               "peers": {}}
    kgq = Kgq(args.kgq, data, scripts, args.timeout)
    ver = subprocess.run([args.kgq, "--version"], capture_output=True, text=True).stdout.strip()
    results["kgq_binary"] = {"path": args.kgq, "version": ver, "built_from": args.kgq_desc}
    log(f"kgq: {args.kgq} ({ver}; {args.kgq_desc or 'origin not given'})")
    results["kgq"] = kgq_workloads(kgq, repeat, args.check)
    results["kgq_timing_flag"] = kgq.has_timing

    # reference (plain C++ CSR)
    if os.path.exists(args.ref):
        best = None
        for _ in range(repeat):
            r = run_measured([args.ref, data, "all"], args.timeout)
            if r["rc"] != 0:
                log(f"reference failed: {r['err']}")
                break
            j = json.loads(r["out"])
            if best is None or j["W3"]["seconds"] < best["W3"]["seconds"]:
                best = j
                best["process_rss_kb"] = r["rss_kb"]
        # The bidirectional BFS again in a process of its own, timed right after the load as kgq's W2 is:
        # in "all" it follows W3 and the one-way BFS over the same pairs, which leave the CSR in cache.
        if best:
            for _ in range(repeat):
                r = run_measured([args.ref, data, "W2bi"], args.timeout)
                if r["rc"] != 0:
                    log(f"reference W2bi alone failed: {r['err']}")
                    break
                j = json.loads(r["out"])["W2bi"]
                if "W2bi_after_load" not in best or j["seconds"] < best["W2bi_after_load"]["seconds"]:
                    best["W2bi_after_load"] = j
        results["reference"] = best
        if best:
            log(f"csr reference: W3 {best['W3']['seconds']:.4f} s checksum {best['W3']['checksum']}, "
                f"W2 {best['W2']['seconds']:.4f} s checksum {best['W2']['checksum']}, "
                f"W2bi {best['W2bi']['seconds']:.4f} s checksum {best['W2bi']['checksum']}")
    else:
        log(f"no reference binary at {args.ref}")

    py = "/usr/bin/python3"
    verify = args.verify_w3 or (args.check and args.size in ("XS", "S"))
    for p in peers:
        if p == "networkx":
            cmd = [py, os.path.join(HERE, "peers", "networkx_peer.py"), data] + (["--verify-w3"] if verify else [])
            results["peers"][p] = run_peer(p, cmd, repeat, args.timeout)
        elif p == "igraph":
            cmd = [py, os.path.join(HERE, "peers", "igraph_peer.py"), data, "--load", "csv"]
            results["peers"][p] = run_peer(p, cmd, repeat, args.timeout)
        elif p == "kuzu":
            nm = os.path.join(args.work, "node_modules")
            if not os.path.exists(os.path.join(nm, "kuzu", "kuzujs.node")):
                log("kuzu: not installed (npm install kuzu@0.11.3 failed or was skipped): skipped")
                results["peers"][p] = {"skipped": "kuzu@0.11.3 not installed"}
                continue
            env = dict(os.environ, NODE_PATH=nm)
            cmd = ["node", os.path.join(HERE, "peers", "kuzu_peer.js"), data]
            results["peers"][p] = run_peer(p, cmd, repeat, args.timeout, env)
        else:
            log(f"unknown peer {p}")
        rep = results["peers"].get(p) or {}
        for w, v in (rep.get("workloads") or {}).items():
            log(f"{p} {w}: {v['seconds']:.4f} s checksum {v['checksum']} rss {v['rss_kb']} KB")

    # ---- agreement
    mismatches = []
    refsum = {}
    for w in ["W1", "W2", "W3", "W4"]:
        sums = {}
        k = results["kgq"].get(w, {})
        sums["kgq"] = k.get("checksum")
        if w == "W2":
            sums["kgq PATH"] = results["kgq"].get("W2p", {}).get("checksum")
        for p, rep in results["peers"].items():
            if rep and rep.get("workloads"):
                sums[p] = rep["workloads"][w]["checksum"]
        if results.get("reference") and w in results["reference"]:
            sums["csr reference"] = results["reference"][w]["checksum"]
        if w == "W2" and results.get("reference") and "W2bi" in results["reference"]:
            sums["csr bidirectional"] = results["reference"]["W2bi"]["checksum"]
        if w == "W2" and results.get("reference") and "W2bi_after_load" in results["reference"]:
            sums["csr bidirectional after load"] = results["reference"]["W2bi_after_load"]["checksum"]
        if w == "W1":
            sums["generator"] = meta["nodes"] + meta["edges"]
        vals = set(sums.values())
        refsum[w] = sums
        if len(vals) != 1 or None in vals:
            mismatches.append((w, sums))
    results["checksums"] = refsum
    results["mismatches"] = [w for w, _ in mismatches]
    if results["peers"].get("networkx", {}).get("verify_w3"):
        v = results["peers"]["networkx"]["verify_w3"]
        if not v["ok"]:
            mismatches.append(("W3 rule vs brute force", v))

    os.makedirs(os.path.join(args.work, "results"), exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    tag = "wordnet" if args.shape == "wordnet" else args.size if args.shape == "kg" else f"{args.size}-{args.shape}"
    out_json = os.path.join(args.work, "results", f"{tag}-{stamp}.json")
    with open(out_json, "w") as f:
        json.dump(results, f, indent=1, default=str)

    print()
    print(f"## {args.size} ({args.shape}): {meta['nodes']:,} nodes, {meta['edges']:,} relationships "
          f"({mach['date']}, {mach['cpu']}, {mach['nproc']} cores, {mach['mem']}, "
          f"load average at start {mach['loadavg'][0]:.1f})")
    print()
    print(f"kgq: `{args.kgq}` ({ver}; {args.kgq_desc or 'origin not given'}); best of {repeat}")
    print()
    print("| workload | checksum | agree |")
    print("|---|---:|---|")
    for w, sums in refsum.items():
        ok = len(set(sums.values())) == 1 and None not in sums.values()
        detail = ", ".join(f"{k} {v}" for k, v in sums.items())
        print(f"| {w} | {next(iter(sums.values()))} | {'yes' if ok else '**MISMATCH** ' + detail} |")
    if results["peers"].get("networkx", {}).get("verify_w3"):
        v = results["peers"]["networkx"]["verify_w3"]
        print(f"\nW3 rule vs brute-force trail enumeration (networkx MultiGraph), {v['nodes_checked']} nodes: "
              f"{'agree' if v['ok'] else 'MISMATCH ' + str(v['mismatches'])}")

    if not args.check:
        print()
        print("| workload | peer | kgq s | peer s | kgq/peer | RSS kgq MB | RSS peer MB | checksum ok |")
        print("|---|---|---:|---:|---:|---:|---:|---|")
        for w in WORKLOADS:
            k = results["kgq"][w]
            pw = "W2" if w == "W2p" else w
            rows = []
            for p, rep in results["peers"].items():
                if rep and rep.get("workloads"):
                    v = rep["workloads"][pw]
                    rows.append((p, v["seconds"], v["rss_kb"], v["checksum"]))
            ref = results.get("reference")
            if ref and pw in ("W2", "W3"):
                rows.append(("C++ CSR loop" if pw == "W3" else "C++ CSR one-way BFS", ref[pw]["seconds"], ref.get("process_rss_kb"), ref[pw]["checksum"]))
            if ref and pw == "W2" and "W2bi_after_load" in ref:
                rows.append(("C++ CSR bidirectional BFS, right after load", ref["W2bi_after_load"]["seconds"],
                             ref.get("process_rss_kb"), ref["W2bi_after_load"]["checksum"]))
            if ref and pw == "W2" and "W2bi" in ref:
                rows.append(("C++ CSR bidirectional BFS, warm (after the one-way BFS)", ref["W2bi"]["seconds"],
                             ref.get("process_rss_kb"), ref["W2bi"]["checksum"]))
            for p, secs, rss, cs in rows:
                ratio = (k["seconds"] / secs) if (k.get("seconds") is not None and secs) else None
                ok = k.get("checksum") is not None and k.get("checksum") == cs
                print(f"| {w} | {p} | {fmt_s(k.get('seconds'))} | {fmt_s(secs)} | "
                      f"{'—' if ratio is None else f'{ratio:.2f}'} | {fmt_mb(k.get('rss_kb'))} | {fmt_mb(rss)} | "
                      f"{'yes' if ok else '**NO**'} |")
        notes = [f"{w}: {DESCR[w] if w != 'W4' else 'count: `' + w4_query(meta) + '`'}" for w in WORKLOADS]
        if not kgq.has_timing:
            notes.append("kgq has no --timing: its W2-W4 seconds = CPU(script) - CPU(`RETURN 1`), user+sys of "
                         "single-threaded processes, best of the repeats (a wall-time difference is noise here)")
        notes.append(f"kgq W1: {results['kgq']['W1'].get('note')}")
        wid = results["kgq"].get("Wid", {})
        if wid.get("seconds") is not None:
            notes.append(f"kgq diagnostic: 100 x `MATCH (a {{id: $seed}}) RETURN count(a)` takes {fmt_s(wid['seconds'])} s: "
                         "the per-statement floor (parse, plan, id lookup; the first one also builds the id index) under W3 and W2")
        notes.append("peer RSS = the peer process's peak so far at the end of that workload, least over the "
                     "repeats (W1 row = peak after load); kgq RSS = peak of that workload's own process "
                     "(W1 row = `RETURN 1` process: peak after load)")
        for p, rep in results["peers"].items():
            if rep.get("skipped"):
                notes.append(f"{p}: skipped ({rep['skipped']})")
            for n in rep.get("notes") or []:
                notes.append(f"{p}: {n}")
        print()
        for n in notes:
            print(f"- {n}")

        # targets (defined on M; evaluated on whatever size ran)
        print()
        print("Targets (defined on M; evaluated here on " + args.size + "):")
        t = targets(results)
        for line in t:
            print(f"- {line}")
        results["targets"] = t
        with open(out_json, "w") as f:
            json.dump(results, f, indent=1, default=str)

    print()
    print(f"results: {out_json}")
    if mismatches:
        print()
        print("CHECKSUM MISMATCH: " + "; ".join(f"{w}: {s}" for w, s in mismatches))
        return 1
    print("all checksums agree")
    return 0


def targets(r):
    """The issue's targets, as kgq/peer ratios (lower is better for kgq)."""
    out = []
    k = r["kgq"]
    peers = r["peers"]

    def peer(p, w, field="seconds"):
        rep = peers.get(p) or {}
        return (rep.get("workloads") or {}).get(w, {}).get(field)

    def line(what, kv, pv, bound, unit="s"):
        if kv is None or not pv:
            return
        ratio = kv / pv
        verdict = "**holds**" if ratio <= bound else "**misses**"
        out.append(f"{what}: kgq {kv if unit == 'MB' else fmt_s(kv)} {unit} vs {pv if unit == 'MB' else fmt_s(pv)} "
                   f"{unit}, kgq/peer = {ratio:.2f} (target <= {bound:g}): {verdict}")

    for p in ("kuzu", "igraph"):
        line(f"W1 load at least 2x faster than {p}", k["W1"].get("seconds"), peer(p, "W1"), 0.5)
    kr, pr = k["W1"].get("rss_kb"), peer("kuzu", "W1", "rss_kb")
    if kr and pr:
        line("peak RSS after load no more than Kuzu's", round(kr / 1024), round(pr / 1024), 1.0, "MB")
    for w in ("W2", "W2p"):
        line(f"{w} at least 10x faster than networkx", k[w].get("seconds"), peer("networkx", "W2"), 0.1)
    ref = r.get("reference")
    if ref:
        line("W3 within 2x of the C++ CSR loop", k["W3"].get("seconds"), ref["W3"]["seconds"], 2.0)
        if "W2bi_after_load" in ref:
            line("W2 within 3x of the bare bidirectional BFS (each timed right after its load)", k["W2"].get("seconds"),
                 ref["W2bi_after_load"]["seconds"], 3.0)
        if "W2bi" in ref:
            line("W2 within 3x of the bare bidirectional BFS on a warm CSR (after the one-way BFS over the same pairs)",
                 k["W2"].get("seconds"), ref["W2bi"]["seconds"], 3.0)
    line("W4 no slower than Kuzu", k["W4"].get("seconds"), peer("kuzu", "W4"), 1.0)
    return out


if __name__ == "__main__":
    sys.exit(main())
