// Grouping and aggregation: count, collect, sum, avg, min, max (each optionally DISTINCT).
#include <unordered_map>

#include "exec/distinct_set.h"
#include "exec/evaluator.h"
#include "exec/operators.h"

namespace kgq {

namespace {

struct AggState {
  std::int64_t count = 0;
  bool sumIsFloat = false;
  std::int64_t isum = 0;
  double fsum = 0;
  Value best;  // min / max
  ValueList items;
  DistinctSet distinct;
};

// Decided once per run of the operator rather than by comparing names on every row
// (the binder has already rejected any other aggregate name).
enum class AggKind : std::uint8_t { CountStar, Count, Collect, Sum, Avg, Min, Max };

AggKind kindOf(const ast::Expr& call) {
  if (call.kind == ast::ExprKind::CountStar) return AggKind::CountStar;
  const std::string& f = call.name;
  if (f == "count") return AggKind::Count;
  if (f == "collect") return AggKind::Collect;
  if (f == "sum") return AggKind::Sum;
  if (f == "avg") return AggKind::Avg;
  return f == "min" ? AggKind::Min : AggKind::Max;
}

void accumulate(const ast::AggregateSpec& spec, AggKind kind, AggState& st, Row& row, ExecContext& ctx) {
  const auto& call = *spec.call;
  if (kind == AggKind::CountStar) {
    ++st.count;
    return;
  }
  // A variable is read in place: count(p) over millions of paths need not copy each one.
  const auto& arg = *call.args[0];
  bool inPlace = arg.kind == ast::ExprKind::Variable || arg.kind == ast::ExprKind::Slot;
  Value computed;
  if (!inPlace) computed = evaluate(arg, row, ctx);
  const Value& v = inPlace ? row[static_cast<std::size_t>(arg.slot)] : computed;
  if (v.isNull()) return;  // aggregates skip nulls
  if (call.distinct && !st.distinct.insert(v)) return;
  if (kind == AggKind::Count) {
    ++st.count;
  } else if (kind == AggKind::Collect) {
    st.items.push_back(inPlace ? v : std::move(computed));
    if ((st.items.size() & 4095) == 0) ctx.checkRows(st.items.size(), "collect()");
  } else if (kind == AggKind::Sum || kind == AggKind::Avg) {
    if (!v.isNumber()) typeError(call, call.name + "() expects numbers", v);
    ++st.count;
    if (v.isFloat() || st.sumIsFloat) {
      if (!st.sumIsFloat) st.fsum = static_cast<double>(st.isum), st.sumIsFloat = true;
      st.fsum += v.asNumber();
    } else if (__builtin_add_overflow(st.isum, v.asInt(), &st.isum)) {
      throw RuntimeError("integer overflow in " + call.text);
    }
  } else {  // min / max use the ORDER BY order across types
    int c = st.best.isNull() ? 0 : orderCompare(v, st.best);
    if (st.best.isNull() || (kind == AggKind::Min ? c < 0 : c > 0)) st.best = inPlace ? v : std::move(computed);
  }
}

Value finish(AggKind kind, AggState& st) {
  switch (kind) {
    case AggKind::CountStar:
    case AggKind::Count: return Value(st.count);
    case AggKind::Collect: return Value(std::move(st.items));
    case AggKind::Sum: return st.sumIsFloat ? Value(st.fsum) : Value(st.isum);
    case AggKind::Avg: {
      if (st.count == 0) return Value();
      double total = st.sumIsFloat ? st.fsum : static_cast<double>(st.isum);
      return Value(total / static_cast<double>(st.count));
    }
    case AggKind::Min:
    case AggKind::Max: break;
  }
  return std::move(st.best);
}

}  // namespace

AggregateOp::AggregateOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<AggregateKey> keys,
                         std::vector<const ast::AggregateSpec*> aggregates)
    : Operator(ctx), keys_(std::move(keys)), aggs_(std::move(aggregates)) {
  addChild(std::move(input));
}

void AggregateOp::consume(Row& row) {
  struct Group {
    Row sample;
    std::vector<AggState> states;
  };
  std::vector<AggKind> kinds;
  for (const auto* a : aggs_) kinds.push_back(kindOf(*a->call));
  auto update = [&](Group& g) {
    for (std::size_t i = 0; i < aggs_.size(); ++i) accumulate(*aggs_[i], kinds[i], g.states[i], row, ctx_);
  };
  std::vector<Group> groups;
  if (keys_.empty()) {
    // One group, even over no input; no key to hash per row.
    groups.emplace_back();
    groups[0].states.resize(aggs_.size());
    bool any = false;
    while (input().next(row)) {
      ctx_.tick();
      if (!any) groups[0].sample = row, any = true;
      update(groups[0]);
    }
    if (!any) groups[0].sample = Row(row.size());
  } else {
    std::unordered_map<std::vector<Value>, std::size_t, ValuesHash> index;
    std::vector<Value> key;
    while (input().next(row)) {
      ctx_.tick();
      key.clear();
      for (const auto& k : keys_) key.push_back(evaluate(*k.expr, row, ctx_));
      auto [it, fresh] = index.try_emplace(key, groups.size());
      if (fresh) {
        ctx_.checkRows(groups.size() + 1, "aggregation");
        Group g;
        g.sample = row;
        for (std::size_t i = 0; i < keys_.size(); ++i) g.sample[static_cast<std::size_t>(keys_[i].slot)] = key[i];
        g.states.resize(aggs_.size());
        groups.push_back(std::move(g));
      }
      update(groups[it->second]);
    }
  }
  for (auto& g : groups) {
    for (std::size_t i = 0; i < aggs_.size(); ++i)
      g.sample[static_cast<std::size_t>(aggs_[i]->slot)] = finish(kinds[i], g.states[i]);
    out_.push_back(std::move(g.sample));
  }
}

bool AggregateOp::next(Row& row) {
  if (!done_) {
    consume(row);
    done_ = true;
  }
  if (pos_ >= out_.size()) return false;
  row = std::move(out_[pos_++]);
  return true;
}

void AggregateOp::reset() {
  Operator::reset();
  out_.clear();
  pos_ = 0;
  done_ = false;
}

std::string AggregateOp::describe() const {
  std::string s = "Aggregate";
  if (!keys_.empty()) {
    s += " by ";
    for (std::size_t i = 0; i < keys_.size(); ++i) s += (i ? ", " : "") + keys_[i].expr->text;
  }
  s += ":";
  for (std::size_t i = 0; i < aggs_.size(); ++i) s += (i ? ", " : " ") + aggs_[i]->call->text;
  return s;
}

// ---- Distinct -------------------------------------------------------------------------

std::size_t ValuesHash::operator()(const std::vector<Value>& k) const {
  std::size_t h = 0;
  for (const auto& v : k) h = h * 31 + v.hash();
  return h;
}

DistinctOp::DistinctOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<int> slots)
    : Operator(ctx), slots_(std::move(slots)) {
  addChild(std::move(input));
}

bool DistinctOp::next(Row& row) {
  std::vector<Value> key;
  while (input().next(row)) {
    ctx_.tick();
    key.clear();
    for (int s : slots_) key.push_back(row[static_cast<std::size_t>(s)]);
    if (seen_.insert(key).second) {
      ctx_.checkRows(seen_.size(), "DISTINCT");
      return true;
    }
  }
  return false;
}

void DistinctOp::reset() {
  Operator::reset();
  seen_.clear();
}

}  // namespace kgq
