"""End-to-end: writes are atomic and transactions undo together.

A statement that fails halfway (here: a division by zero after its writes)
leaves the graph byte-for-byte as before, for every update clause: the GraphML
export of the whole graph after it equals the one before. BEGIN / COMMIT /
ROLLBACK in scripts, the warning when a script ends with a transaction open,
the one-time notice that nothing is saved, and in the REPL (pty) the prompt of
an open transaction and the question when leaving with one.
"""
import os
import shutil
import tempfile
import unittest

import kgq_e2e as k
from pty_helper import CTRL_D, Repl

EXPORT_ALL = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r EXPORT GRAPHML TO '{}'"

# One failing statement per update clause; each writes first, then fails.
FAILING = {
    "create": "CREATE (:X {a: 1})-[:Y]->(:Z) RETURN 1/0",
    "set_property": "MATCH (n) SET n.name = 'renamed', n.touched = 1 RETURN n.name, 1/0",
    "set_map": "MATCH (n) SET n = {only: 1} RETURN 1/0",
    "set_plus_map": "MATCH (n) SET n += {name: null, extra: 'x'} RETURN 1/0",
    "set_label": "MATCH (n) SET n:Touched RETURN 1/0",
    "set_rel_property": "MATCH ()-[r]->() SET r.w = 1, r.since = null RETURN 1/0",
    "remove": "MATCH (n:Country) REMOVE n:Country, n.name RETURN 1/0",
    "delete_rels": "MATCH ()-[r]->() DELETE r RETURN 1/0",
    "detach_delete": "MATCH (n) DETACH DELETE n RETURN 1/0",
    "delete_error": "MATCH (n) SET n.x = 1 WITH n DELETE n",
    "merge": "UNWIND range(1, 5) AS i MERGE (x:New {i: i}) MERGE (y:Country {name: 'Pakistan'}) "
             "MERGE (x)-[:NEW]->(y) ON CREATE SET y.merged = i RETURN 1/0",
    "foreach": "MATCH (n) FOREACH (i IN [1, 2] | SET n.f = i CREATE (n)-[:F]->(:G)) RETURN 1/0",
    "mixed": "MATCH (n:Country) SET n.name = 'x' WITH n MATCH (n)-[r]-() DELETE r "
             "WITH DISTINCT n DETACH DELETE n CREATE (:After) RETURN 1/0",
}


