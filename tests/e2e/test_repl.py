"""End-to-end: the interactive REPL driven through a pseudo-terminal, as a person types.

Completion, multi-line statements, history across sessions, Ctrl-C (at the prompt
and during a long query), Ctrl-D, :load keeping the graph on failure, :schema,
and terminal-only output (colours, width, timing).
"""
import os
import shutil
import tempfile
import time
import unittest

import kgq_e2e as k
from pty_helper import CONTINUATION, CTRL_C, CTRL_D, PROMPT, TAB, UP, Repl


class ReplTest(unittest.TestCase):
    """Each test gets its own HOME and history file."""

    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="kgq_repl_")
        self.inputrc = os.path.join(self.home, "inputrc")  # no /etc/inputrc surprises
        open(self.inputrc, "w").close()
        self.repls = []

    def tearDown(self):
        for r in self.repls:
            r.close()
        shutil.rmtree(self.home, ignore_errors=True)

    def env(self, **extra):
        env = {k_: v for k_, v in os.environ.items() if k_ != "NO_COLOR"}
        env.update(HOME=self.home, KGQ_HISTORY=os.path.join(self.home, "history"), INPUTRC=self.inputrc,
                   TERM="xterm", LC_ALL="C.UTF-8")
        env.update(extra)
        return env

    def start(self, *args, cols=120, **env):
        r = Repl(k.KGQ, args, self.env(**env), cols=cols)
        self.repls.append(r)
        r.expect_prompt()
        return r

    def quit(self, r):
        r.send(CTRL_D)
        self.assertEqual(r.wait(), 0)


class Completion(ReplTest):
    def test_tab_completes_a_label(self):
        r = self.start()
        r.send("MATCH (n:Pers")
        r.expect("(n:Pers")
        r.send(TAB)
        r.expect("on")  # readline echoes only what it inserted
        out = r.run(") RETURN count(n) AS people;")
        # 3 people only if the label became Person: "Pers" matches no node.
        self.assertRegex(out, r"people\n-+\n 3\n")

    def test_tab_completes_an_entity_name_with_quotes(self):
        r = self.start()
        r.send('NEIGHBOURS OF "Maxim Ryz')
        r.expect("Ryz")
        r.send(TAB)
        r.expect('henkov"')  # the closing quote comes with the name
        out = r.run("DEPTH 1;")
        self.assertIn("neighbours of Maxim Ryzhenkov", out)

    def test_names_with_spaces_are_quoted_when_completed(self):
        r = self.start()
        r.send("PATH FROM Lukashenko TO Kashmir")
        r.expect("Kashmir")
        r.send(TAB)   # several names: the common prefix, quoted
        r.expect('"')
        r.send(" is")
        r.expect(" is")
        r.send(TAB)
        r.expect('sue"')
        out = r.run(";")
        self.assertIn("Aleksandr Lukashenko discussed Kashmir issue", out)

    def test_tab_completes_meta_commands(self):
        r = self.start()
        r.send(":sche")
        r.expect(":sche")
        r.send(TAB)
        r.expect("ma")
        out = r.run("")
        self.assertIn("(:Person)-[:HOLDS_ROLE]->(:Role)", out)


    def test_tab_completes_a_file_name_after_read(self):
        os.makedirs(os.path.join(self.home, "scripts"))
        with open(os.path.join(self.home, "scripts", "first-try.kgq"), "w") as f:
            f.write("RETURN 'from the file' AS origin;\n")
        r = self.start()
        r.send(f":read {self.home}/scr")
        r.expect("/scr")
        r.send(TAB)
        r.expect("ipts/")
        r.send(TAB)
        r.expect("first-try.kgq")
        out = r.run("")
        self.assertIn(" from the file\n", out)


