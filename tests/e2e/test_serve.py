"""End-to-end: `kgq serve`'s HTTP API from a client (http.client against the real binary on a free port)."""
import concurrent.futures
import io
import json
import os
import signal
import tarfile
import tempfile
import threading
import time
import unittest
import urllib.parse

import kgq_e2e as k
import serve_helper

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
}


def cli_json(statement):
    r = k.run("--format", "json", "-c", statement)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


class ReadOnlyServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = serve_helper.Server("--max-body", "4096", "--max-result-bytes", "200000")

    @classmethod
    def tearDownClass(cls):
        cls.s.stop()

    def test_prints_a_loopback_url_and_says_read_only(self):
        self.assertTrue(self.s.url.startswith("http://127.0.0.1:"), self.s.line)
        self.assertIn("read-only", self.s.line)
        self.assertIsNone(self.s.token)

    def test_answers_as_the_cli_prints_json(self):
        for statement in ["MATCH (c:Country) RETURN c.name AS name, c ORDER BY name",
                          "PATH FROM Ryzhenkov TO Pakistan",
                          "NEIGHBOURS OF SCO DEPTH 1",
                          "MATCH (n:Nope) RETURN n"]:  # a notification
            status, doc = self.s.query(statement)
            self.assertEqual(status, 200, doc)
            self.assertNotIn("error", doc)
            self.assertEqual(doc["results"], cli_json(statement), statement)
        self.assertEqual(doc["results"][0]["notifications"][0]["code"], "UnknownLabel")

    def test_parameters_and_several_statements(self):
        status, doc = self.s.query("MATCH (n {name: $name}) RETURN n.name AS name; RETURN $x * 2 AS twice",
                                   parameters={"name": "Pakistan", "x": 21})
        self.assertEqual(status, 200, doc)
        self.assertEqual([r["rows"] for r in doc["results"]], [[["Pakistan"]], [[42]]])
        # Parameters belong to one request: the next does not see them.
        status, doc = self.s.query("RETURN $x AS x")
        self.assertEqual(status, 400)
        self.assertEqual(doc["error"]["kind"], "SemanticError")
        self.assertIn("$x", doc["error"]["message"])

    def test_errors_carry_line_column_and_hint(self):
        status, doc = self.s.query("MATCH (c:Country)\nRETRN c")
        self.assertEqual(status, 400)
        e = doc["error"]
        self.assertEqual((e["kind"], e["line"], e["column"]), ("SyntaxError", 2, 1))
        self.assertIn("RETRN c\n  ^", e["text"])
        status, doc = self.s.query("RETURN toUpperr('x')")
        e = doc["error"]
        self.assertEqual((e["kind"], e["line"], e["column"]), ("SemanticError", 1, 8))
        self.assertIn("toUpper", e["hint"])
        # Statements before the failing one keep their results, as a script prints them.
        status, doc = self.s.query("RETURN 1 AS one; RETURN nope")
        self.assertEqual(status, 400)
        self.assertEqual(doc["results"][0]["rows"], [[1]])
        self.assertEqual(doc["error"]["kind"], "SemanticError")

    def test_limits_per_request(self):
        status, doc = self.s.query("UNWIND range(1, 1000) AS x RETURN x ORDER BY x DESC", maxRows=10)
        self.assertEqual(status, 400)
        self.assertIn("--max-rows", doc["error"]["message"] + doc["error"].get("hint", ""))
        started = time.monotonic()
        # 10^8 rows streamed from two small lists: only the time limit can stop it (one list of
        # 10^8 would meet the row limit first, sooner or later depending on the machine).
        status, doc = self.s.query("UNWIND range(1, 10000) AS x UNWIND range(1, 10000) AS y "
                                   "WITH x, y WHERE (x * y) % 7 = 0 RETURN count(*)", timeout=200)
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(status, 400)
        self.assertIn("timeout of 200 ms", doc["error"]["message"])
        # The answer's size: --max-result-bytes 200000.
        status, doc = self.s.query("UNWIND range(1, 20000) AS x RETURN x, 'padding padding' AS p")
        self.assertEqual(status, 400)
        self.assertIn("--max-result-bytes", doc["error"]["message"])
        status, doc = self.s.query("RETURN 1 AS one", timeout="soon")
        self.assertEqual(status, 400)
        self.assertIn("non-negative integer", doc["error"]["message"])

    def test_read_only_refuses_writes_by_their_bound_form(self):
        before = self.s.query("MATCH (n) RETURN count(*) AS n")[1]["results"][0]["rows"]
        for statement, what in [("CREATE (:Spy {name: 'x'})", "CREATE"),
                                ("MATCH (n:Country) SET n.flag = true", "SET"),
                                ("MATCH (n:Country) WITH n LIMIT 1\nCALL (n) { MERGE (n)-[:R]->(:Y) }", "MERGE"),
                                ("MATCH (n) DETACH DELETE n", "DETACH DELETE"),
                                ("UNWIND [1] AS x FOREACH (y IN [x] | CREATE (:Z))", "FOREACH"),
                                ("PROFILE CREATE (:Spy)", "CREATE"),
                                ("CREATE INDEX FOR (n:Country) ON (n.code)", "index")]:
            status, doc = self.s.query(statement)
            self.assertEqual(status, 400, statement)
            e = doc["error"]
            self.assertEqual(e["kind"], "TransactionError", statement)
            self.assertIn("read-only", e["message"])
            self.assertIn(what, e["message"])
            self.assertIn("--allow-writes", e["hint"])
            self.assertGreater(e["line"], 0)
        # Words that only look like writes are read: the check is on the bound statement, not its text.
        status, doc = self.s.query("RETURN 'CREATE (:X)' AS c, 'SET' AS `DELETE`")
        self.assertEqual(status, 200, doc)
        status, doc = self.s.query("EXPLAIN CREATE (:Spy)")  # EXPLAIN runs nothing
        self.assertEqual(status, 200, doc)
        status, doc = self.s.query("BEGIN")
        self.assertEqual(doc["error"]["kind"], "TransactionError")
        self.assertEqual(self.s.query("MATCH (n) RETURN count(*) AS n")[1]["results"][0]["rows"], before)

    def test_export_to_a_server_path_is_refused(self):
        target = os.path.join(tempfile.gettempdir(), "kgq-serve-should-not-exist.dot")
        status, doc = self.s.query("PATH FROM Ryzhenkov TO Pakistan EXPORT DOT TO '%s'" % target)
        self.assertEqual(status, 400)
        self.assertEqual(doc["error"]["kind"], "ExportError")
        self.assertIn("POST /export", doc["error"]["hint"])
        self.assertFalse(os.path.exists(target))

    def test_load_csv_and_export_graph_touch_no_server_file(self):
        # LOAD CSV reads the host's files and EXPORT GRAPH writes them: a request may do neither, whatever
        # --allow-writes says (docs/language.md, Loading CSV).
        status, doc = self.s.query("LOAD CSV FROM '/etc/passwd' AS row RETURN row")
        self.assertEqual(status, 400, doc)
        self.assertEqual(doc["error"]["kind"], "LoadError")
        self.assertIn("LOAD CSV is not available here", doc["error"]["message"])
        status, doc = self.s.query("MATCH (n) CALL { LOAD CSV FROM '/etc/passwd' AS row RETURN count(*) AS c } "
                                   "RETURN c")
        self.assertEqual(doc["error"]["kind"], "LoadError", doc)
        target = os.path.join(tempfile.gettempdir(), "kgq-serve-should-not-exist-graph")
        status, doc = self.s.query("EXPORT GRAPH TO '%s'" % target)
        self.assertEqual(status, 400, doc)
        self.assertEqual(doc["error"]["kind"], "ExportError")
        self.assertFalse(os.path.exists(target))

    def test_exports_are_downloads(self):
        body = {"statement": "PATH FROM Ryzhenkov TO Pakistan"}
        for fmt, starts in [("svg", b"<?xml"), ("dot", b"digraph"), ("graphml", b"<?xml")]:
            status, h, out = self.s.request("POST", "/export", dict(body, format=fmt))
            self.assertEqual(status, 200, out[:300])
            self.assertTrue(out.startswith(starts), out[:100])
            self.assertEqual(h["content-disposition"], 'attachment; filename="kgq-answer.%s"' % fmt)
        self.assertIn(b'class="node focus"', self.s.request("POST", "/export", dict(body, format="svg"))[2])
        status, h, out = self.s.request("POST", "/export", dict(body, format="csv"))
        self.assertEqual(status, 200)
        with tarfile.open(fileobj=io.BytesIO(out)) as tar:
            self.assertEqual(tar.getnames(), ["kgq-answer/nodes.csv", "kgq-answer/edges.csv",
                                              "kgq-answer/kgq-meta.json"])
            nodes = tar.extractfile("kgq-answer/nodes.csv").read().decode()
        self.assertIn("Ryzhenkov", nodes)
        status, _, out = self.s.request("POST", "/export", dict(body, format="pdf"))
        self.assertEqual(status, 400)
        self.assertIn("formats are", json.loads(out)["error"]["hint"])
        status, _, out = self.s.request("POST", "/export", {"statement": "RETURN 1 AS one", "format": "svg"})
        self.assertEqual(status, 400)
        self.assertIn("no nodes", json.loads(out)["error"]["message"])

    def test_schema_and_scripts(self):
        status, _, out = self.s.request("GET", "/schema")
        self.assertEqual(status, 200)
        schema = json.loads(out)
        count = cli_json("MATCH (n) RETURN count(*) AS n")[0]["rows"][0][0]
        self.assertEqual(schema["nodes"], count)
        self.assertIn({"name": "Country", "count": 3}, schema["labels"])
        self.assertFalse(schema["writable"])
        self.assertTrue(any(p["type"] == "TOOK_PART_IN" for p in schema["patterns"]))
        status, _, out = self.s.request("GET", "/scripts")
        scripts = json.loads(out)["scripts"]
        names = sorted(f[:-4] for f in os.listdir(os.path.join(k.SRC, "graphs", "pakistan_belarus", "queries"))
                       if f.endswith(".kgq"))
        self.assertEqual([s["name"] for s in scripts], names)
        self.assertTrue(all(s["text"] for s in scripts))

    def test_completion_is_the_repls(self):
        def complete(text):
            status, _, out = self.s.request("GET", "/complete?" + urllib.parse.urlencode({"text": text}))
            self.assertEqual(status, 200)
            return json.loads(out)
        c = complete("MATCH (n:Coun")
        self.assertEqual((c["kind"], c["word"], c["candidates"]), ("label", "Coun", ["Country"]))
        c = complete("PATH FROM Ryzhenkov TO Pakis")
        self.assertEqual(c["kind"], "entity")
        self.assertIn('"Pakistan"', c["candidates"])  # quoted: some candidates are not plain words
        c = complete("MATCH (a)-[:TOOK_")
        self.assertEqual((c["kind"], c["candidates"]), ("relationshipType", ["TOOK_PART_IN"]))
        c = complete("MATCH (n) RETURN n.na")
        self.assertEqual(c["kind"], "propertyKey")
        self.assertIn("name", c["candidates"])
        c = complete("MATCH (n) RETURN toUp")
        self.assertEqual((c["kind"], c["candidates"]), ("keyword", ["toUpper"]))
        # The REPL offers the same words on Tab (its unit tests pin the logic; this pins the sharing).
        status, _, _ = self.s.request("GET", "/complete")
        self.assertEqual(status, 200)

    def test_malformed_requests(self):
        status, _, out = self.s.request("POST", "/query", raw=b'{"statement": "RETURN 1",\n  "parameters": {,}}')
        self.assertEqual(status, 400)
        e = json.loads(out)["error"]
        self.assertEqual((e["kind"], e["line"], e["column"]), ("SyntaxError", 2, 18))
        self.assertIn("not valid JSON", e["message"])
        for raw, says in [(b'[1, 2]', "JSON object"), (b'{}', '"statement"'), (b'{"statement": 1}', "string"),
                          (b'{"statement": "RETURN 1", "paramters": {}}', "unknown member"),
                          (b'{"statement": "RETURN 1", "parameters": [1]}', "must be an object"),
                          (b'\xff\xfe', "not valid JSON")]:
            status, _, out = self.s.request("POST", "/query", raw=raw)
            self.assertEqual(status, 400, raw)
            self.assertIn(says, json.loads(out)["error"]["message"], raw)
        status, _, out = self.s.request("POST", "/query", raw=b'{"statement": "RETURN 1"}',
                                        headers={"Content-Type": "text/plain"})
        self.assertEqual(status, 415)
        status, _, out = self.s.request("GET", "/nowhere")
        self.assertEqual(status, 404)
        self.assertIn("POST /query", json.loads(out)["error"]["hint"])

    def test_the_page_for_browsers_and_the_endpoints_for_scripts(self):
        # A browser asks for HTML and gets the page; curl (Accept: */*) and GET /api get the endpoint list.
        for path, headers in [("/", {}), ("/", {"Accept": "*/*"}), ("/api", {"Accept": "text/html"})]:
            status, h, out = self.s.request("GET", path, headers=headers)
            self.assertEqual(status, 200)
            self.assertTrue(h["content-type"].startswith("application/json"), (path, headers))
            self.assertIn("POST /query", json.loads(out)["endpoints"])
        status, h, out = self.s.request("GET", "/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        self.assertEqual(status, 200)
        self.assertEqual(h["content-type"], "text/html; charset=utf-8")
        page = out.decode()
        # No inline script or style: the CSP allows this origin's files only.
        self.assertIn('<script src="/app.js" defer></script>', page)
        self.assertIn('<link rel="stylesheet" href="/app.css">', page)
        self.assertNotRegex(page, r"<script>|<style|style=")
        for path, kind in [("/app.js", "text/javascript"), ("/app.css", "text/css")]:
            status, h, out = self.s.request("GET", path)
            self.assertEqual(status, 200, path)
            self.assertTrue(h["content-type"].startswith(kind), h["content-type"])
            self.assertEqual(h["content-security-policy"], SECURITY_HEADERS["content-security-policy"])
            self.assertGreater(len(out), 1000)
        self.assertEqual(self.s.request("GET", "/index.html")[0], 404)  # one address for the page

    def test_svg_exports_name_their_nodes_and_relationships(self):
        statement = "PATH FROM Ryzhenkov TO Pakistan"
        status, _, out = self.s.request("POST", "/export", {"statement": statement, "format": "svg"})
        self.assertEqual(status, 200)
        path = cli_json(statement)[0]["rows"][0][0]
        for n in path["nodes"]:
            self.assertIn(b'<g id="kgq&#45;n%d" class="node' % n["id"], out)
        for r in path["relationships"]:
            self.assertIn(b'<g id="kgq&#45;r%d" class="edge"' % r["id"], out)
        # A DOT download is the file EXPORT DOT writes: no ids.
        status, _, out = self.s.request("POST", "/export", {"statement": statement, "format": "dot"})
        self.assertNotIn(b"kgq-n", out)

    def test_oversized_body_is_refused(self):
        status, h, out = self.s.request("POST", "/query", {"statement": "RETURN '" + "x" * 5000 + "' AS x"})
        self.assertEqual(status, 413)
        self.assertIn("--max-body", json.loads(out)["error"]["hint"])
        self.assertEqual(self.s.query("RETURN 1 AS one")[0], 200)  # the server lives on

    def test_security_headers_on_every_response_and_no_cors(self):
        for method, path, body in [("POST", "/query", {"statement": "RETURN 1"}), ("GET", "/schema", None),
                                   ("GET", "/nowhere", None), ("POST", "/query", {"statement": "RETRN"}),
                                   ("OPTIONS", "/query", None)]:
            status, h, _ = self.s.request(method, path, body, headers={"Origin": "http://127.0.0.1:%d" % self.s.port})
            for name, value in SECURITY_HEADERS.items():
                self.assertEqual(h.get(name), value, (method, path, status))
            self.assertNotIn("access-control-allow-origin", h)
        status, h, out = self.s.request("POST", "/query", {"statement": "RETURN 1"},
                                        headers={"Origin": "http://evil.example"})
        self.assertEqual(status, 403)
        self.assertEqual(h["content-security-policy"], SECURITY_HEADERS["content-security-policy"])
        self.assertIn("another origin", json.loads(out)["error"]["message"])
        # DNS rebinding: a foreign name resolving to 127.0.0.1 reaches a server without a token.
        status, _, out = self.s.request("GET", "/schema", headers={"Host": "evil.example:%d" % self.s.port})
        self.assertEqual(status, 403)

    def test_cancel_a_running_request(self):
        slow = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)"  # 1e10 rows
        answer = {}

        def run():
            answer["r"] = self.s.query(slow, id="slow-1")

        t = threading.Thread(target=run)
        started = time.monotonic()
        t.start()
        cancelled = None
        for _ in range(100):  # until the request is there
            time.sleep(0.05)
            status, _, out = self.s.request("POST", "/cancel", {"id": "slow-1"})
            cancelled = json.loads(out)
            if cancelled["cancelled"]:
                break
        t.join(30)
        self.assertTrue(cancelled["cancelled"], cancelled)
        self.assertLess(time.monotonic() - started, 20)
        status, doc = answer["r"]
        self.assertEqual(status, 400)
        self.assertIn("cancelled", doc["error"]["message"])
        # An unknown id cancels nothing; the next request runs normally.
        status, _, out = self.s.request("POST", "/cancel", {"id": "nobody"})
        self.assertFalse(json.loads(out)["cancelled"])
        self.assertEqual(self.s.query("RETURN 1 AS one")[1]["results"][0]["rows"], [[1]])

    def test_cancel_a_waiting_request(self):
        slow = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)"  # 1e10 rows
        answers = {}

        def run(name):
            answers[name] = self.s.query(slow, id=name)

        first = threading.Thread(target=run, args=("first",))
        first.start()
        time.sleep(1)  # "first" holds the session by now; "second" waits for it
        second = threading.Thread(target=run, args=("second",))
        second.start()

        def cancel(name):
            for _ in range(100):
                status, _, out = self.s.request("POST", "/cancel", {"id": name})
                if json.loads(out)["cancelled"]:
                    return json.loads(out)
                time.sleep(0.05)
            self.fail("%s never arrived" % name)

        self.assertFalse(cancel("second")["wasRunning"])
        self.assertTrue(cancel("first")["wasRunning"])
        first.join(30)
        second.join(30)
        self.assertIn("query cancelled", answers["first"][1]["error"]["message"])
        self.assertIn("before it started", answers["second"][1]["error"]["hint"])
        # Ids are free again once their request has answered.
        self.assertEqual(self.s.query("RETURN 1 AS one", id="first")[0], 200)

    def test_a_hundred_concurrent_requests(self):
        names = cli_json("MATCH (n) RETURN id(n) AS id, n.name AS name ORDER BY id")[0]["rows"]
        jobs = [names[i % len(names)] for i in range(100)]

        def ask(i):
            node_id, name = jobs[i]
            if i % 2:
                status, doc = self.s.query("MATCH (n) WHERE id(n) = $id RETURN n.name AS name", parameters={"id": node_id})
                return status, doc["results"][0]["rows"] == [[name]]
            status, doc = self.s.query("RETURN $i * 3 AS x, $i AS i", parameters={"i": i})
            return status, doc["results"][0]["rows"] == [[i * 3, i]]

        with concurrent.futures.ThreadPoolExecutor(max_workers=100) as pool:
            answers = list(pool.map(ask, range(100)))
        self.assertEqual(answers, [(200, True)] * 100)


