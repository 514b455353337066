// Structural identity of expressions: two expressions are the same when they
// have the same shape, operators, names and literal values (type included),
// whatever their spelling, spacing or position. The binder uses it to find an
// expression that repeats a projection item (ORDER BY, grouping keys); text
// cannot serve, since `'a  b'` and `'ab'` differ only inside a literal.
#pragma once

#include <cstddef>

#include "ast/ast.h"

namespace kgq::ast {

bool sameExpr(const Expr& a, const Expr& b);
std::size_t exprHash(const Expr& e);

struct ExprHash {
  std::size_t operator()(const Expr* e) const { return exprHash(*e); }
};
struct ExprEqual {
  bool operator()(const Expr* a, const Expr* b) const { return sameExpr(*a, *b); }
};

}  // namespace kgq::ast
