#include "exec/traversal.h"

#include <cstdlib>

#include <limits>
#include <queue>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "exec/context.h"

namespace kgq {

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
  // At most `volume` nodes join the next level (one per relationship followed, when
  // Adjacency can count them): sized once, filled by index, no call per node.
  next.resize(std::max<std::size_t>(volume, 16));
  std::size_t joined = 0;
  volume = 0;
  for (NodeId u : front) {
    tick();
    examined_ += adj.degree(u, dir);
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
      if (joined == next.size()) next.resize(2 * joined);  // a count of 1 per node (a delta)
      next[joined++] = other;
      volume += adj.degree(other, dir);
      return true;
    });
    if (!more) return true;
  }
  next.resize(joined);
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

EdgeWeight::EdgeWeight(const Graph& graph, std::string key)
    : graph_(graph), name_(std::move(key)), key_(graph.keys().find(name_)) {}

double EdgeWeight::cost(const PathValue& p) const {
  double c = 0;
  for (RelId r : p.rels) c += (*this)(r);
  return c;
}

void EdgeWeight::bad(RelId r, const Value& v) const {
  std::string shown = v.isInt()     ? std::to_string(v.asInt())
                      : v.isFloat() ? formatFloat(v.asFloat())
                      : v.isString() ? "'" + v.asString() + "'"
                                     : "a " + std::string(typeName(v.type()));
  const auto& rd = graph_.rel(r);
  throw RuntimeError("relationship (" + displayName(graph_, rd.start) + ")-[:" + graph_.types().name(rd.type) + "]->(" +
                         displayName(graph_, rd.end) + ") has weight " + name_ + " = " + shown +
                         ", and a weighted search needs non-negative numbers",
                     {}, "fix the property, or add a condition on the relationships (VIA types) that leaves it out");
}

// Bidirectional Dijkstra: each step settles the cheaper of the two frontiers'
// nearest nodes; every relationship relaxed between the two trees proposes a
// path, and the search stops once the two nearest unsettled distances add up to
// at least the best proposal (no path through an unsettled node can be cheaper).
std::optional<WeightedPath> ShortestPathFinder::cheapest(NodeId s, NodeId t, const TraversalFilter& filter,
                                                         const EdgeWeight& weight) {
  if (s == t) return WeightedPath{PathValue{{s}, {}}, 0};
  auto& w = scratch_.weighted;
  std::size_t n = graph_.nodeCount();
  if (w.nodes.size() < n) w.nodes.resize(n, TraversalScratch::Weighted::Node{});
  if (w.gen == std::numeric_limits<std::uint32_t>::max()) {
    for (auto& x : w.nodes) x.stamp[0] = x.stamp[1] = 0;
    w.gen = 0;
  }
  const std::uint32_t gen = ++w.gen;
  auto reached = [&](int side, NodeId v) { return w.nodes[v].stamp[side] == gen; };
  auto set = [&](int side, NodeId v, double d, NodeId prev, Adjacency::EdgeRef via) {
    auto& x = w.nodes[v];
    x.stamp[side] = gen;
    x.dist[side] = d;
    x.prev[side] = prev;
    x.via[side] = via;
  };
  using Entry = std::pair<double, NodeId>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap[2];
  set(0, s, 0, s, 0);
  set(1, t, 0, t, 0);
  heap[0].push({0, s});
  heap[1].push({0, t});
  constexpr double inf = std::numeric_limits<double>::infinity();
  double best = inf;
  struct {
    int side;
    NodeId u, v;
    Adjacency::EdgeRef rel;
  } meet{};
  Adjacency adj(graph_);
  const AdjDirection dir = adjDirection(filter.dir);
  const bool open = filter.open();
  // Read beside the adjacency: by relationship id, each weight is a cache miss of its own.
  const std::span<const double> laidOut = weight.inAdjacencyOrder(adj);
  while (!heap[0].empty() && !heap[1].empty()) {
    double top0 = heap[0].top().first, top1 = heap[1].top().first;
    if (top0 + top1 >= best) break;
    const int side = top0 <= top1 ? 0 : 1, other = 1 - side;
    // Not a structured binding: the lambda below captures d and u, which clang 14 refuses for bindings.
    const double d = heap[side].top().first;
    const NodeId u = heap[side].top().second;
    heap[side].pop();
    if (d > w.nodes[u].dist[side]) continue;  // a stale entry: u was settled cheaper
    tick();
    examined_ += adj.degree(u, side ? reversed(dir) : dir);
    adj.forEach(u, side ? reversed(dir) : dir, [&](NodeId v, auto edge) {
      // edge() (the relationship's id and type) is read only when needed: on the in side
      // it is a cache miss of its own.
      if (!open) {
        EdgeData e = edge();
        if (!filter.allows(e.id, e.type)) return true;
      }
      double c = laidOut.empty() ? weight(edge().id) : laidOut[edge.slot()];
      if (!(c >= 0)) c = weight(edge().id);
      if (c == inf) return true;
      double nd = d + c;
      const auto& x = w.nodes[v];
      if (!reached(side, v) || nd < x.dist[side]) {
        set(side, v, nd, u, edge.ref());
        heap[side].push({nd, v});
      }
      if (reached(other, v) && nd + x.dist[other] < best) {
        best = nd + x.dist[other];
        meet = {side, u, v, edge.ref()};
      }
      return true;
    });
  }
  if (best == inf) return std::nullopt;
  NodeId fEnd = meet.side == 0 ? meet.u : meet.v, bStart = meet.side == 0 ? meet.v : meet.u;
  WeightedPath out;
  PathValue& p = out.path;
  for (NodeId x = fEnd; x != s; x = w.nodes[x].prev[0]) {
    p.nodes.push_back(x);
    p.rels.push_back(adj.relOf(w.nodes[x].via[0]));
  }
  p.nodes.push_back(s);
  std::reverse(p.nodes.begin(), p.nodes.end());
  std::reverse(p.rels.begin(), p.rels.end());
  p.rels.push_back(adj.relOf(meet.rel));
  for (NodeId x = bStart; x != t; x = w.nodes[x].prev[1]) {
    p.nodes.push_back(x);
    p.rels.push_back(adj.relOf(w.nodes[x].via[1]));
  }
  p.nodes.push_back(t);
  out.cost = weight.cost(p);  // summed in path order, so equal paths report equal costs
  return out;
}

