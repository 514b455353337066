// Runs one bound query over a graph and collects its result.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "exec/context.h"
#include "planner/logical_plan.h"
#include "result/query_result.h"

namespace kgq {

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
