// Walks over every expression a statement holds: clause expressions, pattern
// property values, the pattern predicates inside expressions, and (once bound)
// the aggregate calls the binder lifted out of projections.
#pragma once

#include <functional>
#include <type_traits>
#include <variant>
#include <vector>

#include "ast/ast.h"

namespace kgq::ast {

// Calls `f` on every expression node of the query, each before its operands, clause by clause.
void forEachExpr(Query& query, const std::function<void(Expr&)>& f);
void forEachExpr(const Query& query, const std::function<void(const Expr&)>& f);

// Calls `f` on every root expression of the query (one a clause, pattern, projection item, sort key
// or aggregate holds; also those of the patterns and subqueries inside expressions), not on operands.
void forEachRootExpr(Query& query, const std::function<void(Expr&)>& f);
void forEachRootExpr(const Query& query, const std::function<void(const Expr&)>& f);

// Positions of the literals whose value the binder decides on, so that a
// statement with another value there is another statement: those inside a
// RETURN item without an alias (its text names the column) and in SKIP and
// LIMIT (checked to be non-negative integers). Call on the query as parsed.
std::vector<Pos> staticLiteralPositions(const Query& query);

}  // namespace kgq::ast
