#include "exec/context.h"

#include "exec/operator.h"
#include "exec/traversal.h"

namespace kgq {

ExecContext::ExecContext(Graph& g, const ValueMap& p, Limits l, const std::atomic<bool>* cancel,
                         TraversalScratch* traversal)
    : graph(g), params(p), limits(l), cancel_(cancel), traversal_(traversal) {
  startDeadline();
}

void ExecContext::startDeadline() {
  hasDeadline_ = limits.timeoutMs > 0;
  if (hasDeadline_) deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.timeoutMs);
}

void ExecContext::restart(const Limits& l, const std::vector<Value>* liftedValues) {
  limits = l;
  lifted = liftedValues;
  stats = {};
  expansions = 0;
  ticks_ = 0;
  now_.reset();
  csvRow = nullptr;
  startDeadline();
}

ExecContext::ExecContext(ExecContext& parent, std::atomic<std::uint64_t>* expansions, const std::atomic<bool>* stop)
    : graph(parent.graph),
      params(parent.params),
      lifted(parent.lifted),
      limits(parent.limits),
      cancel_(parent.cancel_),
      stop_(stop),
      sharedExpansions_(expansions),
      deadline_(parent.deadline_),
      hasDeadline_(parent.hasDeadline_),
      now_(parent.statementTimeNanos()),
      traversal_(nullptr) {}

ExecContext::~ExecContext() = default;

TraversalScratch& ExecContext::traversal() {
  if (!traversal_) {
    ownTraversal_ = std::make_unique<TraversalScratch>();
    traversal_ = ownTraversal_.get();
  }
  return *traversal_;
}

std::optional<FunctionContext::WeightedAnswer> ExecContext::cheapestPath(NodeId from, NodeId to, AdjDirection dir,
                                                                        const std::vector<std::string>& types,
                                                                        const std::string& weightKey) {
  TraversalFilter filter;
  filter.dir = dir == AdjDirection::Out ? ast::Direction::Out
               : dir == AdjDirection::In ? ast::Direction::In
                                         : ast::Direction::Both;
  filter.typed = !types.empty();
  for (const auto& t : types)
    if (auto id = graph.types().find(t)) filter.types.push_back(*id);
  ShortestPathFinder finder(graph, this, traversal());
  auto found = finder.cheapest(from, to, filter, EdgeWeight(graph, weightKey));
  if (!found) return std::nullopt;
  return WeightedAnswer{std::move(found->path), found->cost};
}

void ExecContext::checkInterrupt() {
  if (stop_ && stop_->load(std::memory_order_relaxed)) throw WorkerStopped{};
  if (cancel_ && cancel_->load(std::memory_order_relaxed))
    throw LimitExceeded("query cancelled", {}, "the statement was rolled back: the graph is as it was before it");
  if (hasDeadline_ && std::chrono::steady_clock::now() > deadline_)
    throw LimitExceeded("query stopped after the timeout of " + std::to_string(limits.timeoutMs) + " ms", {},
                       "narrow the statement (labels, relationship types, an upper bound on a variable-length "
                       "pattern, a smaller TOP k or MAX) or raise --timeout (0 lifts it)");
}

void ExecContext::expansionLimitReached(int depth, bool bounded) const {
  std::string narrower = bounded && depth > 1 ? "lower the pattern's upper bound (it stopped at depth " +
                                                    std::to_string(depth) + ", so *.." + std::to_string(depth - 1) +
                                                    " would end sooner), add"
                         : bounded            ? "add"
                                              : "give the pattern an upper bound such as *..4, add";
  throw LimitExceeded(
      "stopped after " + std::to_string(limits.maxExpansions) + " partial paths at depth " + std::to_string(depth), {},
      narrower + " a relationship type or a label, or raise --max-expansions");
}

void ExecContext::checkRows(std::uint64_t rows, const char* what) const {
  if (rows > limits.maxRows)
    throw LimitExceeded(std::string("stopped: ") + what + " would hold more than " + std::to_string(limits.maxRows) +
                           " rows",
                       {}, "add LIMIT, filter earlier, or raise --max-rows");
}

}  // namespace kgq
