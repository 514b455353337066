#!/usr/bin/env python3
"""Converts Princeton WordNet 3.0 (Debian's `wordnet-base`) into a kgq graph directory.

    python3 graphs/wordnet/convert.py OUTDIR [--wordnet /usr/share/wordnet]

Writes OUTDIR/nodes.csv and OUTDIR/edges.csv (neo4j-admin CSV, read by `kgq --graph OUTDIR`,
Kuzu, Neo4j), OUTDIR/kgq-meta.json (which property names a node, how each type reads) and
OUTDIR/pairs.txt / seeds.txt / meta.json for bench/ (fixed seed). Stdlib only; the same input
gives the same files.

One node per synset, labelled Synset and its part of speech (Noun, Verb, Adjective, Adverb);
`id` is the part-of-speech letter and the file offset (`n02084071`), `name` the sense name
`dog.n.01` (the synset's first word and its sense number in that word's index entry: unique, so
`PATH FROM 'dog.n.01' TO 'cat.n.01'` resolves exactly), `words` every word of the synset,
`lexname` its lexicographer file (`noun.animal`), `gloss` its definition.

One relationship per WordNet pointer, read in one direction only: each inverse pair is kept once
(HYPERNYM, not hyponym; PART_OF, not has-part) and a symmetric pointer (antonym, similar-to, also
see, verb group, derivation, attribute) once per pair. Pointers between two words rather than two
synsets keep the words in `from_word` / `to_word`.
"""
import csv
import json
import os
import random
import sys

SEED = 20261203
N_PAIRS = N_SEEDS = 100

POS_LABEL = {"n": "Noun", "v": "Verb", "a": "Adjective", "s": "Adjective", "r": "Adverb"}
FILES = (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r"))

# WordNet's lexicographer files, by number (lexnames(5WN)).
LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
    "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl",
]

# pointer symbol -> (type, symmetric); None drops the inverse of a kept pointer.
POINTERS = {
    "@": ("HYPERNYM", False), "@i": ("INSTANCE_OF", False), "~": None, "~i": None,
    "#m": ("MEMBER_OF", False), "#s": ("SUBSTANCE_OF", False), "#p": ("PART_OF", False),
    "%m": None, "%s": None, "%p": None,
    "!": ("ANTONYM", True), "=": ("ATTRIBUTE", True), "+": ("DERIVATIONALLY_RELATED", True),
    ";c": ("IN_TOPIC", False), ";r": ("IN_REGION", False), ";u": ("IN_USAGE", False),
    "-c": None, "-r": None, "-u": None,
    "*": ("ENTAILS", False), ">": ("CAUSES", False), "^": ("ALSO_SEE", True), "$": ("VERB_GROUP", True),
    "&": ("SIMILAR_TO", True), "<": ("PARTICIPLE_OF", False), "\\": ("PERTAINS_TO", False),
}

META = {
    "display": "name",
    "aliases": "words",
    "source": None,
    "time": None,
    "qualifiers": [],
    "verbs": {
        "HYPERNYM": "is a kind of", "INSTANCE_OF": "is an instance of", "MEMBER_OF": "is a member of",
        "SUBSTANCE_OF": "is a substance of", "PART_OF": "is part of", "ANTONYM": "is the opposite of",
        "ATTRIBUTE": "is an attribute value of", "DERIVATIONALLY_RELATED": "is a related form of",
        "IN_TOPIC": "belongs to the topic", "IN_REGION": "is used in the region",
        "IN_USAGE": "is a usage of", "ENTAILS": "entails", "CAUSES": "causes", "ALSO_SEE": "is related to",
        "VERB_GROUP": "is grouped with", "SIMILAR_TO": "is similar to", "PARTICIPLE_OF": "is a participle of",
        "PERTAINS_TO": "pertains to",
    },
}


