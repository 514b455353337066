// Graph changes (graph/change.h): every mutation is journaled, rollbackTo
// restores the graph and every index exactly, apply() replays a journal onto a
// copy of the starting graph into an identical graph, and deleted elements are
// invisible to every reader.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <tuple>

#include "graph/adjacency.h"
#include "graph/graph.h"
#include "format/format.h"
#include "io/subgraph.h"

namespace kgq {
namespace {

// Everything a reader can observe, as text: two graphs that print alike read
// alike. A compaction may reorder a node's relationships (the snapshot lists
// in-relationships in its own order), so graphs compacted at different moments
// compare with `sorted`.
std::string dump(const Graph& g, bool sorted = false) {
  std::ostringstream out;
  out << "nodes " << g.nodeCount() << " live " << g.liveNodeCount() << "\n";
  for (NodeId n = 0; n < g.nodeCount(); ++n) {
    if (!g.nodeAlive(n)) {
      out << "n" << n << " dead\n";
      continue;
    }
    out << "n" << n << " :";
    for (auto l : g.nodeLabels(n)) out << g.labels().name(l) << ",";
    for (const auto& [k, v] : g.nodeProperties(n)) out << " " << g.keys().name(k) << "=" << renderValue(v, g);
    out << " |";
    for (auto dir : {AdjDirection::Out, AdjDirection::In, AdjDirection::Both}) {
      AdjCursor c = g.adjacency(n, dir);
      std::vector<std::tuple<RelId, NodeId, TypeId>> viaCursor;
      for (AdjEntry e; c.next(e);) viaCursor.emplace_back(e.rel, e.other, e.type);
      if (sorted) std::sort(viaCursor.begin(), viaCursor.end());
      for (auto [r, other, t] : viaCursor) out << " " << r << ">" << other << ":" << t;
      out << " /" << g.outDegree(n) << "," << g.inDegree(n) << ";";
      Adjacency adj(g);
      std::vector<RelId> direct;
      adj.forEach(n, dir, [&](NodeId, auto edge) { return direct.push_back(edge().id), true; });
      if (sorted) std::sort(direct.begin(), direct.end());
      for (auto r : direct) out << " " << r;
      out << ";";
    }
    out << "\n";
  }
  out << "rels " << g.relCount() << " live " << g.liveRelCount() << "\n";
  for (RelId r = 0; r < g.relCount(); ++r) {
    if (!g.relAlive(r)) {
      out << "r" << r << " dead\n";
      continue;
    }
    const RelData& d = g.rel(r);
    out << "r" << r << " " << d.start << "-" << g.types().name(d.type) << "->" << d.end;
    for (const auto& [k, v] : g.relProperties(r)) out << " " << g.keys().name(k) << "=" << renderValue(v, g);
    out << "\n";
  }
  for (LabelId l = 0; l < g.labels().size(); ++l) {
    out << "label " << g.labels().name(l) << ":";
    for (auto n : g.nodesWithLabel(l)) out << " " << n;
    out << "\n";
  }
  for (TypeId t = 0; t < g.types().size(); ++t) {
    out << "type " << g.types().name(t) << ":";
    for (auto r : g.relsWithType(t)) out << " " << r;
    out << "\n";
  }
  for (KeyId k = 0; k < g.keys().size(); ++k) out << "key " << g.keys().name(k) << " " << g.nodeKeyCount(k) << "/"
                                                    << g.relKeyCount(k) << "\n";
  for (const auto& e : g.nameIndex().sorted()) out << "name " << e.name << " " << e.node << "\n";
  return out.str();
}

std::vector<NodeId> withProperty(const Graph& g, KeyId key, const Value& v) {
  auto s = g.nodesWithProperty(key, v);
  return {s.begin(), s.end()};
}

// The graph every test starts from, built the same way each time (Graph is not copyable).
void build(Graph& g) {
  g.setJournaling(false);
  auto person = g.labels().intern("Person"), city = g.labels().intern("City"), tag = g.labels().intern("Tag");
  auto knows = g.types().intern("KNOWS"), lives = g.types().intern("LIVES_IN");
  auto name = g.keys().intern("name"), id = g.keys().intern("id"), since = g.keys().intern("since");
  g.keys().intern("aliases");
  for (int i = 0; i < 12; ++i)
    g.addNode({i % 3 == 0 ? city : person, tag}, {{name, Value("n" + std::to_string(i))}, {id, Value(i)}});
  for (NodeId i = 0; i < 12; ++i) {
    g.addRel(i, (i + 1) % 12, knows, {{since, Value(2000 + static_cast<int>(i))}});
    g.addRel(i, (i / 3) * 3, lives, {});
  }
  g.compact();
  g.addRel(4, 4, knows, {{since, Value("loop")}});  // one in the delta
  g.indexNodeProperty(id);
  g.setJournaling(true);
}

class GraphChanges : public ::testing::Test {
 protected:
  void SetUp() override {
    build(g);
    build(before_);
    person = *g.labels().find("Person");
    city = *g.labels().find("City");
    tag = *g.labels().find("Tag");
    knows = *g.types().find("KNOWS");
    name = *g.keys().find("name");
    id = *g.keys().find("id");
    since = *g.keys().find("since");
  }
  // Deletes every relationship of n, then n.
  void detachDelete(NodeId n) {
    std::vector<RelId> rels;
    AdjCursor c = g.adjacency(n, AdjDirection::Both);
    for (AdjEntry e; c.next(e);) rels.push_back(e.rel);
    for (RelId r : rels) g.deleteRel(r);
    g.deleteNode(n);
  }
  // A mix of every kind of change, touching the snapshot and the delta.
  void mutate() {
    g.setNodeProperty(1, name, Value("renamed"));
    g.setNodeProperty(2, id, Value());
    g.setNodeProperty(5, id, Value(7));  // a second node with id 7
    g.setRelProperty(0, since, Value(1999));
    g.setRelProperty(2, since, Value());
    g.addLabel(1, city);
    g.removeLabel(4, person);  // the first of its labels: order matters on undo
    NodeId fresh = g.addNode({person}, {{name, Value("fresh")}, {id, Value(100)}});
    g.addRel(fresh, 1, knows, {{since, Value(2024)}});
    g.deleteRel(3);
    detachDelete(7);
    detachDelete(fresh);
    NodeId again = g.addNode({tag}, {{name, Value("again")}});
    g.addRel(again, 0, knows, {});
  }
  Graph g;
  Graph before_;  // built alike, never changed
  LabelId person{}, city{}, tag{};
  TypeId knows{};
  KeyId name{}, id{}, since{};
};

TEST_F(GraphChanges, EveryMutationIsVisibleAndJournaled) {
  std::size_t sp = g.savepoint();
  g.setNodeProperty(1, name, Value("renamed"));
  EXPECT_EQ(g.findByName("renamed"), (std::vector<NodeId>{1}));
  EXPECT_TRUE(g.findByName("n1").empty());
  g.removeLabel(1, person);
  EXPECT_FALSE(g.hasLabel(1, person));
  EXPECT_EQ(std::count(g.nodesWithLabel(person).begin(), g.nodesWithLabel(person).end(), 1u), 0);
  g.deleteRel(0);
  EXPECT_FALSE(g.relAlive(0));
  EXPECT_EQ(g.liveRelCount(), g.relCount() - 1);
  EXPECT_EQ(g.relKeyCount(since), 12u) << "13 before: the deleted relationship's property is gone";
  auto changes = g.changesSince(sp);
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].kind, Change::Kind::SetNodeProperty);
  EXPECT_EQ(changes[0].value(), Value("renamed"));
  EXPECT_EQ(changes[0].before(), Value("n1"));
  EXPECT_EQ(changes[1].kind, Change::Kind::RemoveLabel);
  EXPECT_EQ(changes[2].kind, Change::Kind::SetRelProperty);
  EXPECT_EQ(changes[2].before(), Value(2000));
  EXPECT_TRUE(changes[2].value().isNull());
  EXPECT_EQ(changes[3].kind, Change::Kind::DeleteRel);
  g.setNodeProperty(1, name, Value("renamed"));
  EXPECT_EQ(g.changesSince(sp).size(), 4u) << "an unchanged value is not a change";
  g.clearJournal();
  EXPECT_EQ(g.savepoint(), 0u);
}

