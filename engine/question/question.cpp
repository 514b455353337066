#include "question/question.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "exec/context.h"
#include "exec/traversal.h"
#include "question/narrate.h"
#include "question/resolve.h"

namespace kgq {

using ast::Question;

namespace {

// What every question shares: the relationship filter (VIA types, AS OF year,
// AVOIDed nodes, direction) and cancellation.
class QuestionContext {
 public:
  QuestionContext(const Question& q, Graph& g, const Limits& limits, const std::string& source,
                  const std::atomic<bool>* cancel, TraversalScratch* traversal, bool narrate)
      : q_(q), g_(g), source_(source), params_(), ctx_(g, params_, limits, cancel, traversal), narrate_(narrate) {
    for (const auto& t : q.via) {
      if (auto id = g.types().find(t)) viaTypes_.insert(*id);
      else unknownVia_ = true;
    }
    for (const auto& a : q.avoid) avoid_.insert(resolveEntity(g, a, source));
    sinceKey_ = g.keys().find("since");
    yearKey_ = g.keys().find("year");
    untilKey_ = g.keys().find("until");
  }

  NodeId resolve(const ast::EntityRef& e) { return resolveEntity(g_, e, source_); }

  bool validAsOf(RelId r) const {
    if (!q_.asOf) return true;
    auto y = *q_.asOf;
    auto at = [&](std::optional<KeyId> k) { return k ? g_.relValue(r, *k) : Value(); };
    for (auto k : {sinceKey_, yearKey_})
      if (Value v = at(k); v.isInt() && v.asInt() > y) return false;
    if (Value v = at(untilKey_); v.isInt() && v.asInt() <= y) return false;
    return true;
  }

  // The conditions beyond the relationship's type.
  bool relAllowed(RelId r) const {
    if (!validAsOf(r)) return false;
    const auto& rd = g_.rel(r);
    return !avoid_.count(rd.start) && !avoid_.count(rd.end);
  }

  TraversalFilter filter(ast::Direction dir) const {
    TraversalFilter f;
    f.dir = dir;
    if (!q_.via.empty()) {
      f.typed = true;
      f.types.assign(viaTypes_.begin(), viaTypes_.end());
    }
    // Left empty when nothing else is asked, so that searches take their unfiltered loops.
    if (q_.asOf || !avoid_.empty()) f.accept = [this](RelId r, TypeId) { return relAllowed(r); };
    return f;
  }

  // The conditions in words, for "no path ..." answers.
  std::string conditions() const {
    std::string s;
    if (q_.maxHops >= 0) s += " within " + std::to_string(q_.maxHops) + (q_.maxHops == 1 ? " hop" : " hops");
    if (!q_.via.empty()) {
      s += " via";
      for (std::size_t i = 0; i < q_.via.size(); ++i) s += (i ? "|" : " ") + q_.via[i];
    }
    if (!q_.avoid.empty()) s += " avoiding " + std::to_string(q_.avoid.size()) + " entit" + (q_.avoid.size() == 1 ? "y" : "ies");
    if (q_.dir != ast::Direction::Both) s += q_.dir == ast::Direction::Out ? " (directed)" : " (incoming)";
    if (q_.asOf) s += " as of " + std::to_string(*q_.asOf);
    return s;
  }

  bool isAvoided(NodeId n) const { return avoid_.count(n) > 0; }
  // Whether the answer needs its narrative lines (table output) or rows only.
  bool narrate() const { return narrate_; }
  const Question& q() const { return q_; }
  Graph& graph() { return g_; }
  ExecContext& exec() { return ctx_; }

