"""End-to-end: EXPORT GRAPH TO 'dir' (the whole graph, atomically, the code of :save) and LOAD CSV from the
binary (errors name file:line and the statement's line:column; a failed load changes nothing)."""
import filecmp
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import unittest

import kgq_e2e as k

GRAPH_FILES = ("nodes.csv", "edges.csv", "kgq-meta.json")


def default_graph():
    return os.path.join(k.SRC, "graphs", "pakistan_belarus")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def snapshot(directory):
    """Every file under `directory` with its bytes."""
    out = {}
    for root, _, files in os.walk(directory):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, directory)] = fh.read()
    return out


class ExportGraph(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_export_graph_")
        self.graph = os.path.join(self.dir, "pakistan_belarus")
        shutil.copytree(default_graph(), self.graph)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def no_temporaries(self):
        self.assertFalse([f for f in os.listdir(self.dir) if "kgq-save" in f], "no temporary directory left")

    def test_writes_the_whole_graph_whatever_the_last_result(self):
        # A CREATE returns no rows; EXPORT GRAPH still writes every node and relationship (issue 13).
        out = os.path.join(self.dir, "out")
        r = k.run("--graph", self.graph, "-c", f"CREATE (:Note {{id: 'note', name: 'x'}});\nEXPORT GRAPH TO '{out}'")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("saved 78 nodes and 199 relationships", r.stdout)
        self.assertEqual(len(read(os.path.join(out, "nodes.csv")).splitlines()) - 1, 78)
        self.assertEqual(len(read(os.path.join(out, "edges.csv")).splitlines()) - 1, 199)
        # The same bytes as :save (one piece of code serves both).
        saved = os.path.join(self.dir, "saved")
        r = k.run("--graph", self.graph, "-c", f"CREATE (:Note {{id: 'note', name: 'x'}});\n:save {saved}")
        self.assertEqual(r.returncode, 0, r.stderr)
        for f in GRAPH_FILES:
            self.assertTrue(filecmp.cmp(os.path.join(out, f), os.path.join(saved, f), shallow=False), f)
        r = k.run("--graph", out, "--format", "csv", "-c", "MATCH (n:Note) RETURN n.name")
        self.assertEqual(r.stdout.splitlines()[1:], ["x"])
        # Over the graph's own directory: its other files stay.
        r = k.run("--graph", self.graph, "-c", f"EXPORT GRAPH TO '{self.graph}'")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.graph, "README.md")))
        self.no_temporaries()

    def test_a_failure_leaves_the_old_directory_intact(self):
        target = os.path.join(self.dir, "a_file")
        with open(target, "w") as f:
            f.write("precious")
        r = k.run("--graph", self.graph, "-c", f"MATCH (n) RETURN count(n);\nEXPORT GRAPH TO '{target}'")
        self.assertEqual(r.returncode, 1)
        self.assertIn("ExportError", r.stderr)
        self.assertIn("<command>:2:1", r.stderr, "the statement's position")
        self.assertEqual(read(target), "precious")
        r = k.run("--graph", self.graph, "-c", f"EXPORT GRAPH TO '{os.path.join(self.dir, 'no', 'parent')}'")
        self.assertEqual(r.returncode, 1)
        self.assertIn("ExportError", r.stderr)
        # A write that fails halfway (the file size limit stops nodes.csv): the old directory byte for byte.
        before = snapshot(self.graph)

        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

        r = subprocess.run([k.KGQ, "--graph", self.graph, "-c", f"CREATE (:Extra);\nEXPORT GRAPH TO '{self.graph}'"],
                           capture_output=True, text=True, timeout=60, preexec_fn=small_files)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("ExportError", r.stderr)
        self.assertEqual(snapshot(self.graph), before)
        self.no_temporaries()


class LoadCsv(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_load_csv_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def test_errors_name_the_file_line_and_the_statement(self):
        self.write("people.csv", "id,name\n1,Ann\n2,\"Bo\"b\n3,Cy\n")
        script = self.write("load.cypher", "CREATE (:Keep);\n\n  LOAD CSV WITH HEADERS FROM 'people.csv' AS row\n"
                                           "  CREATE (:P {id: row.id});\nMATCH (n) RETURN count(n) AS n;\n")
        r = k.run("--empty", "--format", "csv", "-f", script, cwd=self.dir)
        self.assertEqual(r.returncode, 1)
        self.assertIn("LoadError", r.stderr)
        self.assertIn(f"{self.dir}/people.csv:3 (field 2)", r.stderr, "the CSV file and line")
        self.assertIn("load.cypher:3:3", r.stderr, "the statement's line:column")
        self.assertIn("after a closing quote", r.stderr)
        # A missing file names the working directory the relative path was resolved against.
        r = k.run("--empty", "-c", "LOAD CSV FROM 'nope.csv' AS row RETURN row", cwd=self.dir)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{self.dir}/nope.csv: no such file", r.stderr)
        self.assertIn("working directory", r.stderr)

    def test_a_failed_load_changes_nothing_and_a_good_one_grows_the_graph(self):
        self.write("knows.csv", "src,dst\na,b\nb,c\na,b\nc,a\n")
        self.write("bad.csv", "src,dst\nx,y\nz,\"w\n")
        grow = ("LOAD CSV WITH HEADERS FROM '{f}' AS row MERGE (a:P {{id: row.src}}) MERGE (b:P {{id: row.dst}}) "
                "MERGE (a)-[:KNOWS]->(b)")
        r = k.run("--empty", "--keep-going", "--format", "csv", "-c",
                  grow.format(f="knows.csv") + ";\n" + grow.format(f="bad.csv") + ";\n" +
                  "MATCH (a:P) OPTIONAL MATCH (a)-[r:KNOWS]->() RETURN count(DISTINCT a) AS nodes, count(r) AS rels",
                  cwd=self.dir)
        self.assertEqual(r.returncode, 1)
        self.assertIn("bad.csv:3 (field 2): unterminated quoted field", r.stderr)
        self.assertEqual(r.stdout.splitlines()[-1], "3,3", "the bad file's first row (x, y) was undone")


if __name__ == "__main__":
    k.main()
