// Runs one bound query over a graph and collects its result.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
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

// The operators of one logical plan, kept after a run for the next (a cached statement run again
// with other literals): building and tearing them down is a good part of a short statement's cost.
// They serve again only for the same graph, unchanged since (Graph::changeStamp), the same
// parameter map, limits and scratch; a run that failed or changed the graph keeps none. Only for
// statements that do not write, and never for EXPLAIN or PROFILE.
class KeptPlan {
 public:
  KeptPlan();
  ~KeptPlan();
  KeptPlan(const KeptPlan&) = delete;
  KeptPlan& operator=(const KeptPlan&) = delete;

 private:
  friend QueryResult executePlan(const ast::Query&, const plan::LogicalPlan&, Graph&, const ValueMap&, const Limits&,
                                 const std::atomic<bool>*, TraversalScratch*, std::chrono::steady_clock::time_point,
                                 const std::vector<Value>*, KeptPlan*);
  struct State;
  std::unique_ptr<State> state_;
  bool busy_ = false;  // a run of it is under way (a statement run from inside another builds its own)
};

// Executes a plan of `query` made earlier (and perhaps cached). `started` is
// when the statement began, for the elapsed time. With `keep`, the operators are
// taken from it when they can serve, and left in it for the next run.
QueryResult executePlan(const ast::Query& query, const plan::LogicalPlan& plan, Graph& graph, const ValueMap& params,
                        const Limits& limits, const std::atomic<bool>* cancel, TraversalScratch* traversal,
                        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now(),
                        const std::vector<Value>* lifted = nullptr, KeptPlan* keep = nullptr);

}  // namespace kgq