 private:
  const Question& q_;
  Graph& g_;
  std::string source_;
  ValueMap params_;
  ExecContext ctx_;
  bool narrate_;
  std::unordered_set<TypeId> viaTypes_;
  bool unknownVia_ = false;
  std::unordered_set<NodeId> avoid_;
  std::optional<KeyId> sinceKey_, yearKey_, untilKey_;
};

bool pathLess(const PathValue& a, const PathValue& b) {
  if (a.rels.size() != b.rels.size()) return a.rels.size() < b.rels.size();
  if (a.nodes != b.nodes) return a.nodes < b.nodes;
  return a.rels < b.rels;
}

// Yen's algorithm: the k shortest simple paths, shortest first, ties by node ids.
std::vector<PathValue> topKPaths(QuestionContext& qc, NodeId s, NodeId t, int k) {
  const Question& q = qc.q();
  ShortestPathFinder finder(qc.graph(), &qc.exec(), qc.exec().traversal());
  auto base = qc.filter(q.dir);
  std::vector<PathValue> found;
  auto first = finder.shortest(s, t, base, q.maxHops);
  if (!first) return found;
  found.push_back(*first);
  std::set<PathValue, decltype(&pathLess)> candidates(&pathLess);
  while (static_cast<int>(found.size()) < k) {
    const PathValue prev = found.back();
    for (std::size_t i = 0; i < prev.rels.size(); ++i) {
      int budget = q.maxHops < 0 ? -1 : q.maxHops - static_cast<int>(i);
      if (budget == 0) break;
      NodeId spur = prev.nodes[i];
      std::unordered_set<RelId> removedRels;
      for (const auto& p : found)
        if (p.nodes.size() > i && std::equal(p.nodes.begin(), p.nodes.begin() + static_cast<long>(i) + 1,
                                             prev.nodes.begin()) &&
            std::equal(p.rels.begin(), p.rels.begin() + static_cast<long>(i), prev.rels.begin()))
          removedRels.insert(p.rels[i]);
      std::unordered_set<NodeId> removedNodes(prev.nodes.begin(), prev.nodes.begin() + static_cast<long>(i));
      TraversalFilter f = base;
      const Graph& g = qc.graph();
      f.accept = [&](RelId r, TypeId type) {  // f keeps base's types; only base's own accept is added
        if ((base.accept && !base.accept(r, type)) || removedRels.count(r)) return false;
        const auto& rd = g.rel(r);
        return !removedNodes.count(rd.start) && !removedNodes.count(rd.end);
      };
      auto spurPath = finder.shortest(spur, t, f, budget);
      if (!spurPath) continue;
      PathValue total;
      total.nodes.assign(prev.nodes.begin(), prev.nodes.begin() + static_cast<long>(i));
      total.rels.assign(prev.rels.begin(), prev.rels.begin() + static_cast<long>(i));
      total.nodes.insert(total.nodes.end(), spurPath->nodes.begin(), spurPath->nodes.end());
      total.rels.insert(total.rels.end(), spurPath->rels.begin(), spurPath->rels.end());
      if (std::find(found.begin(), found.end(), total) == found.end()) candidates.insert(std::move(total));
    }
    if (candidates.empty()) break;
    found.push_back(*candidates.begin());
    candidates.erase(candidates.begin());
  }
  // The first path is whichever the search met first; order ties as ALL SHORTEST does.
  std::stable_sort(found.begin(), found.end(), pathLess);
  return found;
}

void describePath(Narrator& say, const PathValue& p, const std::string& words, std::size_t index,
                  std::size_t total, std::vector<std::string>& lines) {
  std::string head = total > 1 ? "path " + std::to_string(index + 1) + " of " + std::to_string(total) : "path";
  lines.push_back(head + " (" + std::to_string(p.rels.size()) + (p.rels.size() == 1 ? " hop" : " hops") + "):");
  for (std::size_t i = 0; i < p.rels.size(); ++i) lines.push_back("  " + say.hopLine(p.nodes[i], p.rels[i]));
  lines.push_back("  in words: " + words);
}

QueryResult pathQuestion(QuestionContext& qc) {
  const Question& q = qc.q();
  Graph& g = qc.graph();
  NodeId s = qc.resolve(q.entities[0]), t = qc.resolve(q.entities[1]);
  std::vector<PathValue> paths;
  if (q.mode == ast::PathMode::TopK) {
    paths = topKPaths(qc, s, t, q.k);
  } else {
    ShortestPathFinder finder(g, &qc.exec(), qc.exec().traversal());
    if (q.mode == ast::PathMode::AllShortest) {
      paths = finder.allShortest(s, t, qc.filter(q.dir), q.maxHops, qc.exec().limits.maxRows + 1);
      qc.exec().checkRows(paths.size(), "ALL SHORTEST");
      std::sort(paths.begin(), paths.end(), pathLess);
    } else if (auto p = finder.shortest(s, t, qc.filter(q.dir), q.maxHops)) {
      paths.push_back(*p);
    }
  }
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"path", "length", "explanation"};
  if (paths.empty() && qc.narrate())
    r.narrative.push_back("no path from " + displayName(g, s) + " to " + displayName(g, t) + qc.conditions());
  Narrator say(g);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::string words = say.pathInWords(paths[i]);
    if (qc.narrate()) describePath(say, paths[i], words, i, paths.size(), r.narrative);
    r.rows.push_back({Value(paths[i]), Value(static_cast<std::int64_t>(paths[i].rels.size())), Value(std::move(words))});
  }
  return r;
}

