#!/usr/bin/python3
"""Spellings benchmark: the same question written the ways people write it, one kgq process each.

    bench/spellings.py SIZE [--kgq BIN] [--work DIR] [--repeat N] [--timeout S] [--families W2,W3,...]
    bash bench/run.sh SIZE --spellings [options]      (builds kgq first, or takes KGQ_BIN)

For W2 (shortestPath between two looked-up nodes), W3 (count(DISTINCT b) within two hops of a
looked-up node; also with `b.id <> start` and with a label on b) and W4 (the KNOWS pattern count),
every spelling runs as its own `kgq --graph DIR -f script --timing` over the same pairs/seeds as
bench/run.py.  All spellings of a family must give the same checksum (sum of answers, as in
run.py); the table shows each spelling's time (sum of the `--timing` statement lines: load
excluded), best of --repeat (the family's spellings run in turn in each round), and its ratio to
the family's fastest spelling.  A spelling that
times out or fails is shown as "timeout" / "error: <first line>" and the run goes on; a checksum
that differs is shown as MISMATCH and makes the exit status 1.

Parameters are set with `:param` lines in the script (one per statement, not timed: a meta
command is not a statement); every script starts with the same untimed `:param` line (PREAMBLE).  kgq keeps its default --max-rows (so a spelling that would build a
huge intermediate result fails with a limit error instead of eating the machine's memory); each
statement gets --statement-timeout (kgq --timeout; the first one that fails ends the process, so a
hopeless spelling costs one timeout) and each process is killed after --timeout seconds.
"""
import argparse
import datetime
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the repository
import run as bench  # noqa: E402  (data generation, pairs/seeds, process runner, --timing parser)

LABEL = {"p": "Person", "o": "Organization", "c": "Country", "t": "Treaty", "i": "Issue"}
SHORTEST = "shortestPath((a)-[*]-(b))"


def label(node_id):
    return LABEL[node_id[0]]


# Every script begins with the same untimed meta command. A spelling with `:param` lines otherwise
# had its first statement's parse and evaluation code warmed by them and the others had not: the
# first statement of a process costs 0.5-1 ms of cold caches against 10-20 us for the next, which
# made the parameter spellings look 1.3-1.5x faster than the rest at M for that reason alone.
PREAMBLE = ":param kgq_bench_warm => 'p0'\n"


def per_pair(pairs, make):
    """One statement per pair; `make(s, t)` gives (param lines, statement)."""
    out = []
    for s, t in pairs:
        params, stmt = make(s, t)
        out.extend(params)
        out.append(stmt + ";")
    return "\n".join(out) + "\n"


