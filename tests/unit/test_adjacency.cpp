// Graph adjacency (graph/adjacency.h): what forEach and forEachOfTypes list for
// every node and direction equals a naive scan over all relationships, on a
// random multigraph with self-loops and parallel relationships, both from the
// CSR snapshot and with a delta (relationships and nodes created since).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

#include "graph/adjacency.h"

namespace kgq {
namespace {

using Hit = std::tuple<RelId, NodeId, TypeId>;

std::vector<Hit> naive(const Graph& g, NodeId n, AdjDirection dir, const std::vector<TypeId>* types) {
  std::vector<Hit> out;
  for (RelId r = 0; r < g.relCount(); ++r) {
    if (!g.relAlive(r)) continue;
    const RelData& d = g.rel(r);
    if (types && std::find(types->begin(), types->end(), d.type) == types->end()) continue;
    if (dir != AdjDirection::In && d.start == n) out.emplace_back(r, d.end, d.type);
    else if (dir != AdjDirection::Out && d.end == n) out.emplace_back(r, d.start, d.type);  // a self-loop once
  }
  return out;
}

template <typename Walk>
std::vector<Hit> collect(const Adjacency& adj, Walk&& walk) {
  std::vector<Hit> out;
  walk([&](NodeId other, auto edge) {
    EXPECT_EQ(adj.relOf(edge.ref()), edge().id);
    out.emplace_back(edge().id, other, edge().type);
    return true;
  });
  std::sort(out.begin(), out.end());
  return out;
}

// Adds `m` relationships of types 0..2 among nodes 0..n-1: about one in six a
// self-loop, and each followed by a parallel copy one time in five.
void addRandomRels(Graph& g, std::mt19937& rng, NodeId n, int m) {
  for (int i = 0; i < m; ++i) {
    NodeId a = rng() % n;
    NodeId b = rng() % 6 == 0 ? a : static_cast<NodeId>(rng() % n);
    TypeId t = rng() % 3;
    g.addRel(a, b, t, {});
    if (rng() % 5 == 0) g.addRel(a, b, t, {});
  }
}

void expectAdjacencyMatchesScan(const Graph& g) {
  Adjacency adj(g);
  const std::vector<std::vector<TypeId>> typeSets = {{}, {1}, {0, 2}, {0, 1, 2}};
  for (NodeId n = 0; n < g.nodeCount(); ++n)
    for (AdjDirection dir : {AdjDirection::Out, AdjDirection::In, AdjDirection::Both}) {
      auto all = collect(adj, [&](auto f) { adj.forEach(n, dir, f); });
      EXPECT_EQ(all, naive(g, n, dir, nullptr)) << "node " << n << " dir " << static_cast<int>(dir);
      for (const auto& types : typeSets) {
        auto typed = collect(adj, [&](auto f) { adj.forEachOfTypes(n, dir, types, f); });
        EXPECT_EQ(typed, naive(g, n, dir, &types)) << "node " << n << " types " << types.size();
      }
    }
}

class AdjacencyApi : public ::testing::TestWithParam<unsigned> {};

TEST_P(AdjacencyApi, SnapshotAndDeltaListWhatAScanFinds) {
  std::mt19937 rng(GetParam());
  Graph g;
  for (auto t : {"T0", "T1", "T2"}) g.types().intern(t);
  for (int i = 0; i < 30; ++i) g.addNode({}, {});
  addRandomRels(g, rng, 30, 120);
  g.compact();
  ASSERT_TRUE(g.snapshotIsExact());
  expectAdjacencyMatchesScan(g);

  // Relationships and nodes created after the compaction sit in the delta.
  for (int i = 0; i < 5; ++i) g.addNode({}, {});
  addRandomRels(g, rng, 35, 40);
  ASSERT_FALSE(g.snapshotIsExact());
  expectAdjacencyMatchesScan(g);
}

TEST_P(AdjacencyApi, DeletedRelationshipsAreSkippedBeforeAndAfterCompactionAndComeBackOnRollback) {
  std::mt19937 rng(GetParam());
  Graph g;
  for (auto t : {"T0", "T1", "T2"}) g.types().intern(t);
  for (int i = 0; i < 30; ++i) g.addNode({}, {});
  addRandomRels(g, rng, 30, 120);
  g.compact();
  addRandomRels(g, rng, 30, 20);  // some in the delta too
  std::size_t sp = g.savepoint();
  for (RelId r = 0; r < g.relCount(); ++r)
    if (rng() % 3 == 0) g.deleteRel(r);
  ASSERT_FALSE(g.snapshotIsExact());
  expectAdjacencyMatchesScan(g);
  g.compact();
  ASSERT_TRUE(g.snapshotIsExact()) << "compaction folds the dead out";
  expectAdjacencyMatchesScan(g);
  g.rollbackTo(sp);  // revives relationships the snapshot no longer holds
  EXPECT_EQ(g.liveRelCount(), g.relCount());
  expectAdjacencyMatchesScan(g);
}

INSTANTIATE_TEST_SUITE_P(Seeds, AdjacencyApi, ::testing::Values(1u, 2u, 3u, 4u));

TEST(AdjacencyApi, DegreeCountsWhatForEachVisitsAndASelfLoopTwiceWithBoth) {
  Graph g;
  TypeId t = g.types().intern("T");
  NodeId a = g.addNode({}, {}), b = g.addNode({}, {});
  g.addRel(a, a, t, {});
  g.addRel(a, b, t, {});
  g.addRel(a, b, t, {});
  g.addRel(b, a, t, {});
  g.compact();
  Adjacency adj(g);
  EXPECT_EQ(adj.degree(a, AdjDirection::Out), 3u);
  EXPECT_EQ(adj.degree(a, AdjDirection::In), 2u);
  EXPECT_EQ(adj.degree(a, AdjDirection::Both), 5u);
  std::size_t visited = 0;
  adj.forEach(a, AdjDirection::Both, [&](NodeId, auto) { return ++visited, true; });
  EXPECT_EQ(visited, 4u);  // the self-loop once
}

TEST(AdjacencyApi, ForEachStopsWhenTheVisitorSaysSo) {
  Graph g;
  TypeId t = g.types().intern("T");
  NodeId a = g.addNode({}, {});
  for (int i = 0; i < 4; ++i) g.addRel(a, g.addNode({}, {}), t, {});
  for (bool compacted : {false, true}) {
    if (compacted) g.compact();
    Adjacency adj(g);
    int seen = 0;
    EXPECT_FALSE(adj.forEach(a, AdjDirection::Out, [&](NodeId, auto) { return ++seen < 2; }));
    EXPECT_EQ(seen, 2) << (compacted ? "snapshot" : "delta");
    EXPECT_TRUE(adj.forEach(a, AdjDirection::In, [&](NodeId, auto) { return false; }));
  }
}

}  // namespace
}  // namespace kgq