QueryResult neighboursQuestion(QuestionContext& qc) {
  const Question& q = qc.q();
  Graph& g = qc.graph();
  NodeId centre = qc.resolve(q.entities[0]);
  std::vector<LabelId> labels;
  bool unknownLabel = false;
  for (const auto& l : q.labels) {
    if (auto id = g.labels().find(l)) labels.push_back(*id);
    else unknownLabel = true;
  }
  auto labelOk = [&](NodeId n) {
    if (q.labels.empty()) return true;
    for (auto l : labels)
      if (g.hasLabel(n, l)) return true;
    return false;
  };
  (void)unknownLabel;  // an unknown label simply matches no node
  std::unordered_map<NodeId, int> dist{{centre, 0}};
  std::vector<std::pair<NodeId, RelId>> order;  // node, relationship that reached it
  std::vector<NodeId> front{centre}, next;
  auto filter = qc.filter(q.dir);
  for (int depth = 0; depth < q.depth && !front.empty(); ++depth) {
    next.clear();
    for (NodeId u : front)
      forEachStep(g, u, filter, false, [&](Step st) {
        qc.exec().tick();
        if (dist.count(st.other) || !labelOk(st.other)) return;
        dist[st.other] = depth + 1;
        order.emplace_back(st.other, st.rel);
        next.push_back(st.other);
      });
    front.swap(next);
  }
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    if (dist[a.first] != dist[b.first]) return dist[a.first] < dist[b.first];
    return displayName(g, a.first) < displayName(g, b.first);
  });
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"node", "distance"};
  r.rows.push_back({Value(NodeRef{centre}), Value(std::int64_t{0})});
  for (const auto& [n, via] : order) r.rows.push_back({Value(NodeRef{n}), Value(static_cast<std::int64_t>(dist[n]))});
  // The relationships among the neighbourhood's nodes, whichever way they point.
  TraversalFilter among = qc.filter(ast::Direction::Out);
  std::set<RelId> rels;
  for (const auto& [n, d] : dist)
    forEachStep(g, n, among, false, [&](Step st) {
      if (dist.count(st.other)) rels.insert(st.rel);
    });
  r.extraRels.assign(rels.begin(), rels.end());
  if (!qc.narrate()) return r;
  std::string head = "neighbours of " + displayName(g, centre) + " within " + std::to_string(q.depth) +
                     (q.depth == 1 ? " hop" : " hops") + qc.conditions() + ": " + std::to_string(order.size()) +
                     (order.size() == 1 ? " node" : " nodes") + ", " + std::to_string(rels.size()) +
                     (rels.size() == 1 ? " relationship" : " relationships");
  r.narrative.push_back(head);
  for (const auto& [n, via] : order) {
    std::string line = "  " + std::to_string(dist[n]) + "  " + displayName(g, n);
    const auto& ls = g.node(n).labels;
    if (!ls.empty()) line += " (" + g.labels().name(ls[0]) + ")";
    r.narrative.push_back(line);
  }
  if (!rels.empty()) r.narrative.push_back("relationships:");
  Narrator say(g);
  for (RelId rel : rels) r.narrative.push_back("  " + say.hopLine(g.relStart(rel), rel));
  return r;
}

