"""End-to-end: SIGKILL during a large export (issue #16, crash-safe files).

kgq writes an export to a temporary file beside the target (.NAME.kgq-tmp-PID-RANDOM), flushes it and
renames it over the target, so a kill while writing leaves the old file byte for byte. The temporary of
the killed process may remain (nothing can delete a file when the process is gone); it is hidden, never
mistaken for the export, and the next export of the same file removes it (docs/reliability.md)."""
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import kgq_e2e as k

NODES = 20_000
RELS = 300_000


def make_graph(directory):
    os.mkdir(directory)
    rnd = random.Random(16)
    with open(os.path.join(directory, "nodes.csv"), "w") as f:
        f.write("id:ID,:LABEL,name,born:int\n")
        for i in range(NODES):
            f.write(f"n{i},Person,Person number {i} of the export that gets killed,{1900 + i % 120}\n")
    with open(os.path.join(directory, "edges.csv"), "w") as f:
        f.write(":START_ID,:END_ID,:TYPE,since:int,note\n")
        for i in range(RELS):
            f.write(f"n{rnd.randrange(NODES)},n{rnd.randrange(NODES)},KNOWS,{1950 + i % 70},relationship {i}\n")


class ExportKill(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_export_kill_")
        self.graph = os.path.join(self.dir, "big")
        make_graph(self.graph)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def temporaries(self, name):
        return [f for f in os.listdir(self.out) if f.startswith(f".{name}.kgq-tmp-")]

    def kill_while_writing(self, fmt, name):
        """Starts the export, SIGKILLs kgq as soon as its temporary appears; returns the temporary's name
        (None if the export finished before the poll saw it)."""
        statement = (f"MATCH (a)-[r]->(b) RETURN a, r, b EXPORT {fmt} TO '{os.path.join(self.out, name)}'")
        proc = subprocess.Popen([k.KGQ, "--graph", self.graph, "--max-rows", "10000000", "-c", statement],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline and proc.poll() is None:
                tmp = self.temporaries(name)
                if tmp:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    return tmp[0]
                time.sleep(0.0005)
            return None
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stderr.close()

    def test_sigkill_while_exporting_leaves_the_old_file_and_the_next_export_cleans_up(self):
        for fmt, name in (("GRAPHML", "g.graphml"), ("DOT", "g.dot")):
            with self.subTest(fmt=fmt):
                self.out = os.path.join(self.dir, fmt.lower())
                os.mkdir(self.out)
                target = os.path.join(self.out, name)
                old = b"the old export, which a kill must not touch\n" * 1000
                killed = None
                for _ in range(5):  # the kill must land while the file is written; try again if it was too late
                    with open(target, "wb") as f:
                        f.write(old)
                    os.chmod(target, 0o640)
                    killed = self.kill_while_writing(fmt, name)
                    if killed:
                        break
                self.assertIsNotNone(killed, "the export always finished before its temporary was seen")
                with open(target, "rb") as f:
                    self.assertEqual(f.read(), old, "the old file changed")
                self.assertEqual(os.stat(target).st_mode & 0o777, 0o640)
                # Whatever the killed process left is hidden and named as kgq's; GraphML's sidecar
                # (g.graphml.kgq-meta.json) is not renamed into place before the file is.
                self.assertEqual([f for f in os.listdir(self.out) if not f.startswith(".")], [name])
                self.assertTrue(all(".kgq-tmp-" in f for f in os.listdir(self.out) if f.startswith(".")))
                # A live process's temporary (a concurrent export) is not the next export's to remove.
                live = os.path.join(self.out, f".{name}.kgq-tmp-{os.getpid()}-1")
                with open(live, "w") as f:
                    f.write("a concurrent writer's")
                r = k.run("--graph", k.data("tiny"), "-c",
                          f"MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r EXPORT {fmt} TO '{target}'")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual([f for f in os.listdir(self.out) if f.startswith(".")], [os.path.basename(live)])
                os.unlink(live)
                with open(target, "rb") as f:
                    self.assertIn(b"Alice", f.read())
                self.assertEqual(os.stat(target).st_mode & 0o777, 0o640)


if __name__ == "__main__":
    k.main()
