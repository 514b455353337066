"""End-to-end: EXPORT from the language renders with Graphviz and loads back."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import kgq_e2e as k


def render(path):
    return subprocess.run(["dot", "-Tsvg", path], capture_output=True, text=True, timeout=60)


class Export(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_export_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_every_kind_of_answer_renders_with_dot(self):
        statements = {
            "path.dot": "PATH FROM Ryzhenkov TO Pakistan",
            "top.dot": "PATH TOP 3 FROM Lukashenko TO Pakistan",
            "nb.dot": "NEIGHBOURS OF SCO DEPTH 2",
            "connect.dot": "CONNECT Lukashenko, SCO, Belarus",
            "match.dot": "MATCH (a:Country)-[r]->(b) RETURN a, r, b",
            "all.dot": "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r",
        }
        for name, stmt in statements.items():
            path = os.path.join(self.dir, name)
            r = k.run("-c", f"{stmt} EXPORT DOT TO '{path}'")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"to {path}", r.stdout)
            out = render(path)
            self.assertEqual(out.returncode, 0, f"{name}: {out.stderr}")
            self.assertIn("<svg", out.stdout)

    def test_dot_edges_carry_their_role(self):
        path = os.path.join(self.dir, "role.dot")
        r = k.run("-c", f"PATH FROM Ryzhenkov TO Pakistan EXPORT DOT TO '{path}'")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(path) as f:
            self.assertIn('[label="TOOK_PART_IN\\nas head of the delegation"]', f.read())

    def test_names_with_quotes_render(self):
        path = os.path.join(self.dir, "q.dot")
        r = k.run("--empty", "-c",
                  "CREATE (:A {name: 'say \"hi\" \\\\ back'})-[:T {year: 1}]->(:B {name: 'x\\ny'});"
                  f"MATCH (a)-[r]->(b) RETURN a, r, b EXPORT DOT TO '{path}'")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(render(path).returncode, 0)

    def test_csv_and_graphml_exports_load_back(self):
        csv_dir = os.path.join(self.dir, "csv")
        gml = os.path.join(self.dir, "g.graphml")
        q = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r"
        r = k.run("-c", f"{q} EXPORT CSV TO '{csv_dir}'; {q} EXPORT GRAPHML TO '{gml}'")
        self.assertEqual(r.returncode, 0, r.stderr)
        base = k.run("-c", ":stats", "--format", "csv").stdout
        self.assertEqual(k.run("--graph", csv_dir, "-c", ":stats", "--format", "csv").stdout, base)
        self.assertEqual(k.run("--empty", "-c", f":load {gml}\n:stats", "--format", "csv").stdout.splitlines()[-1],
                         base.splitlines()[-1])

    def hostile_graph(self, names):
        """A graph whose nodes have the given names (written through CSV, which holds any character)."""
        graph = os.path.join(self.dir, "hostile")
        os.makedirs(graph, exist_ok=True)
        with open(os.path.join(graph, "nodes.csv"), "w", newline="") as f:
            f.write("id:ID,:LABEL,name\n")
            for i, name in enumerate(names):
                f.write(f'{i},N,"{name}"\n')
        with open(os.path.join(graph, "edges.csv"), "w") as f:
            f.write(":START_ID,:END_ID,:TYPE\n" + "".join(f"{i},{i + 1},R\n" for i in range(len(names) - 1)))
        return graph

    # #16 defect 9: NUL, control characters and names over Graphviz's 16 KiB token limit broke DOT.
    def test_dot_draws_control_characters_and_huge_names(self):
        graph = self.hostile_graph(["a\x01b", "tab\there", "\x7f", "é" * 30000, "plain"])
        path = os.path.join(self.dir, "h.dot")
        r = k.run("--graph", graph, "-c", f"MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r EXPORT DOT TO '{path}'")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('label="a\ufffdb"', text)
        self.assertIn("\u2026", text)
        self.assertLess(len(text.encode()), 10000)
        out = render(path)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr, "")

    # #16 defect 9: a control character made GraphML that no XML parser reads; now the export says which
    # value holds it and leaves the old file; carriage returns, tabs and newlines travel unchanged.
    def test_graphml_refuses_what_xml_cannot_hold_and_keeps_the_rest(self):
        gml = os.path.join(self.dir, "g.graphml")
        with open(gml, "w") as f:
            f.write("old")
        graph = self.hostile_graph(["a\x01b", "plain"])
        r = k.run("--graph", graph, "-c", f"MATCH (n) RETURN n EXPORT GRAPHML TO '{gml}'")
        self.assertEqual(r.returncode, 1)
        self.assertIn("ExportError: property 'name' of node a", r.stderr)
        self.assertIn("holds the control character U+0001, which GraphML (XML) cannot hold", r.stderr)
        self.assertIn("hint: export it as CSV", r.stderr)
        with open(gml) as f:
            self.assertEqual(f.read(), "old")
        graph = self.hostile_graph(["line\r\nnext\rlast", "tab\there"])
        r = k.run("--graph", graph, "-c", f"MATCH (n) RETURN n EXPORT GRAPHML TO '{gml}'")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = k.run("--graph", gml, "--format", "json", "-c", "MATCH (n) RETURN n.name AS name ORDER BY name")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["rows"], [["line\r\nnext\rlast"], ["tab\there"]])

    def test_failed_export_is_an_error_and_writes_nothing(self):
        target = os.path.join(self.dir, "no", "such", "dir.dot")
        r = k.run("-c", f"PATH FROM Ryzhenkov TO Pakistan EXPORT DOT TO '{target}'")
        self.assertEqual(r.returncode, 1)
        self.assertIn("ExportError", r.stderr)
        self.assertFalse(os.path.exists(os.path.dirname(target)))


if __name__ == "__main__":
    k.main()
