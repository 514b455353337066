// ORDER BY: materialises its input (or, under LIMIT, its first rows) and sorts it stably in
// openCypher's order.
#include <algorithm>
#include <limits>

#include "exec/evaluator.h"
#include "exec/operators.h"

namespace kgq {

SortOp::SortOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<SortKey> keys, const bound::Expr* skip,
               const bound::Expr* limit)
    : EagerOp(ctx), keys_(std::move(keys)), skip_(skip), limit_(limit) {
  addChild(std::move(input));
}

// The order is total: equal keys keep their input order (`seq`), as a stable sort would.
bool SortOp::before(const std::vector<Value>& a, std::size_t seqA, const std::vector<Value>& b,
                    std::size_t seqB) const {
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    int c = orderCompare(a[i], b[i]);
    if (c != 0) return keys_[i].descending ? c > 0 : c < 0;
  }
  return seqA < seqB;
}

void SortOp::readAll(Row& row) {
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
  std::sort(order.begin(), order.end(),
            [&](const auto& a, const auto& b) { return before(a.first, a.second, b.first, b.second); });
  std::vector<Row> sorted;
  sorted.reserve(rows_.size());
  for (auto& [key, idx] : order) sorted.push_back(std::move(rows_[idx]));
  rows_ = std::move(sorted);
}

// A max-heap of the k first rows so far: a row that sorts after its top is dropped unseen.
void SortOp::readTop(Row& row, std::int64_t k) {
  struct Entry {
    std::vector<Value> key;
    std::size_t seq;
    Row row;
  };
  std::vector<Entry> heap;
  auto less = [&](const Entry& a, const Entry& b) { return before(a.key, a.seq, b.key, b.seq); };
  std::size_t seq = 0;
  std::vector<Value> key;  // reused: a row that is dropped costs no allocation
  while (input().next(row)) {
    ctx_.tick();
    key.clear();
    for (const auto& s : keys_) key.push_back(evaluate(*s.expr, row, ctx_));
    ++seq;
    if (static_cast<std::int64_t>(heap.size()) < k) {
      heap.push_back(Entry{std::move(key), seq, row});
      std::push_heap(heap.begin(), heap.end(), less);
      ctx_.checkRows(heap.size(), "ORDER BY");
    } else if (k > 0 && before(key, seq, heap.front().key, heap.front().seq)) {
      std::pop_heap(heap.begin(), heap.end(), less);
      Entry& out = heap.back();  // the dropped entry's buffers take the new row
      out.key.swap(key);
      out.seq = seq;
      out.row = row;
      std::push_heap(heap.begin(), heap.end(), less);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), less);
  rows_.reserve(heap.size());
  for (auto& e : heap) rows_.push_back(std::move(e.row));
}

void SortOp::fill(Row& row) {
  if (!limit_) return readAll(row);
  std::int64_t skip = std::max<std::int64_t>(0, evaluateCount(skip_, "SKIP", row, ctx_));
  std::int64_t limit = evaluateCount(limit_, "LIMIT", row, ctx_);
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  readTop(row, limit > kMax - skip ? kMax : skip + limit);
}

std::string SortOp::describe() const {
  std::string s = limit_ ? "Top " : "Sort ";
  for (std::size_t i = 0; i < keys_.size(); ++i)
    s += (i ? ", " : "") + keys_[i].expr->text() + (keys_[i].descending ? " DESC" : "");
  if (limit_) s += " (first " + (skip_ ? skip_->text() + " + " : std::string()) + limit_->text() + ")";
  return s;
}

}  // namespace kgq
