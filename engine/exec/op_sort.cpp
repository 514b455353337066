// ORDER BY: materialises its input and sorts it stably in openCypher's order.
#include <algorithm>

#include "exec/evaluator.h"
#include "exec/operators.h"

namespace kgq {

SortOp::SortOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<SortKey> keys)
    : Operator(ctx), keys_(std::move(keys)) {
  addChild(std::move(input));
}

bool SortOp::next(Row& row) {
  if (!done_) {
    done_ = true;
    std::vector<std::pair<std::vector<Value>, std::size_t>> order;
    while (input().next(row)) {
      ctx_.tick();
      std::vector<Value> key;
      key.reserve(keys_.size());
      for (const auto& k : keys_) key.push_back(evaluate(*k.expr, row, ctx_));
      order.emplace_back(std::move(key), rows_.size());
      rows_.push_back(row);
      ctx_.checkRows(rows_.size(), "ORDER BY");
    }
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        int c = orderCompare(a.first[i], b.first[i]);
        if (c != 0) return keys_[i].descending ? c > 0 : c < 0;
      }
      return false;
    });
    std::vector<Row> sorted;
    sorted.reserve(rows_.size());
    for (auto& [key, idx] : order) sorted.push_back(std::move(rows_[idx]));
    rows_ = std::move(sorted);
  }
  if (pos_ >= rows_.size()) return false;
  row = std::move(rows_[pos_++]);
  return true;
}

void SortOp::reset() {
  Operator::reset();
  rows_.clear();
  pos_ = 0;
  done_ = false;
}

std::string SortOp::describe() const {
  std::string s = "Sort ";
  for (std::size_t i = 0; i < keys_.size(); ++i)
    s += (i ? ", " : "") + keys_[i].expr->text + (keys_[i].descending ? " DESC" : "");
  return s;
}

}  // namespace kgq
