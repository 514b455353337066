"""End-to-end: pictures rendered by kgq itself through Graphviz's library.

Every answer of the saved questions (graphs/pakistan_belarus/queries/*.kgq) is rendered to SVG with
`:export svg`, and the SVG is parsed (xml.etree): its size stays within bounds (no hairball: a
neighbourhood draws its spokes only, never a link between two nodes at one distance), the nodes the
question was about carry the focus style (class "focus", a double border of width 2.5, bold text),
and answers that are not questions have no focus. Also :export png and :show (with and without a
viewer).

Run: python3 test_pictures.py <kgq-binary> <source-dir>
"""
import glob
import os
import re
import stat
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

import kgq_e2e as k

SVG = "{http://www.w3.org/2000/svg}"
QUESTION = re.compile(r"^\s*(PATH|NEIGHBOURS|NEIGHBORS|CONNECT)\b", re.M)
# The biggest saved answer, NEIGHBOURS OF SCO DEPTH 2, is 892 x 3513 pt: a column of 54 names.
MAX_SIDE_PT = 4000
MAX_NODES = 80


def graph_dir():
    return os.path.join(k.SRC, "graphs", "pakistan_belarus")


def classes(el):
    return el.get("class", "").split()


class Picture:
    """The answer nodes, legend entries and edges of an SVG that kgq rendered."""

    def __init__(self, path):
        root = ET.parse(path).getroot()
        assert root.tag == SVG + "svg", root.tag
        self.width = float(root.get("width").removesuffix("pt"))
        self.height = float(root.get("height").removesuffix("pt"))
        groups = list(root.iter(SVG + "g"))
        self.nodes = {}
        self.legend = []
        self.edges = []
        for g in groups:
            kind = classes(g)
            title = g.find(SVG + "title").text if g.find(SVG + "title") is not None else ""
            if "node" in kind and "legend" in kind:
                self.legend.append(g)
            elif "node" in kind:
                self.nodes[title] = g
            elif "edge" in kind:
                self.edges.append(tuple(title.split("->")))
        # Invisible edges keep the legend in order; the answer's edges join its nodes.
        self.edges = [e for e in self.edges if len(e) == 2 and all(n in self.nodes for n in e)]
        self.focus = [g for g in self.nodes.values() if "focus" in classes(g)]

    @staticmethod
    def shapes(node):
        return [e for e in node.iter() if e.tag in (SVG + "ellipse", SVG + "polygon", SVG + "path")]

    def centre_x(self, name):
        shape = self.shapes(self.nodes[name])[0]
        if shape.tag == SVG + "ellipse":
            return float(shape.get("cx"))
        xs = [float(p.split(",")[0]) for p in re.findall(r"-?[\d.]+,-?[\d.]+", shape.get("points") or shape.get("d"))]
        return (min(xs) + max(xs)) / 2


class SavedAnswersRender(unittest.TestCase):
    def test_each_saved_answer_renders_within_bounds_with_its_focus(self):
        questions = rendered = 0
        with tempfile.TemporaryDirectory() as work:
            for script in sorted(glob.glob(os.path.join(graph_dir(), "queries", "*.kgq"))):
                name = os.path.splitext(os.path.basename(script))[0]
                with open(script, encoding="utf-8") as f:
                    text = f.read()
                out = os.path.join(work, name + ".svg")
                runner = os.path.join(work, name + ".kgq")
                with open(runner, "w", encoding="utf-8") as f:
                    f.write(text + "\n:export svg " + out + "\n")
                r = k.run("--graph", graph_dir(), "--format", "csv", "-f", runner)
                kind = QUESTION.search(re.sub(r"//.*", "", text))
                with self.subTest(answer=name):
                    if r.returncode != 0:
                        # Answers of names and numbers have nothing to draw; questions always do.
                        self.assertIsNone(kind, r.stderr)
                        self.assertIn("holds no nodes or relationships", r.stderr)
                        self.assertFalse(os.path.exists(out))
                        continue
                    rendered += 1
                    pic = Picture(out)
                    self.assertGreater(len(pic.nodes), 0)
                    self.assertLessEqual(len(pic.nodes), MAX_NODES)
                    self.assertLessEqual(max(pic.width, pic.height), MAX_SIDE_PT, "%gx%g pt" % (pic.width, pic.height))
                    # One legend entry per label drawn; the palette's 9 colours are told apart first
                    # (tests/unit/test_export.cpp checks that shapes make every pair distinct).
                    self.assertTrue(1 <= len(pic.legend) <= len(pic.nodes))
                    fills = {Picture.shapes(g)[0].get("fill") for g in pic.legend}
                    self.assertEqual(len(fills), min(len(pic.legend), 9))
                    if not kind:
                        self.assertEqual(pic.focus, [], "a MATCH answer has no focus")
                        continue
                    questions += 1
                    expected_focus = {"PATH": 2, "NEIGHBOURS": 1, "NEIGHBORS": 1, "CONNECT": 3}[kind.group(1)]
                    self.assertEqual(len(pic.focus), expected_focus)
                    for node in pic.focus:
                        shapes = Picture.shapes(node)
                        self.assertGreaterEqual(len(shapes), 2, "a double border")
                        self.assertTrue(all(s.get("stroke-width") == "2.5" for s in shapes))
                        self.assertTrue(all(t.get("font-weight") == "bold" for t in node.iter(SVG + "text")))
                    if kind.group(1).startswith("NEIGHB"):
                        # Spokes only: every edge joins two columns (distances), and there are at
                        # most two per neighbour (the links among SCO's neighbours made 145 for 55).
                        self.assertLessEqual(len(pic.edges), 2 * (len(pic.nodes) - 1))
                        for a, b in pic.edges:
                            self.assertGreater(abs(pic.centre_x(a) - pic.centre_x(b)), 1.0, "an edge within one distance")
        self.assertGreaterEqual(questions, 8)
        self.assertGreaterEqual(rendered, questions)  # the MATCH answers return names, not nodes


