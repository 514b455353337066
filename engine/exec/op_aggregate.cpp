// Grouping and aggregation: count, collect, sum, avg, min, max, stDev(P), percentileDisc/Cont (each
// optionally DISTINCT).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "exec/distinct_set.h"
#include "exec/evaluator.h"
#include "exec/group_table.h"
#include "exec/operators.h"

namespace kgq {

namespace {

struct AggState {
  std::int64_t count = 0;
  bool sumIsFloat = false;
  std::int64_t isum = 0;
  double fsum = 0;
  Value best;  // min / max
  double mean = 0, m2 = 0;  // stDev: Welford's running mean and sum of squared deviations
  double percentile = -1;   // percentile*: read from the first row, which must give 0.0 to 1.0
  ValueList items;          // collect; the numbers of percentile*
  DistinctSet distinct;
};

// Decided once per run of the operator rather than by comparing names on every row
// (the binder has already rejected any other aggregate name).
enum class AggKind : std::uint8_t { CountStar, Count, Collect, Sum, Avg, Min, Max, StDev, StDevP, PercentileDisc, PercentileCont };

AggKind kindOf(const bound::Expr& call) {
  if (call.kind == bound::ExprKind::CountStar) return AggKind::CountStar;
  // The registry's spelling: the call's own name is lower-cased.
  std::string_view f = call.function ? call.function->name : std::string_view();
  if (f == "count") return AggKind::Count;
  if (f == "collect") return AggKind::Collect;
  if (f == "sum") return AggKind::Sum;
  if (f == "avg") return AggKind::Avg;
  if (f == "stDev") return AggKind::StDev;
  if (f == "stDevP") return AggKind::StDevP;
  if (f == "percentileDisc") return AggKind::PercentileDisc;
  if (f == "percentileCont") return AggKind::PercentileCont;
  return f == "min" ? AggKind::Min : AggKind::Max;
}

// "stDev()": the registry's spelling, as :help and the query show it.
std::string written(const bound::Expr& call) {
  return call.kind == bound::ExprKind::CountStar ? "count()" : std::string(call.function->name) + "()";
}

// Folds `v`, the argument's value for one row (not null), into `st`; `row` only for a
// percentile's second argument.
void accumulateValue(const bound::Expr& call, AggKind kind, AggState& st, const Value& v, Value* owned, Row& row,
                     ExecContext& ctx) {
  if (kind == AggKind::Count) {
    ++st.count;
  } else if (kind == AggKind::Collect) {
    st.items.push_back(owned ? std::move(*owned) : v);
    if ((st.items.size() & 4095) == 0) ctx.checkRows(st.items.size(), "collect()");
  } else if (kind == AggKind::Sum || kind == AggKind::Avg) {
    if (!v.isNumber()) typeError(call, written(call) + " expects numbers", v);
    ++st.count;
    if (v.isFloat() || st.sumIsFloat) {
      if (!st.sumIsFloat) st.fsum = static_cast<double>(st.isum), st.sumIsFloat = true;
      st.fsum += v.asNumber();
    } else if (__builtin_add_overflow(st.isum, v.asInt(), &st.isum)) {
      throw RuntimeError("integer overflow in " + call.text());
    }
  } else if (kind == AggKind::StDev || kind == AggKind::StDevP) {
    if (!v.isNumber()) typeError(call, written(call) + " expects numbers", v);
    ++st.count;
    double x = v.asNumber(), delta = x - st.mean;
    st.mean += delta / static_cast<double>(st.count);
    st.m2 += delta * (x - st.mean);
  } else if (kind == AggKind::PercentileDisc || kind == AggKind::PercentileCont) {
    if (!v.isNumber()) typeError(call, written(call) + " expects numbers", v);
    if (st.percentile < 0) {
      Value p = evaluate(*call.args[1], row, ctx);
      if (!p.isNumber()) typeError(call, written(call) + " expects a number as its percentile", p);
      if (p.asNumber() < 0 || p.asNumber() > 1)
        throw RuntimeError(written(call) + " takes a percentile from 0.0 to 1.0, got " + formatFloat(p.asNumber()) +
                               " in `" + call.text() + "`",
                           SourcePos{{}, call.pos.line, call.pos.column, {}}, "0.5 is the median, 0.9 the 90th percentile");
      st.percentile = p.asNumber();
    }
    st.items.push_back(owned ? std::move(*owned) : v);
    if ((st.items.size() & 4095) == 0) ctx.checkRows(st.items.size(), "a percentile");
  } else {  // min / max use the ORDER BY order across types
    int c = st.best.isNull() ? 0 : orderCompare(v, st.best);
    if (st.best.isNull() || (kind == AggKind::Min ? c < 0 : c > 0)) st.best = owned ? std::move(*owned) : v;
  }
}

// `partial`: a DISTINCT aggregate only gathers its distinct values, in order (GroupTable).
void accumulate(const ast::AggregateSpec& spec, AggKind kind, AggState& st, Row& row, ExecContext& ctx,
                bool partial) {
  const auto& call = bound::of(*spec.call);
  if (kind == AggKind::CountStar) {
    ++st.count;
    return;
  }
  // A variable is read in place: count(p) over millions of paths need not copy each one.
  const auto& arg = *call.args[0];
  bool inPlace = arg.kind == bound::ExprKind::Variable || arg.kind == bound::ExprKind::Slot;
  Value computed;
  if (!inPlace) computed = evaluate(arg, row, ctx);
  const Value& v = inPlace ? row[static_cast<std::size_t>(arg.slot)] : computed;
  if (v.isNull()) return;  // aggregates skip nulls
  if (call.distinct && !st.distinct.insert(v)) return;
  if (call.distinct && partial) {
    st.items.push_back(inPlace ? v : std::move(computed));
    if ((st.items.size() & 4095) == 0) ctx.checkRows(st.items.size(), "DISTINCT");
    return;
  }
  accumulateValue(call, kind, st, v, inPlace ? nullptr : &computed, row, ctx);
}

// Whether a multiple of 4096 in (before, after] lies above the row limit: the serial
// accumulation checks its collected items at every such multiple.
void checkGrownItems(std::size_t before, std::size_t after, const char* what, ExecContext& ctx) {
  std::size_t multiple = after & ~std::size_t{4095};
  if (multiple > before) ctx.checkRows(multiple, what);
}

// Folds the state of a later part into `st` (see GroupTable::merge). `later.items` of a DISTINCT
// aggregate are the later part's distinct values, replayed through this state's distinct set.
void mergeState(const bound::Expr& call, AggKind kind, AggState& st, AggState&& later, Row& sample,
                ExecContext& ctx) {
  if (call.distinct && kind != AggKind::CountStar) {
    for (auto& v : later.items)
      if (st.distinct.insert(v)) accumulateValue(call, kind, st, v, &v, sample, ctx);
    return;
  }
  switch (kind) {
    case AggKind::CountStar:
    case AggKind::Count: st.count += later.count; return;
    case AggKind::Collect:
    case AggKind::PercentileDisc:
    case AggKind::PercentileCont: {
      std::size_t before = st.items.size();
      if (st.items.empty()) st.items = std::move(later.items);
      else st.items.insert(st.items.end(), std::make_move_iterator(later.items.begin()),
                           std::make_move_iterator(later.items.end()));
      if (st.percentile < 0) st.percentile = later.percentile;
      checkGrownItems(before, st.items.size(), kind == AggKind::Collect ? "collect()" : "a percentile", ctx);
      return;
    }
    case AggKind::Sum:
    case AggKind::Avg:
      st.count += later.count;
      if (st.sumIsFloat || later.sumIsFloat) {
        double a = st.sumIsFloat ? st.fsum : static_cast<double>(st.isum);
        double b = later.sumIsFloat ? later.fsum : static_cast<double>(later.isum);
        st.fsum = a + b, st.sumIsFloat = true;
      } else if (__builtin_add_overflow(st.isum, later.isum, &st.isum)) {
        throw RuntimeError("integer overflow in " + call.text());
      }
      return;
    case AggKind::StDev:
    case AggKind::StDevP: {
      if (later.count == 0) return;
      if (st.count == 0) {
        st.count = later.count, st.mean = later.mean, st.m2 = later.m2;
        return;
      }
      // Chan et al.'s combination of two Welford states.
      auto na = static_cast<double>(st.count), nb = static_cast<double>(later.count), n = na + nb;
      double delta = later.mean - st.mean;
      st.mean += delta * nb / n;
      st.m2 += later.m2 + delta * delta * na * nb / n;
      st.count += later.count;
      return;
    }
    case AggKind::Min:
    case AggKind::Max: {
      if (later.best.isNull()) return;
      int c = st.best.isNull() ? 0 : orderCompare(later.best, st.best);
      if (st.best.isNull() || (kind == AggKind::Min ? c < 0 : c > 0)) st.best = std::move(later.best);
      return;
    }
  }
}

// Neo4j's definitions: Disc picks one of the values (the smallest with at least p of them at or
// below it), Cont interpolates linearly between the two values around rank p * (n - 1).
Value percentileOf(AggKind kind, AggState& st) {
  auto& xs = st.items;
  if (xs.empty()) return Value();
  std::sort(xs.begin(), xs.end(), [](const Value& a, const Value& b) { return a.asNumber() < b.asNumber(); });
  double p = st.percentile;
  std::size_t n = xs.size();
  if (kind == AggKind::PercentileDisc) {
    if (p == 1.0 || n == 1) return xs.back();
    double rank = p * static_cast<double>(n);
    auto index = static_cast<std::size_t>(rank);
    if (static_cast<double>(index) == rank && index > 0) --index;
    return xs[index];
  }
  double rank = p * static_cast<double>(n - 1);
  auto lo = static_cast<std::size_t>(std::floor(rank));
  auto hi = static_cast<std::size_t>(std::ceil(rank));
  if (lo == hi || lo == n - 1) return Value(xs[lo].asNumber());
  return Value(xs[lo].asNumber() * (static_cast<double>(hi) - rank) + xs[hi].asNumber() * (rank - static_cast<double>(lo)));
}

Value finishState(AggKind kind, AggState& st) {
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
    case AggKind::StDev:
      return Value(st.count < 2 ? 0.0 : std::sqrt(st.m2 / static_cast<double>(st.count - 1)));
    case AggKind::StDevP: return Value(st.count == 0 ? 0.0 : std::sqrt(st.m2 / static_cast<double>(st.count)));
    case AggKind::PercentileDisc:
    case AggKind::PercentileCont: return percentileOf(kind, st);
    case AggKind::Min:
    case AggKind::Max: break;
  }
  return std::move(st.best);
}

}  // namespace

