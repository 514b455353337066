"""End-to-end: EXPORT from the language renders with Graphviz and loads back."""
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

    def test_failed_export_is_an_error_and_writes_nothing(self):
        target = os.path.join(self.dir, "no", "such", "dir.dot")
        r = k.run("-c", f"PATH FROM Ryzhenkov TO Pakistan EXPORT DOT TO '{target}'")
        self.assertEqual(r.returncode, 1)
        self.assertIn("ExportError", r.stderr)
        self.assertFalse(os.path.exists(os.path.dirname(target)))


if __name__ == "__main__":
    k.main()