class TokenServer(unittest.TestCase):
    def test_a_token_is_checked_on_every_request(self):
        s = serve_helper.Server("--token", "s3cret-token")
        try:
            self.assertTrue(s.url.endswith("/?token=s3cret-token"), s.url)
            for token, expect in [(None, 401), ("wrong", 401), ("s3cret-token" + "x", 401), ("s3cret-toke", 401),
                                  ("s3cret-token", 200)]:
                headers = {"Authorization": "Bearer " + token} if token else {}
                status, h, out = s.request("POST", "/query", {"statement": "RETURN 1 AS one"}, token=False,
                                           headers=headers)
                self.assertEqual(status, expect, token)
                self.assertIn("content-security-policy", h)
                if expect == 401:
                    self.assertIn("token", json.loads(out)["error"]["message"])
            status, _, _ = s.request("GET", "/schema?token=s3cret-token", token=False)
            self.assertEqual(status, 200)
            status, _, _ = s.request("GET", "/schema?token=nope", token=False)
            self.assertEqual(status, 401)
        finally:
            s.stop()

    def test_another_address_needs_a_token_and_gets_one(self):
        s = serve_helper.Server("--bind", "0.0.0.0")
        try:
            self.assertRegex(s.token or "", r"^[0-9a-f]{32}$")
            status, _, _ = s.request("GET", "/schema", token=False)
            self.assertEqual(status, 401)
            status, _, _ = s.request("GET", "/schema")
            self.assertEqual(status, 200)
        finally:
            s.stop()

    def test_ctrl_c_stops_the_server_cleanly(self):
        s = serve_helper.Server()
        self.assertEqual(s.query("RETURN 1 AS one")[0], 200)
        started = time.monotonic()
        self.assertEqual(s.stop(signal.SIGINT), 0)
        self.assertLess(time.monotonic() - started, 10)

    def test_port_in_use_is_a_clear_error(self):
        s = serve_helper.Server()
        try:
            r = k.run("serve", "--port", str(s.port), timeout=30)
            self.assertEqual(r.returncode, 1)
            self.assertIn("cannot listen", r.stderr)
            self.assertIn("--port", r.stderr)
        finally:
            s.stop()


class WritableServer(unittest.TestCase):
    def test_allow_writes_lets_requests_change_the_graph_one_at_a_time(self):
        s = serve_helper.Server("--allow-writes", "--empty")
        try:
            self.assertIn("writes allowed", s.line)

            def create(i):
                return s.query("CREATE (:Item {n: $i})", parameters={"i": i})[0]

            with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
                self.assertEqual(set(pool.map(create, range(50))), {200})
            status, doc = s.query("MATCH (i:Item) RETURN count(*) AS c, sum(i.n) AS s")
            self.assertEqual(doc["results"][0]["rows"], [[50, sum(range(50))]])
            # A failing write changes nothing.
            status, doc = s.query("CREATE (:Item {n: 1}) WITH 1 AS x RETURN 1 / 0")
            self.assertEqual(status, 400)
            self.assertEqual(s.query("MATCH (i:Item) RETURN count(*) AS c")[1]["results"][0]["rows"], [[50]])
        finally:
            s.stop()


if __name__ == "__main__":
    k.main()
