// Row-at-a-time operators: start, argument, filter, project, unwind, skip/limit, optional.
#include "exec/evaluator.h"
#include "exec/operators.h"

namespace kgq {

bool OnceOp::next(Row&) {
  if (done_) return false;
  done_ = true;
  return true;
}

bool ArgumentOp::next(Row& row) {
  if (done_) return false;
  done_ = true;
  row = *argument_;
  return true;
}

FilterOp::FilterOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<const bound::Expr*> predicates)
    : Operator(ctx), predicates_(std::move(predicates)) {
  addChild(std::move(input));
}

bool FilterOp::next(Row& row) {
  while (input().next(row)) {
    ctx_.tick();
    bool pass = true;
    for (const auto* p : predicates_)
      if (!evaluatePredicate(*p, row, ctx_)) {
        pass = false;
        break;
      }
    if (pass) return true;
  }
  return false;
}

std::string FilterOp::describe() const {
  std::string s = "Filter ";
  for (std::size_t i = 0; i < predicates_.size(); ++i) s += (i ? " AND " : "") + predicates_[i]->text();
  return s;
}

ProjectOp::ProjectOp(ExecContext& ctx, std::unique_ptr<Operator> input,
                     std::vector<std::pair<const bound::Expr*, int>> items)
    : Operator(ctx), items_(std::move(items)) {
  addChild(std::move(input));
}

bool ProjectOp::next(Row& row) {
  if (!input().next(row)) return false;
  for (const auto& [expr, slot] : items_) row[static_cast<std::size_t>(slot)] = evaluate(*expr, row, ctx_);
  return true;
}

std::string ProjectOp::describe() const {
  std::string s = "Project ";
  for (std::size_t i = 0; i < items_.size(); ++i) s += (i ? ", " : "") + items_[i].first->text();
  return s;
}

UnwindOp::UnwindOp(ExecContext& ctx, std::unique_ptr<Operator> input, const bound::Expr* list, int slot)
    : Operator(ctx), expr_(list), slot_(slot) {
  addChild(std::move(input));
}

bool UnwindOp::next(Row& row) {
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      // A parameter's list (a million rows of a bulk load, say) is read in place and each element
      // copied as it is reached; a list computed here is this operator's, and its elements move out.
      list_ = Value();
      source_ = constantOf(*expr_, ctx_);
      if (!source_) {
        list_ = evaluate(*expr_, row, ctx_);
        source_ = &list_;
      }
      pos_ = 0;
      active_ = true;
      if (source_->isNull()) {
        active_ = false;
        continue;
      }
      if (!source_->isList()) {  // a single value unwinds to itself
        row[static_cast<std::size_t>(slot_)] = *source_;
        active_ = false;
        return true;
      }
    }
    const auto& l = source_->asList();
    if (pos_ < l.size()) {
      ctx_.tick();
      if (source_ == &list_) row[static_cast<std::size_t>(slot_)] = std::move(list_.asList()[pos_++]);
      else row[static_cast<std::size_t>(slot_)] = l[pos_++];
      return true;
    }
    active_ = false;
  }
}

void UnwindOp::reset() {
  Operator::reset();
  active_ = false;
}

std::string UnwindOp::describe() const { return "Unwind " + expr_->text(); }

SkipLimitOp::SkipLimitOp(ExecContext& ctx, std::unique_ptr<Operator> input, const bound::Expr* skip,
                         const bound::Expr* limit, bool afterUpdates)
    : Operator(ctx), skip_(skip), limit_(limit), afterUpdates_(afterUpdates) {
  addChild(std::move(input));
}

std::int64_t evaluateCount(const bound::Expr* e, const char* what, Row& row, ExecContext& ctx) {
  if (!e) return -1;
  Value v = evaluate(*e, row, ctx);
  if (!v.isInt() || v.asInt() < 0)
    throw RuntimeError(std::string("invalid input for ") + what + ": '" + e->text() + "' is not a non-negative integer");
  return v.asInt();
}

std::int64_t SkipLimitOp::count(const bound::Expr* e, const char* what, Row& row) {
  return evaluateCount(e, what, row, ctx_);
}

bool SkipLimitOp::next(Row& row) {
  if (toSkip_ < 0 && left_ < 0) {
    toSkip_ = std::max<std::int64_t>(0, count(skip_, "SKIP", row));
    left_ = limit_ ? count(limit_, "LIMIT", row) : std::numeric_limits<std::int64_t>::max();
  }
  if (left_ == 0) {
    // LIMIT limits the result, not the side effects: one pull makes each CREATE
    // upstream (which applies its whole input at once) run in full.
    if (afterUpdates_ && !pulled_) {
      pulled_ = true;
      input().next(row);
    }
    return false;
  }
  pulled_ = true;
  while (input().next(row)) {
    if (toSkip_ > 0) {
      --toSkip_;
      continue;
    }
    --left_;
    return true;
  }
  return false;
}

