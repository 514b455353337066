// The bound expression tree: structural identity (spelling, spacing, parentheses and keyword
// case do not matter; literal values and parameters do), static types, and function calls
// resolved to entries of the one registry.
#include <gtest/gtest.h>

#include <algorithm>

#include "ast/walk.h"
#include "binder/binder.h"
#include "binder/bound_expr.h"
#include "functions/registry.h"
#include "parser/parser.h"

namespace kgq {
namespace {

// A parsed and bound statement; the bound trees point into it, so it is kept whole.
struct Bound {
  ast::Script script;
  ast::Query& query() { return std::get<ast::Query>(script.statements.at(0)); }
  // The bound tree of RETURN item `i`.
  const bound::Expr& item(std::size_t i = 0) {
    return bound::of(*std::get<ast::ProjectionClause>(query().clauses.back()).items.at(i).expr);
  }
};

std::unique_ptr<Bound> bind(const std::string& text) {
  auto b = std::make_unique<Bound>();
  b->script = parseScript(text);
  bindQuery(b->query());
  return b;
}

TEST(BoundExpr, SpellingDoesNotMatter) {
  auto a = bind("UNWIND [1] AS x RETURN x IS NULL OR x + 1 > 2 AS y");
  auto b = bind("unwind [1] as x return (x)   is  null or ((x+1) > 2) as y");
  EXPECT_TRUE(bound::sameExpr(a->item(), b->item()));
  EXPECT_EQ(bound::exprHash(a->item()), bound::exprHash(b->item()));
  auto c = bind("UNWIND ['s'] AS x RETURN toUpper(x) AS y");
  auto d = bind("UNWIND ['s'] AS x RETURN TOUPPER( x ) AS y");
  EXPECT_TRUE(bound::sameExpr(c->item(), d->item()));
  EXPECT_EQ(bound::exprHash(c->item()), bound::exprHash(d->item()));
}

TEST(BoundExpr, LiteralsAndParametersDo) {
  auto spaced = bind("UNWIND ['a'] AS x RETURN x = 'a  b' AS y");
  auto packed = bind("UNWIND ['a'] AS x RETURN x = 'ab' AS y");
  EXPECT_FALSE(bound::sameExpr(spaced->item(), packed->item()));
  auto param = bind("RETURN $p AS v");
  auto literal = bind("RETURN 5 AS v");
  EXPECT_FALSE(bound::sameExpr(param->item(), literal->item()));
  auto other = bind("RETURN $q AS v");
  EXPECT_FALSE(bound::sameExpr(param->item(), other->item()));
  EXPECT_FALSE(bound::sameExpr(bind("RETURN 1 AS v")->item(), literal->item()));
  EXPECT_FALSE(bound::sameExpr(bind("RETURN 5.0 AS v")->item(), literal->item()));  // the type counts
  EXPECT_FALSE(bound::sameExpr(bind("UNWIND [1] AS x RETURN x - 1 AS v")->item(),
                               bind("UNWIND [1] AS x RETURN x + 1 AS v")->item()));
}

TEST(BoundExpr, VariablesAreTheirSlots) {
  // The same name bound to different slots is a different variable.
  auto b = bind("UNWIND [1] AS x WITH x AS y UNWIND [2] AS x RETURN x AS a, y AS b");
  EXPECT_FALSE(bound::sameExpr(b->item(0), b->item(1)));
  EXPECT_EQ(b->item(0).kind, bound::ExprKind::Variable);
  EXPECT_NE(b->item(0).slot, b->item(1).slot);
}

TEST(BoundExpr, LocalVariablesByPosition) {
  // Each comprehension gets its own slot for its variable; its name and slot do not matter.
  auto b = bind("UNWIND [1] AS x RETURN [y IN [1] | y + x] AS a, [z IN [1] | z + x] AS b, [y IN [1] | x] AS c, "
                "reduce(s = 0, v IN [1] | s + v) AS d, reduce(t = 0, w IN [1] | t + w) AS e, "
                "reduce(s = 0, v IN [1] | v + s) AS f");
  EXPECT_NE(b->item(0).slot, b->item(1).slot);
  EXPECT_TRUE(bound::sameExpr(b->item(0), b->item(1)));
  EXPECT_EQ(bound::exprHash(b->item(0)), bound::exprHash(b->item(1)));
  EXPECT_FALSE(bound::sameExpr(b->item(0), b->item(2)));
  EXPECT_TRUE(bound::sameExpr(b->item(3), b->item(4)));
  EXPECT_EQ(bound::exprHash(b->item(3)), bound::exprHash(b->item(4)));
  EXPECT_FALSE(bound::sameExpr(b->item(3), b->item(5)));
}

TEST(BoundExpr, StaticTypes) {
  using T = bound::Type;
  auto b = bind(
      "MATCH p = (n)-[r]->(m) RETURN n AS a, r AS b, p AS c, 1 AS d, 1.5 AS e, 'x' AS f, [1] AS g, {k: 1} AS h, "
      "1 + 2 AS i, 1 + 2.5 AS j, 'a' + 1 AS k, n.name AS l, n:Person AS o, toUpper(n.name) AS q, size([1]) AS s, "
      "1 < 2 AS t, NOT true AS u, -n.age AS v, [x IN [1] | x] AS w");
  std::vector<T> want = {T::Node,   T::Relationship, T::Path,   T::Int,  T::Float, T::String, T::List,
                         T::Map,    T::Int,          T::Float,  T::String, T::Any, T::Bool,   T::String,
                         T::Int,    T::Bool,         T::Bool,   T::Number, T::List};
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(b->item(i).type, want[i]) << "item " << i << ": " << b->item(i).text() << " is "
                                        << bound::typeName(b->item(i).type);
}

TEST(BoundExpr, EveryCallPointsAtTheRegistry) {
  auto b = bind(
      "MATCH (n) WHERE toLower(n.name) STARTS WITH 'a' AND size(keys(n)) > 0 "
      "WITH n, count(*) AS c ORDER BY coalesce(n.rank, 0) "
      "RETURN collect(DISTINCT toUpper(n.name)) AS names, sum(c) AS total, "
      "[x IN range(1, 3) WHERE abs(x) > 1 | toString(x)] AS xs, EXISTS { MATCH (n)-->(m) WHERE id(m) > 0 } AS e");
  auto registry = functionRegistry();
  int calls = 0;
  int roots = 0;
  ast::forEachRootExpr(b->query(), [&](const ast::Expr& root) {
    ASSERT_TRUE(root.bound) << root.text;
    ++roots;
    bound::forEachNode(bound::of(root), [&](const bound::Expr& e) {
      EXPECT_NE(e.syntax, nullptr);
      if (e.kind != bound::ExprKind::Function) return;
      ++calls;
      ASSERT_NE(e.function, nullptr) << e.text();
      bool inRegistry = std::any_of(registry.begin(), registry.end(), [&](const FunctionEntry& f) { return &f == e.function; });
      EXPECT_TRUE(inRegistry) << e.text();
    });
  });
  EXPECT_GE(roots, 8);
  EXPECT_EQ(calls, 11);  // toLower size keys coalesce collect toUpper sum range abs toString id (count(*) is no call)
}

}  // namespace
}  // namespace kgq
