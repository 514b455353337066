// Pattern operators: node scan, single-hop expand, element checks.
#include <algorithm>

#include "exec/evaluator.h"
#include "exec/operators.h"
#include "exec/traversal.h"

namespace kgq {

namespace {
// `valueOf(key)` is the element's value, null when absent (stored values never are).
template <typename ValueOf>
bool propsMatch(ValueOf valueOf, const std::vector<std::pair<std::string, const ast::Expr*>>& want, Row& row,
                ExecContext& ctx) {
  for (const auto& [key, expr] : want) {
    auto k = ctx.graph.keys().find(key);
    if (!k) return false;
    Value have = valueOf(*k);
    if (have.isNull()) return false;
    if (cypherEquals(have, evaluate(*expr, row, ctx)) != true) return false;
  }
  return true;
}
}  // namespace

bool ElementCheck::nodeMatches(NodeId n, Row& row, ExecContext& ctx) const {
  for (const auto& l : labels) {
    auto id = l.resolve(ctx.graph.labels());
    if (!id || !ctx.graph.hasLabel(n, *id)) return false;
  }
  return props.empty() || propsMatch([&](KeyId k) { return ctx.graph.nodeValue(n, k); }, props, row, ctx);
}

bool ElementCheck::relMatches(RelId r, Row& row, ExecContext& ctx) const {
  return props.empty() || propsMatch([&](KeyId k) { return ctx.graph.relValue(r, k); }, props, row, ctx);
}

std::string ElementCheck::describe() const {
  std::string s;
  for (const auto& l : labels) s += ":" + l.name;
  if (!props.empty()) {
    s += " {";
    for (std::size_t i = 0; i < props.size(); ++i) s += (i ? ", " : "") + props[i].first + ": " + props[i].second->text;
    s += "}";
  }
  return s;
}

bool UsedRels::contains(RelId r, const Row& row) const {
  for (int s : relSlots) {
    const auto& v = row[static_cast<std::size_t>(s)];
    if (v.isRel() && v.asRel() == r) return true;
  }
  for (int s : listSlots) {
    const auto& v = row[static_cast<std::size_t>(s)];
    if (!v.isList()) continue;
    for (const auto& e : v.asList())
      if (e.isRel() && e.asRel() == r) return true;
  }
  return false;
}

bool ExpandSpec::typeMatches(TypeId t, const Graph& g) const {
  if (types.empty()) return true;
  for (const auto& ref : types)
    if (ref.resolve(g.types()) == t) return true;
  return false;
}

// ---- NodeFilter ------------------------------------------------------------------

NodeFilterOp::NodeFilterOp(ExecContext& ctx, std::unique_ptr<Operator> input, int slot, ElementCheck check,
                           std::string text)
    : Operator(ctx), slot_(slot), check_(std::move(check)), text_(std::move(text)) {
  addChild(std::move(input));
}

bool NodeFilterOp::next(Row& row) {
  while (input().next(row)) {
    const Value& v = row[static_cast<std::size_t>(slot_)];
    if (v.isNode() && check_.nodeMatches(v.asNode(), row, ctx_)) return true;
  }
  return false;
}

// ---- NodeScan ------------------------------------------------------------------

NodeScanOp::NodeScanOp(ExecContext& ctx, std::unique_ptr<Operator> input, int slot, std::optional<NameRef> label,
                       ElementCheck check, std::string text)
    : Operator(ctx), slot_(slot), label_(std::move(label)), check_(std::move(check)), text_(std::move(text)) {
  addChild(std::move(input));
}

bool NodeScanOp::next(Row& row) {
  const Graph& g = ctx_.graph;
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      active_ = true;
      pos_ = 0;
      chooseCandidates(row);
    }
    std::size_t end = list_ ? list_->size() : g.nodeCount();
    while (pos_ < end) {
      NodeId n = list_ ? (*list_)[pos_] : static_cast<NodeId>(pos_);
      ++pos_;
      ctx_.tick();
      if (byIndex_ && label_) {
        auto id = label_->resolve(g.labels());
        if (!id || !g.hasLabel(n, *id)) continue;
      }
      if (!check_.nodeMatches(n, row, ctx_)) continue;
      row[static_cast<std::size_t>(slot_)] = Value(NodeRef{n});
      return true;
    }
    active_ = false;
  }
}