void SkipLimitOp::reset() {
  Operator::reset();
  toSkip_ = left_ = -1;
  pulled_ = false;
}

std::string SkipLimitOp::describe() const {
  std::string s;
  if (skip_) s += "Skip " + skip_->text();
  if (limit_) s += std::string(s.empty() ? "" : " ") + "Limit " + limit_->text();
  return s;
}

OptionalOp::OptionalOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::unique_ptr<Operator> inner,
                       std::unique_ptr<Row> argument, std::vector<int> nullSlots)
    : Operator(ctx), argument_(std::move(argument)), nullSlots_(std::move(nullSlots)) {
  addChild(std::move(input));
  addChild(std::move(inner));
}

bool OptionalOp::next(Row& row) {
  auto& inner = *children_[1];
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      *argument_ = row;
      inner.reset();
      active_ = true;
      matched_ = false;
    }
    if (inner.next(row)) {
      matched_ = true;
      return true;
    }
    active_ = false;
    if (!matched_) {
      row = *argument_;
      for (int s : nullSlots_) row[static_cast<std::size_t>(s)] = Value();
      return true;
    }
  }
}

void OptionalOp::reset() {
  input().reset();
  active_ = false;
}

ApplyOp::ApplyOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::unique_ptr<Operator> inner,
                 std::unique_ptr<Row> argument, std::vector<int> returned, bool optional, bool eager)
    : Operator(ctx), argument_(std::move(argument)), returned_(std::move(returned)), optional_(optional),
      eager_(eager) {
  addChild(std::move(input));
  addChild(std::move(inner));
}

bool ApplyOp::next(Row& row) {
  auto& inner = *children_[1];
  while (true) {
    if (!active_) {
      if (eager_ && !buffered_) {
        buffered_.emplace();
        while (input().next(row)) {
          buffered_->push_back(row);
          ctx_.checkRows(buffered_->size(), "CALL { } input");
        }
      }
      if (buffered_) {
        if (at_ >= buffered_->size()) return false;
        row = std::move((*buffered_)[at_++]);
      } else if (!input().next(row)) {
        return false;
      }
      *argument_ = row;
      inner.reset();
      active_ = true;
      matched_ = false;
    }
    Row scratch(row.size());
    if (returned_.empty()) {  // a unit subquery: its rows are not ours
      while (inner.next(scratch)) ctx_.tick();
      active_ = false;
      row = *argument_;
      return true;
    }
    // The inner plan's row may have lost the outer values (an aggregation builds rows of its own):
    // the outer row is taken as it came, with the returned columns added.
    if (inner.next(scratch)) {
      matched_ = true;
      row = *argument_;
      for (int s : returned_) row[static_cast<std::size_t>(s)] = std::move(scratch[static_cast<std::size_t>(s)]);
      return true;
    }
    active_ = false;
    if (!matched_ && optional_) {
      row = *argument_;
      for (int s : returned_) row[static_cast<std::size_t>(s)] = Value();
      return true;
    }
  }
}

void ApplyOp::reset() {
  input().reset();
  buffered_.reset();
  at_ = 0;
  active_ = false;
}

std::string ApplyOp::describe() const {
  std::string s = optional_ ? "OptionalApply" : "Apply";
  if (returned_.empty()) s += " (unit subquery)";
  return s;
}

ProcedureCallOp::ProcedureCallOp(ExecContext& ctx, std::unique_ptr<Operator> input, const ast::CallClause& call)
    : Operator(ctx), call_(call) {
  addChild(std::move(input));
}

bool ProcedureCallOp::next(Row& row) {
  while (at_ >= rows_.size()) {
    if (!input().next(row)) return false;
    std::vector<Value> args;
    for (const auto& a : call_.args) args.push_back(evaluate(bound::of(*a), row, ctx_));
    rows_ = call_.procedure->run(args, ctx_);
    at_ = 0;
  }
  auto& out = rows_[at_++];
  for (const auto& y : call_.yields)
    row[static_cast<std::size_t>(y.slot)] = out[static_cast<std::size_t>(y.column)];
  return true;
}

void ProcedureCallOp::reset() {
  Operator::reset();
  rows_.clear();
  at_ = 0;
}

}  // namespace kgq