class Writes(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_writes_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def export_after(self, *statements, name="after.graphml"):
        """Runs the statements (errors allowed), then exports the whole graph; returns (file text, run)."""
        path = os.path.join(self.dir, name)
        script = ";\n".join([*statements, EXPORT_ALL.format(path)]) + ";\n"
        r = k.run("--keep-going", "-c", script)
        with open(path, encoding="utf-8") as f:
            return f.read(), r

    def test_a_failing_statement_of_every_clause_leaves_the_graph_as_it_was(self):
        before, _ = self.export_after(name="before.graphml")
        self.assertIn("Pakistan", before)
        for clause, statement in FAILING.items():
            with self.subTest(clause=clause):
                after, r = self.export_after(statement, name=clause + ".graphml")
                self.assertIn("Error", r.stderr, "the statement must fail")
                self.assertEqual(after, before, f"{clause}: the graph changed")

    def test_the_statements_do_change_the_graph_when_they_succeed(self):
        before, _ = self.export_after(name="before.graphml")
        for clause, statement in FAILING.items():
            if clause == "delete_error":
                continue
            with self.subTest(clause=clause):
                after, r = self.export_after(statement.replace("1/0", "1"), name=clause + ".graphml")
                self.assertNotIn("Error", r.stderr)
                self.assertNotEqual(after, before, f"{clause}: nothing changed, so the rollback test proves nothing")

    def test_rollback_undoes_a_whole_transaction(self):
        before, _ = self.export_after(name="before.graphml")
        after, r = self.export_after("BEGIN", "MATCH (n:Country) SET n.name = 'x'", "MATCH (n) DETACH DELETE n",
                                     "CREATE (:New)", "ROLLBACK")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(after, before)

    def test_commit_keeps_a_transaction_and_a_failed_statement_undoes_only_itself(self):
        after, r = self.export_after("BEGIN", "CREATE (:Kept {k: 1})", "CREATE (:Lost) RETURN 1/0",
                                     "MATCH (n:Kept) SET n.k = 2", "COMMIT")
        self.assertEqual(r.returncode, 1)  # the failed statement is reported
        self.assertIn("Kept", after)
        self.assertIn(">2<", after)
        self.assertNotIn("Lost", after)

    def test_transaction_statement_errors(self):
        r = k.run("-c", "BEGIN; BEGIN;")
        self.assertEqual(r.returncode, 1)
        self.assertIn("TransactionError: a transaction is already open", r.stderr)
        self.assertIn("do not nest", r.stderr)
        r = k.run("-c", "COMMIT;")
        self.assertIn("TransactionError: no transaction is open", r.stderr)
        r = k.run("-c", "rollback;")
        self.assertIn("TransactionError: no transaction is open", r.stderr)

    def test_a_write_that_finds_a_value_wrong_points_at_its_clause(self):
        r = k.run("--empty", "-c", "CREATE (n:A)\nWITH n SET n = 5")
        self.assertEqual(r.returncode, 1)
        self.assertIn("RuntimeError: <command>:2:8: SET n = expects a map, a node or a relationship, not INTEGER\n"
                      "  WITH n SET n = 5\n"
                      "         ^", r.stderr)
        r = k.run("--empty", "-c", "UNWIND [1] AS x DELETE x")
        self.assertIn("RuntimeError: <command>:1:17: DELETE expects a node", r.stderr)

    def test_a_script_ending_in_a_transaction_rolls_it_back_with_a_warning(self):
        r = k.run("-c", "BEGIN; CREATE (:Q);")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ended with a transaction open: it was rolled back", r.stderr)

    def test_the_first_write_says_once_that_nothing_is_saved(self):
        r = k.run("-c", "MATCH (n) RETURN count(n); CREATE (:A); CREATE (:B); MATCH (a:A) SET a.x = 1;")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.count("lost at exit"), 1, r.stderr)
        self.assertIn(":save DIR", r.stderr)
        self.assertIn("--db DIR", r.stderr)
        r = k.run("-c", "MATCH (n) RETURN count(n);")
        self.assertNotIn("lost at exit", r.stderr, "reading is not a write")

    def test_delete_without_detach_names_the_node_and_hints_detach(self):
        r = k.run("-c", "MATCH (n {name: 'Pakistan'}) DELETE n;")
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot delete node `Pakistan`", r.stderr)
        self.assertIn("DETACH DELETE", r.stderr)


class TransactionsInTheRepl(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="kgq_repl_tx_")
        open(os.path.join(self.home, "inputrc"), "w").close()
        self.repls = []

    def tearDown(self):
        for r in self.repls:
            r.close()
        shutil.rmtree(self.home, ignore_errors=True)

    def start(self):
        env = {k_: v for k_, v in os.environ.items() if k_ != "NO_COLOR"}
        env.update(HOME=self.home, KGQ_HISTORY=os.path.join(self.home, "history"),
                   INPUTRC=os.path.join(self.home, "inputrc"), TERM="xterm", LC_ALL="C.UTF-8")
        r = Repl(k.KGQ, ["--empty"], env)
        self.repls.append(r)
        r.expect("kgq> ")
        return r

    def test_the_prompt_shows_an_open_transaction(self):
        r = self.start()
        r.type_line("BEGIN")
        r.expect("kgq(tx)> ")
        r.type_line("CREATE (:A);")
        r.expect("kgq(tx)> ")
        r.type_line("COMMIT")
        r.expect("kgq> ")
        r.type_line("MATCH (a:A) RETURN count(a) AS n;")
        out = r.expect("kgq> ")
        self.assertRegex(out, r"n\n-+\n 1\n")
        r.send(CTRL_D)
        self.assertEqual(r.wait(), 0)

    def test_leaving_with_a_transaction_open_asks_and_rolls_back_by_default(self):
        r = self.start()
        r.type_line("BEGIN")
        r.expect("kgq(tx)> ")
        r.type_line("CREATE (:A);")
        r.expect("kgq(tx)> ")
        r.send(CTRL_D)
        r.expect("Commit it before leaving? [y/N]")
        r.type_line("")
        r.expect("rolled back")
        self.assertEqual(r.wait(), 0)

    def test_leaving_with_a_transaction_open_can_commit(self):
        r = self.start()
        r.type_line("BEGIN")
        r.expect("kgq(tx)> ")
        r.type_line(":quit")
        r.expect("Commit it before leaving? [y/N]")
        r.type_line("y")
        r.expect("committed")
        self.assertEqual(r.wait(), 0)


if __name__ == "__main__":
    k.main()
