"""End-to-end: the REPL's `:` commands and script handling, without a terminal.

Scripts (-f, :read) report errors as FILE:line:column and stop at the first one;
--timing reports each statement on stderr; :help examples all run; :export,
:load, :limit and :format work in scripts; piped output stays plain.
"""
import os
import re
import shutil
import tempfile
import unittest

import kgq_e2e as k


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_scripts_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


class Scripts(TempDirTest):
    SCRIPT = "RETURN 1 AS first;\n\nMATCH (n)\nRETURN m;\nRETURN 3 AS third;\n"

    def test_file_errors_name_file_line_column_and_stop(self):
        path = self.write("bad.kgq", self.SCRIPT)
        r = k.run("--empty", "-f", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"SemanticError: {path}:4:8:", r.stderr)
        self.assertIn(" first\n", r.stdout)
        self.assertNotIn("third", r.stdout)

    def test_read_reports_the_scripts_own_positions_once_and_stops(self):
        path = self.write("bad.kgq", self.SCRIPT)
        r = k.run("--empty", "-c", f":read {path}\nRETURN 9 AS after")
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{path}:4:8:", r.stderr)
        self.assertEqual(r.stderr.count("Error"), 1, r.stderr)
        self.assertNotIn("third", r.stdout)
        self.assertNotIn("after", r.stdout)

    def test_keep_going_runs_on_but_still_fails(self):
        path = self.write("bad.kgq", self.SCRIPT)
        r = k.run("--empty", "--keep-going", "-c", f":read {path}\nRETURN 9 AS after")
        self.assertEqual(r.returncode, 1)
        self.assertIn(" third\n", r.stdout)
        self.assertIn(" after\n", r.stdout)

    def test_command_errors_point_at_their_line(self):
        path = self.write("cmds.kgq", "RETURN 1 AS one;\n:read missing.kgq\n")
        r = k.run("--empty", "-f", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"LoadError: {path}:2:1: cannot read file 'missing.kgq'", r.stderr)

    def test_nested_read(self):
        inner = self.write("inner.kgq", "RETURN 'inner' AS src;\n")
        outer = self.write("outer.kgq", f":read {inner}\nRETURN 'outer' AS src;\n")
        r = k.run("--empty", "--format", "csv", "-f", outer)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "src\ninner\nsrc\nouter\n")


class Timing(unittest.TestCase):
    def test_timing_flag_prints_one_line_per_statement_on_stderr(self):
        r = k.run("--empty", "--timing", "-c", "RETURN 1 AS a; RETURN 2 AS b;\nRETURN 3 AS c;")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stderr.strip().split("\n")
        self.assertEqual(len(lines), 3, r.stderr)
        for n, line in enumerate(lines, 1):
            self.assertRegex(line, rf"^timing: statement {n}: [0-9]+\.[0-9]+ ms$")
        self.assertNotIn("ms", r.stdout, "results stay as they were")

    def test_scripts_show_no_time_by_default(self):
        r = k.run("--empty", "-c", "RETURN 1 AS a;")
        self.assertEqual(r.stdout, " a\n---\n 1\n(1 row)\n")
        self.assertEqual(r.stderr, "")

    def test_timing_command_turns_it_on_in_scripts(self):
        r = k.run("--empty", "-c", ":timing on\nRETURN 1 AS a;")
        self.assertRegex(r.stdout, r"\(1 row, [0-9.]+ ms\)\n$")


class PipedOutput(unittest.TestCase):
    def test_piped_tables_are_plain_and_uncut(self):
        long = "x" * 300
        r = k.run("--empty", "-c", f"RETURN '{long}' AS s, 1 AS n", env={"COLUMNS": "40"})
        self.assertEqual(r.stdout, f" s{' ' * 299} | n\n{'-' * 302}+---\n {long} | 1\n(1 row)\n")
        self.assertNotIn("\x1b", r.stdout + r.stderr)

    def test_errors_are_not_coloured_when_piped(self):
        r = k.run("--empty", "-c", "RETURN nope")
        self.assertTrue(r.stderr.startswith("SemanticError: "), r.stderr)


