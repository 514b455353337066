"""End-to-end: kgq serve's page in a real browser (headless Chromium through the DevTools protocol).

One Chromium and one `kgq serve --port 0` on the default graph for the whole class; the steps run in
order (each test method builds on the picture the previous one left) and each checks the page
against what the CLI answers for the same statements. Exits 77 (ctest: skipped) when no Chromium
is installed (scripts/install-deps.sh installs Debian's `chromium`).
"""
import json
import os
import struct
import sys
import tempfile
import time
import unittest

import cdp_helper
import kgq_e2e as k
import serve_helper

WIDTH, HEIGHT = 1400, 900


def cli_json(statement, *args):
    r = k.run("--format", "json", *args, "-c", statement)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def node_ids(value, out=None):
    """The ids of the nodes anywhere in a JSON answer's value."""
    out = set() if out is None else out
    if isinstance(value, list):
        for v in value:
            node_ids(v, out)
    elif isinstance(value, dict):
        if value.get("_kind") == "node":
            out.add(value["id"])
        elif value.get("_kind") == "path":
            node_ids(value["nodes"], out)
        elif "_kind" not in value:
            node_ids(list(value.values()), out)
    return out


DRAWN = "[...document.querySelectorAll('#graph g.node[id^=\"kgq-n\"]')].map(g => Number(g.id.slice(5))).sort((a, b) => a - b)"
TABLE_ROWS = "document.querySelectorAll('#tables table.rows tbody tr').length"


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.time()
        cls.server = serve_helper.Server()
        try:
            cls.b = cdp_helper.Browser(WIDTH, HEIGHT)
        except Exception:
            cls.server.stop()
            raise
        cls.b.navigate(cls.server.url)
        cls.b.wait_for("document.body && document.body.dataset.ready === 'true'", what="the page to load")

    @classmethod
    def tearDownClass(cls):
        cls.b.close()
        cls.server.stop()
        print("\nbrowser test: %.1f s" % (time.time() - cls.started), file=sys.stderr)

    def drawn(self):
        return set(self.b.evaluate(DRAWN))

    def run_in_editor(self, text):
        """Replaces the editor's text by typing `text` and runs it with Ctrl-Enter; waits for the answer."""
        b = self.b
        b.evaluate("(() => { const e = document.getElementById('editor'); e.focus(); e.select(); "
                   "document.getElementById('status').textContent = ''; })()")
        b.type_text(text)
        b.key("Enter", "Enter", 13, modifiers=2)  # Ctrl
        b.wait_for("/ in \\d+ ms$/.test(document.getElementById('status').textContent)", what="the answer")

    def wait_drawn(self, expected):
        self.b.wait_for("JSON.stringify(%s) === %s" % (DRAWN, json.dumps(json.dumps(sorted(expected), separators=(",", ":")))),
                        what="the picture to show nodes %s (it shows %s)" % (sorted(expected), sorted(self.drawn())))

    def test_1_page_loads_under_the_csp(self):
        b = self.b
        # The style sheet and the script came from the server under its CSP: the grid is laid out and
        # the script filled the header from GET /schema.
        self.assertEqual(b.evaluate("getComputedStyle(document.body).display"), "grid")
        nodes = cli_json("MATCH (n) RETURN count(*) AS n")[0]["rows"][0][0]
        self.assertIn("%d nodes" % nodes, b.evaluate("document.getElementById('graph-info').textContent"))
        self.assertIn("read-only", b.evaluate("document.getElementById('graph-info').textContent"))
        names = sorted(f[:-4] for f in os.listdir(os.path.join(k.SRC, "graphs", "pakistan_belarus", "queries"))
                       if f.endswith(".kgq"))
        self.assertEqual(b.evaluate("[...document.querySelectorAll('#scripts li')].map(li => li.dataset.name)"), names)

    def test_2_completion_colouring_and_ctrl_enter(self):
        b = self.b
        b.evaluate("(() => { const e = document.getElementById('editor'); e.focus(); e.select(); })()")
        b.type_text("PATH FROM Ryz")
        b.key("Tab", "Tab", 9)  # one candidate: taken at once, as the REPL's Tab does
        b.wait_for("document.getElementById('editor').value === 'PATH FROM Ryzhenkov'",
                   what="Tab to complete Ryz (editor: %r)" % b.evaluate("document.getElementById('editor').value"))
        b.type_text(" TO Pakistan")
        # Colouring: the keywords the completer knows, in the layer under the textarea.
        self.assertEqual(b.evaluate("[...document.querySelectorAll('#highlight .t-kw')].map(s => s.textContent)"),
                         ["PATH", "FROM", "TO"])
        b.key("Enter", "Enter", 13, modifiers=2)
        b.wait_for("/ in \\d+ ms$/.test(document.getElementById('status').textContent)", what="the answer")
        expected = cli_json("PATH FROM Ryzhenkov TO Pakistan")[0]
        self.assertEqual(b.evaluate(TABLE_ROWS), len(expected["rows"]))
        self.assertEqual(b.evaluate("[...document.querySelectorAll('#tables th')].map(th => th.textContent)"),
                         expected["columns"])
        self.wait_drawn(node_ids(expected["rows"]))
        # The server's Graphviz picture, styled as the DOT export: the path's ends are the focus.
        ends = {expected["rows"][0][0]["nodes"][0]["id"], expected["rows"][0][0]["nodes"][-1]["id"]}
        focus = b.evaluate("[...document.querySelectorAll('#graph g.node.focus')].map(g => Number(g.id.slice(5)))")
        self.assertEqual(set(focus), ends)
        self.assertGreater(b.evaluate("document.querySelectorAll('#graph g.node.legend').length"), 0)
        # Hovering a node names it (Graphviz's <title> is the DOT node number).
        pakistan = cli_json("MATCH (n {name: 'Pakistan'}) RETURN id(n)")[0]["rows"][0][0]
        self.assertEqual(b.evaluate("document.querySelector('#graph g#kgq-n%d > title').textContent" % pakistan),
                         "Pakistan")

    def test_3_click_shows_properties_and_citations(self):
        b = self.b
        pakistan = cli_json("MATCH (n {name: 'Pakistan'}) RETURN id(n) AS id")[0]["rows"][0][0]
        b.click("#graph g#kgq-n%d" % pakistan)
        b.wait_for("document.querySelector('#props .title') && "
                   "document.querySelector('#props .title').textContent === 'Pakistan'", what="the details panel")
        props = b.evaluate("Object.fromEntries([...document.querySelectorAll('#props tr')]"
                           ".map(tr => [tr.cells[0].textContent, tr.cells[1].textContent]))")
        self.assertEqual(props["id"], "pakistan")
        self.assertIn("hosted", props["description"])
        cited = cli_json("MATCH (n {name: 'Pakistan'})-[r]-() RETURN DISTINCT r.source AS s")[0]["rows"]
        shown = b.evaluate("[...document.querySelectorAll('#props .cite .para')].map(s => s.textContent)")
        self.assertEqual(sorted(shown), sorted(row[0] for row in cited))
        self.assertTrue(b.evaluate("document.getElementById('kgq-n%d').classList.contains('selected')" % pakistan))

    def test_4_double_click_expands_the_neighbours(self):
        b = self.b
        before = self.drawn()
        ryzhenkov = cli_json("MATCH (n {name: 'Maxim Ryzhenkov'}) RETURN id(n) AS id")[0]["rows"][0][0]
        neighbours = {row[0] for row in cli_json("MATCH (n)--(m) WHERE id(n) = %d RETURN DISTINCT id(m)" % ryzhenkov)[0]["rows"]}
        self.assertFalse(neighbours <= before, "the test needs a node with neighbours not drawn yet")
        b.click("#graph g#kgq-n%d" % ryzhenkov, count=2)
        self.wait_drawn(before | neighbours)
        self.assertIn("expanded", b.evaluate("document.getElementById('status').textContent"))
        # The new nodes are marked, and the relationships to them are drawn.
        self.assertEqual(set(b.evaluate("[...document.querySelectorAll('#graph g.node.fresh')].map(g => Number(g.id.slice(5)))")),
                         neighbours - before)
        rels = cli_json("MATCH (n)-[r]-() WHERE id(n) = %d RETURN id(r)" % ryzhenkov)[0]["rows"]
        for (r,) in rels:
            self.assertTrue(b.evaluate("!!document.getElementById('kgq-r%d')" % r), r)

    def test_5_pick_two_nodes_for_path(self):
        b = self.b
        ryzhenkov = cli_json("MATCH (n {name: 'Maxim Ryzhenkov'}) RETURN id(n) AS id")[0]["rows"][0][0]
        # The other end: a drawn node not next to Ryzhenkov, so the path has a step in between.
        drawn = self.drawn()
        near = {row[0] for row in cli_json("MATCH (n)--(m) WHERE id(n) = %d RETURN DISTINCT id(m)" % ryzhenkov)[0]["rows"]}
        other = min(drawn - near - {ryzhenkov})
        name = cli_json("MATCH (n) WHERE id(n) = %d RETURN n.name" % other)[0]["rows"][0][0]
        b.click("#graph g#kgq-n%d" % ryzhenkov, modifiers=8)  # Shift
        b.wait_for("document.getElementById('kgq-n%d').classList.contains('picked')" % ryzhenkov, what="the first pick")
        b.click("#graph g#kgq-n%d" % other, modifiers=8)
        statement = "PATH FROM 'Maxim Ryzhenkov' TO '%s'" % name.replace("'", "\\'")
        b.wait_for("document.getElementById('editor').value === %s" % json.dumps(statement), what="the PATH statement")
        expected = cli_json(statement)[0]
        self.wait_drawn(node_ids(expected["rows"]))
        self.assertEqual(b.evaluate(TABLE_ROWS), len(expected["rows"]))
        focus = b.evaluate("[...document.querySelectorAll('#graph g.node.focus')].map(g => Number(g.id.slice(5)))")
        self.assertEqual(set(focus), {ryzhenkov, other})

    def test_6_saved_script_runs_with_one_click(self):
        b = self.b
        name = "05_ryzhenkov_to_pakistan"
        b.evaluate("document.getElementById('status').textContent = ''")
        b.click("#scripts li[data-name='%s']" % name)
        b.wait_for("/ in \\d+ ms$/.test(document.getElementById('status').textContent)", what="the script's answer")
        r = k.run("--format", "json", "-f", os.path.join(k.SRC, "graphs", "pakistan_belarus", "queries", name + ".kgq"))
        self.assertEqual(r.returncode, 0, r.stderr)
        expected = json.loads(r.stdout.splitlines()[0])
        self.wait_drawn(node_ids(expected["rows"]))
        self.assertEqual(b.evaluate(TABLE_ROWS), len(expected["rows"]))
        self.assertIn("PATH ALL SHORTEST", b.evaluate("document.getElementById('editor').value"))

    def test_7_errors_show_line_column_caret_and_hint(self):
        b = self.b
        self.run_in_editor("MATCH (c:Country)\nRETRN c")
        b.wait_for("!document.getElementById('error').hidden", what="the error")
        text = b.evaluate("document.getElementById('error').innerText")
        self.assertIn("SyntaxError at line 2, column 1", text)
        self.assertIn("2:1 | RETRN c\n      ^", text)
        self.assertEqual(b.evaluate("document.querySelector('#highlight .t-err').textContent"), "RETRN")
        self.run_in_editor("RETURN toUpperr('x')")
        text = b.evaluate("document.getElementById('error').innerText")
        self.assertIn("SemanticError at line 1, column 8", text)
        self.assertIn("hint:", text)
        self.assertIn("toUpper", text)
        self.assertEqual(b.evaluate("document.querySelector('#highlight .t-err').textContent"), "toUpperr")

    def test_7b_cancel_stops_a_running_statement(self):
        b = self.b
        slow = "MATCH (a)--()--()--()--()--()--()--(e) RETURN count(*)"  # about 17 s to the end
        b.evaluate("(() => { const e = document.getElementById('editor'); e.value = %s; "
                   "e.dispatchEvent(new Event('input')); })()" % json.dumps(slow))
        started = time.time()
        b.click("#run")
        b.wait_for("!document.getElementById('cancel').disabled", what="the Cancel button")
        time.sleep(0.3)
        b.click("#cancel")
        b.wait_for("!document.getElementById('error').hidden", what="the cancellation")
        self.assertLess(time.time() - started, 10)
        self.assertIn("cancelled", b.evaluate("document.getElementById('error').innerText"))
        self.assertTrue(b.evaluate("document.getElementById('cancel').disabled"))
        # The server is free again.
        self.run_in_editor("RETURN 1 AS one")
        self.assertEqual(b.evaluate("document.querySelector('#tables td').textContent"), "1")

    def test_8_history_and_exports(self):
        b = self.b
        history = b.evaluate("JSON.parse(localStorage.getItem('kgq.history'))")
        self.assertEqual(history[0], "RETURN 1 AS one")
        self.assertIn("RETURN toUpperr('x')", history)
        self.assertIn("MATCH (c:Country)\nRETRN c", history)
        self.assertIn("PATH FROM Ryzhenkov TO Pakistan", history)
        self.assertEqual(b.evaluate("document.querySelectorAll('#history li').length"), len(history))
        # The history survives a reload (localStorage), and its entries load into the editor.
        b.navigate(self.server.url)
        b.wait_for("document.body.dataset.ready === 'true' && document.querySelectorAll('#history li').length === %d"
                   % len(history), what="the page to reload with its history")
        b.click("#history li:nth-child(3)")
        self.assertEqual(b.evaluate("document.getElementById('editor').value"), history[2])
        self.run_in_editor("NEIGHBOURS OF SCO DEPTH 1")
        expected = cli_json("NEIGHBOURS OF SCO DEPTH 1")[0]
        self.wait_drawn(node_ids(expected["rows"]))
        for fmt, name in [("dot", "kgq-answer.dot"), ("svg", "kgq-answer.svg"), ("graphml", "kgq-answer.graphml"),
                          ("csv", "kgq-answer.tar")]:
            b.evaluate("document.getElementById('status').textContent = ''")
            b.click("button.export[data-format='%s']" % fmt)
            status = b.wait_for("(s => s.startsWith('downloaded') && s)(document.getElementById('status').textContent)",
                                what="the %s download" % fmt)
            self.assertRegex(status, r"^downloaded %s \(\d+ bytes\)$" % name.replace(".", r"\."))
            self.assertGreater(int(status.split("(")[1].split()[0]), 100)

    def test_9_screenshot(self):
        b = self.b
        self.run_in_editor("NEIGHBOURS OF Pakistan DEPTH 1")
        expected = cli_json("NEIGHBOURS OF Pakistan DEPTH 1")[0]
        self.wait_drawn(node_ids(expected["rows"]))
        pakistan = cli_json("MATCH (n {name: 'Pakistan'}) RETURN id(n) AS id")[0]["rows"][0][0]
        b.click("#graph g#kgq-n%d" % pakistan)
        b.wait_for("document.querySelector('#props .title') && "
                   "document.querySelector('#props .title').textContent === 'Pakistan'", what="the details panel")
        b.evaluate("document.querySelector('main').scrollTop = 0")
        path = os.path.join(os.environ.get("KGQ_SCREENSHOT_DIR", tempfile.gettempdir()), "kgq-serve-page.png")
        png = b.screenshot(path)
        print("\nscreenshot: %s (%d bytes)" % (path, len(png)), file=sys.stderr)
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", png[16:24])
        self.assertEqual((width, height), (WIDTH, HEIGHT))
        self.assertGreater(len(png), 40000, "a page with a picture and a table is not a blank image")
        # What the screenshot holds: the three columns, the picture wide and tall enough to read, within
        # the window, every node of the answer drawn, the details panel filled.
        boxes = b.evaluate("""(() => {
            const r = (s) => { const b = document.querySelector(s).getBoundingClientRect();
                               return {x: b.x, y: b.y, w: b.width, h: b.height}; };
            return {left: r('#left'), main: r('main'), details: r('#details'), svg: r('#graph svg'),
                    props: r('#props')}; })()""")
        self.assertLess(boxes["left"]["x"] + boxes["left"]["w"], boxes["main"]["x"] + 1)
        self.assertLess(boxes["main"]["x"] + boxes["main"]["w"], boxes["details"]["x"] + 1)
        self.assertGreater(boxes["svg"]["w"], 400)
        self.assertGreater(boxes["svg"]["h"], 150)
        self.assertLessEqual(boxes["svg"]["x"] + boxes["svg"]["w"], boxes["details"]["x"] + 1)
        self.assertGreater(boxes["props"]["h"], 100)
        self.assertEqual(len(self.drawn()), len(node_ids(expected["rows"])))

    def test_zz_no_console_errors(self):
        # A script or style refused by the CSP, or an exception in the page, shows up here.
        problems = [e for e in self.b.events
                    if e["method"] == "Runtime.exceptionThrown"
                    or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"
                        and "the server responded with a status of 400" not in e["params"]["entry"].get("text", ""))
                    or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")]
        self.assertEqual(problems, [])