bool pathLess(const PathValue& a, const PathValue& b) {
  if (a.rels.size() != b.rels.size()) return a.rels.size() < b.rels.size();
  if (a.nodes != b.nodes) return a.nodes < b.nodes;
  return a.rels < b.rels;
}

// Each round takes the last path found and, for every node on it (the spur), the
// shortest path from there that leaves the shared prefix by a relationship no
// found path with that prefix took and avoids the prefix's nodes.
std::vector<PathValue> ShortestPathFinder::topK(NodeId s, NodeId t, const TraversalFilter& base, int maxHops, int k,
                                                const EdgeWeight* weight, std::string_view selector) {
  auto search = [&](NodeId from, const TraversalFilter& f, int budget) -> std::optional<PathValue> {
    if (!weight) return shortest(from, t, f, budget);
    auto c = cheapest(from, t, f, *weight);
    if (!c) return std::nullopt;
    return std::move(c->path);
  };
  auto less = [weight](const PathValue& a, const PathValue& b) {
    if (weight) {
      double ca = weight->cost(a), cb = weight->cost(b);
      if (ca != cb) return ca < cb;
    }
    return pathLess(a, b);
  };
  // Each round runs a search from every node of the last path found and compares each spur's prefix
  // and each candidate with every path found so far, and the number of simple paths grows
  // exponentially with the graph: the relationships the searches look at and those comparisons count
  // against --max-expansions, as a variable-length pattern's steps do, so TOP 100000 stops.
  const std::uint64_t examinedBefore = examined_;
  std::vector<PathValue> found;
  auto spend = [&](std::uint64_t compared) {
    examined_ += compared;
    if (!ctx_ || ctx_->expansions + (examined_ - examinedBefore) <= ctx_->limits.maxExpansions) return;
    bool match = !selector.empty();
    std::string fewer = found.empty() ? std::string()
                                      : "ask for fewer paths (" + std::string(match ? "SHORTEST " : "TOP ") +
                                            std::to_string(found.size()) + " finishes within the limit), ";
    throw LimitExceeded((match ? std::string(selector) : "PATH TOP " + std::to_string(k)) + " stopped after " +
                            std::to_string(ctx_->limits.maxExpansions) +
                            " steps (relationships followed and paths compared), with " +
                            std::to_string(found.size()) + (found.size() == 1 ? " path" : " paths") + " found",
                        {},
                        fewer + (match ? "bound the length (-[*..n]-), narrow the relationship types, or raise "
                                         "--max-expansions"
                                       : "bound the length with MAX, narrow with VIA or AVOID, or raise "
                                         "--max-expansions"));
  };
  auto first = search(s, base, maxHops);
  if (!first) return found;
  found.push_back(*first);
  std::set<PathValue, decltype(less)> candidates(less);
  while (static_cast<int>(found.size()) < k) {
    const PathValue prev = found.back();
    for (std::size_t i = 0; i < prev.rels.size(); ++i) {
      int budget = maxHops < 0 ? -1 : maxHops - static_cast<int>(i);
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
      f.accept = [&](RelId r, TypeId type) {  // f keeps base's types; only base's own accept is added
        if ((base.accept && !base.accept(r, type)) || removedRels.count(r)) return false;
        const auto& rd = graph_.rel(r);
        return !removedNodes.count(rd.start) && !removedNodes.count(rd.end);
      };
      auto spurPath = search(spur, f, budget);
      spend(found.size());
      if (!spurPath) continue;
      PathValue total;
      total.nodes.assign(prev.nodes.begin(), prev.nodes.begin() + static_cast<long>(i));
      total.rels.assign(prev.rels.begin(), prev.rels.begin() + static_cast<long>(i));
      total.nodes.insert(total.nodes.end(), spurPath->nodes.begin(), spurPath->nodes.end());
      total.rels.insert(total.rels.end(), spurPath->rels.begin(), spurPath->rels.end());
      spend(found.size());
      if (std::find(found.begin(), found.end(), total) == found.end()) candidates.insert(std::move(total));
    }
    if (candidates.empty()) break;
    found.push_back(*candidates.begin());
    candidates.erase(candidates.begin());
  }
  if (ctx_) ctx_->expansions += examined_ - examinedBefore;
  // The first path is whichever the search met first; order ties as ALL SHORTEST does.
  std::stable_sort(found.begin(), found.end(), less);
  return found;
}

