// Planner: turns a bound query into a logical plan.
//
// WHERE conjuncts and inline properties are one set of predicates per MATCH,
// wherever they were written; conjuncts of later clauses move back to the
// earliest MATCH that binds what they read. Each pattern starts from its bound
// or most selective node (index seek, then rarest label), and every predicate
// is checked by the first operator after which all it reads is bound. Rules
// that then rewrite the tree (distinct-end searches) are named in rules.h.
// Every MATCH keeps relationships unique across its patterns, as openCypher requires.
#pragma once

#include <optional>

#include "ast/ast.h"
#include "graph/graph.h"
#include "planner/logical_plan.h"

namespace kgq {

// `graph` is read for estimates only (label sizes); the plan stays valid as the graph changes.
plan::LogicalPlan planQuery(const ast::Query& query, const Graph& graph);

// The largest number of rows that a node scan of the plan pairs with rows of its
// input (a cartesian product), from label sizes and the mean degree; nullopt when
// the plan holds an operator whose row count cannot be told from the graph alone
// (UNWIND, LOAD CSV, a procedure, a subquery, OPTIONAL MATCH, UNION). Unlike the
// binder's estimate from the clauses as written, it sees conditions that the
// rewrite rules moved into index seeks.
std::optional<double> planProductEstimate(const plan::LogicalPlan& plan, const Graph& graph);

}  // namespace kgq
