#!/usr/bin/env python3
"""Runs the openCypher TCK (Technology Compatibility Kit) against the kgq binary.

    python3 tests/tck/run_tck.py TCK_DIR [--kgq BIN] [--jobs N] [--filter TEXT] [--report FILE] [--failures]

TCK_DIR is a checkout of the openCypher repository's `tck/` folder (features/ and graphs/); it is
not part of kgq and is not downloaded by this script. Each scenario runs in one `kgq --empty`
process: the graph set-up statements, then the query, then counts of nodes and relationships
(for the side-effect checks), as a script with `--format json` (one JSON line per statement).

Scoring:
  * a result is compared as a bag (`in any order`) or a list (`in order`), with values typed as the
    TCK writes them (1 and 1.0 differ); nodes by labels and properties, relationships by type and
    properties, paths by their nodes, relationships and directions;
  * an expected error passes when kgq fails with an error of the same phase (compile time: a
    SyntaxError or SemanticError; runtime: any other kgq error); `lenient` also counts an error of
    the other phase;
  * side effects: only the node and relationship counts are checked (kgq does not report label and
    property counters), so `+labels` / `+properties` lines are not verified.
A scenario that needs a test procedure (`there exists a procedure ...`) is counted as skipped.
"""
import argparse
import collections
import concurrent.futures
import json
import math
import os
import re
import subprocess
import sys
import tempfile

# ------------------------------------------------------------------------------------------
# Gherkin

Scenario = collections.namedtuple("Scenario", "feature path name steps")
Step = collections.namedtuple("Step", "keyword text doc table")


def parse_feature(text, path):
    lines = text.splitlines()
    feature, scenarios = "", []
    i = 0
    current = None  # (name, steps, outline)
    examples = []
    background = []

    def finish():
        nonlocal current, examples
        if current is None:
            return
        name, steps, outline = current
        if name is None:  # the Background: its steps open every scenario of the feature
            background.extend(steps)
            current = None
            return
        steps = background + steps
        if outline:
            for ex in examples:
                header, rows = ex[0], ex[1:]
                for n, row in enumerate(rows, 1):
                    sub = dict(zip(header, row))

                    def fill(s):
                        return re.sub(r"<([^<>\s]+)>", lambda m: sub.get(m.group(1), m.group(0)), s) if s else s
                    filled = [Step(st.keyword, fill(st.text), fill(st.doc),
                                   [[fill(c) for c in r] for r in st.table] if st.table else None) for st in steps]
                    scenarios.append(Scenario(feature, path, f"{name} #{n}", filled))
        else:
            scenarios.append(Scenario(feature, path, name, steps))
        current, examples = None, []

    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        i += 1
        if not line or line.startswith("#") or line.startswith("@"):
            continue
        if line.startswith("Feature:"):
            feature = line[len("Feature:"):].strip()
        elif line.startswith("Scenario Outline:") or line.startswith("Scenario Template:"):
            finish()
            current = (line.split(":", 1)[1].strip(), [], True)
        elif line.startswith("Scenario:"):
            finish()
            current = (line.split(":", 1)[1].strip(), [], False)
        elif line.startswith("Background:"):
            finish()
            current = (None, [], False)
        elif line.startswith("Examples:"):
            table = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                table.append(split_row(lines[i]))
                i += 1
            examples.append(table)
        elif current is not None and re.match(r"(Given|When|Then|And|But)\b", line):
            kw, _, rest = line.partition(" ")
            doc, table = None, None
            if i < len(lines) and lines[i].strip().startswith('"""'):
                indent = len(lines[i]) - len(lines[i].lstrip())
                i += 1
                body = []
                while not lines[i].strip().startswith('"""'):
                    body.append(lines[i][indent:] if len(lines[i]) >= indent else lines[i].strip())
                    i += 1
                i += 1
                doc = "\n".join(body)
            elif i < len(lines) and lines[i].strip().startswith("|"):
                table = []
                while i < len(lines) and lines[i].strip().startswith("|"):
                    table.append(split_row(lines[i]))
                    i += 1
            current[1].append(Step(kw, rest.rstrip(":").strip(), doc, table))
    finish()
    return scenarios