// Shortest paths between every two terminals, Prim's minimum spanning tree over
// their lengths, the union of the chosen paths, a spanning tree of that union,
// then non-terminal leaves pruned until none is left.
ShortestPathFinder::Tree ShortestPathFinder::connect(const std::vector<NodeId>& terminals,
                                                     const TraversalFilter& filter, int maxHops) {
  Tree out;
  std::size_t n = terminals.size();
  if (n == 0) return out;
  std::vector<std::vector<std::optional<PathValue>>> paths(n, std::vector<std::optional<PathValue>>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) paths[i][j] = shortest(terminals[i], terminals[j], filter, maxHops);
  auto pathBetween = [&](std::size_t i, std::size_t j) -> const std::optional<PathValue>& {
    return i < j ? paths[i][j] : paths[j][i];
  };
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
      for (std::size_t j = 0; j < n; ++j)
        if (!inTree[j]) out.unjoined.push_back(j);
      return out;
    }
    inTree[bestJ] = true;
    const auto& p = *pathBetween(bestI, bestJ);
    unionRels.insert(p.rels.begin(), p.rels.end());
  }
  // The union may hold cycles (two chosen paths can share nodes): keep a spanning tree of it.
  std::unordered_map<NodeId, std::vector<RelId>> adj;
  for (RelId rel : unionRels) {
    adj[graph_.relStart(rel)].push_back(rel);
    adj[graph_.relEnd(rel)].push_back(rel);
  }
  std::unordered_set<NodeId> seen{terminals[0]};
  std::vector<NodeId> front{terminals[0]};
  std::set<RelId> tree;
  while (!front.empty()) {
    NodeId u = front.back();
    front.pop_back();
    for (RelId rel : adj[u]) {
      NodeId v = graph_.relStart(rel) == u ? graph_.relEnd(rel) : graph_.relStart(rel);
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
    for (RelId rel : tree) ++degree[graph_.relStart(rel)], ++degree[graph_.relEnd(rel)];
    for (auto it = tree.begin(); it != tree.end();) {
      NodeId a = graph_.relStart(*it), b = graph_.relEnd(*it);
      bool leaf = (degree[a] == 1 && !isTerminal.count(a)) || (degree[b] == 1 && !isTerminal.count(b));
      if (leaf) {
        it = tree.erase(it);
        pruned = true;
      } else {
        ++it;
      }
    }
  }
  out.rels.assign(tree.begin(), tree.end());
  return out;
}

Neighbourhood neighbourhood(const Graph& graph, ExecContext* ctx, TraversalScratch& scratch, NodeId centre,
                            const TraversalFilter& filter, int depth, const std::function<bool(NodeId)>& keep,
                            bool links) {
  Neighbourhood out;
  Adjacency adj(graph);
  NodeMarks& marks = scratch.marks;
  marks.begin(graph.nodeCount());
  marks.mark(centre, 0, 0, centre);
  out.nodes.push_back({centre, 0});
  auto& front = scratch.front;
  auto& next = scratch.next;
  front.assign(1, centre);
  for (int d = 0; d < depth && !front.empty(); ++d) {
    next.clear();
    for (NodeId u : front)
      forEachStep(adj, u, filter, false, [&](Step st) {
        if (ctx) ctx->tick();
        if (marks.seen(st.other) || !keep(st.other)) return;
        marks.mark(st.other, d + 1, st.rel, u);
        out.nodes.push_back({st.other, d + 1});
        next.push_back(st.other);
      });
    front.swap(next);
  }
  TraversalFilter among = filter;
  among.dir = ast::Direction::Out;  // each relationship once, from its start
  for (const auto& r : out.nodes)
    forEachStep(adj, r.node, among, false, [&](Step st) {
      if (marks.seen(st.other) && (links || std::abs(marks.dist(st.other) - r.dist) == 1)) out.rels.push_back(st.rel);
    });
  std::sort(out.rels.begin(), out.rels.end());
  out.rels.erase(std::unique(out.rels.begin(), out.rels.end()), out.rels.end());
  return out;
}

}  // namespace kgq
