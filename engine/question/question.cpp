#include "question/question.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "exec/context.h"
#include "exec/traversal.h"
#include "format/format.h"
#include "planner/names.h"
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
      if (auto id = plan::idOf(t, g.types())) viaTypes_.insert(*id);
      else unknownVia_ = true;
    }
    for (const auto& a : q.avoid) avoid_.insert(resolveEntity(g, a, source));
    const GraphMeta& meta = g.meta();
    if (q.asOf && !meta.hasTimeKeys())
      throw SemanticError("AS OF needs to know which relationship properties give time, and this graph declares none",
                          SourcePos{source, q.pos.line, q.pos.column, {}},
                          "declare them under \"time\" in the graph's kgq-meta.json (see docs/graph-metadata.md)");
    auto keyOf = [&](const std::string& name) { return name.empty() ? std::nullopt : g.keys().find(name); };
    fromKey_ = keyOf(meta.validFromKey);
    atKey_ = keyOf(meta.pointInTimeKey);
    untilKey_ = keyOf(meta.validUntilKey);
  }

  NodeId resolve(const ast::EntityRef& e) { return resolveEntity(g_, e, source_); }

  bool validAsOf(RelId r) const {
    if (!q_.asOf) return true;
    const ast::AsOfTime& when = *q_.asOf;
    auto at = [&](std::optional<KeyId> k) { return k ? calendarPointOf(g_.relValue(r, *k)) : std::nullopt; };
    for (auto k : {fromKey_, atKey_})
      if (auto t = at(k); t && compareCalendarPoints(*t, when) > 0) return false;
    if (auto t = at(untilKey_); t && compareCalendarPoints(*t, when) <= 0) return false;
    return true;
  }

  // Whether any of the metadata's time keys dates `r`.
  bool dated(RelId r) const {
    for (auto k : {fromKey_, atKey_, untilKey_})
      if (k && calendarPointOf(g_.relValue(r, *k))) return true;
    return false;
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
    if (q_.asOf) s += " as of " + q_.asOf->text;
    if (!q_.weightKey.empty()) s += " over relationships with a " + q_.weightKey;
    return s;
  }

  const std::string& source() const { return source_; }
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
  std::optional<KeyId> fromKey_, atKey_, untilKey_;
};

void describePath(Narrator& say, const PathValue& p, const std::string& words, std::size_t index,
                  std::size_t total, const std::optional<double>& cost, std::vector<std::string>& lines) {
  std::string head = total > 1 ? "path " + std::to_string(index + 1) + " of " + std::to_string(total) : "path";
  std::string hops = std::to_string(p.rels.size()) + (p.rels.size() == 1 ? " hop" : " hops");
  if (cost) hops += ", cost " + formatFloat(*cost);
  lines.push_back(head + " (" + hops + "):");
  for (std::size_t i = 0; i < p.rels.size(); ++i) lines.push_back("  " + say.hopLine(p.nodes[i], p.rels[i]));
  lines.push_back("  in words: " + words);
}

