#include "io/subgraph.h"

#include <algorithm>

namespace kgq {

namespace {
void collect(const Value& v, std::vector<NodeId>& nodes, std::vector<RelId>& rels) {
  switch (v.type()) {
    case ValueType::Node: nodes.push_back(v.asNode()); break;
    case ValueType::Rel: rels.push_back(v.asRel()); break;
    case ValueType::Path:
      nodes.insert(nodes.end(), v.asPath().nodes.begin(), v.asPath().nodes.end());
      rels.insert(rels.end(), v.asPath().rels.begin(), v.asPath().rels.end());
      break;
    case ValueType::List:
      for (const auto& e : v.asList()) collect(e, nodes, rels);
      break;
    case ValueType::Map:
      for (const auto& [k, e] : v.asMap()) collect(e, nodes, rels);
      break;
    default: break;
  }
}

template <typename T>
void sortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}
}  // namespace

Subgraph subgraphOf(const QueryResult& r, const Graph& g) {
  Subgraph s;
  for (const auto& row : r.rows)
    for (const auto& v : row) collect(v, s.nodes, s.rels);
  s.rels.insert(s.rels.end(), r.extraRels.begin(), r.extraRels.end());
  for (RelId rel : s.rels) {
    s.nodes.push_back(g.relStart(rel));
    s.nodes.push_back(g.relEnd(rel));
  }
  sortUnique(s.nodes);
  sortUnique(s.rels);
  auto inside = [&](NodeId n) { return std::binary_search(s.nodes.begin(), s.nodes.end(), n); };
  for (NodeId n : r.focus)
    if (inside(n) && std::find(s.focus.begin(), s.focus.end(), n) == s.focus.end()) s.focus.push_back(n);
  for (const auto& h : r.hops)
    if (inside(h.first)) s.hops.push_back(h);
  return s;
}

Subgraph wholeGraph(const Graph& g) {
  Subgraph s;
  s.nodes.reserve(g.liveNodeCount());
  for (std::size_t i = 0; i < g.nodeCount(); ++i)
    if (g.nodeAlive(static_cast<NodeId>(i))) s.nodes.push_back(static_cast<NodeId>(i));
  s.rels.reserve(g.liveRelCount());
  for (std::size_t i = 0; i < g.relCount(); ++i)
    if (g.relAlive(static_cast<RelId>(i))) s.rels.push_back(static_cast<RelId>(i));
  return s;
}

}  // namespace kgq
