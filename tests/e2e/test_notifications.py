"""End-to-end: notifications (unknown labels, types, keys; names that are aliases) on stderr, in JSON, under
--strict, and under the result in the REPL."""
import json
import unittest

import kgq_e2e as k


class Notifications(unittest.TestCase):
    def test_script_prints_results_on_stdout_and_warnings_on_stderr(self):
        r = k.run("-c", "MATCH (a)-[:LEAD_BY]->(b) RETURN b.name; MATCH (n:Person) RETURN n.nmae LIMIT 1;",
                  "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "b.name\nn.nmae\n\n")
        self.assertIn("warning: UnknownRelationshipType: <command>:1:13: the graph has no relationship type "
                      "`LEAD_BY`", r.stderr)
        self.assertIn("hint: did you mean `LED_BY`?", r.stderr)
        self.assertIn("warning: UnknownPropertyKey: <command>:1:", r.stderr)
        self.assertIn("hint: did you mean `name`?", r.stderr)
        # The caret sits under the misspelt name.
        lines = r.stderr.splitlines()
        at = lines.index(next(l for l in lines if "LEAD_BY`" in l))
        self.assertEqual(lines[at + 2].index("^"), lines[at + 1].index("LEAD_BY"))

    def test_json_carries_notifications_and_stderr_stays_quiet(self):
        r = k.run("--format", "json", "-c", "MATCH (n:Persn) RETURN n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        doc = json.loads(r.stdout)
        self.assertEqual(doc["rows"], [])
        self.assertEqual(doc["notifications"], [{"code": "UnknownLabel", "line": 1, "column": 10,
                                                 "message": "the graph has no label `Persn`: nothing can match it",
                                                 "hint": "did you mean `Person`?"}])

    def test_json_without_notifications_has_no_member(self):
        r = k.run("--format", "json", "-c", "MATCH (n:Person) RETURN count(n) AS c")
        self.assertNotIn("notifications", json.loads(r.stdout))

    def test_strict_makes_them_errors_before_anything_runs(self):
        r = k.run("--empty", "--strict", "-c", "CREATE (:A); MATCH (n:B) CREATE (:C); MATCH (n) RETURN count(n) AS c")
        self.assertEqual(r.returncode, 1)
        self.assertIn("SemanticError: <command>:1:23: the graph has no label `B`", r.stderr)
        self.assertIn("UnknownLabel, an error with --strict", r.stderr)
        r = k.run("--empty", "--strict", "-c", "CREATE (:A {v: 1}); MATCH (n:A) RETURN n.v AS v")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("UnknownLabel", r.stderr)
        self.assertNotIn("UnknownPropertyKey", r.stderr)

    def test_strict_questions(self):
        r = k.run("--strict", "-c", "NEIGHBOURS OF SCO VIA PARTICIPATE_IN")
        self.assertEqual(r.returncode, 1)
        self.assertIn("did you mean `PARTICIPATES_IN`?", r.stderr)
        self.assertEqual(r.stdout, "")

    def test_alias_compared_with_name(self):
        r = k.run("-c", "MATCH (p:Person {name: 'Lukashenko'}) RETURN p.name")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning: AliasComparedWithName: <command>:1:24: no node has name 'Lukashenko', but it names "
                      "'Aleksandr Lukashenko'", r.stderr)
        r = k.run("-c", "MATCH (p:Person {name: entity('Lukashenko').name}) RETURN p.name", "--format", "csv")
        self.assertEqual(r.stdout, "p.name\nAleksandr Lukashenko\n")
        self.assertEqual(r.stderr, "")


class CartesianProducts(unittest.TestCase):
    """Disconnected patterns: a warning that --strict leaves a warning; a refusal above --max-product-rows."""
    PRODUCT = "MATCH (a), (b), (c), (d), (e), (f) RETURN count(*) AS n"

    def test_a_product_warns_and_strict_keeps_it_a_warning(self):
        r = k.run("--strict", "--format", "csv", "-c", "MATCH (a:Country), (b:Country) RETURN count(*) AS n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "n\n9\n")
        self.assertIn("warning: CartesianProduct: <command>:1:20:", r.stderr)

    def test_a_product_too_large_is_refused_before_it_runs(self):
        # About 60 nodes to the sixth power: 10^10 rows, far past the default of 10^9.
        r = k.run("--timeout", "20000", "-c", self.PRODUCT)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("refused: a MATCH pairs disconnected patterns into about", r.stderr)
        self.assertIn("raise --max-product-rows (0 lifts it)", r.stderr)
        self.assertNotIn("timeout", r.stderr)
        # The limit is the user's to move; EXPLAIN is never refused.
        r = k.run("--max-product-rows", "1000", "-c", "MATCH (a:Country), (b), (c) RETURN count(*)")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("more than --max-product-rows (1000)", r.stderr)
        r = k.run("-c", "EXPLAIN " + self.PRODUCT)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = k.run("--max-product-rows", "0", "--format", "csv", "-c", "MATCH (a:Country), (b), (c) RETURN count(*) AS n")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_conditions_moved_into_index_seeks_let_a_product_run(self):
        # As written, (a) x (b) is about 77^2 rows; the WHERE after WITH pins both, and the plan
        # seeks each by its name, which the refusal must see.
        pinned = "MATCH (a), (b) WITH a, b WHERE a.name = 'Belarus' AND b.name = 'Pakistan' RETURN count(*) AS n"
        r = k.run("--max-product-rows", "1000", "--format", "csv", "-c", pinned)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "n\n1\n")
        # A LIMIT between them keeps the conditions after the product: still refused.
        r = k.run("--max-product-rows", "1000", "-c", pinned.replace("WITH a, b WHERE", "WITH a, b LIMIT 100000 WHERE"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("more than --max-product-rows (1000)", r.stderr)


class MultiWordNames(unittest.TestCase):
    def test_unquoted_names_of_several_words_get_a_hint_to_quote_them(self):
        for statement, name in [("NEIGHBOURS OF Kashmir issue", "Kashmir issue"),
                                ("PATH FROM Lukashenko TO Government of Pakistan VIA CONCERNS",
                                 "Government of Pakistan"),
                                ("RETURN 1; CONNECT Lukashenko, Kashmir issue, SCO", "Kashmir issue")]:
            r = k.run("-c", statement)
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"hint: a name of several words needs quotes: '{name}'", r.stderr)

    def test_not_outside_questions(self):
        r = k.run("-c", "MATCH (n) RETURN n n")
        self.assertEqual(r.returncode, 1)
        self.assertNotIn("quotes", r.stderr)


class ScriptReports(unittest.TestCase):
    def test_leading_comments_head_their_results_in_table_format(self):
        script = "// How many countries?\nMATCH (c:Country) RETURN count(c) AS c;\n\nRETURN 1 AS one; // trailing\n"
        r = k.run("--empty", "-c", script)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("// How many countries?\n c\n"), r.stdout)
        self.assertEqual(r.stdout.count("//"), 1, r.stdout)
        r = k.run("--empty", "--format", "csv", "-c", script)
        self.assertNotIn("//", r.stdout)


if __name__ == "__main__":
    k.main()