class MultiLine(ReplTest):
    def test_three_line_statement_runs_once_at_the_semicolon(self):
        r = self.start()
        r.type_line("MATCH (p:Person)")
        r.expect(CONTINUATION)
        r.type_line("WHERE p.name STARTS WITH 'M'")
        r.expect(CONTINUATION)
        out = r.run("RETURN p.name AS name;")
        self.assertIn(" Maxim Ryzhenkov\n", out)
        self.assertRegex(out, r"\(1 row, [0-9.]+ ms\)")

    def test_a_complete_single_line_runs_without_semicolon(self):
        r = self.start()
        out = r.run("RETURN 40 + 2 AS answer")
        self.assertIn(" 42\n", out)

    def test_a_notification_shows_under_the_result(self):
        r = self.start(NO_COLOR="1")
        out = r.run("MATCH (n:Persn) RETURN count(n) AS c")
        self.assertLess(out.index("(1 row"), out.index("warning: UnknownLabel"))
        self.assertIn("hint: did you mean `Person`?", out)

    def test_a_single_line_with_a_mistake_reports_it_at_once(self):
        r = self.start()
        out = r.run("RETURN nope")
        self.assertIn("variable `nope` not defined", out)

    def test_an_incomplete_line_waits_and_a_multi_line_statement_needs_the_semicolon(self):
        r = self.start()
        r.type_line("MATCH (c:Country)")
        r.expect(CONTINUATION)
        r.type_line("RETURN count(c) AS countries")
        seen = r.expect(CONTINUATION)
        self.assertNotIn("countries\n-", seen, "nothing ran yet")
        out = r.run(";")
        self.assertRegex(out, r"countries\n-+\n 3\n")

    def test_the_prompt_shows_an_open_quote_or_bracket_and_an_empty_line_says_what_is_open(self):
        r = self.start(NO_COLOR="1")
        r.type_line("RETURN 'two")
        r.expect("...'> ")
        r.type_line("")
        seen = r.expect("...'> ")
        self.assertIn("a string is open (opened on line 1): close it with '", seen)
        out = r.run("lines' AS s;")
        self.assertRegex(out, r" two.lines\n")  # one string across the two lines
        r.type_line("MATCH (n:Country) RETURN count(n) +")
        r.expect("...> ")
        r.type_line("size([1,")
        r.expect("...[> ")
        r.type_line("")
        seen = r.expect("...[> ")
        self.assertIn("'[' is open (opened on line 2): close it with ]", seen)
        out = r.run("2]) AS n;")
        self.assertRegex(out, r"n\n-+\n 5\n")

    def test_an_empty_line_in_an_unfinished_statement_asks_for_the_semicolon(self):
        r = self.start(NO_COLOR="1")
        r.type_line("MATCH (c:Country)")
        r.expect(CONTINUATION)
        r.type_line("")
        seen = r.expect(CONTINUATION)
        self.assertIn("the statement is not finished: end it with ;", seen)

    def test_a_continuation_after_a_line_that_ran_says_the_line_already_ran(self):
        r = self.start(NO_COLOR="1")
        out = r.run("MATCH (c:Country) RETURN c.name AS name")
        self.assertIn(" Belarus\n", out)
        out = r.run("ORDER BY name;")
        self.assertIn("SyntaxError", out)
        self.assertIn("the previous line already ran as a statement of its own; end statements with `;`", out)
        # Not after a statement that ended with `;`: the plain hint then.
        r.run("MATCH (c:Country) RETURN c.name AS name;")
        out = r.run("ORDER BY name;")
        self.assertIn("SyntaxError", out)
        self.assertNotIn("already ran", out)


