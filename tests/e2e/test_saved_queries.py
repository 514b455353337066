"""End-to-end: the saved questions of the default graph and their golden answers.

Every graphs/pakistan_belarus/queries/NN_name.kgq is run as
    kgq --graph graphs/pakistan_belarus -f NN_name.kgq --format csv
and its stdout must equal NN_name.expected byte for byte; a mismatch prints a unified diff.
So any change in the data or the engine that alters an answer fails here.

The pictures (graph.dot and pictures/*.dot) must also be what pictures/*.kgq export today.

Run:     python3 test_saved_queries.py <kgq-binary> <source-dir>
Update:  KGQ_UPDATE_GOLDEN=1 python3 test_saved_queries.py <kgq-binary> <source-dir>
         (or pass --update) rewrites every .expected from the current output. Review the
         diff before committing: each change must be a correct answer per the article.
         Pictures are regenerated with graphs/pakistan_belarus/render_pictures.sh.
"""
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import kgq_e2e as k

UPDATE = os.environ.get("KGQ_UPDATE_GOLDEN", "") not in ("", "0")
if "--update" in sys.argv:
    sys.argv.remove("--update")
    UPDATE = True

MIN_QUESTIONS = 12
NAME_RE = re.compile(r"^\d\d_[a-z0-9_]+\.kgq$")


def graph_dir():
    return os.path.join(k.SRC, "graphs", "pakistan_belarus")


def query_dir():
    return os.path.join(graph_dir(), "queries")


def query_files():
    return sorted(glob.glob(os.path.join(query_dir(), "*.kgq")))


def run_saved(path):
    return k.run("--graph", graph_dir(), "-f", path, "--format", "csv")


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def diff(expected, actual, name):
    lines = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                 fromfile=name + ".expected", tofile=name + " (actual output)")
    return "".join(lines)


class SavedQueryFiles(unittest.TestCase):
    def test_there_are_enough_questions(self):
        files = query_files()
        self.assertGreaterEqual(len(files), MIN_QUESTIONS, "fewer than %d saved questions in %s" % (MIN_QUESTIONS, query_dir()))

    def test_names_follow_nn_short_name(self):
        for path in query_files():
            self.assertRegex(os.path.basename(path), NAME_RE)

    def test_each_file_starts_with_a_comment_stating_the_question(self):
        for path in query_files():
            with self.subTest(file=os.path.basename(path)):
                with open(path, encoding="utf-8") as f:
                    first = f.readline()
                self.assertTrue(first.startswith("//"), "first line must be a // comment with the question")
                self.assertGreater(len(first[2:].strip()), 10, "the comment must state the question in words")

    def test_each_statement_ends_with_a_semicolon(self):
        for path in query_files():
            with self.subTest(file=os.path.basename(path)):
                with open(path, encoding="utf-8") as f:
                    code = [ln for ln in f.read().splitlines() if ln.strip() and not ln.lstrip().startswith("//")]
                self.assertTrue(code, "no statement")
                self.assertTrue(code[-1].rstrip().endswith(";"), "the last statement must end with ';'")

    def test_every_question_has_a_golden_file_and_every_golden_file_a_question(self):
        if UPDATE:
            self.skipTest("update mode writes the golden files")
        queries = {os.path.splitext(p)[0] for p in query_files()}
        goldens = {os.path.splitext(p)[0] for p in glob.glob(os.path.join(query_dir(), "*.expected"))}
        self.assertEqual(sorted(os.path.basename(p) for p in queries - goldens), [], "questions without .expected")
        self.assertEqual(sorted(os.path.basename(p) for p in goldens - queries), [], ".expected without a question")


class SavedQueryAnswers(unittest.TestCase):
    """One test per saved question (methods are added below, after the paths are known)."""

    def check(self, path):
        name = os.path.splitext(os.path.basename(path))[0]
        golden = os.path.splitext(path)[0] + ".expected"
        r = run_saved(path)
        self.assertEqual(r.returncode, 0, "%s failed:\n%s" % (name, r.stderr))
        self.assertEqual(r.stderr, "", "%s wrote to stderr" % name)
        self.assertTrue(r.stdout.strip(), "%s printed no answer" % name)
        if UPDATE:
            old = read(golden) if os.path.exists(golden) else None
            if old != r.stdout:
                with open(golden, "w", encoding="utf-8", newline="") as f:
                    f.write(r.stdout)
                print("updated %s" % os.path.relpath(golden, k.SRC), file=sys.stderr)
            return
        self.assertTrue(os.path.exists(golden), "missing golden file %s (run with KGQ_UPDATE_GOLDEN=1)" % golden)
        expected = read(golden)
        if expected != r.stdout:
            self.fail("answer of %s changed:\n%s\nIf the new answer is right, regenerate with "
                      "KGQ_UPDATE_GOLDEN=1 (see graphs/pakistan_belarus/README.md)." %
                      (name, diff(expected, r.stdout, name)))


class PicturesAreCurrent(unittest.TestCase):
    """graph.dot and pictures/*.dot are exactly what pictures/*.kgq export now."""

    def test_pictures_match_their_queries(self):
        scripts = sorted(glob.glob(os.path.join(graph_dir(), "pictures", "*.kgq")))
        self.assertGreaterEqual(len(scripts), 4, "expected the whole graph and at least 3 answers as pictures")
        with tempfile.TemporaryDirectory() as work:
            os.mkdir(os.path.join(work, "pictures"))
            for script in scripts:
                with self.subTest(picture=os.path.basename(script)):
                    text = read(script)
                    m = re.search(r"EXPORT DOT TO '([^']+)'", text)
                    self.assertIsNotNone(m, "no EXPORT DOT TO '...' in %s" % script)
                    target = m.group(1)
                    # Run from a scratch copy of the layout so the committed files stay untouched.
                    local = os.path.join(work, "pictures", os.path.basename(script))
                    shutil.copy(script, local)
                    r = run_in(work, "--graph", graph_dir(), "--format", "csv", "-f", local)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    fresh = read(os.path.join(work, target))
                    committed_path = os.path.join(graph_dir(), target)
                    self.assertTrue(os.path.exists(committed_path), "missing %s" % target)
                    committed = read(committed_path)
                    self.assertEqual(committed, fresh, "%s is stale:\n%s\nRun graphs/pakistan_belarus/render_pictures.sh"
                                     % (target, diff(committed, fresh, target)))
                    svg = os.path.splitext(committed_path)[0] + ".svg"
                    self.assertTrue(os.path.exists(svg), "missing %s next to %s" % (os.path.basename(svg), target))
                    self.assertIn("<svg", read(svg)[:4096])


def run_in(cwd, *args):
    """k.run with a working directory (EXPORT paths are relative to it)."""
    env = dict(os.environ)
    env.setdefault("HOME", tempfile.gettempdir())
    env["KGQ_HISTORY"] = os.path.join(tempfile.gettempdir(), "kgq_e2e_history")
    return subprocess.run([k.KGQ, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def add_answer_tests():
    for path in query_files():
        name = re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0])
        setattr(SavedQueryAnswers, "test_" + name, lambda self, p=path: self.check(p))


if __name__ == "__main__":
    k.setup_from_argv()
    # The picture test runs kgq from a scratch directory: make the paths absolute.
    if os.sep in k.KGQ:
        k.KGQ = os.path.abspath(k.KGQ)
    k.SRC = os.path.abspath(k.SRC)
    add_answer_tests()
    unittest.main(verbosity=2)
