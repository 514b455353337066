// The graph searches, shared by the query operators (shortestPath, the
// variable-length distinct-ends search) and the question statements (PATH,
// NEIGHBOURS, CONNECT): neighbour iteration under a type/direction filter,
// shortest paths by bidirectional BFS, every shortest path, Yen's k shortest
// simple paths, the CONNECT tree and the neighbourhood BFS. Distances live in
// generation-stamped arrays owned by a TraversalScratch that outlives statements
// (one per Session), so that a search on a large graph costs only what it visits.
// The adjacency itself is graph/adjacency.h.
#pragma once

#include <algorithm>
#include <functional>
#include <limits>
#include <string>
#include <optional>
#include <memory>
#include <utility>
#include <vector>

#include "ast/ast.h"
#include "graph/adjacency.h"
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

// An allocator whose value-less construct leaves the element uninitialised: a
// frontier list is sized for a whole level at once and filled by index, and
// zeroing it first would cost as much as the filling.
template <typename T>
struct UninitialisedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  UninitialisedAllocator() = default;
  template <typename U>
  UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using Frontier = std::vector<NodeId, UninitialisedAllocator<NodeId>>;

// Everything a traversal needs per node or per level, kept across statements
// (one per Session) so that no statement allocates node-count-sized memory.
// Not re-entrant: a search must not start another one (nothing evaluated inside a
// search, such as a relationship filter, searches today).
struct TraversalScratch {
  NodeMarks marks;
  Frontier front, back, next;
  // Dijkstra's per-node state, both sides of a bidirectional search, generation-stamped like
  // NodeMarks. One record per node, both sides together: a search that reaches a node asks
  // whether either side has and at what distance, one cache miss rather than one per array.
  struct Weighted {
    struct Node {
      std::uint32_t stamp[2];
      double dist[2];
      NodeId prev[2];
      Adjacency::EdgeRef via[2];  // turned into relationship ids only for the path found
    };
    std::vector<Node> nodes;
    std::uint32_t gen = 0;
  } weighted;
};

// The cost of following a relationship in a weighted search: a numeric
// relationship property. A relationship without it cannot be followed (its cost
// is infinite); a negative, NaN or non-numeric value is an error naming it.
class EdgeWeight {
 public:
  EdgeWeight(const Graph& graph, std::string key);
  double operator()(RelId r) const {
    if (!key_) return kNoEdge;
    Value v = graph_.relValue(r, *key_);
    if (v.isInt() && v.asInt() >= 0) return static_cast<double>(v.asInt());
    if (v.isFloat() && v.asFloat() >= 0) return v.asFloat();  // false for NaN
    if (v.isNull()) return kNoEdge;
    bad(r, v);
  }
  double cost(const PathValue& p) const;
  // The property as numbers in the order `adj` walks the relationships (by edge.slot()),
  // or empty (read them by id). A number there that is not >= 0 (NaN for a missing or
  // non-numeric value, or a negative one) is to be read again by id, which says what it means.
  std::span<const double> inAdjacencyOrder(const Adjacency& adj) const {
    return key_ ? adj.relNumbers(*key_) : std::span<const double>();
  }
  const std::string& key() const { return name_; }
  static constexpr double kNoEdge = std::numeric_limits<double>::infinity();

 private:
  [[noreturn]] void bad(RelId r, const Value& v) const;
  const Graph& graph_;
  std::string name_;
  std::optional<KeyId> key_;
};

struct WeightedPath {
  PathValue path;
  double cost = 0;
};

// Paths in the order answers list them: by length, then node ids, then relationship ids.
bool pathLess(const PathValue& a, const PathValue& b);

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
  // Yen's algorithm: the k shortest simple paths from s to t, in pathLess order;
  // with `weight`, the k cheapest (Dijkstra for each spur; maxHops must be -1),
  // by cost, then pathLess. The relationships its searches look at and its comparisons of
  // paths count against the context's --max-expansions (LimitExceeded past it).
  // `selector`: the MATCH path selector asking (SHORTEST 5), named with MATCH's remedies when the limit stops it.
  std::vector<PathValue> topK(NodeId s, NodeId t, const TraversalFilter& filter, int maxHops, int k,
                              const EdgeWeight* weight = nullptr, std::string_view selector = {});
  // The cheapest path from s to t by bidirectional Dijkstra over `weight`.
  std::optional<WeightedPath> cheapest(NodeId s, NodeId t, const TraversalFilter& filter, const EdgeWeight& weight);

  // A small tree joining the terminals (Kou, Markowsky and Berman's Steiner tree
  // approximation): its relationships ascending, or, when some terminals cannot be
  // reached from the first, their indexes in `unjoined` (and no relationships).
  struct Tree {
    std::vector<RelId> rels;
    std::vector<std::size_t> unjoined;
  };
  Tree connect(const std::vector<NodeId>& terminals, const TraversalFilter& filter, int maxHops);

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
  std::uint64_t examined_ = 0;  // relationships the searches looked at (topK counts them as expansions)
};

// The nodes within `depth` steps of `centre` by BFS, centre first (distance 0),
// then by distance in the order met; nodes failing `keep` are neither listed nor
// passed through. `rels`: the relationships, ascending, that the filter (taken as
// outgoing) allows between two listed nodes.
struct Neighbourhood {
  struct Reached {
    NodeId node;
    int dist;
  };
  std::vector<Reached> nodes;
  std::vector<RelId> rels;
};
// `links`: every relationship among the reached nodes; otherwise only the spokes, those
// that join a node to one a hop nearer the centre.
Neighbourhood neighbourhood(const Graph& graph, ExecContext* ctx, TraversalScratch& scratch, NodeId centre,
                            const TraversalFilter& filter, int depth, const std::function<bool(NodeId)>& keep,
                            bool links = false);

}  // namespace kgq
