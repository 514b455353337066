"""End-to-end: indexes and constraints in a database directory survive reopening, through the snapshot
(a clean exit checkpoints) and through the log alone (a SIGKILL before any checkpoint)."""
import os
import shutil
import signal
import subprocess
import tempfile
import unittest

import kgq_e2e as k


class SchemaPersistence(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_schema_")
        self.db = os.path.join(self.dir, "db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def kgq(self, *args):
        return k.run("--db", self.db, "--format", "csv", *args)

    def check_reopened(self):
        r = self.kgq("-c", "SHOW CONSTRAINTS")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines()[1:],
                         ["1,person_id,UNIQUENESS,NODE,['Person'],['id'],person_id,"
                          "CREATE CONSTRAINT person_id FOR (n:Person) REQUIRE n.id IS UNIQUE"])
        r = self.kgq("-c", "SHOW INDEXES")
        self.assertEqual([line.split(",")[1] for line in r.stdout.splitlines()[1:]], ["person_id", "city_name"])
        r = self.kgq("-c", "CREATE (:Person {id: 'a'})")
        self.assertEqual(r.returncode, 1)
        self.assertIn("ConstraintError: <command>:1:1: node 1 has label Person and id = 'a', but node 0 already has "
                      "them (constraint person_id on :Person)", r.stderr)
        r = self.kgq("-c", "MATCH (n:Person) RETURN count(n) AS n")
        self.assertEqual(r.stdout.splitlines()[1:], ["1"], "the violating statement changed nothing")

    def test_schema_survives_a_checkpoint(self):
        r = self.kgq("-c", "CREATE CONSTRAINT person_id FOR (n:Person) REQUIRE n.id IS UNIQUE;\n"
                           "CREATE INDEX city_name FOR (c:City) ON (c.name);\n"
                           "CREATE INDEX gone FOR (c:City) ON (c.id);\n"
                           "DROP INDEX gone;\n"
                           "CREATE (:Person {id: 'a'})")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_reopened()
        r = self.kgq("-c", ":checkpoint")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_reopened()

    def test_schema_survives_replay_of_the_log(self):
        proc = subprocess.Popen([k.KGQ, "--db", self.db, "--format", "csv", "--log-level", "error"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proc.stdin.write("CREATE CONSTRAINT person_id FOR (n:Person) REQUIRE n.id IS UNIQUE;\n"
                         "CREATE INDEX city_name FOR (c:City) ON (c.name);\n"
                         "CREATE INDEX gone FOR (c:City) ON (c.id);\n"
                         "DROP INDEX gone;\n"
                         "CREATE (:Person {id: 'a'});\n"
                         "RETURN 'ack' AS ack;\n"
                         "UNWIND range(1, 20000000) AS x RETURN count(x) AS slow;\n")  # time to kill before exit
        proc.stdin.close()
        while True:  # the statements are committed once the ack is out; kill before the exit's checkpoint
            line = proc.stdout.readline()
            self.assertNotEqual(line, "", proc.stderr.read() if proc.poll() is not None else "")
            if line.startswith("ack"):
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        self.assertGreater(os.path.getsize(os.path.join(self.db, "wal.log")), 100, "the log holds the commits")
        self.check_reopened()

    def test_schema_commands_refused_inside_a_transaction(self):
        r = self.kgq("-c", "BEGIN;\nCREATE INDEX FOR (n:A) ON (n.x);\nROLLBACK")
        self.assertEqual(r.returncode, 1)
        self.assertIn("TransactionError: <command>:2:1: indexes and constraints are created and dropped outside a "
                      "transaction", r.stderr)


if __name__ == "__main__":
    k.main()
