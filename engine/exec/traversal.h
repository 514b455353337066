// Breadth-first traversal helpers shared by shortest-path operators and the
// question statements: neighbour iteration under a type/direction filter and
// shortest paths by (bidirectional) BFS. Distances are kept in generation-stamped
// arrays so that repeated searches on a large graph cost only what they visit.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "ast/ast.h"
#include "graph/graph.h"

namespace kgq {

class ExecContext;

struct Step {
  RelId rel;
  NodeId other;
};

// Which relationships a traversal may follow. `accept` may be empty.
struct TraversalFilter {
  ast::Direction dir = ast::Direction::Both;
  std::function<bool(RelId, TypeId)> accept;
};

inline AdjDirection adjDirection(ast::Direction d) {
  return d == ast::Direction::Out ? AdjDirection::Out : d == ast::Direction::In ? AdjDirection::In : AdjDirection::Both;
}

// Calls f(Step) for every relationship of `n` the filter allows. `reverse`
// walks against the filter's direction (for the backward half of a search).
template <typename F>
void forEachStep(const Graph& graph, NodeId n, const TraversalFilter& filter, bool reverse, F&& f) {
  auto dir = filter.dir;
  if (reverse && dir != ast::Direction::Both) dir = dir == ast::Direction::Out ? ast::Direction::In : ast::Direction::Out;
  AdjCursor cursor = graph.adjacency(n, adjDirection(dir));
  AdjEntry e;
  while (cursor.next(e))
    if (!filter.accept || filter.accept(e.rel, e.type)) f(Step{e.rel, e.other});
}

// Reusable per-node scratch: a value per node valid only for the current generation.
class NodeMarks {
 public:
  void begin(std::size_t nodeCount);
  bool seen(NodeId n) const { return n < stamp_.size() && stamp_[n] == gen_; }
  void mark(NodeId n, int dist, RelId viaRel, NodeId viaNode);
  int dist(NodeId n) const { return dist_[n]; }
  RelId viaRel(NodeId n) const { return rel_[n]; }
  NodeId viaNode(NodeId n) const { return prev_[n]; }

 private:
  std::vector<std::uint32_t> stamp_;
  std::vector<int> dist_;
  std::vector<RelId> rel_;
  std::vector<NodeId> prev_;
  std::uint32_t gen_ = 0;
};

class ShortestPathFinder {
 public:
  ShortestPathFinder(const Graph& graph, ExecContext* ctx) : graph_(graph), ctx_(ctx) {}
  // One shortest path from s to t of at most maxHops (-1 = any), by bidirectional BFS.
  std::optional<PathValue> shortest(NodeId s, NodeId t, const TraversalFilter& filter, int maxHops);
  // Every shortest path from s to t (at most `limit`).
  std::vector<PathValue> allShortest(NodeId s, NodeId t, const TraversalFilter& filter, int maxHops,
                                     std::size_t limit);

 private:
  const Graph& graph_;
  ExecContext* ctx_;
  NodeMarks fwd_, bwd_;
};

}  // namespace kgq