QueryResult pathQuestion(QuestionContext& qc) {
  const Question& q = qc.q();
  Graph& g = qc.graph();
  NodeId s = qc.resolve(q.entities[0]), t = qc.resolve(q.entities[1]);
  std::vector<PathValue> paths;
  ShortestPathFinder finder(g, &qc.exec(), qc.exec().traversal());
  std::optional<EdgeWeight> weight;
  if (!q.weightKey.empty()) {
    if (!g.keys().find(q.weightKey))
      throw SemanticError("no relationship has the property `" + q.weightKey + "` to weigh paths by",
                          SourcePos{qc.source(), q.weightPos.line, q.weightPos.column, {}},
                          "`:schema` lists the relationship property keys");
    weight.emplace(g, q.weightKey);
  }
  if (q.mode == ast::PathMode::TopK) {
    paths = finder.topK(s, t, qc.filter(q.dir), q.maxHops, q.k, weight ? &*weight : nullptr);
  } else if (weight) {
    if (auto p = finder.cheapest(s, t, qc.filter(q.dir), *weight)) paths.push_back(std::move(p->path));
  } else {
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
  r.focus = {s, t};
  if (weight) r.columns.insert(r.columns.begin() + 2, "cost");
  if (paths.empty() && qc.narrate())
    r.narrative.push_back("no path from " + displayName(g, s) + " to " + displayName(g, t) + qc.conditions());
  Narrator say(g);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::string words = say.pathInWords(paths[i]);
    std::optional<double> cost;
    if (weight) cost = weight->cost(paths[i]);
    if (qc.narrate()) describePath(say, paths[i], words, i, paths.size(), cost, r.narrative);
    Row row{Value(paths[i]), Value(static_cast<std::int64_t>(paths[i].rels.size()))};
    if (cost) row.push_back(Value(*cost));
    row.push_back(Value(std::move(words)));
    r.rows.push_back(std::move(row));
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
    if (auto id = plan::idOf(l, g.labels())) labels.push_back(*id);
    else unknownLabel = true;
  }
  auto labelOk = [&](NodeId n) {
    if (q.labels.empty()) return true;
    for (auto l : labels)
      if (g.hasLabel(n, l)) return true;
    return false;
  };
  (void)unknownLabel;  // an unknown label simply matches no node
  Neighbourhood hood =
      neighbourhood(g, &qc.exec(), qc.exec().traversal(), centre, qc.filter(q.dir), q.depth, labelOk, q.withLinks);
  // The centre first, then by distance and name.
  auto& order = hood.nodes;
  std::stable_sort(order.begin() + 1, order.end(), [&](const auto& a, const auto& b) {
    if (a.dist != b.dist) return a.dist < b.dist;
    return displayName(g, a.node) < displayName(g, b.node);
  });
  QueryResult r;
  r.hasReturn = true;
  r.columns = {"node", "distance"};
  for (const auto& [n, dist] : order) {
    r.rows.push_back({Value(NodeRef{n}), Value(static_cast<std::int64_t>(dist))});
    r.hops.emplace_back(n, dist);
  }
  r.focus = {centre};
  const auto& rels = hood.rels;
  r.extraRels = rels;
  if (!qc.narrate()) return r;
  std::string head = "neighbours of " + displayName(g, centre) + " within " + std::to_string(q.depth) +
                     (q.depth == 1 ? " hop" : " hops") + qc.conditions() + ": " + std::to_string(order.size() - 1) +
                     (order.size() == 2 ? " node" : " nodes") + ", " + std::to_string(rels.size()) +
                     (rels.size() == 1 ? " relationship" : " relationships");
  r.narrative.push_back(head);
  auto labelled = [&](NodeId n) {
    std::string s = displayName(g, n);
    const auto& ls = g.node(n).labels;
    if (!ls.empty()) s += " (" + g.labels().name(ls[0]) + ")";
    return s;
  };
  // The centre's own facts: what it is before what surrounds it.
  std::string facts;
  for (const auto& [key, value] : g.nodeProperties(centre))
    if (key != g.nameKey() && key != g.aliasesKey())
      facts += (facts.empty() ? "" : "; ") + g.keys().name(key) + ": " + renderCell(value, g);
  r.narrative.push_back("  " + labelled(centre) + (facts.empty() ? "" : " - " + facts));
  // Each neighbour with the spokes that join it to the level nearer the centre.
  std::unordered_map<NodeId, int> dist;
  for (const auto& [n, d] : order) dist[n] = d;
  std::unordered_map<NodeId, std::vector<RelId>> spokes;
  std::vector<RelId> links;
  for (RelId rel : rels) {
    int a = dist[g.relStart(rel)], b = dist[g.relEnd(rel)];
    if (a - b == 1 || b - a == 1) spokes[a > b ? g.relStart(rel) : g.relEnd(rel)].push_back(rel);
    else links.push_back(rel);
  }
  Narrator say(g);
  for (std::size_t i = 1; i < order.size(); ++i) {
    NodeId n = order[i].node;
    r.narrative.push_back("  " + std::to_string(order[i].dist) + "  " + labelled(n));
    for (RelId rel : spokes[n]) r.narrative.push_back("       " + say.hopLine(g.relStart(rel), rel));
  }
  if (!links.empty()) r.narrative.push_back("links among the neighbours:");
  for (RelId rel : links) r.narrative.push_back("  " + say.hopLine(g.relStart(rel), rel));
  return r;
}

// CONNECT: the small tree of ShortestPathFinder::connect, relationship by relationship.
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
  r.focus = terminals;
  if (terminals.size() < 2) {
    r.narrative.push_back("CONNECT needs at least two different entities");
    return r;
  }
  ShortestPathFinder finder(g, &qc.exec(), qc.exec().traversal());
  auto joined = finder.connect(terminals, qc.filter(q.dir), q.maxHops);
  if (!joined.unjoined.empty()) {
    std::string missing;
    for (std::size_t j : joined.unjoined) missing += (missing.empty() ? "" : ", ") + displayName(g, terminals[j]);
    r.narrative.push_back("no connection between " + displayName(g, terminals[0]) + " and " + missing +
                          qc.conditions());
    return r;
  }
  const auto& tree = joined.rels;
  std::size_t n = terminals.size();
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
  // AS OF keeps undated relationships: an answer resting on them says so.
  if (q.asOf && narrate) {
    std::unordered_set<RelId> rels(r.extraRels.begin(), r.extraRels.end());
    for (const auto& row : r.rows)
      for (const auto& v : row) {
        if (v.isRel()) rels.insert(v.asRel());
        if (v.isPath()) rels.insert(v.asPath().rels.begin(), v.asPath().rels.end());
      }
    std::size_t undated = 0;
    for (RelId rel : rels) undated += qc.dated(rel) ? 0 : 1;
    if (undated > 0)
      r.narrative.push_back("note: " + std::to_string(undated) + " of the " + std::to_string(rels.size()) +
                            (rels.size() == 1 ? " relationship" : " relationships") +
                            " in this answer " + (undated == 1 ? "carries" : "carry") + " no date; AS OF " +
                            q.asOf->text +
                            (undated == 1 ? " counts it as valid" : " counts them as valid"));
  }
  r.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return r;
}

}  // namespace kgq
