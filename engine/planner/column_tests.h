// Column tests: conditions on the element an operator is binding that can be
// decided from the element's stored property column or label set, without the
// expression evaluator. The planner names the rule when it finds one; exec
// compiles the same shapes (and only these) into its per-element checks, and
// answers exactly as the evaluator would (three-valued, int/float equality,
// lists, missing keys), falling back to it wherever the stored column is not
// a simple typed one.
#pragma once

#include <optional>

#include "ast/ast.h"
#include "binder/bound_expr.h"
#include "planner/logical_plan.h"

namespace kgq::plan {

struct ColumnTest {
  enum class Kind : std::uint8_t { Labels, Compare, IsNull, IsNotNull };
  Kind kind = Kind::Compare;
  bool negate = false;   // under an odd number of NOTs
  ast::Op op = ast::Op::Eq;  // Compare: = <> < > <= >= STARTS WITH, ENDS WITH, CONTAINS
  const bound::Expr* property = nullptr;  // x.key: Compare, IsNull, IsNotNull
  const bound::Expr* operand = nullptr;   // Compare: the other side, which does not read x
  bool propertyLeft = true;             // Compare: `x.key op operand`, else `operand op x.key`
  const bound::Expr* labels = nullptr;    // Labels: the `x:A:B` test
};

// The column test that `e` is for the element in `slot` (a node when `node`), if it is one.
std::optional<ColumnTest> columnTest(const bound::Expr& e, int slot, bool node);

// Whether the operand of a column test is the same for every element and row of
// a run (literals, parameters, and expressions of them without rand()).
bool constantOperand(const bound::Expr& e);

// Records the rule `column-test` in `plan` when some element check of it has one.
void noteColumnTests(LogicalPlan& plan);

}  // namespace kgq::plan
