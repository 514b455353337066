// Structural identity of expressions: spelling and spacing do not matter,
// literal values (and their types) do.
#include <gtest/gtest.h>

#include "ast/expr_identity.h"
#include "parser/parser.h"
#include "session/session.h"

namespace kgq {
namespace {

using namespace ast;

// The first RETURN item of `text`, unbound.
ExprPtr item(const std::string& text) {
  auto script = parseScript(text);
  auto& q = std::get<Query>(script.statements.at(0));
  return std::move(std::get<ProjectionClause>(q.clauses.back()).items.at(0).expr);
}

TEST(ExprIdentity, SpellingDoesNotMatterValuesDo) {
  EXPECT_TRUE(sameExpr(*item("RETURN x.a+1"), *item("RETURN   x . a  +  1")));
  EXPECT_TRUE(sameExpr(*item("RETURN toUpper(x)"), *item("RETURN TOUPPER( x )")));
  EXPECT_EQ(exprHash(*item("RETURN x.a+1")), exprHash(*item("RETURN x . a + 1")));
  EXPECT_FALSE(sameExpr(*item("RETURN x = 'a  b'"), *item("RETURN x = 'ab'")));
  EXPECT_FALSE(sameExpr(*item("RETURN x + 1"), *item("RETURN x + 1.0")));
  EXPECT_FALSE(sameExpr(*item("RETURN x - 1"), *item("RETURN x + 1")));
  EXPECT_FALSE(sameExpr(*item("RETURN x.a"), *item("RETURN x.b")));
  EXPECT_FALSE(sameExpr(*item("RETURN count(x)"), *item("RETURN count(DISTINCT x)")));
}

// Text identity let `x = 'a  b'` stand for `x = 'ab'`: a DISTINCT projection
// then accepted an ORDER BY on a variable it does not project.
TEST(ExprIdentity, OrderByMatchesProjectionsByStructure) {
  Session s;
  EXPECT_THROW(s.runOne("WITH 'ab' AS x RETURN DISTINCT x = 'a  b' AS e ORDER BY x = 'ab'"), SemanticError);
  auto r = s.runOne("WITH 'ab' AS x RETURN DISTINCT x = 'a  b' ORDER BY x  =  'a  b'");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], Value(false));
  r = s.runOne("UNWIND [2, 1, 3] AS n RETURN n % 2 AS k, count(*) AS c ORDER BY count( * ) DESC, k");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], Value(std::int64_t{1}));
}

}  // namespace
}  // namespace kgq
