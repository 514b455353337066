// Runs one bound query over a graph and collects its result.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "exec/context.h"
#include "planner/logical_plan.h"

namespace kgq {

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  UpdateStats stats;
  bool hasReturn = false;
  std::string plan;  // EXPLAIN output (set instead of rows), or PROFILE's (set with the rows)
  bool profiled = false;  // `plan` is a PROFILE: shown after the rows
  double elapsedMs = 0;
  // Questions (PATH, NEIGHBOURS, CONNECT) explain themselves in words: table output
  // prints these lines instead of the grid; CSV and JSON print the rows.
  std::vector<std::string> narrative;
  // Relationships that belong to the answer without appearing in a row (the
  // relationships among a neighbourhood's nodes); exports include them.
  std::vector<RelId> extraRels;
  std::vector<std::string> notes;  // e.g. "exported 12 nodes ... to x.dot"; table output only
};

// Executes `query` (already bound). On error the graph is rolled back to its
// state before the statement and the error is rethrown. `traversal` is scratch
// kept across statements (see ExecContext); `lifted` are the values of the
// literals the statement cache lifted into parameters (see ExecContext).
QueryResult executeQuery(const ast::Query& query, Graph& graph, const ValueMap& params, const Limits& limits,
                         const std::atomic<bool>* cancel = nullptr, TraversalScratch* traversal = nullptr,
                         const std::vector<Value>* lifted = nullptr);

// Executes a plan of `query` made earlier (and perhaps cached). `started` is
// when the statement began, for the elapsed time.
QueryResult executePlan(const ast::Query& query, const plan::LogicalPlan& plan, Graph& graph, const ValueMap& params,
                        const Limits& limits, const std::atomic<bool>* cancel, TraversalScratch* traversal,
                        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now(),
                        const std::vector<Value>* lifted = nullptr);

}  // namespace kgq
