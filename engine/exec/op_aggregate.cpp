// Grouping and aggregation: count, collect, sum, avg, min, max (each optionally DISTINCT).
#include <algorithm>
#include <cstdint>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "exec/evaluator.h"
#include "exec/operators.h"

namespace kgq {

namespace {

// A set of node and relationship ids by open addressing. count(DISTINCT b) after
// a neighbourhood search inserts thousands of nodes per start, and a node-based
// unordered_set<Value> spent more time allocating and hashing than the search took.
class ElementSet {
 public:
  // Nodes and relationships never compare equal, so they get distinct keys.
  static std::uint64_t key(const Value& v) {
    return v.isNode() ? std::uint64_t{v.asNode()} << 1 : (std::uint64_t{v.asRel()} << 1) | 1;
  }
  std::size_t size() const { return size_; }
  template <typename F>
  void forEachNode(F&& f) const {
    for (auto stored : slots_)
      if (stored && ((stored - 1) & 1) == 0) f(static_cast<NodeId>((stored - 1) >> 1));
  }
  bool insert(std::uint64_t key) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t mask = slots_.size() - 1;
    std::uint64_t stored = key + 1;  // 0 marks an empty slot
    // Fibonacci hashing: the product's top bits depend on every bit of the key.
    for (auto i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);; i = (i + 1) & mask) {
      if (slots_[i] == stored) return false;
      if (slots_[i] == 0) {
        slots_[i] = stored;
        ++size_;
        return true;
      }
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(16, old.size() * 2), 0);
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(slots_.size()));
    size_ = 0;
    for (auto stored : old)
      if (stored) insert(stored - 1);
  }
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
  unsigned shift_ = 64;
};

struct AggState {
  std::int64_t count = 0;
  bool sumIsFloat = false;
  std::int64_t isum = 0;
  double fsum = 0;
  Value best;  // min / max
  ValueList items;
  std::unordered_set<Value, ValueHash> distinct;
  ElementSet distinctElements;  // the nodes and relationships among the DISTINCT values
  // Once the distinct nodes are a sizeable share of the graph, a bit per node is
  // both smaller and several times faster than hashing them.
  std::vector<std::uint64_t> nodeBits;

  bool firstTime(const Value& v, std::size_t nodeCount) {
    if (v.isNode() && !nodeBits.empty()) return setBit(v.asNode());
    if (!v.isNode() && !v.isRel()) return distinct.insert(v).second;
    bool fresh = distinctElements.insert(ElementSet::key(v));
    if (v.isNode() && distinctElements.size() * 256 > nodeCount) {
      nodeBits.assign(nodeCount / 64 + 1, 0);
      distinctElements.forEachNode([&](NodeId n) { setBit(n); });
    }
    return fresh;
  }

  bool setBit(NodeId n) {
    if (n / 64 >= nodeBits.size()) nodeBits.resize(n / 64 + 1, 0);  // a node created by this statement
    std::uint64_t bit = std::uint64_t{1} << (n % 64);
    bool fresh = !(nodeBits[n / 64] & bit);
    nodeBits[n / 64] |= bit;
    return fresh;
  }
};

void accumulate(const ast::AggregateSpec& spec, AggState& st, Row& row, ExecContext& ctx) {
  const auto& call = *spec.call;
  if (call.kind == ast::ExprKind::CountStar) {
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
  if (call.distinct && !st.firstTime(v, ctx.graph.nodeCount())) return;
  const std::string& f = call.name;
  if (f == "count") {
    ++st.count;
  } else if (f == "collect") {
    st.items.push_back(inPlace ? v : std::move(computed));
    if ((st.items.size() & 4095) == 0) ctx.checkRows(st.items.size(), "collect()");
  } else if (f == "sum" || f == "avg") {
    if (!v.isNumber()) typeError(call, f + "() expects numbers", v);
    ++st.count;
    if (v.isFloat() || st.sumIsFloat) {
      if (!st.sumIsFloat) st.fsum = static_cast<double>(st.isum), st.sumIsFloat = true;
      st.fsum += v.asNumber();
    } else if (__builtin_add_overflow(st.isum, v.asInt(), &st.isum)) {
      throw RuntimeError("integer overflow in " + call.text);
    }
  } else {  // min / max use the ORDER BY order across types
    int c = st.best.isNull() ? 0 : orderCompare(v, st.best);
    if (st.best.isNull() || (f == "min" ? c < 0 : c > 0)) st.best = inPlace ? v : std::move(computed);
  }
}

Value finish(const ast::AggregateSpec& spec, AggState& st) {
  const auto& call = *spec.call;
  if (call.kind == ast::ExprKind::CountStar || call.name == "count") return Value(st.count);
  if (call.name == "collect") return Value(std::move(st.items));
  if (call.name == "sum") return st.sumIsFloat ? Value(st.fsum) : Value(st.isum);
  if (call.name == "avg") {
    if (st.count == 0) return Value();
    double total = st.sumIsFloat ? st.fsum : static_cast<double>(st.isum);
    return Value(total / static_cast<double>(st.count));
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
  std::unordered_map<std::vector<Value>, std::size_t, ValuesHash> index;
  std::vector<Group> groups;
  std::vector<Value> key;
  Row first;
  bool any = false;
  while (input().next(row)) {
    ctx_.tick();
    if (!any) first = row, any = true;
    key.clear();
    for (const auto& k : keys_) key.push_back(evaluate(*k.expr, row, ctx_));
    // Without keys there is one group: no hash lookup per row (count(DISTINCT b) feeds thousands).
    std::size_t at = 0;
    bool fresh = groups.empty();
    if (!keys_.empty()) std::tie(at, fresh) = [&] {
      auto [it, added] = index.try_emplace(key, groups.size());
      return std::pair{it->second, added};
    }();
    if (fresh) {
      ctx_.checkRows(groups.size() + 1, "aggregation");
      Group g;
      g.sample = row;
      for (std::size_t i = 0; i < keys_.size(); ++i) g.sample[static_cast<std::size_t>(keys_[i].slot)] = key[i];
      g.states.resize(aggs_.size());
      groups.push_back(std::move(g));
    }
    auto& g = groups[at];
    for (std::size_t i = 0; i < aggs_.size(); ++i) accumulate(*aggs_[i], g.states[i], row, ctx_);
  }
  // Without grouping keys an aggregation yields one row even over no input.
  if (groups.empty() && keys_.empty()) {
    Group g;
    g.sample = any ? first : Row(row.size());
    g.states.resize(aggs_.size());
    groups.push_back(std::move(g));
  }
  for (auto& g : groups) {
    for (std::size_t i = 0; i < aggs_.size(); ++i)
      g.sample[static_cast<std::size_t>(aggs_[i]->slot)] = finish(*aggs_[i], g.states[i]);
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
