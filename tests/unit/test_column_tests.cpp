// Column tests (planner/column_tests.h) decide a condition on the stored column
// instead of evaluating it: they must pass exactly the elements for which the
// expression evaluator gives true. Checked against the evaluator's own answer
// (the same condition projected in RETURN, which never takes the compiled path)
// over typed and mixed columns, missing keys, nulls, int/float, lists and strings.
#include <gtest/gtest.h>

#include <set>

#include "session/session.h"

namespace kgq {
namespace {

void build(Session& s) {
  // i: ints only (a typed Int column); s: strings only; f: floats; m: every kind;
  // node 7 has none of them. Relationships carry the same keys.
  s.runOne(
      "CREATE (:A {id: 0, i: 1, s: 'a', f: 1.0, m: 1}), (:A:B {id: 1, i: 2, s: 'ab', f: 1.5, m: 1.0}),"
      " (:B {id: 2, i: -1, s: '', f: 0.0 / 0.0, m: 'ab'}), ({id: 3, i: 1, s: 'b', m: [1, 2]}),"
      " ({id: 4, s: 'ba', f: 2.0, m: ['a', 'b']}), ({id: 5, i: 10, m: true}), ({id: 6, i: 3, s: 'abc', m: ''}),"
      " ({id: 7})");
  s.runOne("MATCH (a {id: 0}), (b) WHERE b.id > 0 CREATE (a)-[:R {id: b.id, i: b.i, s: b.s, f: b.f, m: b.m}]->(b)");
}

// The ids for which `cond` (over `x`) is true, once through WHERE and once as the evaluator gives it.
std::pair<std::set<std::int64_t>, std::set<std::int64_t>> both(Session& s, const std::string& pattern,
                                                              const std::string& cond) {
  std::set<std::int64_t> where, evaluated;
  for (const auto& row : s.runOne("MATCH " + pattern + " WHERE " + cond + " RETURN x.id").rows)
    where.insert(row[0].asInt());
  for (const auto& row : s.runOne("MATCH " + pattern + " RETURN x.id, " + cond).rows)
    if (row[1].isBool() && row[1].asBool()) evaluated.insert(row[0].asInt());
  return {where, evaluated};
}

TEST(ColumnTests, AgreeWithTheEvaluator) {
  Session s;
  build(s);
  s.params()["p"] = Value(std::int64_t{1});
  s.params()["q"] = Value(std::string("a"));
  const char* keys[] = {"i", "s", "f", "m", "nokey", "id"};
  const char* ops[] = {"=", "<>", "<", ">", "<=", ">=", "STARTS WITH", "ENDS WITH", "CONTAINS"};
  const char* values[] = {"1", "1.0", "-1", "1.5", "'a'", "'ab'", "''", "true", "[1, 2]", "[1, null]",
                          "null", "0.0 / 0.0", "$p", "$q", "toInteger('1')"};
  int compiled = 0;
  for (const char* pattern : {"(x)", "(:A)-[x]->()", "({id: 0})-[*1..1]-(x)"})
    for (const char* k : keys)
      for (const char* op : ops)
        for (const char* v : values)
          for (int form = 0; form < 3; ++form) {
            std::string prop = std::string("x.") + k;
            std::string cond = form == 0   ? prop + " " + op + " " + v
                               : form == 1 ? std::string(v) + " " + op + " " + prop
                                           : "NOT " + prop + " " + op + " " + v;
            auto [where, evaluated] = both(s, pattern, cond);
            EXPECT_EQ(where, evaluated) << "MATCH " << pattern << " WHERE " << cond;
            if (compiled == 0) {
              auto plan = s.runOne("EXPLAIN MATCH " + std::string(pattern) + " WHERE " + cond + " RETURN x.id").plan;
              compiled += plan.find("column-test") != std::string::npos;
            }
          }
  EXPECT_GT(compiled, 0);
  for (const char* pattern : {"(x)", "(:A)-[x]->()"})
    for (const char* k : keys)
      for (const char* test : {"IS NULL", "IS NOT NULL"}) {
        std::string cond = std::string("x.") + k + " " + test;
        auto [where, evaluated] = both(s, pattern, cond);
        EXPECT_EQ(where, evaluated) << cond;
        auto [nwhere, nevaluated] = both(s, pattern, "NOT " + cond);
        EXPECT_EQ(nwhere, nevaluated) << "NOT " << cond;
      }
  for (const char* cond : {"x:A", "x:A:B", "NOT x:B", "x:Nope", "NOT x:Nope"}) {
    auto [where, evaluated] = both(s, "(x)", cond);
    EXPECT_EQ(where, evaluated) << cond;
  }
  // An operand read from another variable, evaluated per row.
  auto [where, evaluated] = both(s, "(a {id: 0})-[*1..2]-(x)", "x.m <> a.m");
  EXPECT_EQ(where, evaluated);
}

TEST(ColumnTests, InlinePropertiesAndErrorsAsBefore) {
  Session s;
  build(s);
  EXPECT_EQ(s.runOne("MATCH (x {i: 1.0}) RETURN count(*)").rows[0][0].asInt(), 2);
  EXPECT_EQ(s.runOne("MATCH (x {m: [1, 2]}) RETURN count(*)").rows[0][0].asInt(), 1);
  EXPECT_EQ(s.runOne("MATCH (x {m: [1, null]}) RETURN count(*)").rows[0][0].asInt(), 0);
  // A missing parameter is still reported.
  EXPECT_THROW(s.runOne("MATCH (x) WHERE x.s < $missing RETURN count(*)"), std::exception);
  // A type error in an operand evaluated per row still comes out.
  EXPECT_THROW(s.runOne("MATCH (a {id: 0})-[r]->(x) WHERE x.i < a.s - 1 RETURN count(*)"), std::exception);
  // A key that a CREATE of the same statement introduces is seen by the check after it.
  EXPECT_EQ(s.runOne("CREATE ({fresh: 5}) WITH 1 AS one MATCH (x) WHERE x.fresh > 4 RETURN count(*)").rows[0][0].asInt(),
            1);
}

}  // namespace
}  // namespace kgq
