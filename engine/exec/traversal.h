// Breadth-first traversal helpers shared by the shortest-path and
// variable-length (distinct ends) operators and the question statements: neighbour iteration under a type/direction filter and
// shortest paths by bidirectional BFS. Distances live in generation-stamped
// arrays owned by a TraversalScratch that outlives statements (one per Session),
// so that a search on a large graph costs only what it visits.
#pragma once

#include <algorithm>
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

// Which relationships a traversal may follow: a type set, then `accept` (may be empty).
struct TraversalFilter {
  ast::Direction dir = ast::Direction::Both;
  bool typed = false;          // when set, only `types` pass (none when it is empty)
  std::vector<TypeId> types;
  std::function<bool(RelId, TypeId)> accept;

  bool open() const { return !typed && !accept; }
  bool allows(RelId r, TypeId t) const {
    if (typed && std::find(types.begin(), types.end(), t) == types.end()) return false;
    return !accept || accept(r, t);
  }
};

inline AdjDirection adjDirection(ast::Direction d) {
  return d == ast::Direction::Out ? AdjDirection::Out : d == ast::Direction::In ? AdjDirection::In : AdjDirection::Both;
}

inline AdjDirection reversed(AdjDirection d) {
  return d == AdjDirection::Both ? d : d == AdjDirection::Out ? AdjDirection::In : AdjDirection::Out;
}

// The adjacency for inner loops. While the graph has no delta (no relationship
// created since the last compaction) it walks Boost's CSR arrays directly, which
// is several times cheaper per relationship than AdjCursor; otherwise it falls
// back to AdjCursor. Either way the order is AdjCursor's: out, then in, and a
// self-loop once with Both. Valid while the graph is not modified.
class Adjacency {
 public:
  explicit Adjacency(const Graph& g);

  // The number of relationships forEach(n, dir) visits (a self-loop counts twice
  // with Both), for choosing the cheaper side of a search; 1 while the graph has
  // a delta, where counting would cost a walk.
  std::size_t degree(NodeId n, AdjDirection dir) const {
    if (!direct_) return 1;
    if (n >= csrNodes_) return 0;
    std::size_t d = 0;
    if (dir != AdjDirection::In) d += outStart_[n + 1] - outStart_[n];
    if (dir != AdjDirection::Out) d += inStart_[n + 1] - inStart_[n];
    return d;
  }

  // A relationship as forEach met it, turned into its id by relOf() only when
  // needed: a position in the CSR's out-side arrays, or (with a delta) the id.
  using EdgeRef = std::uint32_t;
  RelId relOf(EdgeRef ref) const { return direct_ ? outProps_[ref].id : ref; }

  // Calls f(other, edge) for each relationship of n until f returns false, where
  // edge() gives the relationship's EdgeData (id and type) and edge.ref() its
  // EdgeRef; returns false when f stopped. edge() is lazy because it is a cache
  // miss (on the in side after an index into the out-side arrays) that a search
  // needs only for the nodes it keeps, and then often only as a ref.
  template <typename F>
  bool forEach(NodeId n, AdjDirection dir, F&& f) const {
    if (!direct_) {
      AdjCursor cursor = graph_.adjacency(n, dir);
      AdjEntry e;
      while (cursor.next(e))
        if (!f(e.other, CursorEdge{e})) return false;
      return true;
    }
    if (n >= csrNodes_) return true;
    if (dir != AdjDirection::In)
      for (auto i = outStart_[n], end = outStart_[n + 1]; i < end; ++i)
        if (!f(outTarget_[i], CsrEdge{outProps_, i})) return false;
    if (dir != AdjDirection::Out)
      for (auto i = inStart_[n], end = inStart_[n + 1]; i < end; ++i) {
        NodeId source = inSource_[i];
        if (dir == AdjDirection::Both && source == n) continue;  // the self-loop was seen going out
        if (!f(source, CsrEdge{outProps_, inEdge_[i]})) return false;
      }
    return true;
  }

 private:
  struct CsrEdge {
    const EdgeData* props;
    std::uint32_t pos;
    EdgeData operator()() const { return props[pos]; }
    EdgeRef ref() const { return pos; }
  };
  struct CursorEdge {
    const AdjEntry& e;
    EdgeData operator()() const { return EdgeData{e.rel, e.type}; }
    EdgeRef ref() const { return e.rel; }
  };


  const Graph& graph_;
  bool direct_ = false;
  std::size_t csrNodes_ = 0;
  const std::uint32_t* outStart_ = nullptr;
  const std::uint32_t* outTarget_ = nullptr;
  const EdgeData* outProps_ = nullptr;
  const std::uint32_t* inStart_ = nullptr;
  const std::uint32_t* inSource_ = nullptr;
  const std::uint32_t* inEdge_ = nullptr;  // index into the out-side arrays
};

