// Runs one bound query over a graph and collects its result.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "exec/context.h"

namespace kgq {

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  UpdateStats stats;
  bool hasReturn = false;
  std::string plan;  // EXPLAIN output; set instead of rows
  double elapsedMs = 0;
};

// Executes `query` (already bound). On error the graph is rolled back to its
// state before the statement and the error is rethrown.
QueryResult executeQuery(const ast::Query& query, Graph& graph, const ValueMap& params, const Limits& limits,
                         const std::atomic<bool>* cancel = nullptr);

}  // namespace kgq
