#include "binder/cartesian.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <numeric>
#include <vector>

#include "binder/bound_expr.h"
#include "graph/graph.h"

namespace kgq {

using namespace ast;

namespace {

// Slots whose property a top-level equality of WHERE (`n.key = value`, `value = n.key`) pins.
void pinnedByWhere(const bound::Expr* e, std::set<int>& out) {
  using K = bound::ExprKind;
  if (!e) return;
  if (e->kind == K::Binary && e->op == Op::And) {
    pinnedByWhere(e->args[0].get(), out);
    pinnedByWhere(e->args[1].get(), out);
    return;
  }
  if (e->kind != K::Binary || (e->op != Op::Eq && e->op != Op::In)) return;
  for (const auto& side : e->args)
    if (side->kind == K::Property && side->args[0]->kind == K::Variable) out.insert(side->args[0]->slot);
}

double nodeEstimate(const NodePattern& n, const Graph* g, const std::set<int>& pinned) {
  if (!n.props.empty() || pinned.count(n.slot)) return 1;
  if (!g) return 1;
  double best = static_cast<double>(g->liveNodeCount());
  for (const auto& label : n.labels) {
    auto id = g->labels().find(label);
    best = std::min(best, id ? static_cast<double>(g->nodesWithLabel(*id).size()) : 0.0);
  }
  return best;
}

std::string partText(const PatternPart& p) {
  const auto& n = p.nodes.front();
  std::string s = "(" + n.var;
  for (const auto& l : n.labels) s += ":" + l;
  s += ")";
  if (!p.rels.empty()) s += "-...";
  return s;
}

}  // namespace

ProductEstimate checkCartesianProduct(const MatchClause& m, const std::set<int>& bound, double rowsBefore,
                                      const Graph* graph, const std::string& source, Notifications& out) {
  const auto& parts = m.pattern;
  // Union-find over the parts: two parts join when they share a slot; every part that reads
  // an earlier clause's variable joins the one group of "the rows so far" (index parts.size()).
  const std::size_t before = parts.size();
  std::vector<std::size_t> parent(parts.size() + 1);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  std::vector<std::set<int>> slots;
  for (const auto& p : parts) {
    std::set<int> s;
    for (const auto& n : p.nodes) s.insert(n.slot);
    for (const auto& r : p.rels) s.insert(r.slot);
    slots.push_back(std::move(s));
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (int s : slots[i])
      if (bound.count(s)) parent[find(i)] = find(before);
    for (std::size_t j = 0; j < i; ++j)
      if (std::any_of(slots[i].begin(), slots[i].end(), [&](int s) { return slots[j].count(s) > 0; }))
        parent[find(i)] = find(j);
  }

  std::set<int> pinned;
  pinnedByWhere(bound::of(m.where), pinned);
  for (const auto& p : parts)
    for (const auto& n : p.nodes) pinnedByWhere(bound::of(n.where), pinned);
  double degree = graph && graph->liveNodeCount() ? static_cast<double>(graph->liveRelCount()) /
                                                        static_cast<double>(graph->liveNodeCount())
                                                  : 1.0;
  degree = std::max(degree, 1.0);
  auto hopsOf = [](const PatternPart& p) {
    double hops = 0;
    for (const auto& r : p.rels) hops += r.varLength ? std::max(r.minHops, 1) : 1;
    return hops;
  };

  // The sides that are paired: the rows so far (when some group joins them, or they are more
  // than one row), then each group of parts that shares nothing with them, in the order written.
  struct Side {
    double rows;
    std::size_t part;  // its first part; `before` for the rows so far
  };
  std::vector<Side> sides;
  double joined = 1;  // what the groups that read earlier variables multiply the rows so far by
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::size_t r = find(i);
    if (r == find(before)) {
      joined = std::max(joined, std::pow(degree, hopsOf(parts[i])));
      continue;
    }
    if (std::find(roots.begin(), roots.end(), r) != roots.end()) continue;
    roots.push_back(r);
    double rows = 0;
    for (std::size_t j = i; j < parts.size(); ++j) {
      if (find(j) != r) continue;
      double start = 1e300;
      for (const auto& n : parts[j].nodes) start = std::min(start, nodeEstimate(n, graph, pinned));
      double part = start * std::pow(degree, hopsOf(parts[j]));
      rows = rows == 0 ? part : std::min(rows, part);  // parts of a group share a variable: the tighter one
    }
    sides.push_back(Side{std::max(rows, 1.0), i});
  }
  ProductEstimate result;
  result.rowsAfter = rowsBefore * joined;
  for (const auto& side : sides) result.rowsAfter *= side.rows;
  if (sides.empty()) return result;
  sides.insert(sides.begin(), Side{rowsBefore * joined, before});
  std::size_t large = std::count_if(sides.begin(), sides.end(), [](const Side& x) { return x.rows > 1.5; });
  if (large < 2) return result;
  result.product = result.rowsAfter;

  std::vector<std::string> names;
  for (const auto& side : sides)
    if (side.rows > 1.5 || side.part != before)
      names.push_back(side.part == before ? "the clauses before it" : "`" + partText(parts[side.part]) + "`");
  std::string list;
  for (std::size_t i = 0; i < names.size() && i < 4; ++i)
    list += (i ? (i + 1 == names.size() ? " and " : ", ") : "") + names[i];
  if (names.size() > 4) list += " and " + std::to_string(names.size() - 4) + " more";
  // The caret: the first group that is paired with something before it.
  const Side& at = sides[0].rows > 1.5 ? sides[1] : sides[2];
  char estimate[64];
  std::snprintf(estimate, sizeof estimate, "%.3g", result.product);
  out.push_back(Notification{NotificationKind::CartesianProduct,
                             "this MATCH pairs the rows of " + list +
                                 ", which share no variable (a cartesian product of about " + estimate + " rows)",
                             SourcePos{source, parts[at.part].pos.line, parts[at.part].pos.column, {}},
                             "connect the patterns with a relationship, or filter each one before pairing them"});
  return result;
}

}  // namespace kgq