class History(ReplTest):
    def test_history_recalls_a_multi_line_statement_after_a_restart(self):
        r = self.start()
        r.type_line("MATCH (c:Country)")
        r.expect(CONTINUATION)
        r.type_line("WHERE c.name = 'Belarus'")
        r.expect(CONTINUATION)
        first = r.run("RETURN c.name AS recalled;")
        self.assertIn(" Belarus\n", first)
        self.quit(r)

        with open(os.path.join(self.home, "history"), encoding="utf-8") as f:
            saved = f.read()
        self.assertIn("MATCH (c:Country)\nWHERE c.name = 'Belarus'\nRETURN c.name AS recalled;", saved)

        r2 = self.start()
        r2.send(UP)
        r2.expect("recalled;")
        out = r2.run("")
        self.assertIn(" recalled\n", out)
        self.assertIn(" Belarus\n", out)
        self.assertNotIn(CONTINUATION, out, "the recalled entry is one whole statement")


    def test_history_defaults_to_a_file_in_the_home_directory(self):
        env = self.env()
        del env["KGQ_HISTORY"]
        r = Repl(k.KGQ, (), env)
        self.repls.append(r)
        r.expect_prompt()
        r.run("RETURN 'remembered' AS word;")
        self.quit(r)
        with open(os.path.join(self.home, ".kgq_history"), encoding="utf-8") as f:
            self.assertIn("RETURN 'remembered' AS word;", f.read())


class CtrlC(ReplTest):
    def test_ctrl_c_at_the_prompt_clears_the_line(self):
        r = self.start()
        r.send("RETURN 'gone' AS g")
        r.expect("AS g")
        r.send(CTRL_C)
        r.expect("^C\n" + PROMPT, timeout=10)
        out = r.run("RETURN 'kept' AS k;")
        self.assertIn(" kept\n", out)
        self.assertNotIn("gone", out)

    def test_ctrl_c_at_the_continuation_prompt_drops_the_statement(self):
        r = self.start()
        r.type_line("MATCH (n)")
        r.expect(CONTINUATION)
        r.send(CTRL_C)
        r.expect(PROMPT, timeout=10)
        out = r.run("RETURN 1 AS one;")
        self.assertIn(" one\n", out)
        self.assertNotIn("Error", out)

    def test_ctrl_c_cancels_a_long_query_and_keeps_the_graph(self):
        r = self.start("--empty", "--max-expansions", "1000000000000")
        r.run("UNWIND range(1, 12) AS i CREATE (:N {i: i});")
        r.run("MATCH (a:N), (b:N) WHERE a <> b CREATE (a)-[:R]->(b);")
        before = r.run("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels;")
        self.assertRegex(before, r" 12 +\| 132\n")

        # Every path in a complete graph of 12 nodes: far more than anyone waits for.
        r.type_line("MATCH p = (a:N)-[*]->(b:N) RETURN count(p) AS paths;")
        r.expect("paths;\n")
        time.sleep(1.0)  # let it get going: a Ctrl-C before the statement starts has nothing to stop
        started = time.monotonic()
        r.send(CTRL_C)
        out = r.expect_prompt(timeout=30)
        self.assertLess(time.monotonic() - started, 5.0, "the query stops within a few seconds")
        self.assertIn("query cancelled", out)
        self.assertIn("the statement was rolled back", out)
        self.assertNotIn(" paths\n", out)

        after = r.run("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels;")
        self.assertRegex(after, r" 12 +\| 132\n")
        self.quit(r)


class CtrlD(ReplTest):
    def test_ctrl_d_on_an_empty_line_leaves_with_status_0(self):
        r = self.start()
        self.quit(r)

    def test_quit_command(self):
        r = self.start()
        r.type_line(":quit")
        self.assertEqual(r.wait(), 0)