class Commands(TempDirTest):
    def test_limit_in_a_script(self):
        r = k.run("-c", ":limit 2\nMATCH (c:Country) RETURN c.name ORDER BY c.name;")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(" Belarus\n Israel\n… 1 more row\n(3 rows)\n", r.stdout)

    def test_limit_and_timing_report_their_setting(self):
        r = k.run("--empty", "-c", ":limit 5\n:limit 0\n:timing off")
        self.assertEqual(r.stdout, "limit: 5 rows\nlimit: none\ntiming: off\n")

    def test_format_switches_mid_script(self):
        r = k.run("--empty", "-c", "RETURN 1 AS a;\n:format csv\nRETURN 2 AS b;\n:format json\nRETURN 3 AS c;")
        self.assertEqual(r.stdout, ' a\n---\n 1\n(1 row)\nb\n2\n{"columns":["c"],"rows":[[3]]}\n')

    def test_export_before_any_statement_refuses_and_save_writes_the_whole_graph(self):
        out = os.path.join(self.dir, "all")
        r = k.run("--graph", k.data("tiny"), "-c", f":export csv {out}")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no result to export", r.stderr)
        self.assertFalse(os.path.exists(out))
        r = k.run("--graph", k.data("tiny"), "-c", f":save {out}")
        self.assertEqual(r.returncode, 0, r.stderr)
        back = k.run("--graph", out, "--format", "csv", "-c", ":stats")
        self.assertIn("nodes,*,6", back.stdout)
        self.assertIn("relationships,*,7", back.stdout)

    def test_export_writes_the_last_results_subgraph(self):
        out = os.path.join(self.dir, "knows.graphml")
        r = k.run("--graph", k.data("tiny"), "-c",
                  f"MATCH (a)-[r:KNOWS]->(b) RETURN a, r, b;\n:export graphml {out}\n:load {out}\n:stats")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r" nodes +\| \* +\| 3\n")
        self.assertRegex(r.stdout, r" relationships +\| \* +\| 2\n")

    def test_export_with_a_bad_format(self):
        r = k.run("--empty", "-c", ":export pdf x.pdf")
        self.assertEqual(r.returncode, 1)
        self.assertIn("usage: :export dot|svg|png|graphml|csv FILE", r.stderr)

    def test_failed_load_in_a_script_keeps_the_graph(self):
        bad = os.path.join(self.dir, "bad")
        os.mkdir(bad)
        self.write("bad/nodes.csv", "id:ID,year:int\na,1990\nb,soon\n")
        r = k.run("--keep-going", "--format", "csv", "-c", f":load {bad}\nMATCH (n) RETURN count(n) AS n;")
        self.assertEqual(r.returncode, 1)
        self.assertIn("nodes.csv:3:", r.stderr)
        self.assertEqual(r.stdout, "n\n77\n")

    def test_schema_in_csv(self):
        r = k.run("--graph", k.data("tiny"), "--format", "csv", "-c", ":schema")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = r.stdout.splitlines()
        self.assertEqual(rows[0], "element,name,count")
        self.assertIn("label,City,2", rows)
        self.assertIn("type,LOCATED_IN,2", rows)
        self.assertIn("node property,population,3", rows)
        self.assertIn("relationship property,weight,1", rows)
        self.assertIn("pattern,(:City)-[:LOCATED_IN]->(:Country),2", rows)


class Help(TempDirTest):
    @classmethod
    def setUpClass(cls):
        k.KGQ = os.path.abspath(k.KGQ)  # the examples run in a temporary directory

    def help(self, *topic):
        r = k.run("--empty", "-c", ":help " + " ".join(topic))
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def topics(self):
        overview = self.help()
        section = overview.split("Topics")[1].split("Commands:")[0]
        return re.findall(r"^  (\w+) ", section, re.M)

    def test_overview_lists_topics_and_commands(self):
        overview = self.help()
        for topic in ("match", "create", "set", "delete", "merge", "transactions", "path", "neighbours", "connect", "export", "functions", "formats"):
            self.assertIn(f"  {topic} ", overview)
        for command in (":help", ":schema", ":format", ":timing", ":read", ":load", ":param", ":params",
                        ":export", ":limit", ":quit"):
            self.assertIn(f"  {command}", overview)

    def test_every_example_runs_on_the_default_graph(self):
        topics = self.topics()
        self.assertGreaterEqual(len(topics), 8)
        for topic in topics:
            text = self.help(topic)
            examples = [line[2:] for line in text.split("Examples:\n", 1)[-1].splitlines()
                        if line.startswith("  ") and (line.rstrip().endswith(";") or line[2:3] == ":")]
            self.assertTrue(examples, f"no examples in :help {topic}")
            script = self.write(f"{topic}.kgq", "\n".join(examples) + "\n")
            here = os.getcwd()
            os.chdir(self.dir)  # the export examples write relative paths
            try:
                r = k.run("-f", script)
            finally:
                os.chdir(here)
            with self.subTest(topic=topic):
                self.assertEqual(r.returncode, 0, f":help {topic}:\n{r.stderr}")
                # Examples that write get the one notice that nothing is saved.
                noise = [line for line in r.stderr.splitlines() if "lost at exit" not in line]
                if topic == "notifications":  # its first examples show them; the entity() ones are clean
                    self.assertIn("warning: UnknownLabel", r.stderr)
                    self.assertIn("warning: AliasComparedWithName", r.stderr)
                    self.assertNotIn("entity(", "".join(l for l in noise if l.startswith("  ")))
                else:
                    self.assertEqual(noise, [])

    def test_help_on_a_command(self):
        self.assertIn(":schema", self.help("schema"))

    def test_unknown_topic(self):
        r = k.run("--empty", "-c", ":help nothing")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no help on 'nothing'", r.stderr)


if __name__ == "__main__":
    k.main()
