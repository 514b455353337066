#include <gtest/gtest.h>

#include "graph/graph.h"

namespace kgq {
namespace {

class GraphTest : public ::testing::Test {
 protected:
  void SetUp() override {
    country = g.labels().intern("Country");
    person = g.labels().intern("Person");
    capital = g.types().intern("CAPITAL_OF");
    name = g.keys().intern("name");
    aliases = g.keys().intern("aliases");
    year = g.keys().intern("year");
    pk = g.addNode({country}, {{name, Value("Pakistan")}, {aliases, Value(ValueList{"Islamic Republic of Pakistan"})}});
    by = g.addNode({country}, {{name, Value("Belarus")}, {aliases, Value(ValueList{"Republic of Belarus", "BY"})}});
    isb = g.addNode({g.labels().intern("City")}, {{name, Value("Islamabad")}});
    luk = g.addNode({person, person}, {{name, Value("Aleksandr Lukashenko")}});
    r0 = g.addRel(isb, pk, capital, {{year, Value(1967)}});
  }
  Graph g;
  LabelId country{}, person{};
  TypeId capital{};
  KeyId name{}, aliases{}, year{};
  NodeId pk{}, by{}, isb{}, luk{};
  RelId r0{};
};

TEST_F(GraphTest, NodesAndRelationshipsKeepLabelsTypesAndProperties) {
  EXPECT_EQ(g.nodeCount(), 4u);
  EXPECT_EQ(g.relCount(), 1u);
  EXPECT_EQ(g.node(luk).labels.size(), 1u) << "duplicate labels are dropped";
  EXPECT_TRUE(g.hasLabel(pk, country));
  EXPECT_FALSE(g.hasLabel(pk, person));
  EXPECT_EQ(g.relStart(r0), isb);
  EXPECT_EQ(g.relEnd(r0), pk);
  EXPECT_EQ(g.rel(r0).type, capital);
  ASSERT_NE(g.relProperty(r0, "year"), nullptr);
  EXPECT_EQ(g.relProperty(r0, "year")->asInt(), 1967);
  EXPECT_EQ(g.nodeProperty(pk, "name")->asString(), "Pakistan");
  EXPECT_EQ(g.nodeProperty(pk, "nosuchkey"), nullptr);
  EXPECT_EQ(g.nodeProperty(isb, year), nullptr);
}

TEST_F(GraphTest, NamesAreInterned) {
  EXPECT_EQ(g.labels().intern("Country"), country);
  EXPECT_EQ(g.labels().find("Country"), country);
  EXPECT_FALSE(g.labels().find("country").has_value()) << "names are case-sensitive";
  EXPECT_EQ(g.types().name(capital), "CAPITAL_OF");
}

TEST_F(GraphTest, LabelAndTypeIndexes) {
  EXPECT_EQ(g.nodesWithLabel(country), (std::vector<NodeId>{pk, by}));
  EXPECT_EQ(g.nodesWithLabel(person), (std::vector<NodeId>{luk}));
  EXPECT_TRUE(g.nodesWithLabel(999).empty());
  EXPECT_EQ(g.relsWithType(capital), (std::vector<RelId>{r0}));
  g.addLabel(luk, country);
  EXPECT_EQ(g.nodesWithLabel(country), (std::vector<NodeId>{pk, by, luk}));
}

TEST_F(GraphTest, NameIndexIsCaseInsensitiveOverNamesAndAliases) {
  EXPECT_EQ(g.findByName("belarus"), (std::vector<NodeId>{by}));
  EXPECT_EQ(g.findByName("REPUBLIC OF BELARUS"), (std::vector<NodeId>{by}));
  EXPECT_EQ(g.findByName("by"), (std::vector<NodeId>{by}));
  EXPECT_EQ(g.findByName("islamic republic of pakistan"), (std::vector<NodeId>{pk}));
  EXPECT_TRUE(g.findByName("Minsk").empty());
}

TEST_F(GraphTest, NameIndexFollowsPropertyUpdates) {
  g.setNodeProperty(isb, name, Value("Islamabad Capital Territory"));
  EXPECT_TRUE(g.findByName("islamabad").empty());
  EXPECT_EQ(g.findByName("islamabad capital territory"), (std::vector<NodeId>{isb}));
  g.setNodeProperty(isb, name, Value());
  EXPECT_TRUE(g.findByName("islamabad capital territory").empty());
  EXPECT_EQ(g.nodeProperty(isb, name), nullptr) << "setting null removes the property";
}

TEST_F(GraphTest, ParallelEdgesAndSelfLoopsAreDistinctRelationships) {
  auto r1 = g.addRel(pk, by, g.types().intern("PARTY_TO"), {});
  auto r2 = g.addRel(pk, by, g.types().intern("PARTY_TO"), {});
  auto r3 = g.addRel(pk, pk, g.types().intern("SELF"), {});
  EXPECT_NE(r1, r2);
  EXPECT_EQ(g.relCount(), 4u);
  EXPECT_EQ(g.outDegree(pk), 3u);
  EXPECT_EQ(g.inDegree(pk), 2u);
  EXPECT_EQ(g.relStart(r3), g.relEnd(r3));
}

TEST_F(GraphTest, MovedGraphKeepsEverything) {
  Graph other = std::move(g);
  EXPECT_EQ(other.nodeCount(), 4u);
  EXPECT_EQ(other.findByName("pakistan"), (std::vector<NodeId>{pk}));
  EXPECT_EQ(other.rel(r0).type, capital);
  EXPECT_EQ(other.relStart(r0), isb);
}

}  // namespace
}  // namespace kgq

namespace kgq {
namespace {

TEST(GraphRollback, RemovesWhatWasAddedSinceTheMark) {
  Graph g;
  auto l = g.labels().intern("L");
  auto t = g.types().intern("T");
  auto name = g.keys().intern("name");
  NodeId a = g.addNode({l}, {{name, Value("a")}});
  NodeId b = g.addNode({l}, {{name, Value("b")}});
  g.addRel(a, b, t, {});
  auto mark = g.mark();
  NodeId c = g.addNode({l}, {{name, Value("c")}});
  g.addRel(b, c, t, {});
  g.addRel(a, a, t, {});
  g.rollback(mark);
  EXPECT_EQ(g.nodeCount(), 2u);
  EXPECT_EQ(g.relCount(), 1u);
  EXPECT_EQ(g.nodesWithLabel(l), (std::vector<NodeId>{a, b}));
  EXPECT_EQ(g.relsWithType(t).size(), 1u);
  EXPECT_TRUE(g.findByName("c").empty());
  EXPECT_EQ(g.outDegree(a), 1u);
  EXPECT_EQ(g.inDegree(b), 1u);
  EXPECT_EQ(g.outDegree(b), 0u);
}

}  // namespace
}  // namespace kgq
