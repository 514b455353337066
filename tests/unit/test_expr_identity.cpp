// Structural identity of expressions (on the bound tree, binder/bound_expr.h):
// spelling and spacing do not matter, literal values (and their types) do.
#include <gtest/gtest.h>

#include "binder/binder.h"
#include "binder/bound_expr.h"
#include "parser/parser.h"
#include "session/session.h"

namespace kgq {
namespace {

using namespace ast;

// Whether the first RETURN items (or aggregate calls) of `a` and `b`, each after `UNWIND [1] AS x`, bind to the same tree
// (and, when they do, to the same hash).
bool same(const std::string& a, const std::string& b) {
  auto scriptA = parseScript("UNWIND [1] AS x " + a);
  auto scriptB = parseScript("UNWIND [1] AS x " + b);
  auto& qa = std::get<Query>(scriptA.statements.at(0));
  auto& qb = std::get<Query>(scriptB.statements.at(0));
  bindQuery(qa);
  bindQuery(qb);
  // An aggregate call is lifted out of its item (which then reads its slot): compare the calls.
  auto first = [](const Query& q) -> const bound::Expr& {
    const auto& p = std::get<ProjectionClause>(q.clauses.back());
    return p.aggregates.empty() ? bound::of(*p.items.at(0).expr) : bound::of(*p.aggregates.at(0).call);
  };
  const auto& x = first(qa);
  const auto& y = first(qb);
  bool equal = bound::sameExpr(x, y);
  if (equal) {
    EXPECT_EQ(bound::exprHash(x), bound::exprHash(y)) << a << " / " << b;
  }
  return equal;
}

TEST(ExprIdentity, SpellingDoesNotMatterValuesDo) {
  EXPECT_TRUE(same("RETURN x.a+1", "RETURN   x . a  +  1"));
  EXPECT_TRUE(same("RETURN toUpper(x)", "RETURN TOUPPER( x )"));
  EXPECT_TRUE(same("RETURN x.a+1", "RETURN x . a + 1"));
  EXPECT_FALSE(same("RETURN x = 'a  b'", "RETURN x = 'ab'"));
  EXPECT_FALSE(same("RETURN x + 1", "RETURN x + 1.0"));
  EXPECT_FALSE(same("RETURN x - 1", "RETURN x + 1"));
  EXPECT_FALSE(same("RETURN x.a", "RETURN x.b"));
  EXPECT_FALSE(same("RETURN count(x)", "RETURN count(DISTINCT x)"));
}

// Text identity let `x = 'a  b'` stand for `x = 'ab'`: a DISTINCT projection
// then accepted an ORDER BY on a variable it does not project.
TEST(ExprIdentity, OrderByMatchesProjectionsByStructure) {
  Session s;
  EXPECT_THROW(s.runOne("WITH 'ab' AS x RETURN DISTINCT x = 'a  b' AS e ORDER BY x = 'ab'"), SemanticError);
  auto r = s.runOne("WITH 'ab' AS x RETURN DISTINCT x = 'a  b' ORDER BY x  =  'a  b'");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], Value(false));
  // A comprehension repeated in ORDER BY after DISTINCT is the projected one, though its variable
  // is bound anew; anything else reading the hidden list is an error.
  r = s.runOne("UNWIND [[2, 1], [3]] AS l RETURN DISTINCT [x IN l | x * 2] AS d ORDER BY [y IN l | y * 2]");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], Value(ValueList{Value(std::int64_t{4}), Value(std::int64_t{2})}));
  EXPECT_THROW(s.runOne("UNWIND [[2, 1], [3]] AS l RETURN DISTINCT [x IN l | x * 2] AS d ORDER BY size(l)"),
               SemanticError);
  r = s.runOne("UNWIND [2, 1, 3] AS n RETURN n % 2 AS k, count(*) AS c ORDER BY count( * ) DESC, k");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], Value(std::int64_t{1}));
}

}  // namespace
}  // namespace kgq
