#include "exec/executor.h"

#include <chrono>

#include "exec/operator.h"
#include "exec/physical.h"
#include "planner/planner.h"

namespace kgq {

QueryResult executeQuery(const ast::Query& query, Graph& graph, const ValueMap& params, const Limits& limits,
                         const std::atomic<bool>* cancel, TraversalScratch* traversal,
                         const std::vector<Value>* lifted) {
  auto started = std::chrono::steady_clock::now();
  plan::LogicalPlan logical = planQuery(query, graph);
  return executePlan(query, logical, graph, params, limits, cancel, traversal, started, lifted);
}

QueryResult executePlan(const ast::Query& query, const plan::LogicalPlan& logical, Graph& graph,
                        const ValueMap& params, const Limits& limits, const std::atomic<bool>* cancel,
                        TraversalScratch* traversal, std::chrono::steady_clock::time_point started,
                        const std::vector<Value>* lifted) {
  QueryResult result;
  ExecContext ctx(graph, params, limits, cancel, traversal);
  ctx.lifted = lifted;
  PhysicalPlan plan = buildPhysicalPlan(logical, ctx, query.profile);
  result.columns = logical.columns;
  result.hasReturn = logical.hasReturn;
  if (query.explain) {
    result.plan = explainPlan(*plan.root, logical);
    return result;
  }
  std::size_t savepoint = graph.savepoint();
  try {
    Row row(static_cast<std::size_t>(logical.slotCount));
    while (plan.root->next(row)) {
      if (result.hasReturn) {
        Row out;
        out.reserve(logical.columnSlots.size());
        for (int s : logical.columnSlots) out.push_back(row[static_cast<std::size_t>(s)]);
        result.rows.push_back(std::move(out));
        if ((result.rows.size() & 1023) == 0) ctx.checkRows(result.rows.size(), "the result");
      }
    }
    ctx.checkRows(result.rows.size(), "the result");
  } catch (...) {
    graph.rollbackTo(savepoint);
    throw;
  }
  result.stats = ctx.stats;
  if (query.profile) {
    result.plan = explainPlan(*plan.root, logical);
    result.profiled = true;
  }
  result.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace kgq