def data_lines(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                yield line.rstrip("\n")


def word_of(raw):
    """`beautiful(a)` -> `beautiful`: adjectives may carry a syntactic marker."""
    if raw.endswith(")") and "(" in raw:
        raw = raw[:raw.index("(")]
    return raw.replace("_", " ")


def sense_numbers(wordnet):
    """(pos letter, offset) -> {lemma: sense number} from the index files."""
    senses = {}
    for fname, pos in FILES:
        for line in data_lines(os.path.join(wordnet, "index." + fname)):
            f = line.split()
            lemma, synset_cnt, p_cnt = f[0], int(f[2]), int(f[3])
            offsets = f[4 + p_cnt + 2:]
            assert len(offsets) == synset_cnt, line
            for i, off in enumerate(offsets, 1):
                senses.setdefault((pos, off), {})[lemma] = i
    return senses


def parse(wordnet):
    senses = sense_numbers(wordnet)
    nodes, pointers = [], []
    for fname, file_pos in FILES:
        for line in data_lines(os.path.join(wordnet, "data." + fname)):
            body, _, gloss = line.partition(" | ")
            f = body.split()
            offset, lexfile, ss_type, w_cnt = f[0], int(f[1]), f[2], int(f[3], 16)
            words = [f[4 + 2 * i] for i in range(w_cnt)]
            i = 4 + 2 * w_cnt
            p_cnt = int(f[i])
            i += 1
            sid = file_pos + offset
            first = word_of(words[0]).lower().replace(" ", "_")
            number = senses.get((file_pos, offset), {}).get(first, 1)
            name = f"{first}.{ss_type}.{number:02d}"
            nodes.append((sid, POS_LABEL[ss_type], name, [word_of(w) for w in words],
                          LEXNAMES[lexfile] if lexfile < len(LEXNAMES) else str(lexfile), gloss.strip(),
                          ss_type == "s"))
            for _ in range(p_cnt):
                sym, target, tpos, st = f[i], f[i + 1], f[i + 2], f[i + 3]
                i += 4
                kind = POINTERS.get(sym)
                if kind is None:
                    if sym not in POINTERS:
                        raise ValueError(f"data.{fname}: offset {offset}: unknown pointer {sym!r}")
                    continue
                src_w, dst_w = int(st[:2], 16), int(st[2:], 16)
                tfile = "a" if tpos == "s" else tpos
                pointers.append((sid, tfile + target, kind, src_w, dst_w))
    return nodes, pointers


def convert(wordnet, outdir):
    nodes, pointers = parse(wordnet)
    words_of = {n[0]: n[3] for n in nodes}
    os.makedirs(outdir, exist_ok=True)

    def write(name, header, rows):
        tmp = os.path.join(outdir, name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        os.replace(tmp, os.path.join(outdir, name))

    write("nodes.csv", ["id:ID", ":LABEL", "name", "words:string[]", "lexname", "gloss", "satellite:boolean"],
          ((sid, f"Synset;{label}", name, ";".join(ws), lex, gloss, "true" if sat else "false")
           for sid, label, name, ws, lex, gloss, sat in nodes))

    seen, edges = set(), []
    touched = set()
    for src, dst, (rtype, symmetric), sw, dw in pointers:
        if symmetric:
            key = (rtype, min((src, sw), (dst, dw)), max((src, sw), (dst, dw)))
            if key in seen:
                continue
            seen.add(key)
        fw = words_of[src][sw - 1] if sw else ""
        tw = words_of[dst][dw - 1] if dw else ""
        edges.append((src, dst, rtype, fw, tw))
        touched.add(src)
        touched.add(dst)
    write("edges.csv", [":START_ID", ":END_ID", ":TYPE", "from_word", "to_word"], edges)

    with open(os.path.join(outdir, "kgq-meta.json"), "w") as f:
        json.dump(META, f, indent=1)
        f.write("\n")

    rng = random.Random(SEED)
    live = sorted(touched)
    pairs = []
    while len(pairs) < N_PAIRS:
        a, b = rng.choice(live), rng.choice(live)
        if a != b:
            pairs.append((a, b))
    with open(os.path.join(outdir, "pairs.txt"), "w") as f:
        f.writelines(f"{a} {b}\n" for a, b in pairs)
    with open(os.path.join(outdir, "seeds.txt"), "w") as f:
        f.writelines(f"{s}\n" for s in rng.sample(live, N_SEEDS))
    types = {}
    for e in edges:
        types[e[2]] = types.get(e[2], 0) + 1
    labels = {}
    for n in nodes:
        labels[n[1]] = labels.get(n[1], 0) + 1
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump({"shape": "wordnet", "source": wordnet, "nodes": len(nodes), "edges": len(edges),
                   "labels": labels, "types": types, "seed": SEED, "generator_version": 1}, f, indent=1)
        f.write("\n")
    return len(nodes), len(edges)


def main(argv):
    args = argv[1:]
    wordnet = "/usr/share/wordnet"
    if "--wordnet" in args:
        i = args.index("--wordnet")
        wordnet = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.stderr.write(f"usage: {argv[0]} OUTDIR [--wordnet DIR]\n")
        return 2
    if not os.path.exists(os.path.join(wordnet, "data.noun")):
        sys.stderr.write(f"{wordnet}/data.noun not found: install Debian's wordnet-base "
                         "(apt-get install wordnet-base) or pass --wordnet DIR\n")
        return 1
    n, m = convert(wordnet, args[0])
    print(f"{args[0]}: {n} synsets, {m} relationships")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
