// Morsel-driven parallel aggregation (as Kuzu does it): the read-only pipeline below an
// aggregation — a node scan, then expands, filters and projections — runs in several workers,
// each with its own copy of the operators and its own ExecContext. The scan's positions are cut
// into morsels that the workers take from a shared counter; each morsel is aggregated into its
// own partial GroupTable, and the calling thread merges the partials in morsel order, so the
// groups, collect() lists and DISTINCT choices come out exactly as the serial run gives them.
// Float sums, avg and stDev add per-morsel partials in morsel order: the same bits for any
// thread count, possibly not the serial run's last bits.
//
// Errors: a worker's error is raised on the calling thread once every earlier morsel is merged
// (the serial run's first error); a limit (timeout, cancel, memory, expansions, rows) stops all
// workers at once. No worker outlives the operator's fill().
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

#include "exec/group_table.h"
#include "exec/operators.h"

namespace kgq {

struct Morsel {
  std::size_t index;  // in scan order
  NodeScanOp::Range range;
};

// Cuts a scan's parts (NodeScanOp::partSizes) into morsels of at most `size` positions and hands
// them out in scan order, one per next() call, from any thread.
class MorselDispenser {
 public:
  MorselDispenser(const std::vector<std::size_t>& partSizes, std::size_t size);
  std::optional<Morsel> next();
  std::size_t count() const { return morsels_.size(); }
  // Hands out no morsel after `index` any more (an error there ends the statement).
  void stopAfter(std::size_t index);

 private:
  std::vector<Morsel> morsels_;
  std::atomic<std::size_t> next_{0};
  std::atomic<std::size_t> end_;
};

class ParallelAggregateOp : public EagerOp {
 public:
  // Builds, in a worker's context, a copy of `input`'s operators; `scan` is set to its scan.
  using BuildInput = std::function<std::unique_ptr<Operator>(ExecContext& ctx, NodeScanOp*& scan)>;
  // `input` (built in `ctx`, with `scan` its scan) is what EXPLAIN and PROFILE show, and what
  // runs when the scan makes a single morsel.
  ParallelAggregateOp(ExecContext& ctx, std::unique_ptr<Operator> input, NodeScanOp* scan,
                      std::vector<AggregateKey> keys, std::vector<const ast::AggregateSpec*> aggregates,
                      BuildInput build, int weightSlot = -1);
  std::string describe() const override;

 private:
  void fill(Row& scratch) override;
  NodeScanOp* scan_;
  std::vector<AggregateKey> keys_;
  std::vector<const ast::AggregateSpec*> aggs_;
  BuildInput build_;
  int weightSlot_;  // GroupTable's
};

// Whether the plan below `aggregate` (an Aggregate) may run in parallel: only operators known
// to read (scan, expand, filter, project, ...) down to a node scan over one empty row, no
// rand()/randomUUID(), no subquery or pattern predicate, aggregates that merge.
bool parallelSafe(const plan::LogicalOp& aggregate, const plan::LogicalPlan& plan);

}  // namespace kgq