def split_row(line):
    s = line.strip()
    assert s.startswith("|") and s.endswith("|"), line
    cells, cur, j, quote = [], [], 1, None
    while j < len(s) - 1:
        c = s[j]
        if quote:
            cur.append(c)
            if c == "\\" and j + 1 < len(s) - 1:
                cur.append(s[j + 1])
                j += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
            cur.append(c)
        elif c == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        j += 1
    cells.append("".join(cur).strip())
    return cells


# ------------------------------------------------------------------------------------------
# values: TCK cells and kgq JSON to one canonical, hashable form

class ValueParser:
    def __init__(self, text):
        self.s, self.i = text, 0

    def error(self, what):
        raise ValueError(f"cannot read TCK value {self.s!r} at {self.i}: {what}")

    def ws(self):
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def peek(self, t):
        self.ws()
        return self.s.startswith(t, self.i)

    def eat(self, t):
        if not self.peek(t):
            self.error(f"expected {t!r}")
        self.i += len(t)

    def parse(self):
        v = self.value()
        self.ws()
        if self.i != len(self.s):
            self.error("trailing text")
        return v

    def name(self):
        self.ws()
        if self.peek("`"):
            end = self.s.index("`", self.i + 1)
            n = self.s[self.i + 1:end]
            self.i = end + 1
            return n
        m = re.compile(r"[A-Za-z_][A-Za-z_0-9]*").match(self.s, self.i)
        if not m:
            self.error("expected a name")
        self.i = m.end()
        return m.group(0)

    def props(self):
        if not self.peek("{"):
            return ()
        return self.map_items()

    def map_items(self):
        self.eat("{")
        items = []
        if not self.peek("}"):
            while True:
                k = self.name()
                self.eat(":")
                items.append((k, self.value()))
                if self.peek(","):
                    self.eat(",")
                    continue
                break
        self.eat("}")
        return tuple(sorted(items))

    def node(self):
        self.eat("(")
        labels = []
        while self.peek(":"):
            self.eat(":")
            labels.append(self.name())
        props = self.props()
        self.eat(")")
        return ("node", tuple(sorted(labels)), props)

    def rel(self):
        self.eat("[")
        self.eat(":")
        t = self.name()
        props = self.props()
        self.eat("]")
        return ("rel", t, props)

    def value(self):
        self.ws()
        s, i = self.s, self.i
        if self.peek("<"):
            self.eat("<")
            parts = [self.node()]
            while not self.peek(">"):
                if self.peek("<-"):
                    self.eat("<-")
                    r = self.rel()
                    self.eat("-")
                    parts.append(("<", r))
                else:
                    self.eat("-")
                    r = self.rel()
                    self.eat("->")
                    parts.append((">", r))
                parts.append(self.node())
            self.eat(">")
            return ("path", tuple(parts))
        if self.peek("("):
            return self.node()
        if self.peek("["):
            save = self.i
            self.eat("[")
            if self.peek(":"):
                self.i = save
                return self.rel()
            items = []
            if not self.peek("]"):
                while True:
                    items.append(self.value())
                    if self.peek(","):
                        self.eat(",")
                        continue
                    break
            self.eat("]")
            return ("list", tuple(items))
        if self.peek("{"):
            return ("map", self.map_items())
        if self.peek("'") or self.peek('"'):
            q = s[self.i]
            j = self.i + 1
            out = []
            while j < len(s) and s[j] != q:
                if s[j] == "\\" and j + 1 < len(s):
                    nxt = s[j + 1]
                    out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"'}.get(nxt, "\\" + nxt))
                    j += 2
                else:
                    out.append(s[j])
                    j += 1
            self.i = j + 1
            return ("str", "".join(out))
        for word, v in (("null", None), ("true", ("bool", True)), ("false", ("bool", False)),
                        ("NaN", ("float", "nan")), ("Infinity", ("float", "inf")), ("-Infinity", ("float", "-inf"))):
            if s.startswith(word, i) and not (i + len(word) < len(s) and (s[i + len(word)].isalnum())):
                self.i = i + len(word)
                return v
        m = re.compile(r"-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?").match(s, i)
        if m:
            self.i = m.end()
            t = m.group(0)
            if "." in t or "e" in t.lower():
                return float_value(float(t))
            return ("int", int(t))
        self.error("unknown value")


