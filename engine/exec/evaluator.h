// Expression evaluation over one row, with openCypher's null (three-valued)
// semantics. Runtime type errors, division by zero and the like throw RuntimeError.
#pragma once

#include "ast/ast.h"
#include "binder/bound_expr.h"
#include "exec/context.h"

namespace kgq {

Value evaluate(const bound::Expr& e, Row& row, ExecContext& ctx);
// A literal's or a given parameter's value in place (no copy), or null when `e` is neither.
const Value* constantOf(const bound::Expr& e, const ExecContext& ctx);

// WHERE semantics: true passes, false and null do not.
bool evaluatePredicate(const bound::Expr& e, Row& row, ExecContext& ctx);

// `a op b` for a comparison (= <> < > <= >=) or STARTS WITH / ENDS WITH / CONTAINS, as
// the evaluator gives it: null when either side is null or the two cannot be compared.
Value comparisonValue(ast::Op op, const Value& a, const Value& b);

// Throws a RuntimeError of the form "type mismatch: <what> expected ..., got <type>".
[[noreturn]] void typeError(const bound::Expr& where, const std::string& what, const Value& got);

}  // namespace kgq
