// The optimised paths must give exactly what the simple ones give: checked on
// random multigraphs (self-loops, parallel and antiparallel relationships), both
// while the relationships sit in the delta (AdjCursor) and after a compaction
// (the raw CSR loops), with the session's traversal scratch reused throughout.
#include <gtest/gtest.h>

#include <random>
#include <tuple>

#include "exec/traversal.h"
#include "session/session.h"

namespace kgq {
namespace {

// A random graph of `n` nodes (k = 0..n-1) and about `m` relationships of types T0 and T1.
void buildRandomGraph(Session& s, unsigned seed, int n, int m) {
  std::mt19937 rng(seed);
  s.runOne("UNWIND range(0, " + std::to_string(n - 1) + ") AS i CREATE (:N {k: i, g: i % 3})");
  std::string pairs[2];
  for (int i = 0; i < m; ++i) {
    int a = static_cast<int>(rng() % static_cast<unsigned>(n));
    int b = rng() % 6 == 0 ? a : static_cast<int>(rng() % static_cast<unsigned>(n));
    auto& list = pairs[rng() % 2];
    list += (list.empty() ? "" : ", ") + std::string("[") + std::to_string(a) + ", " + std::to_string(b) + "]";
  }
  for (int t = 0; t < 2; ++t)
    if (!pairs[t].empty())
      s.runOne("UNWIND [" + pairs[t] + "] AS p MATCH (a:N {k: p[0]}), (b:N {k: p[1]}) CREATE (a)-[:T" +
               std::to_string(t) + "]->(b)");
}

std::string rows(Session& s, const std::string& q) {
  auto r = s.runOne(q);
  std::string out;
  for (const auto& row : r.rows) {
    for (const auto& v : row) out += (v.isInt() ? std::to_string(v.asInt()) : std::string("?")) + " ";
    out += "\n";
  }
  return out;
}

// Relationships as the delta sees them, then as the compacted CSR does, then
// after the graph has grown (new nodes and a fresh delta) while the session's
// traversal scratch, already sized to the old graph, is reused.
enum class Stage { Delta, Compacted, Grown };

void advance(Session& s, Stage stage, unsigned seed, int& n) {
  if (stage == Stage::Compacted) s.graph().compact();
  if (stage != Stage::Grown) return;
  std::mt19937 rng(seed);
  // Few new relationships, mostly to the new nodes: unbounded trail enumeration
  // (the reference) explodes on a denser graph.
  int grown = n + 3;
  s.runOne("UNWIND range(" + std::to_string(n) + ", " + std::to_string(grown - 1) + ") AS i CREATE (:N {k: i, g: i % 3})");
  for (int i = n; i < grown; ++i) {
    auto a = std::to_string(i);
    auto b = std::to_string(rng() % static_cast<unsigned>(i + 1));  // may be a self-loop
    s.runOne("MATCH (a:N {k: " + a + "}), (b:N {k: " + b + "}) CREATE (a)-[:T" + std::to_string(i % 2) + "]->(b)");
  }
  n = grown;
}

class OptimisedPaths : public ::testing::TestWithParam<unsigned> {};

TEST_P(OptimisedPaths, ReachabilityBfsMatchesPathEnumeration) {
  Session s;
  int n = 9;
  buildRandomGraph(s, GetParam(), n, 16);
  const char* ranges[] = {"*", "*1..2", "*..3", "*0..2", "*1", "*2..2"};
  const char* shapes[] = {"-[%s]-", "-[%s]->", "<-[%s]-", "-[:T0%s]-", "-[:T1|T0%s]->", "-[:T9%s]-"};
  for (Stage stage : {Stage::Delta, Stage::Compacted, Stage::Grown}) {
    advance(s, stage, GetParam(), n);
    for (int k = 0; k < n; ++k)
      for (const char* shape : shapes)
        for (const char* range : ranges) {
          char rel[64];
          std::snprintf(rel, sizeof rel, shape, range);
          // A named relationship list is observable, so it keeps the path enumeration.
          std::string named = rel;
          named.insert(named.find('[') + 1, "r");
          std::string a = "MATCH (a:N {k: " + std::to_string(k) + "})";
          EXPECT_EQ(rows(s, a + rel + "(b) RETURN count(DISTINCT b) AS n, sum(DISTINCT b.k) AS s"),
                    rows(s, a + named + "(b) RETURN count(DISTINCT b) AS n, sum(DISTINCT b.k) AS s"))
              << "seed " << GetParam() << " stage " << static_cast<int>(stage) << ": " << a << rel << "(b)";
        }
  }
  auto plan = s.runOne("EXPLAIN MATCH (a:N {k: 1})-[*1..2]-(b) RETURN count(DISTINCT b)").plan;
  EXPECT_NE(plan.find("VarLengthReachableCount"), std::string::npos) << plan;
}

// count(DISTINCT b) alone is counted by the search itself: one start, several
// starts whose neighbourhoods overlap, none, and end nodes that must pass a check.
TEST_P(OptimisedPaths, CountedEndsMatchPathEnumeration) {
  Session s;
  int n = 9;
  buildRandomGraph(s, GetParam() + 50, n, 16);
  const char* starts[] = {"(a:N {k: 2})", "(a:N {g: 1})", "(a:N)", "(a:N {k: 999})", "(a {g: 0})"};
  const char* rels[] = {"-[%s*1..2]-", "-[%s*]->", "<-[%s*0..2]-", "-[%s:T1*..3]-"};
  const char* ends[] = {"(b)", "(b:N)", "(b {g: 2})", "(b:Missing)"};
  for (Stage stage : {Stage::Delta, Stage::Compacted}) {
    advance(s, stage, GetParam() + 50, n);
    for (const char* start : starts)
      for (const char* rel : rels)
        for (const char* end : ends) {
          char anon[64], named[64];
          std::snprintf(anon, sizeof anon, rel, "");
          std::snprintf(named, sizeof named, rel, "r");
          std::string head = std::string("MATCH ") + start;
          std::string counted = head + anon + end + " RETURN count(DISTINCT b) AS n";
          EXPECT_EQ(rows(s, counted), rows(s, head + named + end + " RETURN count(DISTINCT b) AS n"))
              << "seed " << GetParam() << ": " << counted;
          if (std::string(end) == "(b)") {  // otherwise the planner may well start from b
            EXPECT_NE(s.runOne("EXPLAIN " + counted).plan.find("VarLengthReachableCount"), std::string::npos)
                << counted;
          }
        }
  }
}

// count(*) over one hop is counted by the expansion (rule count-expand), straight off the CSR when
// the far node's checks are labels and integer comparisons; sum(1) keeps a row per match.
// Nodes with and without h, self-loops, operands on either side, NOT over a missing key, names
// the graph lacks, a float operand and a column of mixed types (both still through the rows).
TEST_P(OptimisedPaths, CountedExpansionsMatchRowByRow) {
  Session s;
  int n = 12;
  buildRandomGraph(s, GetParam() + 70, n, 30);
  s.runOne("MATCH (x:N) WHERE x.k % 4 = 0 SET x.h = x.k % 7, x:M");
  s.runOne("MATCH (x:N) WHERE x.k % 5 = 1 SET x.mixed = CASE WHEN x.k % 2 = 0 THEN x.k ELSE 'v' END");
  const char* patterns[] = {"(a:N)-[:T0]->(b)", "(a)-[r]-(b)", "(a)<-[:T1|T0]-(b:N)", "(a)-[:T1]->(b:M)",
                            "(a)-->(b:Nope)", "(a)-[:NOPE|T0]->(b)", "(a)-[:NOPE]->(b)", "(a:M)-[]->(b:N:M)"};
  const char* wheres[] = {"", "WHERE a.k > b.k", "WHERE 5 < b.k", "WHERE NOT b.g = a.g", "WHERE b.h >= 1",
                          "WHERE NOT b.h > 1", "WHERE b.h <> a.g AND b.k <= 9", "WHERE b.k > 2.5",
                          "WHERE b.mixed = 3", "WHERE b.k = a.h"};
  for (Stage stage : {Stage::Delta, Stage::Compacted, Stage::Grown}) {
    advance(s, stage, GetParam() + 70, n);
    for (const char* pattern : patterns)
      for (const char* where : wheres) {
        std::string head = std::string("MATCH ") + pattern + " " + where;
        std::string counted = head + " RETURN a.g AS g, count(*) AS c ORDER BY g";
        EXPECT_EQ(rows(s, counted), rows(s, head + " RETURN a.g AS g, sum(1) AS c ORDER BY g"))
            << "seed " << GetParam() << " stage " << static_cast<int>(stage) << ": " << counted;
        std::string whole = head + " RETURN count(*) AS c";
        EXPECT_EQ(rows(s, whole), rows(s, head + " RETURN sum(1) AS c")) << whole;
      }
    // type(r) tests in WHERE restrict the types with the pattern's, the same for every row or not.
    const char* typed[] = {"MATCH (a)-[r]->(b) WHERE type(r) = 'T0' AND b.k < a.k",
                           "MATCH (a)-[r:T1|T0]-(b) WHERE type(r) IN ['T1', 'NOPE']",
                           "MATCH (a)<-[r:T0]-(b) WHERE type(r) = 'T1'",
                           "MATCH (a:N) MATCH (a)-[r]->(b) WHERE type(r) = CASE a.g WHEN 0 THEN 'T0' ELSE 'T1' END",
                           // projections that pass variables on, read through; one that computes, not
                           "MATCH (a)-[r]->(b) WITH a, r, b WHERE b.k > a.k WITH a AS a, r",
                           "MATCH (a)-[r]->(b:N) WITH * WHERE NOT b.h > 1",
                           "MATCH (a)-[r]->(b) WITH a, r, b.k - a.k AS d WHERE d > 0"};
    for (const char* head : typed) {
      std::string counted = std::string(head) + " RETURN a.g AS g, count(r) AS c ORDER BY g";
      EXPECT_EQ(rows(s, counted), rows(s, std::string(head) + " RETURN a.g AS g, sum(1) AS c ORDER BY g")) << counted;
    }
  }
  auto plan = s.runOne("EXPLAIN MATCH (a:N)-[:T0]->(b) WHERE a.k > b.k RETURN count(*)").plan;
  EXPECT_NE(plan.find("(counting the matches of each row)"), std::string::npos) << plan;
}

TEST_P(OptimisedPaths, ShortestPathMatchesTheShortestEnumeratedPath) {
  Session s;
  int n = 10;
  buildRandomGraph(s, GetParam() + 100, n, 14);
  const char* shapes[][2] = {{"-[*]-", "-[*1..9]-"},         {"-[*]->", "-[*1..9]->"},
                             {"<-[*]-", "<-[*1..9]-"},       {"-[:T0*]-", "-[:T0*1..9]-"},
                             {"-[:T1*]->", "-[:T1*1..9]->"}, {"-[*..2]-", "-[*1..2]-"}};
  for (Stage stage : {Stage::Delta, Stage::Compacted, Stage::Grown}) {
    advance(s, stage, GetParam() + 100, n);
    for (int a = 0; a < n; a += 3)
      for (int b = 0; b < n; ++b) {
        if (a == b) continue;  // shortestPath needs two different nodes
        std::string ends = "(a:N {k: " + std::to_string(a) + "}), (b:N {k: " + std::to_string(b) + "})";
        for (const auto& [shortest, all] : shapes) {
          std::string fast = "MATCH " + ends + " MATCH p = shortestPath((a)" + shortest + "(b)) ";
          auto slow = rows(s, "MATCH " + ends + " MATCH p = (a)" + all +
                                  "(b) WITH min(length(p)) AS m WHERE m IS NOT NULL RETURN m");
          std::string where = "seed " + std::to_string(GetParam()) + " stage " +
                              std::to_string(static_cast<int>(stage)) + " " + std::to_string(a) + shortest +
                              std::to_string(b);
          EXPECT_EQ(rows(s, fast + "RETURN length(p)"), slow) << where;
          // The path found is a real one: consecutive nodes joined by its relationships.
          EXPECT_EQ(rows(s, fast + "RETURN size([i IN range(0, length(p) - 1) WHERE NOT ("
                                   "startNode(relationships(p)[i]) IN [nodes(p)[i], nodes(p)[i + 1]] AND "
                                   "endNode(relationships(p)[i]) IN [nodes(p)[i], nodes(p)[i + 1]])]) AS bad"),
                    slow.empty() ? "" : "0 \n")
              << where;
        }
      }
  }
}

// The raw CSR loops must list exactly what AdjCursor lists, in the same order
// (which path a search reports among equally short ones depends on it).
TEST_P(OptimisedPaths, DirectAdjacencyMatchesTheCursor) {
  Session s;
  buildRandomGraph(s, GetParam() + 300, 12, 40);
  s.runOne("CREATE (:N {k: 12})");  // a node without relationships at the end
  s.graph().compact();
  const Graph& g = s.graph();
  ASSERT_TRUE(g.snapshotIsExact());
  Adjacency adj(g);
  for (NodeId n = 0; n < g.nodeCount(); ++n)
    for (AdjDirection dir : {AdjDirection::Out, AdjDirection::In, AdjDirection::Both}) {
      std::vector<std::tuple<RelId, NodeId, TypeId>> viaCursor, direct;
      AdjCursor cursor = g.adjacency(n, dir);
      AdjEntry e;
      while (cursor.next(e)) viaCursor.emplace_back(e.rel, e.other, e.type);
      adj.forEach(n, dir, [&](NodeId other, auto edge) {
        direct.emplace_back(edge().id, other, edge().type);
        return true;
      });
      EXPECT_EQ(direct, viaCursor) << "node " << n << " direction " << static_cast<int>(dir);
      // The degree that steers a search's side: what is visited, a self-loop twice with Both.
      std::size_t selfLoops = 0;
      for (const auto& [rel, other, type] : direct) selfLoops += dir == AdjDirection::Both && other == n;
      EXPECT_EQ(adj.degree(n, dir), direct.size() + selfLoops) << "node " << n << " direction " << static_cast<int>(dir);
    }
}

TEST_P(OptimisedPaths, PropertyIndexScanMatchesAFilteredScan) {
  Session s;
  buildRandomGraph(s, GetParam() + 200, 12, 10);
  for (int g = 0; g < 4; ++g) {
    std::string v = std::to_string(g);
    EXPECT_EQ(rows(s, "MATCH (n {g: " + v + "}) RETURN n.k ORDER BY n.k"),
              rows(s, "MATCH (n) WHERE n.g = " + v + " RETURN n.k ORDER BY n.k"));
    EXPECT_EQ(rows(s, "MATCH (n:N {g: " + v + ".0}) RETURN count(n)"),
              rows(s, "MATCH (n:N) WHERE n.g = " + v + ".0 RETURN count(n)"));
  }
  // The index follows writes.
  s.runOne("CREATE (:N {k: 100, g: 1})");
  EXPECT_EQ(rows(s, "MATCH (n {g: 1}) RETURN count(n)"), rows(s, "MATCH (n) WHERE n.g = 1 RETURN count(n)"));
}

// count(DISTINCT node) hashes ids while they are few, then keeps a bit per node:
// both must agree with DISTINCT over plain integers, across the switch.
TEST(OptimisedAggregates, DistinctElementsMatchDistinctIds) {
  Session s;
  buildRandomGraph(s, 11, 600, 900);
  for (int below : {1, 2, 3, 5, 40, 599, 600}) {
    std::string nodes = "MATCH (n:N) WHERE n.k < " + std::to_string(below) + " UNWIND [1, 2, 3] AS i ";
    EXPECT_EQ(rows(s, nodes + "RETURN count(DISTINCT n)"), std::to_string(below) + " \n");
    EXPECT_EQ(rows(s, nodes + "RETURN count(DISTINCT n)"), rows(s, nodes + "RETURN count(DISTINCT n.k)"));
    std::string rels = "MATCH (n:N)-[r]->() WHERE n.k < " + std::to_string(below) + " UNWIND [1, 2] AS i ";
    EXPECT_EQ(rows(s, rels + "RETURN count(DISTINCT r)"), rows(s, rels + "RETURN count(DISTINCT id(r))"));
    // Nodes and relationships with equal ids stay apart.
    std::string both = "MATCH (n:N)-[r]->() WHERE n.k < " + std::to_string(below) + " UNWIND [n, r] AS x ";
    EXPECT_EQ(rows(s, both + "RETURN count(DISTINCT x)"),
              rows(s, "MATCH (n:N)-[r]->() WHERE n.k < " + std::to_string(below) +
                          " WITH count(DISTINCT n) AS a, count(DISTINCT r) AS b RETURN a + b"));
  }
}

INSTANTIATE_TEST_SUITE_P(RandomGraphs, OptimisedPaths, ::testing::Range(1u, 9u));

}  // namespace
}  // namespace kgq
