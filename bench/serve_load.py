#!/usr/bin/env python3
"""Loopback load test of `kgq serve`: several clients send a mixed read workload for a bounded time.

    python3 bench/serve_load.py [--kgq build/repl/kgq] [--graph DIR] [--clients 8] [--seconds 10]

Starts `kgq serve --port 0` (127.0.0.1 only), runs the clients (threads, each with its own keep-alive
connection), checks every answer (status 200 and the expected rows), and prints requests/s and latency
percentiles. Exits 1 on any error or wrong answer. stdlib only.
"""
import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def post(conn, path, body):
    conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    return r.status, r.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kgq", default=os.path.join(ROOT, "build", "repl", "kgq"))
    ap.add_argument("--graph", default=os.path.join(ROOT, "graphs", "pakistan_belarus"))
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10)
    args = ap.parse_args()

    proc = subprocess.Popen([args.kgq, "serve", "--port", "0", "--graph", args.graph], stdout=subprocess.PIPE,
                            text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        sys.exit("kgq serve printed no URL: %r" % line)
    port = int(m.group(1))

    # The expected answers, asked once before the clock starts.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    status, out = post(conn, "/query", {"statement": "MATCH (n) WHERE n.name IS NOT NULL RETURN id(n), n.name"})
    names = json.loads(out)["results"][0]["rows"]
    status, out = post(conn, "/query", {"statement": "MATCH (n) RETURN count(*)"})
    total = json.loads(out)["results"][0]["rows"][0][0]
    conn.close()

    # The mix: a lookup by parameter, an aggregation, a two-hop count, PATH and NEIGHBOURS questions, /schema.
    def lookup(rng):
        node, name = rng.choice(names)
        return ("POST", "/query", {"statement": "MATCH (n) WHERE id(n) = $id RETURN n.name",
                                   "parameters": {"id": node}}, [[name]])

    def count(rng):
        return "POST", "/query", {"statement": "MATCH (n) RETURN count(*)"}, [[total]]

    def two_hop(rng):
        node, _ = rng.choice(names)
        return ("POST", "/query", {"statement": "MATCH (a)--()--(b) WHERE id(a) = $id RETURN count(DISTINCT b) > -1",
                                   "parameters": {"id": node}}, [[True]])

    def path(rng):
        return "POST", "/query", {"statement": "PATH FROM Ryzhenkov TO Pakistan"}, None

    def neighbours(rng):
        return "POST", "/query", {"statement": "NEIGHBOURS OF SCO DEPTH 2"}, None

    def schema(rng):
        return "GET", "/schema", None, None

    mix = [lookup] * 4 + [count, two_hop, two_hop, path, neighbours, schema]
    latencies, errors = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client(seed):
        rng = random.Random(seed)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], []
        while time.monotonic() < deadline:
            method, path_, body, rows = rng.choice(mix)(rng)
            started = time.perf_counter()
            try:
                if method == "GET":
                    c.request("GET", path_)
                    r = c.getresponse()
                    status, out = r.status, r.read()
                else:
                    status, out = post(c, path_, body)
            except (OSError, http.client.HTTPException) as e:
                bad.append("%s %s: %s" % (method, path_, e))
                c.close()
                continue
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad.append("%s %s: HTTP %d %s" % (method, path_, status, out[:200]))
            elif rows is not None and json.loads(out)["results"][0]["rows"] != rows:
                bad.append("%s %s: wrong answer %s" % (method, path_, out[:200]))
        c.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    proc.terminate()
    proc.wait(timeout=20)

    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else 0

    print("clients %d, %.1f s, %d requests, %.0f requests/s, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
          "errors %d" % (args.clients, elapsed, len(latencies), len(latencies) / elapsed, pct(50), pct(99),
                         pct(100), len(errors)))
    for e in errors[:10]:
        print("error:", e)
    sys.exit(1 if errors or not latencies else 0)


if __name__ == "__main__":
    main()
