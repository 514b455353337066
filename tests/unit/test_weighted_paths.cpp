// Weighted shortest paths (bidirectional Dijkstra over graph/adjacency) against
// Boost.Graph's dijkstra_shortest_paths, and Yen's k shortest / cheapest paths
// against brute-force enumeration of every simple path, on random multigraphs
// with fixed seeds: parallel and antiparallel relationships, self-loops, zero
// weights, relationships without the weight (which a search may not follow),
// both while the relationships sit in the delta and after a compaction.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "common/errors.h"
#include "exec/traversal.h"
#include "graph/graph.h"

namespace kgq {
namespace {

struct RandomGraph {
  Graph g;
  int n = 0;
  TypeId types[2]{};
  KeyId w{};
};

// n nodes, m relationships of types T0/T1; weight `w` an integer 0..9 or a float,
// absent on about one relationship in ten.
void build(RandomGraph& rg, unsigned seed, int n, int m, bool compact) {
  std::mt19937 rng(seed);
  Graph& g = rg.g;
  rg.n = n;
  LabelId label = g.labels().intern("N");
  rg.types[0] = g.types().intern("T0");
  rg.types[1] = g.types().intern("T1");
  rg.w = g.keys().intern("w");
  for (int i = 0; i < n; ++i) g.addNode({label}, {});
  for (int i = 0; i < m; ++i) {
    NodeId a = rng() % static_cast<unsigned>(n);
    NodeId b = rng() % 8 == 0 ? a : static_cast<NodeId>(rng() % static_cast<unsigned>(n));
    PropertyMap props;
    unsigned kind = rng() % 10;
    if (kind < 6) props.emplace_back(rg.w, Value(static_cast<std::int64_t>(rng() % 10)));
    else if (kind < 9) props.emplace_back(rg.w, Value(static_cast<double>(rng() % 1000) / 100.0));
    g.addRel(a, b, rg.types[rng() % 2], std::move(props));
  }
  if (compact) g.compact();
}

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                         boost::property<boost::edge_weight_t, double>>;

// The oracle's graph: each relationship the filter allows, as the search may walk it.
BoostGraph oracle(const RandomGraph& rg, AdjDirection dir, int onlyType) {
  BoostGraph bg(static_cast<std::size_t>(rg.n));
  for (RelId r = 0; r < rg.g.relCount(); ++r) {
    const auto& rd = rg.g.rel(r);
    if (onlyType >= 0 && rd.type != rg.types[onlyType]) continue;
    Value v = rg.g.relValue(r, rg.w);
    if (v.isNull()) continue;
    double c = v.asNumber();
    if (dir != AdjDirection::In) boost::add_edge(rd.start, rd.end, c, bg);
    if (dir != AdjDirection::Out && rd.start != rd.end) boost::add_edge(rd.end, rd.start, c, bg);
  }
  return bg;
}

// The path is a walk from s to t over relationships the filter allows, in its direction.
void expectValidPath(const RandomGraph& rg, const PathValue& p, NodeId s, NodeId t, ast::Direction dir, int onlyType) {
  ASSERT_EQ(p.nodes.size(), p.rels.size() + 1);
  EXPECT_EQ(p.nodes.front(), s);
  EXPECT_EQ(p.nodes.back(), t);
  for (std::size_t i = 0; i < p.rels.size(); ++i) {
    const auto& rd = rg.g.rel(p.rels[i]);
    if (onlyType >= 0) {
      EXPECT_EQ(rd.type, rg.types[onlyType]);
    }
    bool out = rd.start == p.nodes[i] && rd.end == p.nodes[i + 1];
    bool in = rd.end == p.nodes[i] && rd.start == p.nodes[i + 1];
    EXPECT_TRUE(dir == ast::Direction::Out ? out : dir == ast::Direction::In ? in : out || in);
  }
}

class WeightedPaths : public ::testing::TestWithParam<unsigned> {};

TEST_P(WeightedPaths, DijkstraMatchesBoostGraph) {
  for (bool compact : {false, true}) {
    RandomGraph rg;
    build(rg, GetParam(), 40, 120, compact);
    TraversalScratch scratch;
    ShortestPathFinder finder(rg.g, nullptr, scratch);
    EdgeWeight weight(rg.g, "w");
    std::size_t checked = 0, reachable = 0;
    for (ast::Direction dir : {ast::Direction::Out, ast::Direction::In, ast::Direction::Both})
      for (int onlyType : {-1, 1}) {
        BoostGraph bg = oracle(rg, adjDirection(dir), onlyType);
        TraversalFilter filter;
        filter.dir = dir;
        if (onlyType >= 0) filter.typed = true, filter.types = {rg.types[onlyType]};
        for (int s = 0; s < rg.n; ++s) {
          std::vector<double> dist(static_cast<std::size_t>(rg.n));
          boost::dijkstra_shortest_paths(bg, static_cast<std::size_t>(s), boost::distance_map(dist.data()));
          for (int t = 0; t < rg.n; ++t) {
            auto got = finder.cheapest(static_cast<NodeId>(s), static_cast<NodeId>(t), filter, weight);
            double want = dist[static_cast<std::size_t>(t)];
            ++checked;
            if (want == std::numeric_limits<double>::max()) {
              EXPECT_FALSE(got) << "seed " << GetParam() << " " << s << "->" << t;
              continue;
            }
            ++reachable;
            ASSERT_TRUE(got) << "seed " << GetParam() << " " << s << "->" << t;
            EXPECT_NEAR(got->cost, want, 1e-9) << "seed " << GetParam() << " " << s << "->" << t;
            EXPECT_DOUBLE_EQ(weight.cost(got->path), got->cost);
            expectValidPath(rg, got->path, static_cast<NodeId>(s), static_cast<NodeId>(t), dir, onlyType);
          }
        }
      }
    EXPECT_EQ(checked, 2u * 3 * 40 * 40);
    EXPECT_GT(reachable, checked / 4);  // the graphs are connected enough for the check to mean something
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, WeightedPaths, ::testing::Values(1u, 2u, 3u, 7u, 42u));

TEST(WeightedPathsErrors, NegativeOrNonNumericWeightNamesTheRelationship) {
  Graph g;
  LabelId label = g.labels().intern("N");
  KeyId name = g.keys().intern("name"), w = g.keys().intern("w");
  TypeId road = g.types().intern("ROAD");
  NodeId a = g.addNode({label}, {{name, Value("Alpha")}});
  NodeId b = g.addNode({label}, {{name, Value("Beta")}});
  NodeId c = g.addNode({label}, {{name, Value("Gamma")}});
  g.addRel(a, b, road, {{w, Value(std::int64_t{2})}});
  RelId bad = g.addRel(b, c, road, {{w, Value(std::int64_t{-3})}});
  TraversalScratch scratch;
  ShortestPathFinder finder(g, nullptr, scratch);
  EdgeWeight weight(g, "w");
  try {
    finder.cheapest(a, c, TraversalFilter{}, weight);
    FAIL() << "no error on a negative weight";
  } catch (const RuntimeError& e) {
    EXPECT_NE(e.message().find("(Beta)-[:ROAD]->(Gamma)"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("w = -3"), std::string::npos) << e.message();
  }
  g.setRelProperty(bad, w, Value("far"));
  EXPECT_THROW(finder.cheapest(a, c, TraversalFilter{}, weight), RuntimeError);
  g.setRelProperty(bad, w, Value(std::nan("")));
  EXPECT_THROW(finder.cheapest(a, c, TraversalFilter{}, weight), RuntimeError);
  g.setRelProperty(bad, w, Value());  // absent: not followed
  EXPECT_FALSE(finder.cheapest(a, c, TraversalFilter{}, weight));
  EdgeWeight unknown(g, "nokey");
  EXPECT_FALSE(finder.cheapest(a, c, TraversalFilter{}, unknown));
}

// After a compaction the search reads the weights laid out in adjacency order
// (Graph::relNumbersInAdjacencyOrder): a changed, removed or rolled-back weight and a
// bad one must be seen there exactly as through the property column.
TEST(WeightedPathsLaidOut, ChangesAfterACompactionAreSeen) {
  Graph g;
  LabelId label = g.labels().intern("N");
  KeyId w = g.keys().intern("w");
  TypeId road = g.types().intern("ROAD");
  NodeId a = g.addNode({label}, {}), b = g.addNode({label}, {}), c = g.addNode({label}, {});
  RelId ab = g.addRel(a, b, road, {{w, Value(std::int64_t{5})}});
  g.addRel(a, c, road, {{w, Value(std::int64_t{1})}});
  RelId cb = g.addRel(c, b, road, {{w, Value(1.5)}});
  g.compact();
  ASSERT_TRUE(g.snapshotIsExact());
  TraversalScratch scratch;
  ShortestPathFinder finder(g, nullptr, scratch);
  EdgeWeight weight(g, "w");
  for (ast::Direction dir : {ast::Direction::Out, ast::Direction::Both}) {
    TraversalFilter f;
    f.dir = dir;
    EXPECT_DOUBLE_EQ(finder.cheapest(a, b, f, weight)->cost, 2.5);
  }
  TraversalFilter in;
  in.dir = ast::Direction::In;
  EXPECT_DOUBLE_EQ(finder.cheapest(b, a, in, weight)->cost, 2.5);
  g.setRelProperty(cb, w, Value(std::int64_t{10}));
  EXPECT_DOUBLE_EQ(finder.cheapest(a, b, TraversalFilter{}, weight)->cost, 5);
  std::size_t sp = g.savepoint();
  g.setRelProperty(ab, w, Value(std::int64_t{100}));
  EXPECT_DOUBLE_EQ(finder.cheapest(a, b, TraversalFilter{}, weight)->cost, 11);
  g.rollbackTo(sp);
  EXPECT_DOUBLE_EQ(finder.cheapest(a, b, TraversalFilter{}, weight)->cost, 5);
  g.setRelProperty(ab, w, Value());  // absent: not followed
  EXPECT_DOUBLE_EQ(finder.cheapest(a, b, TraversalFilter{}, weight)->cost, 11);
  ASSERT_TRUE(g.snapshotIsExact());
  g.setRelProperty(cb, w, Value(std::int64_t{-2}));
  EXPECT_THROW(finder.cheapest(a, b, TraversalFilter{}, weight), RuntimeError);
  g.setRelProperty(cb, w, Value("far"));
  EXPECT_THROW(finder.cheapest(a, b, TraversalFilter{}, weight), RuntimeError);
  g.setRelProperty(cb, w, Value(std::int64_t{0}));
  EXPECT_DOUBLE_EQ(finder.cheapest(a, b, TraversalFilter{}, weight)->cost, 1);
  // The same weights walked off the snapshot (a relationship in the delta) agree.
  NodeId d = g.addNode({label}, {});
  g.addRel(b, d, road, {{w, Value(std::int64_t{3})}});
  ASSERT_FALSE(g.snapshotIsExact());
  EXPECT_DOUBLE_EQ(finder.cheapest(a, d, TraversalFilter{}, weight)->cost, 4);
  g.compact();
  EXPECT_DOUBLE_EQ(finder.cheapest(a, d, TraversalFilter{}, weight)->cost, 4);
}

// Every simple path (no node twice) from s to t, by depth-first enumeration.
void allSimplePaths(const RandomGraph& rg, NodeId s, NodeId t, const TraversalFilter& filter,
                    std::vector<PathValue>& out) {
  Adjacency adj(rg.g);
  PathValue cur{{s}, {}};
  std::function<void(NodeId)> dfs = [&](NodeId u) {
    if (u == t) {
      out.push_back(cur);
      return;
    }
    std::vector<Step> steps;
    forEachStep(adj, u, filter, false, [&](Step st) { steps.push_back(st); });
    for (const Step& st : steps) {
      if (std::find(cur.nodes.begin(), cur.nodes.end(), st.other) != cur.nodes.end()) continue;
      cur.nodes.push_back(st.other);
      cur.rels.push_back(st.rel);
      dfs(st.other);
      cur.nodes.pop_back();
      cur.rels.pop_back();
    }
  };
  dfs(s);
}

TEST_P(WeightedPaths, YenMatchesBruteForce) {
  RandomGraph rg;
  build(rg, GetParam() * 100 + 5, 8, 15, true);
  TraversalScratch scratch;
  ShortestPathFinder finder(rg.g, nullptr, scratch);
  EdgeWeight weight(rg.g, "w");
  TraversalFilter filter;
  filter.dir = ast::Direction::Both;
  // A relationship without the weight may not be followed by a weighted search.
  TraversalFilter weighed = filter;
  weighed.accept = [&](RelId r, TypeId) { return !rg.g.relValue(r, rg.w).isNull(); };
  std::size_t compared = 0;
  for (NodeId s = 0; s < 8; ++s)
    for (NodeId t = 0; t < 8; ++t) {
      if (s == t) continue;
      for (bool weighted : {false, true})
        for (int maxHops : {-1, 3}) {
          if (weighted && maxHops >= 0) continue;
          std::vector<PathValue> all;
          allSimplePaths(rg, s, t, weighted ? weighed : filter, all);
          if (maxHops >= 0)
            std::erase_if(all, [&](const PathValue& p) { return static_cast<int>(p.rels.size()) > maxHops; });
          auto key = [&](const PathValue& p) { return weighted ? weight.cost(p) : static_cast<double>(p.rels.size()); };
          std::sort(all.begin(), all.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
          for (int k : {1, 3, 6}) {
            auto got = finder.topK(s, t, filter, maxHops, k, weighted ? &weight : nullptr);
            ASSERT_EQ(got.size(), std::min<std::size_t>(static_cast<std::size_t>(k), all.size()))
                << "seed " << GetParam() << " " << s << "->" << t << " k " << k;
            for (std::size_t i = 0; i < got.size(); ++i) {
              EXPECT_NEAR(key(got[i]), key(all[i]), 1e-9) << "seed " << GetParam() << " " << s << "->" << t;
              EXPECT_NE(std::find(all.begin(), all.end(), got[i]), all.end()) << "not a simple path";
              for (std::size_t j = 0; j < i; ++j) EXPECT_FALSE(got[i] == got[j]) << "a path twice";
            }
            ++compared;
          }
        }
    }
  EXPECT_GT(compared, 300u);
}

}  // namespace
}  // namespace kgq
