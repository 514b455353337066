// The groups of an aggregation and their aggregate states: what AggregateOp builds from its whole
// input, and what each morsel of a parallel aggregation (exec/parallel.h) builds from its part,
// merged in morsel order into one table that answers as the serial run would.
#pragma once

#include <memory>
#include <vector>

#include "exec/context.h"

namespace kgq {

struct AggregateKey {
  const bound::Expr* expr;
  int slot;
};

class GroupTable {
 public:
  // `partial`: this table holds one morsel's rows and is merged into a whole one later; a
  // DISTINCT aggregate then keeps its distinct values (in order) instead of folding them in, as
  // only the whole table knows which of them earlier morsels saw.
  // `weightSlot` >= 0: every aggregate is a count, and each row stands for the number of rows
  // that slot holds (rule count-expand: an expansion counted its matches per input row).
  GroupTable(const std::vector<AggregateKey>& keys, const std::vector<const ast::AggregateSpec*>& aggs,
             bool partial = false, int weightSlot = -1);
  ~GroupTable();
  GroupTable(GroupTable&&) noexcept;
  GroupTable& operator=(GroupTable&&) noexcept;

  // One input row, which every aggregate reads and the first of a group keeps.
  void add(Row& row, ExecContext& ctx);
  // Folds in a partial table whose rows came after all of this one's: groups it has first
  // seen keep their order after this one's, states combine (count, sum, min, ... ; collect
  // appends; a DISTINCT aggregate takes the values this table has not seen, in order).
  void merge(GroupTable&& later, ExecContext& ctx);
  // The result rows, groups in the order of their first rows; `width`: the row's slot count,
  // for the one row of an aggregation without keys over no input.
  void finish(std::size_t width, std::vector<Row>& out);
  std::size_t groupCount() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether aggregate `a` may be computed by merging partial tables: percentiles read their
// percentile from the first row, so only a constant one is the same in every morsel.
bool mergeableAggregate(const ast::AggregateSpec& a);

}  // namespace kgq
