// The optimised paths must give exactly what the simple ones give: checked on
// random multigraphs (self-loops, parallel and antiparallel relationships).
#include <gtest/gtest.h>

#include <random>

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

class OptimisedPaths : public ::testing::TestWithParam<unsigned> {};

TEST_P(OptimisedPaths, ReachabilityBfsMatchesPathEnumeration) {
  Session s;
  buildRandomGraph(s, GetParam(), 9, 16);
  const char* ranges[] = {"*", "*1..2", "*..3", "*0..2", "*1", "*2..2"};
  const char* shapes[] = {"-[%s]-", "-[%s]->", "<-[%s]-", "-[:T0%s]-", "-[:T1|T0%s]->"};
  for (int k = 0; k < 9; ++k)
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
            << "seed " << GetParam() << ": " << a << rel << "(b)";
      }
  auto plan = s.runOne("EXPLAIN MATCH (a:N {k: 1})-[*1..2]-(b) RETURN count(DISTINCT b)").plan;
  EXPECT_NE(plan.find("VarLengthReachable"), std::string::npos) << plan;
}

TEST_P(OptimisedPaths, ShortestPathMatchesTheShortestEnumeratedPath) {
  Session s;
  buildRandomGraph(s, GetParam() + 100, 10, 14);
  for (int a = 0; a < 10; a += 3)
    for (int b = 0; b < 10; ++b) {
      if (a == b) continue;  // shortestPath needs two different nodes
      std::string ends = "(a:N {k: " + std::to_string(a) + "}), (b:N {k: " + std::to_string(b) + "})";
      for (const char* dir : {"-", "->"}) {
        std::string arrowEnd = std::string(dir) == "->" ? "->" : "-";
        auto fast = rows(s, "MATCH " + ends + " MATCH p = shortestPath((a)-[*]" + arrowEnd + "(b)) RETURN length(p)");
        auto slow = rows(s, "MATCH " + ends + " MATCH p = (a)-[*1..9]" + arrowEnd +
                                "(b) WITH min(length(p)) AS m WHERE m IS NOT NULL RETURN m");
        EXPECT_EQ(fast, slow) << "seed " << GetParam() << " " << a << dir << b;
      }
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

INSTANTIATE_TEST_SUITE_P(RandomGraphs, OptimisedPaths, ::testing::Range(1u, 9u));

}  // namespace
}  // namespace kgq
