#include "exec/traversal.h"

#include <limits>

#include "exec/context.h"

namespace kgq {

Adjacency::Adjacency(const Graph& g) : graph_(g) {
  if (g.relCount() != g.snapshotRels()) return;
  const CsrGraph& csr = g.snapshot();
  direct_ = true;
  csrNodes_ = boost::num_vertices(csr);
  if (csrNodes_ == 0) return;
  outStart_ = csr.m_forward.m_rowstart.data();
  outTarget_ = csr.m_forward.m_column.data();
  outProps_ = csr.m_forward.m_edge_properties.data();
  inStart_ = csr.m_backward.m_rowstart.data();
  inSource_ = csr.m_backward.m_column.data();
  inEdge_ = csr.m_backward.m_edge_properties.data();
}

void NodeMarks::reserve(std::size_t nodeCount) {
  if (stamp_.size() < nodeCount) {
    stamp_.resize(nodeCount, 0);
    data_.resize(nodeCount);
  }
}

void NodeMarks::begin(std::size_t nodeCount, std::uint32_t sides) {
  reserve(nodeCount);
  // Stamps below base_ are older searches'; 0 is never a live stamp.
  std::uint64_t next = std::uint64_t{base_} + sides_;
  if (next + sides > std::numeric_limits<std::uint32_t>::max()) {  // after ~4 billion searches
    std::fill(stamp_.begin(), stamp_.end(), 0);
    next = 1;
  }
  base_ = static_cast<std::uint32_t>(next);
  sides_ = sides;
}

void ShortestPathFinder::tick() {
  if (ctx_) ctx_->tick();
}

// Expands one whole level of one side (`front` or `back` of the scratch).
// Stops at the first relationship that reaches the other side's tree: until
// then the two trees are disjoint, so every meeting in this level gives a path
// of the same, shortest, length and the first is as good as any.
template <bool Open>
bool ShortestPathFinder::expandLevel(const Adjacency& adj, const TraversalFilter& filter, bool forward, int depth,
                                     Meet& meet, std::size_t& volume) {
  auto& front = forward ? scratch_.front : scratch_.back;
  auto& next = scratch_.next;
  NodeMarks& marks = scratch_.marks;
  std::uint32_t mine = forward ? kForward : kBackward, theirs = forward ? kBackward : kForward;
  AdjDirection dir = adjDirection(filter.dir);
  if (!forward) dir = reversed(dir);
  next.clear();
  volume = 0;
  for (NodeId u : front) {
    tick();
    bool more = adj.forEach(u, dir, [&](NodeId other, auto edge) {
      if constexpr (!Open) {
        EdgeData d = edge();
        if (!filter.allows(d.id, d.type)) return true;
      }
      std::uint32_t side = marks.sideOf(other);
      if (side == mine) return true;
      if (side == theirs) {
        meet = Meet{u, other, edge().id, forward};
        return false;
      }
      marks.mark(other, depth + 1, edge.ref(), u, mine);  // the ref: stitch() resolves the few it needs
      next.push_back(other);
      volume += adj.degree(other, dir);
      return true;
    });
    if (!more) return true;
  }
  front.swap(next);
  return false;
}

// Expands one side a whole level at a time: the side whose frontier has fewer
// relationships to follow (ties: forward). On skewed graphs that keeps the search
// off the hubs for as long as the other side is cheaper; counting nodes instead
// (as networkx does) was about 25% slower on the benchmark graph.
template <bool Open>
std::optional<ShortestPathFinder::Meet> ShortestPathFinder::search(const Adjacency& adj, NodeId s, NodeId t,
                                                                   const TraversalFilter& filter, int limit) {
  auto& sc = scratch_;
  sc.marks.begin(graph_.nodeCount(), 2);
  sc.marks.mark(s, 0, 0, s, kForward);
  sc.marks.mark(t, 0, 0, t, kBackward);
  sc.front.assign(1, s);
  sc.back.assign(1, t);
  int fDepth = 0, bDepth = 0;
  AdjDirection dir = adjDirection(filter.dir);
  std::size_t fVolume = adj.degree(s, dir), bVolume = adj.degree(t, reversed(dir));
  Meet meet{};
  while (!sc.front.empty() && !sc.back.empty() && fDepth + bDepth < limit) {
    bool forward = fVolume <= bVolume;
    int& depth = forward ? fDepth : bDepth;
    if (expandLevel<Open>(adj, filter, forward, depth, meet, forward ? fVolume : bVolume)) return meet;
    ++depth;
  }
  return std::nullopt;
}

// s ... (forward tree) -- meet.rel -- (backward tree) ... t; the trees hold EdgeRefs.
PathValue ShortestPathFinder::stitch(const Adjacency& adj, NodeId s, NodeId t, const Meet& meet) const {
  const NodeMarks& marks = scratch_.marks;  // both trees: a node is on one side at most
  NodeId fEnd = meet.forward ? meet.from : meet.to;
  NodeId bStart = meet.forward ? meet.to : meet.from;
  PathValue p;
  for (NodeId n = fEnd; n != s; n = marks.viaNode(n)) {
    p.nodes.push_back(n);
    p.rels.push_back(adj.relOf(marks.viaRel(n)));
  }
  p.nodes.push_back(s);
  std::reverse(p.nodes.begin(), p.nodes.end());
  std::reverse(p.rels.begin(), p.rels.end());
  p.rels.push_back(meet.rel);
  for (NodeId n = bStart; n != t; n = marks.viaNode(n)) {
    p.nodes.push_back(n);
    p.rels.push_back(adj.relOf(marks.viaRel(n)));
  }
  p.nodes.push_back(t);
  return p;
}

std::optional<PathValue> ShortestPathFinder::shortest(NodeId s, NodeId t, const TraversalFilter& filter, int maxHops) {
  if (s == t) return PathValue{{s}, {}};
  int limit = maxHops < 0 ? std::numeric_limits<int>::max() : maxHops;
  Adjacency adj(graph_);
  auto meet = filter.open() ? search<true>(adj, s, t, filter, limit) : search<false>(adj, s, t, filter, limit);
  if (!meet) return std::nullopt;
  return stitch(adj, s, t, *meet);
}

std::vector<PathValue> ShortestPathFinder::allShortest(NodeId s, NodeId t, const TraversalFilter& filter,
                                                       int maxHops, std::size_t limit) {
  std::vector<PathValue> out;
  if (s == t) {
    out.push_back(PathValue{{s}, {}});
    return out;
  }
  int hopLimit = maxHops < 0 ? std::numeric_limits<int>::max() : maxHops;
  Adjacency adj(graph_);
  NodeMarks& fwd = scratch_.marks;
  auto& front = scratch_.front;
  auto& next = scratch_.next;
  // Forward BFS layer by layer until t's layer is complete.
  fwd.begin(graph_.nodeCount());
  fwd.mark(s, 0, 0, s);
  front.assign(1, s);
  int depth = 0;
  bool found = false;
  while (!front.empty() && !found && depth < hopLimit) {
    next.clear();
    for (NodeId u : front) {
      tick();
      forEachStep(adj, u, filter, false, [&](Step st) {
        if (!fwd.seen(st.other)) {
          fwd.mark(st.other, depth + 1, st.rel, u);
          next.push_back(st.other);
          if (st.other == t) found = true;
        }
      });
    }
    front.swap(next);
    ++depth;
  }
  if (!found) return out;
  // Walk back from t over every edge that descends one layer.
  std::vector<RelId> rels;
  std::vector<NodeId> nodes{t};
  std::function<void(NodeId)> back = [&](NodeId v) {
    if (out.size() >= limit) return;
    if (v == s) {
      PathValue p;
      p.nodes.assign(nodes.rbegin(), nodes.rend());
      p.rels.assign(rels.rbegin(), rels.rend());
      out.push_back(std::move(p));
      return;
    }
    int dv = fwd.dist(v);
    std::vector<Step> preds;
    forEachStep(adj, v, filter, true, [&](Step st) {
      if (fwd.seen(st.other) && fwd.dist(st.other) == dv - 1) preds.push_back(st);
    });
    for (const auto& st : preds) {
      tick();
      rels.push_back(st.rel);
      nodes.push_back(st.other);
      back(st.other);
      rels.pop_back();
      nodes.pop_back();
    }
  };
  back(t);
  return out;
}

}  // namespace kgq