def write(path, text, mode=None):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    if mode:
        os.chmod(path, mode)


class ExportAndShow(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def run_script(self, text, **env):
        script = os.path.join(self.dir, "s.kgq")
        write(script, text)
        return k.run("--graph", graph_dir(), "-f", script, env=env)

    def test_export_png_and_svg_from_the_repl_commands(self):
        png = os.path.join(self.dir, "a.png")
        svg = os.path.join(self.dir, "a.svg")
        r = self.run_script(f"CONNECT Lukashenko, SCO, Kashmir;\n:export png {png}\n:export svg {svg}\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("as PNG to " + png, r.stdout)
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertEqual(len(Picture(svg).focus), 3)

    def test_a_failed_picture_export_leaves_the_old_file(self):
        svg = os.path.join(self.dir, "a.svg")
        write(svg, "old")
        r = self.run_script(f"PATH FROM Ryzhenkov TO Pakistan EXPORT SVG TO '{self.dir}/missing/a.svg';\n")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ExportError", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "missing")))
        r = self.run_script("MATCH (n) WHERE n.name = 'nobody' RETURN n;\n:export svg " + svg + "\n")
        self.assertIn("holds no nodes", r.stderr)
        with open(svg, encoding="utf-8") as f:
            self.assertEqual(f.read(), "old")

    def test_with_links_adds_the_links_within_one_distance(self):
        # Also the picture that once made Graphviz free a flat edge's label twice (seen under ASan).
        spokes, links = os.path.join(self.dir, "spokes.svg"), os.path.join(self.dir, "links.svg")
        r = self.run_script(f"NEIGHBOURS OF 'Belarusian delegation' EXPORT SVG TO '{spokes}';\n"
                            f"NEIGHBOURS OF 'Belarusian delegation' WITH LINKS EXPORT SVG TO '{links}';\n"
                            f"PATH TOP 3 FROM Ryzhenkov TO Pakistan EXPORT SVG TO '{spokes}.path.svg';\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        a, b = Picture(spokes), Picture(links)
        self.assertEqual(set(a.nodes), set(b.nodes))
        within = [e for e in b.edges if abs(b.centre_x(e[0]) - b.centre_x(e[1])) <= 1.0]
        self.assertGreater(len(within), 0)
        self.assertEqual(len(b.edges), len(a.edges) + len(within))
        self.assertEqual(len(Picture(spokes + ".path.svg").focus), 2)

    def test_show_without_a_viewer_prints_where_the_picture_is(self):
        r = self.run_script("PATH FROM Ryzhenkov TO Pakistan;\n:show\n", DISPLAY="", WAYLAND_DISPLAY="", TMPDIR=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"^wrote (\S+\.svg) \((\d+) nodes, (\d+) relationships\); no picture viewer", r.stdout, re.M)
        self.assertIsNotNone(m, r.stdout)
        self.assertEqual(os.path.dirname(m.group(1)), self.dir)
        self.assertEqual(len(Picture(m.group(1)).focus), 2)

    def test_show_opens_the_picture_with_xdg_open_where_there_is_a_display(self):
        bin_dir = os.path.join(self.dir, "bin")
        os.mkdir(bin_dir)
        opened = os.path.join(self.dir, "opened")
        write(os.path.join(bin_dir, "xdg-open"), f"#!/bin/sh\necho \"$1\" > {opened}.part && mv {opened}.part {opened}\n",
              stat.S_IRWXU)
        r = self.run_script("NEIGHBOURS OF SCO;\n:show\n", DISPLAY=":99", TMPDIR=self.dir,
                            PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"^opened (\S+\.svg) \(", r.stdout, re.M)
        self.assertIsNotNone(m, r.stdout)
        for _ in range(100):  # the viewer runs detached
            if os.path.exists(opened):
                break
            time.sleep(0.05)
        with open(opened, encoding="utf-8") as f:
            self.assertEqual(f.read().strip(), m.group(1))
        self.assertEqual(len(Picture(m.group(1)).focus), 1)

    def test_show_needs_an_answer_with_nodes(self):
        r = self.run_script(":show\n", DISPLAY="", TMPDIR=self.dir)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("there is no result to show yet", r.stderr)


if __name__ == "__main__":
    k.setup_from_argv()
    k.SRC = os.path.abspath(k.SRC)
    unittest.main(verbosity=2)