struct GroupTable::Impl {
  struct Group {
    Row sample;
    std::vector<AggState> states;
  };
  const std::vector<AggregateKey>& keys;
  const std::vector<const ast::AggregateSpec*>& aggs;
  bool partial;
  int weightSlot;
  std::vector<AggKind> kinds;
  std::vector<Group> groups;
  std::unordered_map<std::vector<Value>, std::size_t, ValuesHash> index;
  std::vector<Value> key;  // scratch
  bool any = false;        // without keys: whether the one group has seen a row

  Impl(const std::vector<AggregateKey>& k, const std::vector<const ast::AggregateSpec*>& a, bool p, int w)
      : keys(k), aggs(a), partial(p), weightSlot(w) {
    for (const auto* spec : aggs) kinds.push_back(kindOf(bound::of(*spec->call)));
    if (keys.empty()) {
      // One group, even over no input; no key to hash per row.
      groups.emplace_back();
      groups[0].states.resize(aggs.size());
    }
  }

  // The group of `key` (the sample `row`, keys written in); a new one at the end.
  Group& groupFor(std::vector<Value>& k, const Row& row, ExecContext& ctx) {
    auto [it, fresh] = index.try_emplace(k, groups.size());
    if (fresh) {
      ctx.checkRows(groups.size() + 1, "aggregation");
      Group g;
      g.sample = row;
      for (std::size_t i = 0; i < keys.size(); ++i) g.sample[static_cast<std::size_t>(keys[i].slot)] = k[i];
      g.states.resize(aggs.size());
      groups.push_back(std::move(g));
    }
    return groups[it->second];
  }
};

