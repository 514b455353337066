"""End-to-end: safe saving (:save replaces a graph directory in one step, keeps its other
files and round-trips; :export refuses to write an empty result over a graph)."""
import filecmp
import os
import shutil
import subprocess
import tempfile
import unittest

import kgq_e2e as k


def default_graph():
    return os.path.join(k.SRC, "graphs", "pakistan_belarus")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def rows(result):
    """CSV output lines after the header."""
    return result.stdout.splitlines()[1:]


class Saving(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_storage_")
        self.graph = os.path.join(self.dir, "pakistan_belarus")
        shutil.copytree(default_graph(), self.graph)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def stats(self, *args):
        r = k.run(*args, "--format", "csv", "-c", ":stats")
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_export_after_create_refuses_and_keeps_the_graph(self):
        # The data-loss case of issue 13: a CREATE returns no rows, and :export csv of
        # that empty result over the graph's own directory replaced 77 nodes and 199
        # relationships with nothing.
        before = {f: read(os.path.join(self.graph, f)) for f in ("nodes.csv", "edges.csv")}
        self.assertEqual(len(before["nodes.csv"].splitlines()) - 1, 77)
        self.assertEqual(len(before["edges.csv"].splitlines()) - 1, 199)
        r = k.run("--graph", self.graph, "-c", f"CREATE (:Note {{name: 'x'}});\n:export csv {self.graph}")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no nodes or relationships", r.stderr)
        self.assertIn(":save", r.stderr)
        for f, text in before.items():
            self.assertEqual(read(os.path.join(self.graph, f)), text, f)
        r = k.run("--graph", self.graph, "-c", f":export csv {self.graph}")
        self.assertNotEqual(r.returncode, 0, "no result yet: nothing to export either")
        self.assertIn("no result", r.stderr)

    def test_save_round_trips_the_default_graph_and_keeps_other_files(self):
        base = self.stats("--graph", default_graph())
        r = k.run("--graph", self.graph, "-c", f":save {self.graph}")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("saved 77 nodes and 199 relationships", r.stdout)
        self.assertEqual(self.stats("--graph", self.graph), base)
        for kept in ("README.md", "graph.svg", os.path.join("queries"), os.path.join("pictures")):
            self.assertTrue(os.path.exists(os.path.join(self.graph, kept)), kept)
        self.assertEqual(sorted(os.listdir(self.graph)), sorted(os.listdir(default_graph())))
        # A second save of what the first wrote is byte for byte the same (stable row order).
        again = os.path.join(self.dir, "again")
        r = k.run("--graph", self.graph, "-c", f":save {again}")
        self.assertEqual(r.returncode, 0, r.stderr)
        for f in ("nodes.csv", "edges.csv", "kgq-meta.json"):
            self.assertTrue(filecmp.cmp(os.path.join(self.graph, f), os.path.join(again, f), shallow=False), f)
        # Every query answer is the same on the saved graph.
        q = "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, type(r), b.id, r.source"
        self.assertEqual(k.run("--graph", self.graph, "--format", "csv", "-c", q).stdout,
                         k.run("--graph", default_graph(), "--format", "csv", "-c", q).stdout)
        self.assertFalse([f for f in os.listdir(self.dir) if "kgq-save" in f], "no temporary directory left")

    def test_an_edit_saved_is_there_after_reload_in_place(self):
        r = k.run("--graph", self.graph, "-c",
                  "CREATE (:Country {id: 'nepal', name: 'Nepal'});\n"
                  f":save {self.graph}")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = k.run("--graph", self.graph, "--format", "csv", "-c", "MATCH (c:Country {id: 'nepal'}) RETURN c.name")
        self.assertEqual(rows(r), ["Nepal"])
        lines = read(os.path.join(self.graph, "nodes.csv")).splitlines()
        original = read(os.path.join(default_graph(), "nodes.csv")).splitlines()
        self.assertEqual(lines[-1].split(",")[0], "nepal", "a new node is the last row: diffs stay small")
        self.assertEqual(len(lines), len(original) + 1)

    def test_a_failed_save_leaves_the_target_alone(self):
        target = os.path.join(self.dir, "a_file")
        with open(target, "w") as f:
            f.write("precious")
        r = k.run("--graph", self.graph, "-c", f":save {target}")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ExportError", r.stderr)
        self.assertEqual(read(target), "precious")
        r = k.run("--graph", self.graph, "-c", f":save {os.path.join(self.dir, 'no', 'such', 'parent')}")
        self.assertNotEqual(r.returncode, 0)
        self.assertFalse([f for f in os.listdir(self.dir) if "kgq-save" in f], "no temporary directory left")


if __name__ == "__main__":
    k.main()
