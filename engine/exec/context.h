// ExecContext: what every operator and the evaluator share while one statement
// runs — the graph, parameters, limits, counters and the cancellation flag.
// One per statement execution, not thread-safe: a parallel pipeline gives each worker its own.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "binder/bound_expr.h"
#include "common/errors.h"
#include "common/memory_budget.h"
#include "common/value.h"
#include "functions/registry.h"
#include "graph/graph.h"
#include "result/query_result.h"

namespace kgq {

class Operator;
struct TraversalScratch;

struct Limits {
  std::uint64_t maxRows = 1'000'000;        // rows held at once by a materialising operator or a result
  std::uint64_t maxExpansions = 10'000'000;  // relationships followed by variable-length traversals
  std::uint64_t timeoutMs = 0;               // 0 = no timeout
  // A MATCH whose disconnected patterns are estimated to pair into more rows is refused before it
  // runs (binder/cartesian.h); 0 = never.
  std::uint64_t maxProductRows = 1'000'000'000;
  // Bytes a statement may allocate while it runs (memory_budget.h); 0 = no budget.
  std::uint64_t maxMemory = memory::defaultBudget();
  // Workers for a parallel pipeline (exec/parallel.h); 1 = the serial executor only.
  unsigned threads = 1;
  // Source positions (nodes of a scan) per morsel, the unit of work a worker takes.
  std::uint32_t morselSize = 2048;
  bool operator==(const Limits&) const = default;
};

// Thrown inside a parallel worker that the coordinator stopped (another worker hit a limit);
// the coordinator discards it. Not an Error: nothing reports it to a user.
struct WorkerStopped {};

// A statement stopped by a limit, a timeout or cancellation rather than by
// something wrong in it; the message names the limit and carries no position.
class LimitExceeded : public RuntimeError {
 public:
  using RuntimeError::RuntimeError;
};

class ExecContext final : public FunctionContext {
 public:
  // `traversal` (the session's, kept across statements) may be null: then the
  // statement makes its own on first use.
  ExecContext(Graph& graph, const ValueMap& params, Limits limits, const std::atomic<bool>* cancel = nullptr,
              TraversalScratch* traversal = nullptr);
  // Out of line: sub-plans own Operators, which this header only declares.
  ~ExecContext();
  // A parallel worker's context: the parent's graph, parameters, limits, deadline, cancel flag and
  // statement time, its own scratch; variable-length expansions count into `expansions` (shared
  // by the workers) and `stop` makes tick() throw WorkerStopped.
  ExecContext(ExecContext& parent, std::atomic<std::uint64_t>* expansions, const std::atomic<bool>* stop);
  ExecContext(const ExecContext&) = delete;
  ExecContext& operator=(const ExecContext&) = delete;
  // Starts another run of the same operators (a kept physical plan): counters, deadline and
  // statement time begin anew; what was resolved against the unchanged graph stays.
  void restart(const Limits& l, const std::vector<Value>* liftedValues);

  Graph& graph;
  const ValueMap& params;
  // Values of the parameters the statement cache made of a statement's literals,
  // read by slot (a Parameter with slot >= 0): the user's map is not copied per statement.
  const std::vector<Value>* lifted = nullptr;
  Limits limits;
  UpdateStats stats;
  std::uint64_t expansions = 0;

  const Graph& readGraph() const override { return graph; }
  // Cheap enough for inner loops: looks at the clock and the flag every 4096 calls.
  void tick() override {
    if ((++ticks_ & 4095) == 0) checkInterrupt();
  }
  void checkInterrupt();
  // Counts one relationship followed by a variable-length traversal; `bounded`: the pattern has an
  // upper bound (the hint then proposes a lower one, not one).
  void countExpansion(int depth, bool bounded) { countExpansions(1, depth, bounded); }
  // Counts n at once (a node's relationships), for loops too tight for a call per relationship.
  void countExpansions(std::uint64_t n, int depth, bool bounded) {
    std::uint64_t total = sharedExpansions_ ? sharedExpansions_->fetch_add(n, std::memory_order_relaxed) + n
                                            : (expansions += n);
    if (total > limits.maxExpansions) expansionLimitReached(depth, bounded);
    tick();
  }
  // The statement's random source (rand()); seeded on first use, as seeding costs.
  std::mt19937_64& random() override {
    if (!random_) random_.emplace(std::random_device{}());
    return *random_;
  }
  // The key `name` read by expression `e`, resolved once per statement for a
  // property expression (`x.key`); nullopt while the graph has no such key (a
  // CREATE may add it later).
  std::optional<KeyId> propertyKey(const bound::Expr& e, const std::string& name) {
    bool cacheable = e.kind == bound::ExprKind::Property;  // x[k] may read another key each time
    // The binder's answer, unless a write of this statement may introduce the key.
    if (cacheable && e.key.res.state == ast::NameState::Present) return e.key.res.id;
    if (cacheable && e.key.res.state == ast::NameState::Absent) return std::nullopt;
    if (cacheable)
      for (const auto& [expr, key] : keys_)
        if (expr == &e) return key;
    auto k = graph.keys().find(name);
    if (k && cacheable && keys_.size() < 32) keys_.emplace_back(&e, *k);  // a short scan beats hashing the name
    return k;
  }
  std::int64_t statementTimeNanos() override {
    if (!now_)
      now_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
    return *now_;
  }
  std::optional<WeightedAnswer> cheapestPath(NodeId from, NodeId to, AdjDirection dir,
                                             const std::vector<std::string>& types,
                                             const std::string& weightKey) override;
  // Set by the LOAD CSV operator that produced the current row (it clears it when destroyed).
  const CsvRowSource* csvRow = nullptr;
  const CsvRowSource* loadCsvRow() const override { return csvRow; }
  // Per-node scratch for breadth-first traversals.
  TraversalScratch& traversal();
  // Throws when a materialising operator would hold more than maxRows rows.
  void checkRows(std::uint64_t rows, const char* what) const override;

  // Sub-plans for pattern predicates, keyed by their expression; built by the planner.
  struct SubPlan {
    std::unique_ptr<Operator> root;
    Row* argument = nullptr;
    int columnSlot = -1;  // COLLECT { }: the slot of the column it returns
  };
  std::map<const bound::Expr*, SubPlan> subPlans;

 private:
  [[noreturn]] void expansionLimitReached(int depth, bool bounded) const;
  void startDeadline();
  const std::atomic<bool>* cancel_;
  const std::atomic<bool>* stop_ = nullptr;
  std::atomic<std::uint64_t>* sharedExpansions_ = nullptr;
  std::chrono::steady_clock::time_point deadline_;
  bool hasDeadline_ = false;
  std::uint64_t ticks_ = 0;
  std::vector<std::pair<const bound::Expr*, KeyId>> keys_;
  std::optional<std::mt19937_64> random_;
  std::optional<std::int64_t> now_;
  TraversalScratch* traversal_;
  std::unique_ptr<TraversalScratch> ownTraversal_;
};

}  // namespace kgq