def float_value(f):
    if math.isnan(f):
        return ("float", "nan")
    if math.isinf(f):
        return ("float", "inf" if f > 0 else "-inf")
    return ("float", round(f, 9) + 0.0)


def from_json(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, float):
        return float_value(v)
    if isinstance(v, str):
        return ("str", v)
    if isinstance(v, list):
        return ("list", tuple(from_json(x) for x in v))
    if isinstance(v, dict):
        kind = v.get("_kind")
        if kind == "node":
            return ("node", tuple(sorted(v["labels"])), json_props(v["properties"]))
        if kind == "relationship":
            return ("rel", v["type"], json_props(v["properties"]))
        if kind == "path":
            parts = [from_json(v["nodes"][0])]
            at = v["nodes"][0]["id"]
            for r, n in zip(v["relationships"], v["nodes"][1:]):
                parts.append((">" if r["start"] == at else "<", from_json(r)))
                parts.append(from_json(n))
                at = n["id"]
            return ("path", tuple(parts))
        return ("map", json_props(v))
    raise ValueError(f"unknown JSON value {v!r}")


def json_props(d):
    return tuple(sorted((k, from_json(x)) for k, x in d.items() if x is not None))


def sort_lists(v):
    """The value with every list's elements in a fixed order (`ignoring element order for lists`)."""
    if isinstance(v, tuple) and v and v[0] == "list":
        return ("list", tuple(sorted((sort_lists(x) for x in v[1]), key=repr)))
    if isinstance(v, tuple) and v and v[0] == "map":
        return ("map", tuple((k, sort_lists(x)) for k, x in v[1]))
    return v


# ------------------------------------------------------------------------------------------
# running one scenario

COMPILE_TIME_KINDS = ("SyntaxError", "SemanticError")  # kgq errors raised before a statement runs


class Outcome:
    def __init__(self, status, why=""):
        self.status, self.why = status, why  # pass | fail | skip | lenient (passes only leniently)


def cypher_param_to_json(text):
    v = ValueParser(text).parse()

    def conv(x):
        if x is None:
            return None
        k = x[0]
        if k in ("int", "bool", "str"):
            return x[1]
        if k == "float":
            return float(x[1])
        if k == "list":
            return [conv(y) for y in x[1]]
        if k == "map":
            return {a: conv(b) for a, b in x[1]}
        raise ValueError(f"parameter {text!r}: not a plain value")
    return json.dumps(conv(v))


class Phase:
    """One `When executing ...` step and the `Then` / `And` checks that follow it."""
    def __init__(self, query):
        self.query, self.expect, self.error, self.side = query, None, None, None