TEST_F(GraphChanges, CreatingANodeIsAddNodeThenLabelsThenProperties) {
  std::size_t sp = g.savepoint();
  NodeId n = g.addNode({person, city}, {{name, Value("x")}});
  auto c = g.changesSince(sp);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].kind, Change::Kind::AddNode);
  EXPECT_EQ(c[0].id, n);
  EXPECT_EQ(c[1].kind, Change::Kind::AddLabel);
  EXPECT_EQ(c[1].name, person);
  EXPECT_EQ(c[2].name, city);
  EXPECT_EQ(c[3].kind, Change::Kind::SetNodeProperty);
}

TEST_F(GraphChanges, DeletingANodeNeedsItsRelationshipsGoneFirst) {
  EXPECT_THROW(g.deleteNode(3), std::logic_error);
  EXPECT_TRUE(g.nodeAlive(3));
  std::size_t sp = g.savepoint();
  detachDelete(3);
  EXPECT_FALSE(g.nodeAlive(3));
  EXPECT_EQ(g.liveNodeCount(), 11u);
  auto c = g.changesSince(sp);
  EXPECT_EQ(c.back().kind, Change::Kind::DeleteNode);
  EXPECT_EQ(c[c.size() - 2].kind, Change::Kind::RemoveLabel) << "labels and properties go first, journaled";
}

