"""End-to-end: the integrity of the default graph graphs/pakistan_belarus/.

The CSV files are read twice: with Python's csv module, and through kgq itself. The rules
come from graphs/pakistan_belarus/README.md, whose tables (node labels, relationship types
with their patterns, properties, file counts) are parsed here, so the README and the data
cannot drift apart.

Checks that need the source article look for it in <source-dir>/../shared/seed/ (CI copies
shared/ beside the clone); when it is absent they are skipped with a message.

Run: python3 test_graph_integrity.py <kgq-binary> <source-dir>
"""
import csv
import glob
import json
import os
import re
import unittest

import kgq_e2e as k

NGRAM = 8  # a description sharing this many consecutive words with the article counts as copied
SOURCE_RE = re.compile(r"^¶(\d+)(?:,¶(\d+))*$")
ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


def graph_dir():
    return os.path.join(k.SRC, "graphs", "pakistan_belarus")


def read_csv(name):
    with open(os.path.join(graph_dir(), name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def readme():
    with open(os.path.join(graph_dir(), "README.md"), encoding="utf-8") as f:
        return f.read()


def section(text, heading):
    """The text under a markdown heading, up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    m = re.search(r"^" + re.escape(heading) + r"\s*$", text, re.M)
    if not m:
        raise AssertionError("README has no section %r" % heading)
    rest = text[m.end():]
    end = re.search(r"^#{1,%d} " % level, rest, re.M)
    return rest[:end.start()] if end else rest


def table_rows(text):
    """Cells of the body rows of the markdown table(s) in text; '\\|' stays inside a cell."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|") or re.match(r"^\|[\s:|-]+\|$", line):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows.append(cells)
    return rows[1:] if rows else rows  # drop the header row


def backticked(cell):
    m = re.fullmatch(r"`([^`]+)`", cell)
    return m.group(1) if m else None


def documented_labels():
    return {backticked(r[0]) for r in table_rows(section(readme(), "### Node labels")) if backticked(r[0])}


def documented_types():
    """type -> (start labels, end labels) from the 'typical pattern' column."""
    out = {}
    for r in table_rows(section(readme(), "### Relationship types")):
        t = backticked(r[0])
        if not t:
            continue
        m = re.fullmatch(r"`?\(([^)]*)\)->\(([^)]*)\)`?", r[2])
        if not m:
            raise AssertionError("README: cannot read the pattern of %s: %r" % (t, r[2]))
        out[t] = (set(m.group(1).split("|")), set(m.group(2).split("|")))
    return out


def documented_keys(heading):
    return {backticked(r[0]) for r in table_rows(section(readme(), heading)) if backticked(r[0])}


def column_key(header):
    """'year:int' -> 'year', 'aliases:string[]' -> 'aliases', 'id:ID' -> 'id'; special columns -> None."""
    return None if header.startswith(":") else header.split(":")[0]


def find_article():
    seed = os.path.join(k.SRC, "..", "shared", "seed")
    for path in sorted(glob.glob(os.path.join(seed, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if "Lukashenko" in text and "Ryzhenkov" in text:
            return path, text
    return None, None


def paragraphs(text):
    return [ln for ln in text.splitlines() if ln.strip()]


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def ngrams(ws, n):
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def fold(s):
    return s.casefold().strip()


def squash(s):
    """A name with case, punctuation and spacing removed: catches near-duplicate entities."""
    return re.sub(r"[\W_]+", "", s.casefold())


class Fixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.nodes = read_csv("nodes.csv")
        cls.edges = read_csv("edges.csv")
        cls.by_id = {n["id:ID"]: n for n in cls.nodes}

    def names_of(self, node):
        out = [node["name"]]
        out += [a for a in (node.get("aliases:string[]") or "").split(";") if a]
        return out


class CsvIntegrity(Fixture):
    def test_node_ids_are_unique_snake_case(self):
        ids = [n["id:ID"] for n in self.nodes]
        self.assertEqual(len(ids), len(set(ids)), "duplicate node ids")
        for i in ids:
            self.assertRegex(i, ID_RE)

    def test_no_dangling_ids(self):
        for e in self.edges:
            for end in (":START_ID", ":END_ID"):
                self.assertIn(e[end], self.by_id, "relationship %s refers to unknown node %r" % (e, e[end]))

    def test_every_node_has_a_name_and_exactly_one_documented_label(self):
        labels = documented_labels()
        self.assertGreaterEqual(len(labels), 10, "could not read the label table of the README")
        for n in self.nodes:
            with self.subTest(node=n["id:ID"]):
                self.assertTrue(n["name"].strip(), "empty name")
                node_labels = [l for l in n[":LABEL"].split(";") if l]
                self.assertEqual(len(node_labels), 1, "the README promises exactly one label per node")
                self.assertIn(node_labels[0], labels, "label not documented in README.md")

    def test_every_node_has_a_description(self):
        for n in self.nodes:
            self.assertTrue((n.get("description") or "").strip(), "node %s has no description" % n["id:ID"])

    def test_every_relationship_type_is_documented_and_fits_its_pattern(self):
        types = documented_types()
        self.assertGreaterEqual(len(types), 10, "could not read the relationship table of the README")
        for e in self.edges:
            with self.subTest(rel="%s-%s->%s" % (e[":START_ID"], e[":TYPE"], e[":END_ID"])):
                self.assertIn(e[":TYPE"], types, "type not documented in README.md")
                if e[":START_ID"] not in self.by_id or e[":END_ID"] not in self.by_id:
                    continue  # reported by test_no_dangling_ids
                starts, ends = types[e[":TYPE"]]
                self.assertIn(self.by_id[e[":START_ID"]][":LABEL"], starts, "start label outside the documented pattern")
                self.assertIn(self.by_id[e[":END_ID"]][":LABEL"], ends, "end label outside the documented pattern")

    def test_every_column_is_a_documented_property(self):
        node_keys = documented_keys("### Node properties")
        rel_keys = documented_keys("### Relationship properties")
        for header in self.nodes[0].keys():
            key = column_key(header)
            if key:
                self.assertIn(key, node_keys, "nodes.csv column %r is not documented" % header)
        for header in self.edges[0].keys():
            key = column_key(header)
            if key:
                self.assertIn(key, rel_keys, "edges.csv column %r is not documented" % header)

    def test_every_relationship_has_a_well_formed_source(self):
        for e in self.edges:
            with self.subTest(rel="%s-%s->%s" % (e[":START_ID"], e[":TYPE"], e[":END_ID"])):
                self.assertRegex(e["source"] or "", SOURCE_RE)
                for n in re.findall(r"\d+", e["source"]):
                    self.assertGreaterEqual(int(n), 1)

    def test_no_duplicate_relationships(self):
        seen = set()
        for e in self.edges:
            key = (e[":START_ID"], e[":TYPE"], e[":END_ID"], e.get("role") or "")
            self.assertNotIn(key, seen, "duplicate relationship %s" % (key,))
            seen.add(key)

    def test_names_and_aliases_are_unique_across_nodes(self):
        owner = {}
        for n in self.nodes:
            for name in set(map(fold, self.names_of(n))):
                self.assertNotIn(name, owner, "%r names both %s and %s" % (name, owner.get(name), n["id:ID"]))
                owner[name] = n["id:ID"]

    def test_no_duplicate_entities_under_different_spellings(self):
        owner = {}
        for n in self.nodes:
            for name in set(map(squash, self.names_of(n))):
                self.assertNotIn(name, owner, "%s and %s look like the same entity (%r)" % (owner.get(name), n["id:ID"], name))
                owner[name] = n["id:ID"]
        descriptions = {}
        for n in self.nodes:
            d = squash(n["description"])
            self.assertNotIn(d, descriptions, "%s and %s share a description" % (descriptions.get(d), n["id:ID"]))
            descriptions[d] = n["id:ID"]

    def test_readme_counts_match_the_files(self):
        text = readme()
        m_nodes = re.search(r"`nodes\.csv`\s*\|\s*(\d+) nodes", text)
        m_rels = re.search(r"`edges\.csv`\s*\|\s*(\d+) relationships", text)
        self.assertIsNotNone(m_nodes, "README's file table gives no node count")
        self.assertIsNotNone(m_rels, "README's file table gives no relationship count")
        self.assertEqual(int(m_nodes.group(1)), len(self.nodes))
        self.assertEqual(int(m_rels.group(1)), len(self.edges))


class AgainstTheArticle(Fixture):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.path, cls.text = find_article()

    def setUp(self):
        if self.text is None:
            self.skipTest("source article not found in <source-dir>/../shared/seed/; skipping the checks against it")

    def test_sources_point_at_existing_paragraphs(self):
        count = len(paragraphs(self.text))
        for e in self.edges:
            for n in re.findall(r"\d+", e["source"] or ""):
                self.assertLessEqual(int(n), count, "%s-%s->%s cites ¶%s but the article has %d paragraphs"
                                     % (e[":START_ID"], e[":TYPE"], e[":END_ID"], n, count))

    def test_readme_states_the_paragraph_count(self):
        m = re.search(r"The article has (\d+) such paragraphs", readme())
        self.assertIsNotNone(m, "README does not state the number of paragraphs")
        self.assertEqual(int(m.group(1)), len(paragraphs(self.text)))

    def test_free_text_is_not_copied_from_the_article(self):
        article = ngrams(words(self.text), NGRAM)
        fields = [(n["id:ID"], "description", n["description"]) for n in self.nodes]
        for e in self.edges:
            rel = "%s-%s->%s" % (e[":START_ID"], e[":TYPE"], e[":END_ID"])
            fields += [(rel, "note", e.get("note") or ""), (rel, "role", e.get("role") or "")]
        for where, field, text in fields:
            shared = ngrams(words(text), NGRAM) & article
            self.assertFalse(shared, "%s %s shares %d+ consecutive words with the article: %r"
                             % (where, field, NGRAM, " ".join(sorted(shared)[0]) if shared else ""))


def kgq_csv(query):
    r = k.run("--graph", graph_dir(), "--format", "csv", "-c", query)
    if r.returncode != 0:
        raise AssertionError("kgq failed on %r:\n%s" % (query, r.stderr))
    return list(csv.reader(r.stdout.splitlines()))


def kgq_scalar(query):
    rows = kgq_csv(query)
    assert len(rows) == 2 and len(rows[1]) == 1, rows
    return rows[1][0]


class ThroughKgq(Fixture):
    def test_kgq_loads_every_row(self):
        self.assertEqual(int(kgq_scalar("MATCH (n) RETURN count(n)")), len(self.nodes))
        self.assertEqual(int(kgq_scalar("MATCH ()-[r]->() RETURN count(r)")), len(self.edges))

    def test_every_relationship_has_a_source(self):
        self.assertEqual(kgq_scalar("MATCH ()-[r]->() WHERE r.source IS NULL RETURN count(r)"), "0")
        self.assertEqual(kgq_scalar("MATCH ()-[r]->() WHERE NOT r.source =~ '¶[0-9]+(,¶[0-9]+)*' RETURN count(r)"), "0")

    def test_every_node_has_a_name(self):
        self.assertEqual(kgq_scalar("MATCH (n) WHERE n.name IS NULL OR trim(n.name) = '' RETURN count(n)"), "0")

    def test_labels_and_types_are_documented(self):
        labels = {row[0] for row in kgq_csv("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l")[1:]}
        self.assertLessEqual(labels, documented_labels())
        types = {row[0] for row in kgq_csv("MATCH ()-[r]->() RETURN DISTINCT type(r)")[1:]}
        self.assertLessEqual(types, set(documented_types()))

    def test_no_two_nodes_share_a_name(self):
        self.assertEqual(kgq_scalar("MATCH (a), (b) WHERE id(a) < id(b) AND toLower(a.name) = toLower(b.name) "
                                    "RETURN count(*)"), "0")

    def test_no_isolated_nodes(self):
        rows = kgq_csv("MATCH (n) WHERE NOT (n)--() RETURN n.name ORDER BY n.name")
        self.assertEqual(rows[1:], [], "nodes without any relationship")

    def test_every_name_and_alias_resolves_to_its_own_node(self):
        """What a reader types in PATH/NEIGHBOURS/CONNECT: each name and alias must find its node."""
        asked = []
        for n in self.nodes:
            for name in self.names_of(n):
                asked.append((name, n["id:ID"]))
        script = "".join('NEIGHBOURS OF "%s" DEPTH 0;\n' % name.replace("\\", "\\\\").replace('"', '\\"')
                         for name, _ in asked)
        r = k.run("--graph", graph_dir(), "--format", "json", stdin=script)
        self.assertEqual(r.returncode, 0, r.stderr)
        answers = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        self.assertEqual(len(answers), len(asked))
        for (name, node_id), doc in zip(asked, answers):
            self.assertEqual(doc["rows"][0][0]["properties"]["id"], node_id, "%r resolves to the wrong node" % name)

    def test_natural_short_names_resolve(self):
        """Short forms documented in the README ('Entity names')."""
        expected = {
            "Kashmir": "kashmir_issue", "Palestine": "palestine_issue", "Lukashenko": "lukashenko",
            "Ryzhenkov": "ryzhenkov", "SCO": "sco", "UN": "united_nations", "delegation": "belarusian_delegation",
            "Lukashenko visit": "lukashenko_visit", "Kashmir talks": "kashmir_talks",
            "Pakistan-Belarus relations": "pakistan_belarus_relations", "visa agreement": "visa_abolition_agreement_2023",
            "Islamabad": "islamabad", "Islamabad Declaration": "islamabad_declaration_2015", "Treaty": "treaty_friendship_2015",
            "Kashmiris": "kashmiris", "Palestinians": "palestinians", "NUML": "numl", "recognition": "recognition_1991",
        }
        script = "".join('NEIGHBOURS OF "%s" DEPTH 0;\n' % name for name in expected)
        r = k.run("--graph", graph_dir(), "--format", "json", stdin=script)
        self.assertEqual(r.returncode, 0, r.stderr)
        answers = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        got = {name: doc["rows"][0][0]["properties"]["id"] for name, doc in zip(expected, answers)}
        self.assertEqual(got, expected)


if __name__ == "__main__":
    k.main()
