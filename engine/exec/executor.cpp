#include "exec/executor.h"

#include <chrono>

#include "exec/operator.h"
#include "planner/planner.h"

namespace kgq {

QueryResult executeQuery(const ast::Query& query, Graph& graph, const ValueMap& params, const Limits& limits,
                         const std::atomic<bool>* cancel, TraversalScratch* traversal,
                         const std::vector<Value>* lifted) {
  auto started = std::chrono::steady_clock::now();
  QueryResult result;
  ExecContext ctx(graph, params, limits, cancel, traversal);
  ctx.lifted = lifted;
  Plan plan = planQuery(query, ctx);
  result.columns = plan.columns;
  result.hasReturn = !plan.columns.empty() || !query.columns.empty();
  if (query.explain) {
    result.plan = explainPlan(*plan.root);
    return result;
  }
  auto mark = graph.mark();
  try {
    Row row(static_cast<std::size_t>(query.slotCount));
    while (plan.root->next(row)) {
      if (result.hasReturn) {
        Row out;
        out.reserve(plan.columnSlots.size());
        for (int s : plan.columnSlots) out.push_back(row[static_cast<std::size_t>(s)]);
        result.rows.push_back(std::move(out));
        if ((result.rows.size() & 1023) == 0) ctx.checkRows(result.rows.size(), "the result");
      }
    }
    ctx.checkRows(result.rows.size(), "the result");
  } catch (...) {
    graph.rollback(mark);
    throw;
  }
  result.stats = ctx.stats;
  result.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace kgq
