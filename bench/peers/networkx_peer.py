#!/usr/bin/python3
"""networkx peer for the kgq benchmark (Debian python3-networkx).

    /usr/bin/python3 bench/peers/networkx_peer.py DATADIR [--verify-w3]

Loads the CSVs into one nx.MultiGraph (undirected, so parallel relationships and self-loops
survive; each edge keeps type, since and its start node `src` for the directed W4), then:
  W2  nx.shortest_path_length(G, s, t) per pair: unweighted -> bidirectional BFS; -1 = no path
  W3  distinct nodes within 2 hops, openCypher MATCH (a)-[*1..2]-(b) count(DISTINCT b)
      semantics: every b != a within 2 hops, plus a iff a self-loop or >= 2 relationships
      between a and one neighbour (a closed trail of length <= 2)
  W4  count of KNOWS relationships Person->Person with start.year > end.year (on another
      schema, meta.json's W4 type and labels, and the fourth node column)
--verify-w3 checks that W3 rule against brute-force trail enumeration for every node.
Prints one JSON object (see common.Report) on stdout.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import networkx as nx  # noqa: E402

from common import Report, read_edges, read_nodes, read_pairs, read_schema, read_seeds  # noqa: E402


def load(d):
    G = nx.MultiGraph()
    G.add_nodes_from((i, {"label": lab, "name": name, "year": year}) for i, lab, name, year in read_nodes(d))
    G.add_edges_from((s, t, {"type": ty, "since": since, "src": s}) for s, t, ty, since in read_edges(d))
    return G


def two_hop(G, a):
    adj = G.adj
    closed = False
    seen = {a}
    frontier = []
    for x, keys in adj[a].items():
        if x == a or len(keys) >= 2:
            closed = True
        if x != a:
            seen.add(x)
            frontier.append(x)
    for x in frontier:
        seen.update(adj[x])
    return len(seen) - 1 + (1 if closed else 0)


def two_hop_brute(G, a):
    """Ends of all trails of length 1..2 from a (relationships distinct), as openCypher matches."""
    adj = G.adj
    ends = set()
    for x, kd in adj[a].items():
        for k1 in kd:
            e1 = (frozenset((a, x)), k1)
            ends.add(x)
            for y, kd2 in adj[x].items():
                for k2 in kd2:
                    if (frozenset((x, y)), k2) != e1:
                        ends.add(y)
    return len(ends)


def main():
    d = sys.argv[1]
    rep = Report("networkx", nx.__version__)
    pairs, seeds = read_pairs(d), read_seeds(d)
    holder = {}

    def w1():
        holder["G"] = load(d)
        G = holder["G"]
        return G.number_of_nodes() + G.number_of_edges(), None

    rep.run("W1", w1)
    G = holder["G"]

    def w2():
        out = []
        for s, t in pairs:
            try:
                out.append(nx.shortest_path_length(G, s, t))
            except nx.NetworkXNoPath:
                out.append(-1)
        return sum(out), out

    def w3():
        out = [two_hop(G, a) for a in seeds]
        return sum(out), out

    la, ty, lb = read_schema(d)

    def w4():
        nodes = G.nodes
        n = 0
        for u, v, data in G.edges(data=True):
            if data["type"] != ty:
                continue
            s = data["src"]
            t = v if s == u else u
            ns, nt = nodes[s], nodes[t]
            if ns["label"] == la and nt["label"] == lb and ns["year"] > nt["year"]:
                n += 1
        return n, None

    rep.run("W2", w2)
    rep.run("W3", w3)
    rep.run("W4", w4)
    if "--verify-w3" in sys.argv[2:]:
        bad = [a for a in G.nodes if two_hop(G, a) != two_hop_brute(G, a)]
        rep.out["verify_w3"] = {"nodes_checked": G.number_of_nodes(), "mismatches": bad[:20],
                                "ok": not bad}
        sys.stderr.write(f"networkx W3 rule vs brute force on {G.number_of_nodes()} nodes: "
                         f"{'OK' if not bad else str(len(bad)) + ' MISMATCHES'}\n")
    rep.dump()


if __name__ == "__main__":
    main()
