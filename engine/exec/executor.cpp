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

// The context is declared first: the operators, which refer to it, go before it.
struct KeptPlan::State {
  std::unique_ptr<ExecContext> ctx;
  PhysicalPlan physical;
  Graph::ChangeStamp stamp;
  const TraversalScratch* traversal = nullptr;
  const std::atomic<bool>* cancel = nullptr;
};

KeptPlan::KeptPlan() = default;
KeptPlan::~KeptPlan() = default;

QueryResult executePlan(const ast::Query& query, const plan::LogicalPlan& logical, Graph& graph,
                        const ValueMap& params, const Limits& limits, const std::atomic<bool>* cancel,
                        TraversalScratch* traversal, std::chrono::steady_clock::time_point started,
                        const std::vector<Value>* lifted, KeptPlan* keep) {
  QueryResult result;
  result.columns = logical.columns;
  result.hasReturn = logical.hasReturn;
  if (keep && (keep->busy_ || query.explain || query.profile)) keep = nullptr;
  KeptPlan::State own;
  KeptPlan::State* run = &own;
  if (keep) {
    auto& kept = keep->state_;
    bool serves = kept && kept->stamp == graph.changeStamp() && &kept->ctx->graph == &graph &&
                  &kept->ctx->params == &params && kept->ctx->limits == limits && kept->traversal == traversal &&
                  kept->cancel == cancel;
    if (serves) {
      kept->ctx->restart(limits, lifted);
      kept->physical.root->reset();
      kept->physical.root->refresh();
      for (auto& [expr, sub] : kept->ctx->subPlans) sub.root->refresh();
    } else {
      kept.reset();
      kept = std::make_unique<KeptPlan::State>();
    }
    run = kept.get();
    keep->busy_ = true;
  }
  // Whatever ends the run, the kept plan is free again, and kept only when the run
  // finished without changing the graph.
  struct Release {
    KeptPlan* keep;
    bool ok = false;
    ~Release() {
      if (!keep) return;
      keep->busy_ = false;
      if (!ok) keep->state_.reset();
    }
  } release{keep};
  if (!run->ctx) {
    run->ctx = std::make_unique<ExecContext>(graph, params, limits, cancel, traversal);
    run->ctx->lifted = lifted;
    run->physical = buildPhysicalPlan(logical, *run->ctx, query.profile);
    run->traversal = traversal;
    run->cancel = cancel;
  }
  ExecContext& ctx = *run->ctx;
  Operator& root = *run->physical.root;
  if (query.explain) {
    result.plan = explainPlan(root, logical);
    return result;
  }
  auto before = graph.changeStamp();
  std::size_t savepoint = graph.savepoint();
  try {
    Row row(static_cast<std::size_t>(logical.slotCount));
    while (root.next(row)) {
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
    result.plan = explainPlan(root, logical);
    result.profiled = true;
  }
  run->stamp = graph.changeStamp();
  release.ok = run->stamp == before;
  result.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace kgq