// CONNECT: a Steiner-tree approximation (Kou, Markowsky and Berman): shortest paths
// between the terminals, a minimum spanning tree over them, the union of those
// paths, a spanning tree of the union, then non-terminal leaves pruned.
QueryResult connectQuestion(QuestionContext& qc) {
  const Question& q = qc.q();
  Graph& g = qc.graph();
  std::vector<NodeId> terminals;
  for (const auto& e : q.entities) {
    NodeId n = qc.resolve(e);
    if (std::find(terminals.begin(), terminals.end(), n) == terminals.end()) terminals.push_back(n);
  }
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"from", "relationship", "to"};
  if (terminals.size() < 2) {
    r.narrative.push_back("CONNECT needs at least two different entities");
    return r;
  }
  ShortestPathFinder finder(g, &qc.exec(), qc.exec().traversal());
  auto filter = qc.filter(q.dir);
  std::size_t n = terminals.size();
  std::vector<std::vector<std::optional<PathValue>>> paths(n, std::vector<std::optional<PathValue>>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) paths[i][j] = finder.shortest(terminals[i], terminals[j], filter, q.maxHops);
  auto pathBetween = [&](std::size_t i, std::size_t j) -> const std::optional<PathValue>& {
    return i < j ? paths[i][j] : paths[j][i];
  };
  // Prim's minimum spanning tree over the terminals' distances.
  std::vector<bool> inTree(n, false);
  inTree[0] = true;
  std::set<RelId> unionRels;
  for (std::size_t added = 1; added < n; ++added) {
    std::size_t bestI = n, bestJ = n, bestLen = SIZE_MAX;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        if (inTree[i] && !inTree[j])
          if (const auto& p = pathBetween(i, j); p && p->rels.size() < bestLen) bestLen = p->rels.size(), bestI = i, bestJ = j;
    if (bestJ == n) {
      std::string missing;
      for (std::size_t j = 0; j < n; ++j)
        if (!inTree[j]) missing += (missing.empty() ? "" : ", ") + displayName(g, terminals[j]);
      r.narrative.push_back("no connection between " + displayName(g, terminals[0]) + " and " + missing +
                            qc.conditions());
      return r;
    }
    inTree[bestJ] = true;
    const auto& p = *pathBetween(bestI, bestJ);
    unionRels.insert(p.rels.begin(), p.rels.end());
  }
  // Spanning tree of the union by BFS from the first terminal, then prune.
  std::unordered_map<NodeId, std::vector<RelId>> adj;
  for (RelId rel : unionRels) {
    adj[g.relStart(rel)].push_back(rel);
    adj[g.relEnd(rel)].push_back(rel);
  }
  std::unordered_set<NodeId> seen{terminals[0]};
  std::vector<NodeId> front{terminals[0]};
  std::set<RelId> tree;
  while (!front.empty()) {
    NodeId u = front.back();
    front.pop_back();
    for (RelId rel : adj[u]) {
      NodeId v = g.relStart(rel) == u ? g.relEnd(rel) : g.relStart(rel);
      if (seen.insert(v).second) {
        tree.insert(rel);
        front.push_back(v);
      }
    }
  }
  std::unordered_set<NodeId> isTerminal(terminals.begin(), terminals.end());
  for (bool pruned = true; pruned;) {
    pruned = false;
    std::unordered_map<NodeId, int> degree;
    for (RelId rel : tree) ++degree[g.relStart(rel)], ++degree[g.relEnd(rel)];
    for (auto it = tree.begin(); it != tree.end();) {
      NodeId a = g.relStart(*it), b = g.relEnd(*it);
      bool leaf = (degree[a] == 1 && !isTerminal.count(a)) || (degree[b] == 1 && !isTerminal.count(b));
      if (leaf) {
        it = tree.erase(it);
        pruned = true;
      } else {
        ++it;
      }
    }
  }
  for (RelId rel : tree)
    r.rows.push_back({Value(NodeRef{g.relStart(rel)}), Value(RelRef{rel}), Value(NodeRef{g.relEnd(rel)})});
  if (!qc.narrate()) return r;
  std::string names;
  for (std::size_t i = 0; i < n; ++i) names += (i ? (i + 1 == n ? " and " : ", ") : "") + displayName(g, terminals[i]);
  r.narrative.push_back(names + " are joined by " + std::to_string(tree.size()) +
                        (tree.size() == 1 ? " relationship" : " relationships") + qc.conditions() + ":");
  Narrator say(g);
  for (RelId rel : tree) r.narrative.push_back("  " + say.hopLine(g.relStart(rel), rel));
  for (RelId rel : tree)
    r.narrative.push_back("  in words: " + say.pathInWords(PathValue{{g.relStart(rel), g.relEnd(rel)}, {rel}}));
  return r;
}

}  // namespace

QueryResult runQuestion(const Question& q, Graph& g, const Limits& limits, const std::string& source,
                        const std::atomic<bool>* cancel, TraversalScratch* traversal, bool narrate) {
  auto started = std::chrono::steady_clock::now();
  QuestionContext qc(q, g, limits, source, cancel, traversal, narrate);
  QueryResult r;
  switch (q.kind) {
    case ast::QuestionKind::Path: r = pathQuestion(qc); break;
    case ast::QuestionKind::Neighbours: r = neighboursQuestion(qc); break;
    case ast::QuestionKind::Connect: r = connectQuestion(qc); break;
  }
  r.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return r;
}

}  // namespace kgq
