"""End-to-end: database directories (--db, --import, the lock, injected log failures)."""
import filecmp
import os
import shutil
import subprocess
import tempfile
import unittest

import kgq_e2e as k


def default_graph():
    return os.path.join(k.SRC, "graphs", "pakistan_belarus")


def rows(result):
    """CSV output lines after the header."""
    return result.stdout.splitlines()[1:]


class DatabaseDirectory(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_db_")
        self.db = os.path.join(self.dir, "db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def kgq(self, *args, env=None):
        return k.run("--db", self.db, "--format", "csv", *args, env=env)

    def test_commits_survive_reopening(self):
        r = self.kgq("-c", "CREATE (:P {name: 'a'})-[:KNOWS {since: 2001}]->(:P {name: 'b'})")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.db, "snapshot.kgq")))
        r = self.kgq("-c", "MATCH (a)-[r:KNOWS]->(b) RETURN a.name, r.since, b.name")
        self.assertEqual(rows(r), ["a,2001,b"])
        r = self.kgq("-c", "CREATE (:P {name: 'c'});\n:checkpoint\nMATCH (n:P) RETURN count(*) AS n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("checkpoint:", r.stdout)
        self.assertEqual(rows(self.kgq("-c", "MATCH (n:P) RETURN n.name ORDER BY n.name")), ["a", "b", "c"])

    def test_temporal_values_survive_the_log_and_a_checkpoint(self):
        values = ("date('2015-07-21'), localtime('21:40:32.142876543'), time('21:40-05:30'), "
                  "localdatetime('1969-12-31T23:59:59.5'), datetime('2015-10-25T02:30[Europe/Berlin]'), "
                  "duration('P1Y2M3DT-4H0.5S'), [date('1991-12-25'), duration('PT1S')]")
        expected = ["0,2015-07-21", "1,21:40:32.142876543", "2,21:40-05:30", "3,1969-12-31T23:59:59.500",
                    "4,2015-10-25T02:30+02:00[Europe/Berlin]", "5,P1Y2M3DT-3H-59M-59.5S", "6,\"[1991-12-25, PT1S]\""]
        create = "UNWIND range(0, 6) AS i WITH i, [" + values + "][i] AS v CREATE (:T {i: i, v: v})"
        read = "MATCH (t:T) RETURN t.i, t.v ORDER BY t.i"
        # Killed before its exit checkpoint: the values come back from the log.
        script = os.path.join(self.dir, "s.cypher")
        with open(script, "w") as f:
            f.write(create + ";\nUNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*);\n")
        holder = subprocess.Popen([k.KGQ, "--db", self.db, "-f", script], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        try:
            log = os.path.join(self.db, "wal.log")
            for _ in range(400):
                if os.path.exists(log) and os.path.getsize(log) > 20:
                    break
                subprocess.run(["sleep", "0.05"])
        finally:
            holder.kill()
            holder.communicate(timeout=30)
        self.assertGreater(os.path.getsize(log), 20, "the CREATE was logged")
        r = self.kgq("-c", read)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(rows(r), expected)
        # That run ended cleanly with a checkpoint: now they come back from the snapshot.
        self.assertEqual(os.path.getsize(log), 20)
        r = self.kgq("-c", read + ";\nMATCH (t:T {i: 0}) RETURN t.v = date('2015-07-21') AS same, t.v.year AS y")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines()[1:9], expected + ["same,y"])
        self.assertEqual(r.stdout.splitlines()[9], "true,2015")

    def test_a_locked_database_is_refused(self):
        holder = subprocess.Popen([k.KGQ, "--db", self.db], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            # The holder reads its piped script until EOF, holding the lock meanwhile.
            for _ in range(200):
                if os.path.exists(os.path.join(self.db, "snapshot.kgq")):
                    break
                subprocess.run(["sleep", "0.05"])
            r = self.kgq("-c", "RETURN 1")
            self.assertEqual(r.returncode, 1)
            self.assertIn("is open in another kgq process (pid", r.stderr)
            self.assertIn(str(holder.pid), r.stderr)
        finally:
            holder.communicate("RETURN 1;", timeout=30)
        self.assertEqual(self.kgq("-c", "RETURN 1").returncode, 0, "free again once the holder left")

    def test_import_creates_a_database_and_refuses_to_overwrite_one(self):
        base = k.run("--format", "csv", "-c", ":stats").stdout
        r = self.kgq("--import", default_graph(), "-c", ":stats")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, base)
        self.assertEqual(self.kgq("-c", ":stats").stdout, base)
        r = self.kgq("--import", default_graph(), "-c", ":stats")
        self.assertEqual(r.returncode, 1)
        self.assertIn("already holds a database", r.stderr)
        self.assertIn("hint:", r.stderr)
        other = os.path.join(self.dir, "other")
        os.makedirs(other)
        open(os.path.join(other, "notes.txt"), "w").close()
        r = k.run("--db", other, "-c", "RETURN 1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("not a kgq database", r.stderr)
        r = k.run("--db", other, "--import", default_graph(), "-c", "RETURN 1")
        self.assertEqual(r.returncode, 1)
        self.assertIn("is not empty", r.stderr)
        self.assertEqual(os.listdir(other), ["notes.txt"])

    def test_injected_log_failures_fail_the_statement_and_keep_the_database(self):
        for fault in ("short-write", "fsync", "enospc"):
            with self.subTest(fault=fault):
                shutil.rmtree(self.db, ignore_errors=True)
                r = self.kgq("--keep-going", "-c",
                             "CREATE (:A {i: 1}); CREATE (:A {i: 2}); CREATE (:A {i: 3});"
                             "MATCH (n:A) RETURN n.i ORDER BY n.i",
                             env={"KGQ_WAL_FAULT": f"{fault}:2"})
                self.assertEqual(r.returncode, 1)
                self.assertIn("StorageError", r.stderr)
                if fault == "enospc":
                    self.assertIn("No space left on device", r.stderr)
                self.assertEqual(rows(r), ["1", "3"], "the failed statement is rolled back in memory")
                r = self.kgq("-c", "MATCH (n:A) RETURN n.i ORDER BY n.i")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(rows(r), ["1", "3"], "and the database reopens without it")


if __name__ == "__main__":
    k.main()