def scenario_plan(sc, tck_dir):
    """(set-up statements, parameters, phases), or an Outcome when the scenario cannot run here."""
    setup, params, phases = [], [], []
    for st in sc.steps:
        t = st.text
        if t.startswith("there exists a procedure"):
            return Outcome("skip", "needs a test procedure")
        if t in ("an empty graph", "any graph"):
            continue
        m = re.match(r"the (\S+) graph$", t)
        if m:
            path = os.path.join(tck_dir, "graphs", m.group(1), m.group(1) + ".cypher")
            with open(path, encoding="utf-8") as f:
                setup.append(f.read().strip().rstrip(";"))
        elif t == "having executed":
            setup.append(st.doc.strip().rstrip(";"))
        elif t == "parameters are":
            params.extend((row[0], row[1]) for row in st.table)
        elif t in ("executing query", "executing control query"):
            phases.append(Phase(st.doc.strip().rstrip(";")))
        elif not phases:
            return Outcome("skip", f"a check before any query: {t}")
        elif t.startswith("the result should be empty"):
            phases[-1].expect = ("bag", [], [], False)
        elif t.startswith("the result should be"):
            ordered = "in order" in t
            ignore = "ignoring element order for lists" in t
            phases[-1].expect = ("list" if ordered else "bag", st.table[0], st.table[1:], ignore)
        elif re.match(r"an? \w+ should be raised at (compile time|runtime|any time)", t):
            m = re.match(r"an? (\w+) should be raised at (compile time|runtime|any time)(?:: (\w+))?", t)
            phases[-1].error = (m.group(1), m.group(2), m.group(3))
        elif t == "no side effects":
            phases[-1].side = {}
        elif t == "the side effects should be":
            phases[-1].side = {row[0]: int(row[1]) for row in st.table}
        else:
            return Outcome("skip", f"unknown step: {t}")
    if not phases:
        return Outcome("skip", "no query")
    return setup, params, phases


def compare(expect, result):
    how, header, rows, ignore = expect
    if rows and result["columns"] != header:
        return f"columns {result['columns']} != {header}"
    want = [tuple(ValueParser(c).parse() for c in row) for row in rows]
    got = [tuple(from_json(c) for c in row) for row in result["rows"]]
    if ignore:
        want = [tuple(sort_lists(v) for v in row) for row in want]
        got = [tuple(sort_lists(v) for v in row) for row in got]
    same = (want == got) if how == "list" else (collections.Counter(want) == collections.Counter(got))
    return None if same else f"rows differ: want {rows[:3]}, got {result['rows'][:3]}"


def run_scenario(sc, kgq, tck_dir, timeout):
    plan = scenario_plan(sc, tck_dir)
    if isinstance(plan, Outcome):
        return plan
    setup, params, phases = plan
    counts = "MATCH (n) RETURN count(n) AS c;\nMATCH ()-[r]->() RETURN count(r) AS c;\n"
    args = [kgq, "--empty", "--format", "json", "--log-level", "off", "--timeout", str(int(timeout * 1000))]
    try:
        for k, v in params:
            args += ["--param", f"{k}={cypher_param_to_json(v)}"]
    except ValueError as e:
        return Outcome("skip", str(e))
    with tempfile.TemporaryDirectory(prefix="kgq_tck_") as d:
        script = os.path.join(d, "s.kgq")
        with open(script, "w", encoding="utf-8") as f:
            for s in setup:
                f.write(s + ";\n")
            f.write(counts)
            for ph in phases:
                f.write(ph.query + ";\n")
                f.write(counts)
        try:
            r = subprocess.run(args + ["-f", script], capture_output=True, text=True, timeout=timeout + 5)
        except subprocess.TimeoutExpired:
            return Outcome("fail", "timed out")
    out = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    at = len(setup)
    if len(out) < at + 2:
        return Outcome("fail", f"set-up failed: {r.stderr.strip().splitlines()[0] if r.stderr.strip() else '?'}")
    for ph in phases:
        before = (out[at]["rows"][0][0], out[at + 1]["rows"][0][0])
        at += 2
        if len(out) <= at:  # the query failed: kgq stops the script at its first error
            first = (r.stderr.strip().splitlines() or ["?"])[0]
            m = re.match(r"(\w+):", first)
            kind = m.group(1) if m else "?"
            if ph.error is None:
                return Outcome("fail", f"unexpected error: {first}")
            compile_kind = kind in COMPILE_TIME_KINDS
            if ph.error[1] == "compile time" and not compile_kind:
                return Outcome("lenient", f"expected a compile-time {ph.error[0]}, got {first}")
            if ph.error[1] == "runtime" and compile_kind:
                return Outcome("lenient", f"expected a runtime {ph.error[0]}, got {first}")
            return Outcome("pass")
        if ph.error is not None:
            return Outcome("fail", f"expected {ph.error[0]} at {ph.error[1]} ({ph.error[2]}), got a result")
        result = out[at]
        at += 1
        if len(out) < at + 2:
            return Outcome("fail", f"error after the query: {r.stderr.strip()[:200]}")
        after = (out[at]["rows"][0][0], out[at + 1]["rows"][0][0])
        if ph.expect is not None:
            try:
                why = compare(ph.expect, result)
            except ValueError as e:
                return Outcome("skip", str(e))
            if why:
                return Outcome("fail", why)
        if ph.side is not None:
            dn, dr = after[0] - before[0], after[1] - before[1]
            wn = ph.side.get("+nodes", 0) - ph.side.get("-nodes", 0)
            wr = ph.side.get("+relationships", 0) - ph.side.get("-relationships", 0)
            if (dn, dr) != (wn, wr):
                return Outcome("fail", f"side effects: nodes {dn:+}, relationships {dr:+}; expected {wn:+}, {wr:+}")
    if r.returncode != 0:
        return Outcome("fail", f"kgq exited {r.returncode}: {r.stderr.strip()[:200]}")
    return Outcome("pass")