def families(pairs, seeds):
    """{family: [(spelling, script text)]}: the first spelling of each family is the bench's own."""
    ret2 = f"MATCH p = {SHORTEST} RETURN length(p) AS len"
    w2 = [
        ("inline", lambda s, t: ([], f"MATCH (a {{id: '{s}'}}), (b {{id: '{t}'}}) {ret2}")),
        ("WHERE (equality join)", lambda s, t: ([], f"MATCH (a), (b) WHERE a.id = '{s}' AND b.id = '{t}' {ret2}")),
        ("WHERE value = property", lambda s, t: ([], f"MATCH (a), (b) WHERE '{s}' = a.id AND '{t}' = b.id {ret2}")),
        ("parameters inline", lambda s, t: ([f":param s => '{s}'", f":param t => '{t}'"],
                                            f"MATCH (a {{id: $s}}), (b {{id: $t}}) {ret2}")),
        ("parameters in WHERE", lambda s, t: ([f":param s => '{s}'", f":param t => '{t}'"],
                                              f"MATCH (a), (b) WHERE a.id = $s AND b.id = $t {ret2}")),
        ("IN [value]", lambda s, t: ([], f"MATCH (a), (b) WHERE a.id IN ['{s}'] AND b.id IN ['{t}'] {ret2}")),
        ("with labels", lambda s, t: ([], f"MATCH (a:{label(s)} {{id: '{s}'}}), (b:{label(t)} {{id: '{t}'}}) {ret2}")),
        ("split MATCH", lambda s, t: ([], f"MATCH (a {{id: '{s}'}}) MATCH (b {{id: '{t}'}}) {ret2}")),
        ("one MATCH with the path", lambda s, t: ([], f"MATCH (a {{id: '{s}'}}), (b {{id: '{t}'}}), p = {SHORTEST} "
                                                      "RETURN length(p) AS len")),
        ("WITH a, b WHERE", lambda s, t: ([], f"MATCH (a), (b) WITH a, b WHERE a.id = '{s}' AND b.id = '{t}' {ret2}")),
        ("WITH * WHERE", lambda s, t: ([], f"MATCH (a), (b) WITH * WHERE a.id = '{s}' AND b.id = '{t}' {ret2}")),
        ("reversed path", lambda s, t: ([], f"MATCH (a {{id: '{s}'}}), (b {{id: '{t}'}}) "
                                            "MATCH p = shortestPath((b)-[*]-(a)) RETURN length(p) AS len")),
    ]

    def w3(b_label, b_conds):
        """The W3 spellings for an end filter: a label on b and/or conditions on b (given the start id)."""
        def spelling(a_pat, a_conds, form="where", b_inline=True, b_first=False, params=False):
            def stmt(s):
                b = f"(b:{b_label})" if b_label and b_inline else "(b)"
                ac = a_conds(s)
                bc = b_conds(s) + ([f"b:{b_label}"] if b_label and not b_inline else [])
                pattern = f"{b}-[*1..2]-{a_pat(s)}" if b_first else f"{a_pat(s)}-[*1..2]-{b}"
                where = lambda conds: f" WHERE {' AND '.join(conds)}" if conds else ""  # noqa: E731
                if form == "where":
                    text = f"MATCH {pattern}{where(ac + bc)}"
                elif form == "lookup first":
                    text = f"MATCH {a_pat(s)}{where(ac)} WITH a MATCH (a)-[*1..2]-{b}{where(bc)}"
                else:  # "WITH *" or "WITH a, b"
                    text = f"MATCH {pattern} {form}{where(ac + bc)}"
                return ([f":param s => '{s}'"] if params else []), text + " RETURN count(DISTINCT b) AS n"
            return stmt

        inline = lambda s: f"(a {{id: '{s}'}})"  # noqa: E731
        bare = lambda s: "(a)"  # noqa: E731
        none = lambda s: []  # noqa: E731
        eq = lambda s: [f"a.id = '{s}'"]  # noqa: E731
        out = [
            ("inline", spelling(inline, none)),
            ("WHERE", spelling(bare, eq)),
            ("WHERE value = property", spelling(bare, lambda s: [f"'{s}' = a.id"])),
            ("parameter inline", spelling(lambda s: "(a {id: $s})", none, params=True)),
            ("parameter in WHERE", spelling(bare, lambda s: ["a.id = $s"], params=True)),
            ("IN [value]", spelling(bare, lambda s: [f"a.id IN ['{s}']"])),
            ("with label on a", spelling(lambda s: f"(a:{label(s)} {{id: '{s}'}})", none)),
            ("reversed pattern", spelling(inline, none, b_first=True)),
            ("lookup, WITH a, expand", spelling(bare, eq, form="lookup first")),
            ("WITH a, b WHERE", spelling(bare, eq, form="WITH a, b")),
            ("WITH * WHERE", spelling(bare, eq, form="WITH *")),
        ]
        if b_label:
            out.append(("label on b in WHERE", spelling(inline, none, b_inline=False)))
        return [(name, per_pair([(s, None) for s in seeds], lambda s, _t, f=f: f(s))) for name, f in out]

    fams = {
        "W2": [(name, per_pair(pairs, f)) for name, f in w2],
        "W3": w3(None, lambda s: []),
        "W3 b.id <> start": w3(None, lambda s: [f"b.id <> '{s}'"]),
        "W3 b:Person": w3("Person", lambda s: []),
    }
    # the same end filter, spelled through the start node or with NOT
    for name, cond in (("b.id <> a.id", "b.id <> a.id"), ("NOT b.id = value", "NOT b.id = '{s}'")):
        fams["W3 b.id <> start"].append((name, per_pair([(s, None) for s in seeds], lambda s, _t, c=cond: (
            [], f"MATCH (a {{id: '{s}'}})-[*1..2]-(b) WHERE {c.format(s=s)} RETURN count(DISTINCT b) AS n"))))

    cond = "a.year > b.year"
    tail = " RETURN count(*) AS n;\n"
    fams["W4"] = [
        ("labels inline", f"MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE {cond}" + tail),
        ("comparison flipped", "MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE b.year < a.year" + tail),
        ("reversed pattern", f"MATCH (b:Person)<-[:KNOWS]-(a:Person) WHERE {cond}" + tail),
        ("labels in WHERE", f"MATCH (a)-[:KNOWS]->(b) WHERE a:Person AND b:Person AND {cond}" + tail),
        ("type in WHERE", f"MATCH (a:Person)-[r]->(b:Person) WHERE type(r) = 'KNOWS' AND {cond}" + tail),
        ("no labels (same answer on this data)", f"MATCH (a)-[:KNOWS]->(b) WHERE {cond}" + tail),
        ("split MATCH", f"MATCH (a:Person) MATCH (a)-[:KNOWS]->(b:Person) WHERE {cond}" + tail),
        ("WITH * WHERE", f"MATCH (a:Person)-[:KNOWS]->(b:Person) WITH * WHERE {cond}" + tail),
        ("WITH a, b WHERE", f"MATCH (a:Person)-[:KNOWS]->(b:Person) WITH a, b WHERE {cond}" + tail),
        ("AND true", f"MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE {cond} AND true" + tail),
    ]
    return fams