TEST_F(GraphChanges, DeletedElementsAreInvisibleToEveryReader) {
  detachDelete(7);
  g.deleteRel(0);
  EXPECT_FALSE(g.nodeAlive(7));
  EXPECT_TRUE(g.nodeLabels(7).empty());
  EXPECT_TRUE(g.nodeProperties(7).empty());
  EXPECT_TRUE(g.findByName("n7").empty());
  EXPECT_TRUE(withProperty(g, id, Value(7)).empty());
  for (LabelId l : {person, city, tag})
    for (NodeId n : g.nodesWithLabel(l)) EXPECT_NE(n, 7u);
  for (TypeId t = 0; t < g.types().size(); ++t)
    for (RelId r : g.relsWithType(t)) EXPECT_TRUE(g.relAlive(r)) << r;
  Adjacency adj(g);
  for (NodeId n = 0; n < g.nodeCount(); ++n) {
    AdjCursor c = g.adjacency(n, AdjDirection::Both);
    for (AdjEntry e; c.next(e);) {
      EXPECT_TRUE(g.relAlive(e.rel)) << "cursor at " << n;
      EXPECT_NE(e.other, 7u);
    }
    adj.forEach(n, AdjDirection::Both, [&](NodeId other, auto edge) {
      EXPECT_TRUE(g.relAlive(edge().id)) << "adjacency at " << n;
      EXPECT_NE(other, 7u);
      return true;
    });
  }
  Subgraph all = wholeGraph(g);
  EXPECT_EQ(all.nodes.size(), 11u);
  EXPECT_EQ(std::count(all.nodes.begin(), all.nodes.end(), 7u), 0);
  EXPECT_EQ(all.rels.size(), g.liveRelCount());
  EXPECT_EQ(g.outDegree(0), 1u) << "rel 0 (0->1) is dead; 0 LIVES_IN 0 is left";
  NodeId next = g.addNode({}, {});
  EXPECT_EQ(next, 12u) << "ids are not reused";
}

TEST_F(GraphChanges, RollbackRestoresTablesIndexesAndAdjacencyExactly) {
  std::string before = dump(g);
  auto idx7 = withProperty(g, id, Value(7));
  std::size_t sp = g.savepoint();
  mutate();
  EXPECT_NE(dump(g), before);
  g.rollbackTo(sp);
  EXPECT_EQ(dump(g), before);
  EXPECT_EQ(withProperty(g, id, Value(7)), idx7);
  EXPECT_EQ(withProperty(g, id, Value(2)), (std::vector<NodeId>{2}));
  EXPECT_TRUE(withProperty(g, id, Value(100)).empty());
  EXPECT_EQ(g.savepoint(), sp);
  EXPECT_EQ(g.addNode({}, {}), 12u) << "an undone creation gives its id back";
}

