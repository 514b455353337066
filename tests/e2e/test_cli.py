"""End-to-end: the kgq command line (flags, scripts, formats, errors, exit status)."""
import json
import os
import tempfile
import unittest

import kgq_e2e as k


class StatsAndLoading(unittest.TestCase):
    def test_stats_counts_match_the_csv_files(self):
        r = k.run("--graph", k.data("tiny"), "-c", ":stats", "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = r.stdout.strip().splitlines()
        self.assertEqual(rows[0], "element,name,count")
        self.assertIn("nodes,*,6", rows)
        self.assertIn("label,Person,3", rows)
        self.assertIn("label,City,2", rows)
        self.assertIn("relationships,*,7", rows)
        self.assertIn("type,LIVES_IN,3", rows)

    def test_default_graph_is_the_pakistan_belarus_graph(self):
        r = k.run("-c", "MATCH (c:Country) RETURN c.name ORDER BY c.name", "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        names = r.stdout.strip().splitlines()[1:]
        self.assertIn("Pakistan", names)
        self.assertIn("Belarus", names)

    def test_empty_graph(self):
        r = k.run("--empty", "-c", "MATCH (n) RETURN count(n) AS n", "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "n\n0\n")

    def test_bad_graph_reports_file_line_column_and_fails(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "nodes.csv"), "w") as f:
                f.write("id:ID,name,year:int\na,A,1990\nb,B,abc\n")
            r = k.run("--graph", d, "-c", ":stats")
            self.assertEqual(r.returncode, 1)
            self.assertIn("nodes.csv:3:3", r.stderr)
            self.assertEqual(r.stdout, "")

    def test_missing_graph_directory(self):
        r = k.run("--graph", "/nonexistent/graph", "-c", ":stats")
        self.assertEqual(r.returncode, 1)
        self.assertIn("LoadError", r.stderr)


class Statements(unittest.TestCase):
    def test_json_output_shape(self):
        r = k.run("--graph", k.data("tiny"), "--format", "json", "-c",
                  "MATCH (p:Person {name: 'Alice'}) RETURN p.name AS name, p.born AS born, p.height AS h, p")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["columns"], ["name", "born", "h", "p"])
        name, born, height, node = doc["rows"][0]
        self.assertEqual((name, born, height), ("Alice", 1990, 1.68))
        self.assertEqual(node["_kind"], "node")
        self.assertEqual(node["labels"], ["Person"])
        self.assertEqual(node["properties"]["aliases"], ["Ali", "Al"])

    def test_statement_without_return_prints_empty_json(self):
        r = k.run("--empty", "--format", "json", "-c", "CREATE (:X {v: 1})")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"columns": [], "rows": []})

    def test_floats_keep_a_decimal_point_in_json(self):
        r = k.run("--empty", "--format", "json", "-c", "RETURN 1.0 AS f, 2 AS i")
        self.assertEqual(r.stdout.strip(), '{"columns":["f","i"],"rows":[[1.0,2]]}')

    def test_syntax_error_names_line_column_with_caret_and_prints_nothing(self):
        r = k.run("--empty", "-c", "RETURN 1;\nMATCH (n RETURN n")
        self.assertEqual(r.returncode, 1)
        self.assertIn("SyntaxError: <command>:2:10:", r.stderr)
        self.assertIn("MATCH (n RETURN n", r.stderr)
        self.assertIn("         ^", r.stderr)
        # The statement before the error ran; the failing one printed nothing.
        self.assertEqual(r.stdout.count("(1 row)"), 1)

    def test_runtime_error_stops_the_script(self):
        r = k.run("--empty", "-c", "RETURN 1 / 0 AS x; RETURN 2 AS y")
        self.assertEqual(r.returncode, 1)
        self.assertIn("division by zero", r.stderr)
        self.assertNotIn("y", r.stdout)

    def test_keep_going_runs_later_statements_but_still_fails(self):
        r = k.run("--empty", "--keep-going", "--format", "csv", "-c", "RETURN 1 / 0 AS x; RETURN 2 AS y")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "y\n2\n")

    def test_script_file_and_error_position(self):
        with tempfile.NamedTemporaryFile("w", suffix=".kgq", delete=False) as f:
            f.write("// a script\nCREATE (:A {n: 1});\n\nMATCH (a:A)\nRETURN a.n AS n, b;\n")
            path = f.name
        try:
            r = k.run("--empty", "-f", path)
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"SemanticError: {path}:5:", r.stderr)
            self.assertIn("`b` not defined", r.stderr)
        finally:
            os.unlink(path)

    def test_piped_stdin_is_a_script(self):
        r = k.run("--empty", "--format", "csv", stdin="UNWIND [1, 2] AS x\nRETURN x * 10 AS y;\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "y\n10\n20\n")

    def test_parameters_from_the_command_line(self):
        r = k.run("--empty", "--format", "csv", "--param", 'who="Ann"', "--param", "n=[1,2]",
                  "-c", "RETURN $who AS who, size($n) AS n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "who,n\nAnn,2\n")

    def test_a_parameter_from_a_file(self):
        with tempfile.TemporaryDirectory() as d:
            rows = os.path.join(d, "rows.json")
            with open(rows, "w") as f:
                json.dump([{"s": 1, "t": 2}, {"s": 2, "t": 3}, {"s": 1, "t": 2}], f)
            r = k.run("--empty", "--format", "csv", "--param", "rows=@" + rows, "-c",
                      "UNWIND $rows AS r MERGE (a:N {id: r.s}) MERGE (b:N {id: r.t}) MERGE (a)-[:T]->(b);"
                      "MATCH (a:N)-[:T]->(b:N) RETURN a.id AS a, b.id AS b ORDER BY a")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, "a,b\n1,2\n2,3\n")
            bad = os.path.join(d, "bad.json")
            with open(bad, "w") as f:
                f.write("[1, 2,")
            r = k.run("--empty", "--param", "rows=@" + bad, "-c", "RETURN 1")
            self.assertEqual(r.returncode, 2)
            self.assertIn("--param rows (" + bad + "): not valid JSON", r.stderr)
            r = k.run("--empty", "--param", "rows=@" + os.path.join(d, "missing.json"), "-c", "RETURN 1")
            self.assertEqual(r.returncode, 2)
            self.assertIn("cannot read " + os.path.join(d, "missing.json"), r.stderr)

    def test_missing_parameter_is_an_error_before_running(self):
        r = k.run("--empty", "-c", "CREATE (:A {v: $v})")
        self.assertEqual(r.returncode, 1)
        self.assertIn("expected parameter $v", r.stderr)

    def test_meta_commands_in_scripts(self):
        r = k.run("--empty", "--format", "csv", "-c", ":param x => 41\nRETURN $x + 1 AS y;\n:params")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("y\n42\n", r.stdout)
        self.assertIn("$x,41", r.stdout)

    def test_unknown_meta_command_suggests(self):
        r = k.run("--empty", "-c", ":stat")
        self.assertEqual(r.returncode, 1)
        self.assertIn("did you mean :stats", r.stderr)


class LimitHints(unittest.TestCase):
    """The expansion limit's hint fits the pattern: a bound to a pattern without one, a lower one otherwise."""
    SETUP = ("UNWIND range(1, 30) AS i CREATE (:K {id: i}); "
             "MATCH (a:K), (b:K) WHERE a <> b CREATE (a)-[:T]->(b); ")

    def hint(self, pattern):
        r = k.run("--empty", "--max-expansions", "5000", "-c", self.SETUP + f"MATCH p = ()-[{pattern}]->() RETURN count(p)")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("partial paths at depth", r.stderr)
        # The last hint: the setup's own MATCH (a:K), (b:K) gets a CartesianProduct warning first.
        return [line for line in r.stderr.splitlines() if line.startswith("hint:")][-1]

    def test_unbounded_pattern_is_offered_a_bound(self):
        self.assertIn("give the pattern an upper bound such as *..4", self.hint("*"))
        self.assertIn("give the pattern an upper bound such as *..4", self.hint(":T*2.."))

    def test_bounded_pattern_is_offered_a_lower_bound_not_a_bound(self):
        for pattern in ("*1..6", ":T*..8", "*3..5"):
            h = self.hint(pattern)
            self.assertIn("lower the pattern's upper bound", h, pattern)
            self.assertNotIn("such as *..4", h, pattern)


class Flags(unittest.TestCase):
    def test_version(self):
        r = k.run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith("kgq "))

    def test_help_lists_the_flags(self):
        r = k.run("--help")
        self.assertEqual(r.returncode, 0)
        for flag in ("--graph", "--empty", "--format", "--log-level", "--param", "-c", "-f"):
            self.assertIn(flag, r.stdout)

    def test_bad_flag_value(self):
        r = k.run("--format", "xml", "-c", "RETURN 1")
        self.assertNotEqual(r.returncode, 0)

    def test_debug_log_goes_to_stderr_only(self):
        r = k.run("--graph", k.data("tiny"), "--log-level", "debug", "--format", "csv", "-c", "RETURN 1 AS x")
        self.assertEqual(r.stdout, "x\n1\n")
        self.assertIn("loaded", r.stderr)


if __name__ == "__main__":
    k.main()