# ------------------------------------------------------------------------------------------

def load_scenarios(tck_dir, flt):
    feats = os.path.join(tck_dir, "features")
    out = []
    for root, _, files in os.walk(feats):
        for fn in sorted(files):
            if fn.endswith(".feature"):
                p = os.path.join(root, fn)
                with open(p, encoding="utf-8") as f:
                    for sc in parse_feature(f.read(), os.path.relpath(p, feats)):
                        if not flt or flt in sc.path or flt in sc.name:
                            out.append(sc)
    out.sort(key=lambda s: s.path)
    return out


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tck_dir")
    ap.add_argument("--kgq", default=os.path.join(here, "..", "..", "build", "repl", "kgq"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--filter", default="")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--report", default="")
    ap.add_argument("--failures", action="store_true", help="print every failing scenario and why")
    args = ap.parse_args(argv)
    scenarios = load_scenarios(args.tck_dir, args.filter)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(lambda s: run_scenario(s, args.kgq, args.tck_dir, args.timeout), scenarios))
    by_group = collections.defaultdict(collections.Counter)
    total = collections.Counter()
    for sc, o in zip(scenarios, outcomes):
        group = os.path.dirname(sc.path)
        by_group[group][o.status] += 1
        total[o.status] += 1
    n = len(scenarios)
    print(f"| group | scenarios | pass | lenient only | fail | skipped | pass % |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for g in sorted(by_group):
        c = by_group[g]
        m = sum(c.values())
        print(f"| {g} | {m} | {c['pass']} | {c['lenient']} | {c['fail']} | {c['skip']} | {100.0 * c['pass'] / m:.1f} |")
    print(f"| **all** | {n} | {total['pass']} | {total['lenient']} | {total['fail']} | {total['skip']} | "
          f"{100.0 * total['pass'] / max(n, 1):.1f} |")
    print(f"\nstrict: {total['pass']}/{n} = {100.0 * total['pass'] / max(n, 1):.1f} %; "
          f"counting errors of the other phase: {total['pass'] + total['lenient']}/{n} = "
          f"{100.0 * (total['pass'] + total['lenient']) / max(n, 1):.1f} %")
    if args.failures:
        for sc, o in zip(scenarios, outcomes):
            if o.status in ("fail", "lenient", "skip"):
                print(f"{o.status}: {sc.path}: {sc.name}: {o.why}")
    if args.report:
        with open(args.report, "w") as f:
            json.dump([{"path": sc.path, "scenario": sc.name, "status": o.status, "why": o.why}
                       for sc, o in zip(scenarios, outcomes)], f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
