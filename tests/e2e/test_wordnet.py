"""End-to-end: the WordNet example graph. graphs/wordnet/convert.py turns Debian's wordnet-base
into neo4j-admin CSV; kgq loads it and answers the saved questions in graphs/wordnet/queries."""
import csv
import filecmp
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import kgq_e2e as k

WORDNET = "/usr/share/wordnet"


def convert(out):
    return subprocess.run([sys.executable, os.path.join(k.SRC, "graphs", "wordnet", "convert.py"), out],
                          capture_output=True, text=True, timeout=300)


class WordNet(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(os.path.join(WORDNET, "data.noun")):
            raise AssertionError(f"{WORDNET} is missing: scripts/install-deps.sh installs wordnet-base")
        cls.dir = tempfile.mkdtemp(prefix="kgq_e2e_wordnet_")
        cls.graph = os.path.join(cls.dir, "wordnet")
        r = convert(cls.graph)
        assert r.returncode == 0, r.stderr
        cls.converted = r.stdout

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def query(self, *args):
        r = k.run("--graph", self.graph, "--format", "csv", *args, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        return list(csv.reader(io.StringIO(r.stdout)))

    def saved(self, name):
        return self.query("-f", os.path.join(k.SRC, "graphs", "wordnet", "queries", name))

    def test_every_synset_and_pointer_of_wordnet_3_0(self):
        self.assertIn("117659 synsets, 193600 relationships", self.converted)
        rows = self.query("-c", "MATCH (n:Synset) RETURN count(*) AS n; MATCH ()-[r]->() RETURN count(*) AS m;")
        self.assertEqual([rows[1], rows[3]], [["117659"], ["193600"]])

    def test_conversion_is_deterministic(self):
        again = os.path.join(self.dir, "again")
        self.assertEqual(convert(again).returncode, 0)
        for f in ("nodes.csv", "edges.csv", "kgq-meta.json", "pairs.txt", "seeds.txt"):
            self.assertTrue(filecmp.cmp(os.path.join(self.graph, f), os.path.join(again, f), shallow=False), f)

    def test_sense_names_are_unique_so_questions_resolve_them(self):
        rows = self.query("-c", "MATCH (n) WITH n.name AS name, count(*) AS c WHERE c > 1 RETURN count(*) AS dup;")
        self.assertEqual(rows[1], ["0"])

    def test_kinds_of_dog(self):
        rows = {r[0]: int(r[1]) for r in self.saved("kinds_of_dog.kgq")[1:]}
        self.assertEqual(rows["canine.n.02"], 1)
        self.assertEqual(rows["mammal.n.01"], 4)
        self.assertEqual(rows["entity.n.01"], 8)
        self.assertEqual(len(rows), 14)

    def test_parts_of_a_car(self):
        rows = self.saved("parts_of_a_car.kgq")
        parts = [r[0] for r in rows[1:]]
        self.assertIn("accelerator.n.01", parts)
        self.assertEqual(parts, sorted(parts))

    def test_dog_meets_cat_in_three_hops(self):
        r = k.run("--graph", self.graph, "-f", os.path.join(k.SRC, "graphs", "wordnet", "queries", "dog_to_cat.kgq"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("path (3 hops)", r.stdout)
        self.assertIn("dog.n.01 is a kind of domestic_animal.n.01", r.stdout)

    def test_antonyms_keep_their_words(self):
        rows = self.saved("opposites.kgq")
        self.assertEqual(rows[1:], [["cold.a.01", "hot.a.01", "hot / cold"], ["cold.a.02", "hot.a.03", "hot / cold"],
                                    ["hot.a.01", "cold.a.01", "hot / cold"], ["hot.a.03", "cold.a.02", "hot / cold"]])

    def test_words_are_aliases_for_entity_resolution(self):
        r = k.run("--graph", self.graph, "-c", "NEIGHBOURS OF 'gas pedal';")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("accelerator.n.01", r.stdout + r.stderr)


if __name__ == "__main__":
    k.main()