def run_limited(cmd, timeout_s):
    """bench.run_measured under an 8 GiB address-space limit: a spelling that materialises a cross
    product must not take the shared machine down."""
    return bench.run_measured(["/bin/sh", "-c", f'ulimit -v {8 << 20}; exec "$@"', "kgq"] + cmd, timeout_s + 5)


def measure_once(kgq, data, script, statements, args):
    """One run: {seconds, checksum, status}.  Without --keep-going kgq stops at the first statement
    that fails, so a hopeless spelling costs one --statement-timeout, not a hundred."""
    r = run_limited([kgq, "--graph", data, "-f", script, "--format", "json", "--timing",
                     "--max-expansions", bench.BIG, "--timeout", str(int(args.statement_timeout * 1000)),
                     "--log-level", "warn"], args.timeout)
    if r["timed_out"]:
        return {"seconds": None, "checksum": None, "status": f"timeout (process > {args.timeout:g} s)"}
    errors = [line for line in r["err"].splitlines() if line.strip() and not line.startswith("timing:")]
    stmt_ms = [float(m.group(2)) for m in bench.TIMING_STMT.finditer(r["err"])]
    try:
        results = bench.parse_json_stream(r["out"])
    except ValueError:
        results = []
    answers = bench.scalar_answers(results, None)
    if errors or len(answers) != statements or r["rc"] != 0:
        first = errors[0] if errors else f"exit status {r['rc']}, {len(answers)} answers"
        if "after the timeout" in first:
            return {"seconds": None, "checksum": None,
                    "status": f"timeout (statement {len(answers) + 1} > {args.statement_timeout:g} s)"}
        return {"seconds": None, "checksum": None, "status": "error: " + first[:120]}
    checksum = sum(-1 if a is None else a for a in answers)
    return {"seconds": sum(stmt_ms) / 1000, "checksum": checksum, "status": "ok"}