class LoadAndSchema(ReplTest):
    def test_a_failed_load_keeps_the_current_graph(self):
        bad = os.path.join(self.home, "bad")
        os.mkdir(bad)
        with open(os.path.join(bad, "nodes.csv"), "w") as f:
            f.write("id:ID,name,year:int\na,A,1990\nb,B,not-a-year\n")
        r = self.start()
        out = r.run(f":load {bad}")
        self.assertIn("LoadError", out)
        self.assertIn("nodes.csv:3:", out)
        out = r.run("MATCH (n) RETURN count(n) AS nodes;")
        self.assertRegex(out, r"nodes\n-+\n 77\n")

    def test_a_good_load_replaces_the_graph(self):
        r = self.start()
        out = r.run(f":load {k.data('tiny')}")
        self.assertIn("6 nodes, 7 relationships", out)
        out = r.run("MATCH (n) RETURN count(n) AS nodes;")
        self.assertRegex(out, r"nodes\n-+\n 6\n")

    def test_schema_lists_labels_types_keys_and_patterns_with_counts(self):
        r = self.start("--graph", k.data("tiny"))
        out = r.run(":schema")
        self.assertRegex(out, r" label +\| Person +\| 3\n")
        self.assertRegex(out, r" type +\| LIVES_IN +\| 3\n")
        self.assertRegex(out, r" node property +\| name +\| 6\n")
        self.assertRegex(out, r" relationship property +\| since +\| 4\n")
        self.assertRegex(out, r" pattern +\| \(:Person\)-\[:LIVES_IN\]->\(:City\) +\| 3\n")
        self.assertRegex(out, r" pattern +\| \(:Employee\)-\[:KNOWS\]->\(:Person\) +\| 1\n")


class TerminalOutput(ReplTest):
    def table_lines(self, out):
        return [line for line in out.split("\n")[1:] if line and PROMPT not in line]

    def test_tables_fit_the_terminal_width_by_wrapping_long_cells(self):
        r = self.start(cols=60)
        out = r.run("MATCH (n:Person) RETURN n.name, n.description ORDER BY n.name;")
        lines = self.table_lines(out)
        self.assertTrue(all(len(line) <= 60 for line in lines), "\n".join(lines))
        self.assertIn(" Aleksandr Lukashenko | Belarusian head of state who made a\n"
                      "                      | three-day trip to Pakistan.\n", out)
        self.assertRegex(out, r"\(3 rows, [0-9.]+ ms\)")

    def test_cells_too_long_to_wrap_are_cut_with_an_ellipsis(self):
        r = self.start(cols=40)
        out = r.run("MATCH (n:Person) RETURN n.name, n.description ORDER BY n.name;")
        lines = self.table_lines(out)
        self.assertTrue(all(len(line) <= 40 for line in lines), "\n".join(lines))
        self.assertIn("…\n", out)

    def test_headers_and_errors_are_coloured_on_a_terminal(self):
        r = self.start()
        r.type_line("RETURN 1 AS one;")
        r.expect_prompt()
        self.assertIn(b"\x1b[1mone", r.raw)
        r.type_line("RETURN nope;")
        r.expect_prompt()
        self.assertIn(b"\x1b[1;31mSemanticError", r.raw)

    def test_no_color_turns_colours_off(self):
        r = self.start(NO_COLOR="1")
        r.type_line("RETURN 1 AS one;")
        r.expect_prompt()
        r.type_line("RETURN nope;")
        r.expect_prompt()
        self.assertNotIn(b"\x1b[1m", r.raw)
        self.assertNotIn(b"\x1b[1;31m", r.raw)

    def test_limit_summarises_the_remaining_rows(self):
        r = self.start()
        r.run(":limit 2")
        out = r.run("MATCH (c:Country) RETURN c.name ORDER BY c.name;")
        self.assertIn("… 1 more row\n", out)
        self.assertRegex(out, r"\(3 rows, [0-9.]+ ms\)")

    def test_timing_can_be_turned_off(self):
        r = self.start()
        r.run(":timing off")
        out = r.run("RETURN 1 AS one;")
        self.assertIn("(1 row)\n", out)

    def test_export_writes_the_last_result(self):
        r = self.start()
        r.run("PATH FROM Ryzhenkov TO Pakistan;")
        target = os.path.join(self.home, "answer.dot")
        out = r.run(f":export dot {target}")
        self.assertIn("exported", out)
        with open(target, encoding="utf-8") as f:
            dot = f.read()
        self.assertIn("Maxim Ryzhenkov", dot)
        self.assertNotIn("Israel", dot, "only the last result, not the whole graph")


if __name__ == "__main__":
    k.main()