class PageWithToken(unittest.TestCase):
    def test_the_token_of_the_url_reaches_every_request(self):
        server = serve_helper.Server("--token", "page-test-token")
        b = None
        try:
            b = cdp_helper.Browser(WIDTH, HEIGHT)
            b.navigate(server.url)
            b.wait_for("document.body && document.body.dataset.ready === 'true'", what="the page to load with a token")
            self.assertEqual(b.evaluate("getComputedStyle(document.body).display"), "grid")
            self.assertIn("nodes", b.evaluate("document.getElementById('graph-info').textContent"))
            self.assertGreater(b.evaluate("document.querySelectorAll('#scripts li').length"), 0)
            # Without the token nothing is served, the page included.
            b.navigate(server.url.split("?")[0])
            b.wait_for("document.readyState === 'complete' && document.body && document.body.innerText.includes('token')",
                       what="the refusal")
        finally:
            if b:
                b.close()
            server.stop()


if __name__ == "__main__":
    k.setup_from_argv()
    if cdp_helper.find_chromium() is None:
        print("skipped: no Chromium found (chromium, chromium-browser or google-chrome on the PATH); "
              "scripts/install-deps.sh installs Debian's chromium", file=sys.stderr)
        sys.exit(77)
    unittest.main(verbosity=2)