def measure_family(kgq, data, scripts, statements, args, repeat):
    """Best of `repeat` per script, the family's scripts run in turn within each round: the shared
    machine's load drifts over minutes, and a family's ratios must compare runs made under the same
    load, not one spelling's runs in a quiet minute against another's in a busy one.  A spelling that
    fails or times out is not run again."""
    best = [None] * len(scripts)
    for _ in range(repeat):
        for i, script in enumerate(scripts):
            if best[i] is not None and best[i]["status"] != "ok":
                continue
            m = measure_once(kgq, data, script, statements, args)
            if best[i] is None or m["status"] != "ok" or m["seconds"] < best[i]["seconds"]:
                best[i] = m
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("size", choices=["XS", "S", "M", "L"])
    ap.add_argument("--kgq", default=os.environ.get("KGQ_BIN") or os.path.join(bench.ROOT, "build-bench", "repl", "kgq"))
    ap.add_argument("--kgq-desc", default="")
    ap.add_argument("--work", default=os.environ.get("KGQ_BENCH_WORK", "/tmp/kgq-bench"))
    ap.add_argument("--repeat", type=int, default=None, help="best of N (default 5 for XS/S/M, 1 for L)")
    ap.add_argument("--statement-timeout", type=float, default=10, help="kgq --timeout, in seconds")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per process")
    ap.add_argument("--shape", choices=bench.SHAPES, default="kg")
    ap.add_argument("--families", default="", help="comma-separated subset, e.g. W2,W4 (W3 selects all W3 families)")
    args, _ = ap.parse_known_args()
    repeat = args.repeat or {"XS": 5, "S": 5, "M": 5, "L": 1}[args.size]
    data = bench.data_dir(args.work, args.size, args.shape)
    meta = bench.ensure_data(args.size, data, args.shape)
    pairs, seeds = bench.read_pairs(data), bench.read_seeds(data)
    fams = families(pairs, seeds)
    if args.families:
        wanted = [f.strip() for f in args.families.split(",") if f.strip()]
        fams = {k: v for k, v in fams.items() if any(k == w or k.startswith(w + " ") for w in wanted)}
    outdir = os.path.join(data, "kgq", "spellings")
    os.makedirs(outdir, exist_ok=True)
    ver = subprocess.run([args.kgq, "--version"], capture_output=True, text=True).stdout.strip()
    mach = bench.machine()
    bench.log(f"{args.size}: {meta['nodes']} nodes, {meta['edges']} relationships; kgq {args.kgq} ({ver}); "
              f"best of {repeat}; load average {mach['loadavg'][0]:.2f}")

    mismatch = False
    table = []
    for fam, spellings in fams.items():
        statements = 1 if fam == "W4" else len(pairs) if fam == "W2" else len(seeds)
        rows = []
        paths = []
        for i, (name, text) in enumerate(spellings):
            path = os.path.join(outdir, f"{fam.split()[0].lower()}-{len(table)}-{i}.kgq")
            with open(path, "w") as f:
                f.write(PREAMBLE + text)
            paths.append(path)
        measured = measure_family(args.kgq, data, paths, statements, args, repeat)
        for (name, text), m in zip(spellings, measured):
            bench.log(f"{fam} / {name}: {m['status']} {m['seconds']} checksum {m['checksum']}")
            rows.append((name, m, text.splitlines()[-1] if fam == "W4" else
                         next(line for line in text.splitlines() if not line.startswith(":"))))
        sums = {m["checksum"] for _, m, _ in rows if m["checksum"] is not None}
        fastest = min((m["seconds"] for _, m, _ in rows if m["seconds"] is not None), default=None)
        if len(sums) > 1:
            mismatch = True
        table.append((fam, rows, sums, fastest))

    print()
    print(f"## Spellings on {args.size}: {meta['nodes']:,} nodes, {meta['edges']:,} relationships "
          f"({mach['date']}, load average at start {mach['loadavg'][0]:.1f}); best of {repeat}")
    print()
    print(f"kgq: `{args.kgq}` ({ver}; {args.kgq_desc or 'origin not given'})")
    print()
    print("| family | spelling | kgq s | × fastest | checksum | first statement |")
    print("|---|---|---:|---:|---|---|")
    for fam, rows, sums, fastest in table:
        agreed = next(iter(sums)) if len(sums) == 1 else None
        for name, m, first in rows:
            if m["seconds"] is None:
                t, ratio, cs = m["status"], "—", "—"
            else:
                t = bench.fmt_s(m["seconds"])
                ratio = f"{m['seconds'] / fastest:.1f}" if fastest else "—"
                cs = str(m["checksum"]) if agreed is not None else f"**MISMATCH** {m['checksum']}"
            first = first.replace("|", "\\|")
            print(f"| {fam} | {name} | {t} | {ratio} | {cs} | `{first[:110]}` |")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    print()
    print(f"scripts: {outdir} ({stamp})")
    if mismatch:
        print("CHECKSUM MISMATCH between spellings of a family")
        return 1
    print("every family's spellings agree (where they finished)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