// Candidates: the nodes of the property index when the pattern gives a property
// value and the label alone would leave many nodes; else the label's nodes; else all.
void NodeScanOp::chooseCandidates(Row& row) {
  static const std::vector<NodeId> none;
  const Graph& g = ctx_.graph;
  list_ = nullptr;
  byIndex_ = false;
  const std::vector<NodeId>* byLabel = nullptr;
  if (label_) {
    auto id = label_->resolve(g.labels());
    byLabel = id ? &g.nodesWithLabel(*id) : &none;
    if (byLabel->empty()) {
      list_ = byLabel;
      return;
    }
  }
  if (!check_.props.empty() && (!byLabel || byLabel->size() > 1024)) {
    const auto& [key, expr] = check_.props.front();
    Value want = evaluate(*expr, row, ctx_);
    auto k = g.keys().find(key);
    indexHits_.clear();
    if (k && !want.isNull()) {
      auto hits = g.nodesWithProperty(*k, want);
      indexHits_.assign(hits.begin(), hits.end());
    }
    list_ = &indexHits_;
    byIndex_ = true;
    return;
  }
  list_ = byLabel;
}

void NodeScanOp::reset() {
  Operator::reset();
  active_ = false;
}

std::string NodeScanOp::describe() const {
  if (!check_.props.empty()) return "NodeScan (property index on " + check_.props.front().first + " or label) " + text_;
  return (label_ ? "NodeByLabelScan " : "AllNodesScan ") + text_;
}

// ---- Expand ----------------------------------------------------------------------

ExpandOp::ExpandOp(ExecContext& ctx, std::unique_ptr<Operator> input, ExpandSpec spec)
    : Operator(ctx), spec_(std::move(spec)) {
  addChild(std::move(input));
}

void ExpandOp::reset() {
  Operator::reset();
  active_ = false;
}

bool ExpandOp::next(Row& row) {
  while (true) {
    if (!active_) {
      if (!input().next(row)) return false;
      const Value& from = row[static_cast<std::size_t>(spec_.fromSlot)];
      if (!from.isNode()) continue;  // null from an optional match: nothing to expand
      from_ = from.asNode();
      cursor_ = ctx_.graph.adjacency(from_, adjDirection(spec_.dir));
      active_ = true;
    }
    if (advance(row)) return true;
    active_ = false;
  }
}

bool ExpandOp::advance(Row& row) {
  AdjEntry data;
  while (cursor_.next(data)) {
    ctx_.tick();
    NodeId other = data.other;
    if (!spec_.typeMatches(data.type, ctx_.graph)) continue;
    if (spec_.relBound) {
      const Value& bound = row[static_cast<std::size_t>(spec_.relSlot)];
      if (!bound.isRel() || bound.asRel() != data.rel) continue;
    }
    // A relationship bound by an earlier clause is still unique within this MATCH.
    if (spec_.used.contains(data.rel, row)) continue;
    if (spec_.toBound) {
      const Value& to = row[static_cast<std::size_t>(spec_.toSlot)];
      if (!to.isNode() || to.asNode() != other) continue;
    }
    if (!spec_.relCheck.relMatches(data.rel, row, ctx_)) continue;
    if (!spec_.toBound && !spec_.toCheck.nodeMatches(other, row, ctx_)) continue;
    if (!spec_.relBound) row[static_cast<std::size_t>(spec_.relSlot)] = Value(RelRef{data.rel});
    if (!spec_.toBound) row[static_cast<std::size_t>(spec_.toSlot)] = Value(NodeRef{other});
    return true;
  }
  return false;
}

std::string ExpandOp::describe() const { return std::string(spec_.toBound ? "ExpandInto " : "Expand ") + spec_.text; }

}  // namespace kgq