TEST_F(GraphChanges, RollbackToAnInnerSavepointKeepsWhatCameBefore) {
  g.setNodeProperty(0, name, Value("outer"));
  std::string afterOuter = dump(g);
  std::size_t inner = g.savepoint();
  mutate();
  g.rollbackTo(inner);
  EXPECT_EQ(dump(g), afterOuter);
  EXPECT_EQ(g.findByName("outer"), (std::vector<NodeId>{0}));
}

TEST_F(GraphChanges, RollbackAcrossACompactionRestoresTheAdjacency) {
  std::size_t sp = g.savepoint();
  mutate();
  g.compact();  // takes in new relationships and folds deleted ones out
  mutate();     // again, on the compacted graph
  g.rollbackTo(sp);
  EXPECT_EQ(dump(g, true), dump(before_, true));
}

TEST_F(GraphChanges, ReplayingTheJournalOntoTheStartingGraphGivesAnIdenticalGraph) {
  std::size_t sp = g.savepoint();
  mutate();
  g.compact();
  mutate();
  std::vector<Change> log(g.changesSince(sp).begin(), g.changesSince(sp).end());
  Graph copy;
  build(copy);
  for (const Change& c : log) copy.apply(c);
  EXPECT_EQ(dump(copy, true), dump(g, true));
  EXPECT_EQ(withProperty(copy, id, Value(7)), withProperty(g, id, Value(7)));
  ASSERT_EQ(copy.changesSince(0).size(), log.size()) << "a replay journals like the original";
  Change skipped;
  skipped.kind = Change::Kind::AddNode;
  skipped.id = static_cast<NodeId>(copy.nodeCount() + 1);
  EXPECT_THROW(copy.apply(skipped), std::logic_error) << "ids must come in sequence";
}

TEST(GraphChangesRandom, RandomWorkloadsRollBackAndReplayExactly) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    Graph g;
    build(g);
    std::string before = dump(g, true);
    std::size_t sp = g.savepoint();
    auto key = *g.keys().find("id");
    auto label = *g.labels().find("Tag");
    for (int step = 0; step < 60; ++step) {
      auto n = static_cast<NodeId>(rng() % g.nodeCount());
      auto r = static_cast<RelId>(rng() % g.relCount());
      switch (rng() % 8) {
        case 0: g.addNode({label}, {{key, Value(static_cast<int>(rng() % 20))}}); break;
        case 1:
          if (g.nodeAlive(n) && g.nodeAlive((n + 1) % g.nodeCount()))
            g.addRel(n, (n + 1) % static_cast<NodeId>(g.nodeCount()), 0, {{key, Value(step)}});
          break;
        case 2:
          if (g.nodeAlive(n)) g.setNodeProperty(n, key, rng() % 3 ? Value(static_cast<int>(rng() % 20)) : Value());
          break;
        case 3:
          if (g.relAlive(r)) g.setRelProperty(r, key, Value("r" + std::to_string(step)));
          break;
        case 4:
          if (g.nodeAlive(n)) g.addLabel(n, static_cast<LabelId>(rng() % 3));
          break;
        case 5:
          if (g.nodeAlive(n)) g.removeLabel(n, static_cast<LabelId>(rng() % 3));
          break;
        case 6: g.deleteRel(r); break;
        case 7: {
          if (!g.nodeAlive(n)) break;
          AdjCursor c = g.adjacency(n, AdjDirection::Both);
          std::vector<RelId> rels;
          for (AdjEntry e; c.next(e);) rels.push_back(e.rel);
          for (RelId x : rels) g.deleteRel(x);
          g.deleteNode(n);
          break;
        }
      }
      if (step % 20 == 19) g.maybeCompact();
      if (step == 30 && seed % 2) g.compact();
    }
    Graph copy;
    build(copy);
    for (const Change& c : g.changesSince(sp)) copy.apply(c);
    EXPECT_EQ(dump(copy, true), dump(g, true)) << "seed " << seed;
    g.rollbackTo(sp);
    EXPECT_EQ(dump(g, true), before) << "seed " << seed;
  }
}

}  // namespace
}  // namespace kgq
