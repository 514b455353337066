#include <gtest/gtest.h>

#include <functional>

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
  EXPECT_EQ(g.relValue(r0, "year"), Value(1967));
  EXPECT_EQ(g.nodeValue(pk, "name"), Value("Pakistan"));
  EXPECT_TRUE(g.nodeValue(pk, "nosuchkey").isNull());
  EXPECT_FALSE(g.hasNodeProperty(isb, year));
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
  ASSERT_EQ(g.findByName("islamabad"), (std::vector<NodeId>{isb})) << "built here, on first use";
  g.setNodeProperty(isb, name, Value("Islamabad Capital Territory"));
  EXPECT_TRUE(g.findByName("islamabad").empty());
  EXPECT_EQ(g.findByName("islamabad capital territory"), (std::vector<NodeId>{isb}));
  g.setNodeProperty(isb, name, Value());
  EXPECT_TRUE(g.findByName("islamabad capital territory").empty());
  EXPECT_FALSE(g.hasNodeProperty(isb, name)) << "setting null removes the property";
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
  std::size_t mark = g.savepoint();
  NodeId c = g.addNode({l}, {{name, Value("c")}});
  g.addRel(b, c, t, {});
  g.addRel(a, a, t, {});
  g.rollbackTo(mark);
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

namespace kgq {
namespace {

std::vector<NodeId> withProperty(const Graph& g, KeyId key, const Value& v) {
  auto s = g.nodesWithProperty(key, v);
  return {s.begin(), s.end()};
}

TEST(GraphLabels, KeepTheOrderGivenWithoutDuplicates) {
  Graph g;
  auto a = g.labels().intern("A"), b = g.labels().intern("B"), c = g.labels().intern("C");
  NodeId n = g.addNode({c, a, c, b}, {});
  NodeId m = g.addNode({a, b}, {});
  auto ls = g.node(n).labels;
  EXPECT_EQ(std::vector<LabelId>(ls.begin(), ls.end()), (std::vector<LabelId>{c, a, b}));
  EXPECT_TRUE(g.hasLabel(n, b));
  EXPECT_FALSE(g.hasLabel(m, c));
  g.addLabel(m, c);
  g.addLabel(m, a);
  ls = g.node(m).labels;
  EXPECT_EQ(std::vector<LabelId>(ls.begin(), ls.end()), (std::vector<LabelId>{a, b, c})) << "added labels go last";
  EXPECT_TRUE(g.hasLabel(m, c));
  EXPECT_EQ(g.nodesWithLabel(c), (std::vector<NodeId>{n, m}));
}

TEST(GraphProperties, IterateInKeyIdOrderWhateverTheOrderGiven) {
  Graph g;
  auto k0 = g.keys().intern("zeta"), k1 = g.keys().intern("alpha"), k2 = g.keys().intern("mid");
  NodeId n = g.addNode({}, {{k2, Value(2)}, {k0, Value("z")}, {k1, Value(true)}});
  g.setNodeProperty(n, k1, Value());
  PropertyMap want{{k0, Value("z")}, {k2, Value(2)}};
  EXPECT_EQ(g.nodeProperties(n), want);
  RelId r = g.addRel(n, n, g.types().intern("T"), {{k2, Value(1.5)}, {k0, Value(ValueList{Value(1)})}});
  PropertyMap relWant{{k0, Value(ValueList{Value(1)})}, {k2, Value(1.5)}};
  EXPECT_EQ(g.relProperties(r), relWant);
  EXPECT_EQ(g.nodeKeyCount(k0), 1u);
  EXPECT_EQ(g.nodeKeyCount(k1), 0u);
}

TEST(GraphProperties, AColumnTakesOtherTypesNullAndLists) {
  Graph g;
  auto k = g.keys().intern("since");
  NodeId a = g.addNode({}, {{k, Value(1999)}});
  NodeId b = g.addNode({}, {{k, Value(2001)}});
  g.setNodeProperty(b, k, Value("long ago"));
  EXPECT_EQ(g.nodeValue(a, k), Value(1999));
  EXPECT_TRUE(g.nodeValue(a, k).isInt());
  EXPECT_EQ(g.nodeValue(b, k), Value("long ago"));
  g.setNodeProperty(a, k, Value(ValueList{Value(1), Value(2)}));
  EXPECT_EQ(g.nodeValue(a, k), Value(ValueList{Value(1), Value(2)}));
  g.setNodeProperty(b, k, Value());
  EXPECT_FALSE(g.hasNodeProperty(b, k));
  EXPECT_TRUE(g.nodeProperties(b).empty());
  EXPECT_TRUE(g.nodePropertyIs(a, k, Value(ValueList{Value(1), Value(2)})));
  EXPECT_FALSE(g.nodePropertyIs(b, k, Value()));
}

TEST(GraphProperties, ValuesReadBackAfterTheColumnGrowsAndIsWritten) {
  Graph g;
  auto k = g.keys().intern("name");
  NodeId a = g.addNode({}, {{k, Value("Ann")}});
  for (int i = 0; i < 100; ++i) g.addNode({}, {{k, Value("other" + std::to_string(i))}});
  EXPECT_EQ(g.nodeValue(a, k), Value("Ann"));
  g.setNodeProperty(a, k, Value("Bea"));
  EXPECT_EQ(g.nodeValue(a, k), Value("Bea"));
  EXPECT_TRUE(g.nodeValue(a, g.keys().intern("unset")).isNull());
}

TEST(GraphPropertyIndex, FollowsCreateSetAndRollback) {
  Graph g;
  auto id = g.keys().intern("id");
  for (int i = 0; i < 50; ++i) g.addNode({}, {{id, Value("p" + std::to_string(i))}});
  EXPECT_EQ(withProperty(g, id, Value("p7")), (std::vector<NodeId>{7}));  // built here
  std::size_t mark = g.savepoint();
  NodeId fresh = g.addNode({}, {{id, Value("p99")}});
  NodeId twin = g.addNode({}, {{id, Value("p7")}});
  EXPECT_EQ(withProperty(g, id, Value("p99")), (std::vector<NodeId>{fresh}));
  EXPECT_EQ(withProperty(g, id, Value("p7")), (std::vector<NodeId>{7, twin}));
  g.setNodeProperty(3, id, Value("p3b"));
  EXPECT_TRUE(withProperty(g, id, Value("p3")).empty());
  EXPECT_EQ(withProperty(g, id, Value("p3b")), (std::vector<NodeId>{3}));
  g.rollbackTo(mark);
  EXPECT_TRUE(withProperty(g, id, Value("p99")).empty());
  EXPECT_EQ(withProperty(g, id, Value("p7")), (std::vector<NodeId>{7}));
  EXPECT_TRUE(withProperty(g, id, Value("p3b")).empty()) << "property writes are rolled back";
  EXPECT_EQ(withProperty(g, id, Value("p3")), (std::vector<NodeId>{3}));
  NodeId again = g.addNode({}, {{id, Value("p99")}});
  EXPECT_EQ(again, fresh);
  EXPECT_EQ(withProperty(g, id, Value("p99")), (std::vector<NodeId>{again}));
}

TEST(GraphRollback, TruncatesTheColumns) {
  Graph g;
  auto k = g.keys().intern("k");
  auto t = g.types().intern("T");
  NodeId a = g.addNode({}, {{k, Value(1)}});
  g.addRel(a, a, t, {{k, Value("kept")}});
  std::size_t mark = g.savepoint();
  NodeId b = g.addNode({}, {{k, Value(2)}});
  RelId r = g.addRel(a, b, t, {{k, Value("dropped")}});
  g.rollbackTo(mark);
  EXPECT_EQ(g.nodeKeyCount(k), 1u);
  EXPECT_EQ(g.relKeyCount(k), 1u);
  NodeId b2 = g.addNode({}, {});
  RelId r2 = g.addRel(a, b2, t, {});
  EXPECT_EQ(b2, b);
  EXPECT_EQ(r2, r);
  EXPECT_FALSE(g.hasNodeProperty(b2, k)) << "a new node does not inherit a rolled-back value";
  EXPECT_TRUE(g.relValue(r2, k).isNull());
  EXPECT_EQ(g.relValue(0, k), Value("kept"));
}

// Three nodes (0 and 1 labelled A), relationships 0->1 and 1->2 of type T, and
// the snapshot arrays over them, as a snapshot file would give them.
struct Tables {
  std::vector<LabelSetId> nodeLabels;
  std::vector<RelData> rels;
  std::vector<NodeId> deadNodes;
  std::vector<RelId> deadRels;
  std::optional<CsrArrays> csr;
};

Graph namedGraph(LabelSetId& withA, TypeId& t) {
  Graph g;
  LabelId a = g.labels().intern("A");
  t = g.types().intern("T");
  std::vector<LabelId> just{a};
  withA = g.internLabels(just);
  return g;
}

Tables goodTables(LabelSetId withA, TypeId t) {
  Tables x;
  x.nodeLabels = {withA, withA, LabelSets::kEmpty};
  x.rels = {{0, 1, t}, {1, 2, t}};
  x.csr = CsrArrays{{0, 1, 2, 2}, {1, 2}, {EdgeData{0, t}, EdgeData{1, t}}, {0, 0, 1, 2}, {0, 1}, {0, 1}};
  return x;
}

TEST(GraphRestore, AdoptsWholeTablesAndTraversesThem) {
  LabelSetId withA;
  TypeId t;
  for (bool withArrays : {true, false}) {
    SCOPED_TRACE(withArrays ? "arrays given" : "arrays built");
    Graph g = namedGraph(withA, t);
    Tables x = goodTables(withA, t);
    if (!withArrays) x.csr.reset();
    g.restore(x.nodeLabels, x.rels, x.deadNodes, x.deadRels, x.csr);
    EXPECT_TRUE(g.snapshotIsExact());
    EXPECT_EQ(g.nodesWithLabel(g.labels().find("A").value()), (std::vector<NodeId>{0, 1}));
    EXPECT_EQ(g.relsWithType(t), (std::vector<RelId>{0, 1}));
    std::vector<std::pair<RelId, NodeId>> seen;
    AdjCursor c = g.adjacency(1, AdjDirection::Both);
    for (AdjEntry e; c.next(e);) seen.emplace_back(e.rel, e.other);
    EXPECT_EQ(seen, (std::vector<std::pair<RelId, NodeId>>{{1, 2}, {0, 0}})) << "out, then in";
    NodeId later = g.addNode({}, {});
    RelId r = g.addRel(later, 0, t, {});
    EXPECT_EQ(g.inDegree(0), 1u) << "a write after the restore goes to the delta";
    g.deleteRel(r);
    g.deleteRel(0);
    g.compact();
    EXPECT_EQ(g.outDegree(0), 0u);
  }
}

TEST(GraphRestore, RefusesTablesThatDoNotFitAndChangesNothing) {
  LabelSetId withA;
  TypeId t;
  std::vector<std::pair<const char*, std::function<void(Tables&)>>> damage = {
      {"label set out of range", [](Tables& x) { x.nodeLabels[2] = 99; }},
      {"relationship past the nodes", [](Tables& x) { x.rels[1].end = 3; }},
      {"unknown type", [](Tables& x) { x.rels[0].type = 7; }},
      {"deleted node with labels", [](Tables& x) { x.deadNodes = {0}; }},
      {"deleted node with a live relationship", [](Tables& x) { x.deadNodes = {2}; }},
      {"deleted ids not ascending", [](Tables& x) { x.deadRels = {1, 0}; }},
      {"row starts fall", [](Tables& x) { x.csr->outStart = {0, 2, 1, 2}; }},
      {"row starts short", [](Tables& x) { x.csr->inStart = {0, 0, 2}; }},
      {"an edge twice", [](Tables& x) { x.csr->outEdge[1].id = 0; }},
      {"an edge past the relationships", [](Tables& x) { x.csr->outEdge[1].id = 5; }},
      {"a target past the nodes", [](Tables& x) { x.csr->outTarget[0] = 3; }},
      {"an in-edge twice", [](Tables& x) { x.csr->inEdge = {1, 1}; }},
      {"an in-edge past the edges", [](Tables& x) { x.csr->inEdge[0] = 2; }},
      {"a source past the nodes", [](Tables& x) { x.csr->inSource[1] = 9; }},
      {"arrays for a deleted relationship", [](Tables& x) { x.deadRels = {1}; }},
  };
  for (auto& [what, change] : damage) {
    SCOPED_TRACE(what);
    Graph g = namedGraph(withA, t);
    Tables x = goodTables(withA, t);
    change(x);
    EXPECT_THROW(g.restore(x.nodeLabels, x.rels, x.deadNodes, x.deadRels, x.csr), std::invalid_argument);
    EXPECT_EQ(g.nodeCount(), 0u);
    EXPECT_EQ(g.relCount(), 0u);
  }
  Graph g = namedGraph(withA, t);
  Tables x = goodTables(withA, t);
  g.restore(x.nodeLabels, x.rels, x.deadNodes, x.deadRels, x.csr);
  EXPECT_THROW(g.restore(x.nodeLabels, x.rels, x.deadNodes, x.deadRels, x.csr), std::invalid_argument)
      << "only an empty graph is restored";
  KeyId k = g.keys().intern("k");
  ValueColumn tooLong;
  tooLong.set(3, Value(1));
  EXPECT_THROW(g.restoreColumn(true, k, std::move(tooLong)), std::invalid_argument);
  ValueColumn fits;
  fits.set(2, Value("x"));
  g.restoreColumn(true, k, std::move(fits));
  EXPECT_EQ(g.nodesWithProperty(k, Value("x")).size(), 1u);
}

}  // namespace
}  // namespace kgq