GroupTable::GroupTable(const std::vector<AggregateKey>& keys, const std::vector<const ast::AggregateSpec*>& aggs,
                       bool partial, int weightSlot)
    : impl_(std::make_unique<Impl>(keys, aggs, partial, weightSlot)) {}
GroupTable::~GroupTable() = default;
GroupTable::GroupTable(GroupTable&&) noexcept = default;
GroupTable& GroupTable::operator=(GroupTable&&) noexcept = default;

std::size_t GroupTable::groupCount() const { return impl_->groups.size(); }

void GroupTable::add(Row& row, ExecContext& ctx) {
  Impl& t = *impl_;
  Impl::Group* g;
  if (t.keys.empty()) {
    g = &t.groups[0];
    if (!t.any) g->sample = row, t.any = true;
  } else {
    t.key.clear();
    for (const auto& k : t.keys) t.key.push_back(evaluate(*k.expr, row, ctx));
    g = &t.groupFor(t.key, row, ctx);
  }
  if (t.weightSlot >= 0) {
    std::int64_t weight = row[static_cast<std::size_t>(t.weightSlot)].asInt();
    for (auto& st : g->states) st.count += weight;
    return;
  }
  for (std::size_t i = 0; i < t.aggs.size(); ++i) accumulate(*t.aggs[i], t.kinds[i], g->states[i], row, ctx, t.partial);
}