// Calls f(Step) for every relationship of `n` the filter allows. `reverse`
// walks against the filter's direction (for the backward half of a search).
template <typename F>
void forEachStep(const Adjacency& adj, NodeId n, const TraversalFilter& filter, bool reverse, F&& f) {
  AdjDirection dir = adjDirection(filter.dir);
  adj.forEach(n, reverse ? reversed(dir) : dir, [&](NodeId other, auto edge) {
    EdgeData d = edge();
    if (filter.allows(d.id, d.type)) f(Step{d.id, other});
    return true;
  });
}

template <typename F>
void forEachStep(const Graph& graph, NodeId n, const TraversalFilter& filter, bool reverse, F&& f) {
  forEachStep(Adjacency(graph), n, filter, reverse, std::forward<F>(f));
}

// Per-node scratch: which side of a search marked a node, with its distance and
// parent. Marks are generation-stamped, so a new search costs nothing per node it
// does not reach. The stamps are an array of their own because inner loops test
// a stamp per relationship but read the rest only per node kept; a bidirectional
// search keeps both sides in one array (a node is on one side at most), so one
// load answers "mine, theirs or new".
class NodeMarks {
 public:
  // Starts a search with `sides` disjoint sides; grows (only) when the graph has grown.
  void begin(std::size_t nodeCount, std::uint32_t sides = 1);
  // Sizes the arrays for a graph ahead of its first search (when a graph is installed).
  void reserve(std::size_t nodeCount);
  // The side that marked n in this search, or a value >= sides when none did.
  std::uint32_t sideOf(NodeId n) const { return stamp_[n] - base_; }
  bool seen(NodeId n) const { return sideOf(n) < sides_; }
  // `viaRel` is whatever the search needs to name the relationship it came by: a
  // RelId, or (ShortestPathFinder) an Adjacency::EdgeRef that it resolves later.
  void mark(NodeId n, int dist, RelId viaRel, NodeId viaNode, std::uint32_t side = 0) {
    stamp_[n] = base_ + side;
    data_[n] = Data{dist, viaRel, viaNode};
  }
  int dist(NodeId n) const { return data_[n].dist; }
  RelId viaRel(NodeId n) const { return data_[n].rel; }
  NodeId viaNode(NodeId n) const { return data_[n].prev; }

  // The stamps alone, for the tightest loops: a local copy of base and sides that
  // the stores through `stamp` cannot alias, so they stay in registers.
  struct Stamps {
    std::uint32_t* stamp;
    std::uint32_t base, sides;
    bool seen(NodeId n) const { return stamp[n] - base < sides; }
    void markSeen(NodeId n) const { stamp[n] = base; }
  };
  Stamps stamps() { return Stamps{stamp_.data(), base_, sides_}; }

 private:
  struct Data {
    int dist;
    RelId rel;
    NodeId prev;
  };
  std::vector<std::uint32_t> stamp_;
  std::vector<Data> data_;
  // Live stamps are base_..base_+sides_-1 and never 0, so fresh (zeroed) slots are unmarked.
  std::uint32_t base_ = 0, sides_ = 1;
};

// Everything a traversal needs per node or per level, kept across statements
// (one per Session) so that no statement allocates node-count-sized memory.
// Not re-entrant: a search must not start another one (nothing evaluated inside a
// search, such as a relationship filter, searches today).
struct TraversalScratch {
  NodeMarks marks;
  std::vector<NodeId> front, back, next;
};

class ShortestPathFinder {
 public:
  // `ctx` (may be null) is ticked for cancellation; `scratch` is borrowed.
  ShortestPathFinder(const Graph& graph, ExecContext* ctx, TraversalScratch& scratch)
      : graph_(graph), ctx_(ctx), scratch_(scratch) {}
  // One shortest path from s to t of at most maxHops (-1 = any), by bidirectional BFS.
  std::optional<PathValue> shortest(NodeId s, NodeId t, const TraversalFilter& filter, int maxHops);
  // Every shortest path from s to t (at most `limit`).
  std::vector<PathValue> allShortest(NodeId s, NodeId t, const TraversalFilter& filter, int maxHops,
                                     std::size_t limit);

 private:
  static constexpr std::uint32_t kForward = 0, kBackward = 1;  // sides of the NodeMarks
  struct Meet {
    NodeId from, to;  // `to` is on the other side's tree
    RelId rel;
    bool forward;
  };
  template <bool Open>
  std::optional<Meet> search(const Adjacency& adj, NodeId s, NodeId t, const TraversalFilter& filter, int limit);
  template <bool Open>
  bool expandLevel(const Adjacency& adj, const TraversalFilter& filter, bool forward, int depth, Meet& meet,
                   std::size_t& volume);
  PathValue stitch(const Adjacency& adj, NodeId s, NodeId t, const Meet& meet) const;
  void tick();

  const Graph& graph_;
  ExecContext* ctx_;
  TraversalScratch& scratch_;
};

}  // namespace kgq
