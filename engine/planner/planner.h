// Planner: turns a bound query into a tree of physical operators.
//
// Patterns start from a bound node when there is one, otherwise from the label
// with the fewest nodes, and expand along the chain in both directions. Every
// MATCH keeps relationships unique across its patterns, as openCypher requires.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "exec/operator.h"

namespace kgq {

struct Plan {
  std::unique_ptr<Operator> root;
  std::vector<int> columnSlots;
  std::vector<std::string> columns;
  // Expressions the planner made up (e.g. slot references); operators point into them.
  std::vector<std::unique_ptr<ast::Expr>> synthesized;
  std::vector<std::unique_ptr<Row>> argumentRows;
};

Plan planQuery(const ast::Query& query, ExecContext& ctx);

// The operator tree as indented text, root first.
std::string explainPlan(const Operator& root);

}  // namespace kgq