void GroupTable::merge(GroupTable&& later, ExecContext& ctx) {
  Impl& t = *impl_;
  Impl& l = *later.impl_;
  for (auto& lg : l.groups) {
    Impl::Group* g;
    if (t.keys.empty()) {
      if (!l.any) continue;
      g = &t.groups[0];
      if (!t.any) g->sample = std::move(lg.sample), t.any = true;
    } else {
      t.key.clear();
      for (const auto& k : t.keys) t.key.push_back(lg.sample[static_cast<std::size_t>(k.slot)]);
      g = &t.groupFor(t.key, lg.sample, ctx);
    }
    for (std::size_t i = 0; i < t.aggs.size(); ++i)
      mergeState(bound::of(*t.aggs[i]->call), t.kinds[i], g->states[i], std::move(lg.states[i]), g->sample, ctx);
  }
}

void GroupTable::finish(std::size_t width, std::vector<Row>& out) {
  Impl& t = *impl_;
  if (t.keys.empty() && !t.any) t.groups[0].sample = Row(width);
  for (auto& g : t.groups) {
    for (std::size_t i = 0; i < t.aggs.size(); ++i)
      g.sample[static_cast<std::size_t>(t.aggs[i]->slot)] = finishState(t.kinds[i], g.states[i]);
    out.push_back(std::move(g.sample));
  }
}

bool mergeableAggregate(const ast::AggregateSpec& a) {
  const auto& call = bound::of(*a.call);
  AggKind kind = kindOf(call);
  if (kind != AggKind::PercentileDisc && kind != AggKind::PercentileCont) return true;
  auto k = call.args.size() > 1 ? call.args[1]->kind : bound::ExprKind::Variable;
  return k == bound::ExprKind::Literal || k == bound::ExprKind::Parameter;
}

AggregateOp::AggregateOp(ExecContext& ctx, std::unique_ptr<Operator> input, std::vector<AggregateKey> keys,
                         std::vector<const ast::AggregateSpec*> aggregates, int weightSlot)
    : EagerOp(ctx), keys_(std::move(keys)), aggs_(std::move(aggregates)), weightSlot_(weightSlot) {
  addChild(std::move(input));
}

void AggregateOp::fill(Row& row) {
  GroupTable table(keys_, aggs_, false, weightSlot_);
  while (input().next(row)) {
    ctx_.tick();
    table.add(row, ctx_);
  }
  table.finish(row.size(), rows_);
}

std::string AggregateOp::describe() const {
  std::string s = "Aggregate";
  if (!keys_.empty()) {
    s += " by ";
    for (std::size_t i = 0; i < keys_.size(); ++i) s += (i ? ", " : "") + keys_[i].expr->text();
  }
  s += ":";
  for (std::size_t i = 0; i < aggs_.size(); ++i) s += (i ? ", " : " ") + aggs_[i]->call->text;
  if (weightSlot_ >= 0) s += " (adding the counts of its input rows)";
  return s;
}

// ---- Distinct -------------------------------------------------------------------------

std::size_t ValuesHash::operator()(const std::vector<Value>& k) const {
  std::size_t h = 0;
  for (const auto& v : k) h = h * 31 + v.hash();
  return h;
}

UnionOp::UnionOp(ExecContext& ctx, std::vector<std::unique_ptr<Operator>> parts, std::string text)
    : Operator(ctx), text_(std::move(text)) {
  for (auto& p : parts) addChild(std::move(p));
}

bool UnionOp::next(Row& row) {
  for (; current_ < children_.size(); ++current_)
    if (children_[current_]->next(row)) return true;
  return false;
}

void UnionOp::reset() {
  Operator::reset();
  current_ = 0;
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
