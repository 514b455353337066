#include "planner/predicates.h"

#include <algorithm>
#include <optional>

#include "functions/registry.h"

namespace kgq::plan {

using bound::Expr;
using bound::ExprKind;
using ast::Op;
using ast::SchemaName;

namespace {

void collectReads(const Expr& e, std::vector<int>& out, std::vector<int>& locals, bool& opaque) {
  switch (e.kind) {
    case ExprKind::Variable:
    case ExprKind::Slot:
      if (std::find(locals.begin(), locals.end(), e.slot) == locals.end()) out.push_back(e.slot);
      return;
    case ExprKind::Comprehension:
    case ExprKind::Quantifier:
      opaque = true;
      if (e.args[0]) collectReads(*e.args[0], out, locals, opaque);
      locals.push_back(e.slot);
      for (std::size_t i = 1; i < e.args.size(); ++i)
        if (e.args[i]) collectReads(*e.args[i], out, locals, opaque);
      locals.pop_back();
      return;
    case ExprKind::Reduce:
      opaque = true;
      collectReads(*e.args[0], out, locals, opaque);
      collectReads(*e.args[1], out, locals, opaque);
      locals.push_back(e.slot);
      locals.push_back(e.slot2);
      collectReads(*e.args[2], out, locals, opaque);
      locals.pop_back();
      locals.pop_back();
      return;
    case ExprKind::PatternComprehension:
    case ExprKind::Subquery:
      // It may read any variable in scope where it is written: it waits for them all, and never
      // moves across a WITH (opaque).
      opaque = true;
      for (int s : e.outerSlots)
        if (std::find(locals.begin(), locals.end(), s) == locals.end()) out.push_back(s);
      return;
    case ExprKind::PatternPredicate:
      opaque = true;
      for (const auto& n : e.pattern->nodes) {
        if (!n.var.empty()) out.push_back(n.slot);
        for (const auto& [k, v] : n.props) collectReads(bound::of(*v), out, locals, opaque);
      }
      for (const auto& r : e.pattern->rels) {
        if (!r.var.empty()) out.push_back(r.slot);
        for (const auto& [k, v] : r.props) collectReads(bound::of(*v), out, locals, opaque);
      }
      return;
    default:
      for (const auto& a : e.args)
        if (a) collectReads(*a, out, locals, opaque);
  }
}

bool contains(const std::vector<int>& sorted, int s) { return std::binary_search(sorted.begin(), sorted.end(), s); }

// `x.key` with x a node slot of the pattern.
const Expr* nodeProperty(const Expr& e, const std::vector<int>& nodeSlots) {
  if (e.kind != ExprKind::Property) return nullptr;
  const Expr& base = *e.args[0];
  if ((base.kind != ExprKind::Variable && base.kind != ExprKind::Slot) || !contains(nodeSlots, base.slot))
    return nullptr;
  return &e;
}

}  // namespace

std::vector<int> readSlots(const Expr& e, bool* opaque) {
  std::vector<int> out, locals;
  bool o = false;
  collectReads(e, out, locals, o);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (opaque) *opaque = o;
  return out;
}

bool splitConjuncts(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::Binary && e.op == Op::And) {
    bool left = splitConjuncts(*e.args[0], out);
    bool right = splitConjuncts(*e.args[1], out);
    return left || right;
  }
  if (e.kind == ExprKind::Literal && e.literal.isBool() && e.literal.asBool()) return true;
  out.push_back(&e);
  return false;
}

bool subsetOf(const std::vector<int>& slots, const std::vector<int>& sortedSet) {
  return std::all_of(slots.begin(), slots.end(), [&](int s) { return contains(sortedSet, s); });
}

Conjunct classify(const Expr& e, const std::vector<int>& nodeSlots, const std::vector<int>& relSlots) {
  Conjunct c;
  c.expr = &e;
  c.fromWhere = true;
  c.reads = readSlots(e);
  if (e.kind == ExprKind::HasLabels && (e.args[0]->kind == ExprKind::Variable || e.args[0]->kind == ExprKind::Slot) &&
      contains(nodeSlots, e.args[0]->slot)) {
    if (e.labelExpr) {
      // n:A|B: no plain label every match has, but a union of label scans finds them all.
      if (e.keys.empty()) c.unionLabels = e.labelExpr->alternatives();
      c.side.slot = e.args[0]->slot;
      return c;
    }
    c.kind = Conjunct::Kind::Label;
    c.side.slot = e.args[0]->slot;
    c.labels = e.keys;
    return c;
  }
  if (e.kind != ExprKind::Binary || (e.op != Op::Eq && e.op != Op::In)) return c;
  auto sideOf = [&](const Expr& prop, const Expr& value) -> std::optional<Conjunct::Side> {
    if (!nodeProperty(prop, nodeSlots)) return std::nullopt;
    Conjunct::Side s;
    s.slot = prop.args[0]->slot;
    s.key = prop.key;
    s.value = &value;
    s.valueReads = readSlots(value);
    if (contains(s.valueReads, s.slot)) return std::nullopt;
    return s;
  };
  const Expr& l = *e.args[0];
  const Expr& r = *e.args[1];
  // type(r) = v, v = type(r), type(r) IN [...]
  auto typeOf = [&](const Expr& call) {
    return call.kind == ExprKind::Function && call.function && call.function->name == "type" && call.args.size() == 1 &&
           (call.args[0]->kind == ExprKind::Variable || call.args[0]->kind == ExprKind::Slot) &&
           contains(relSlots, call.args[0]->slot);
  };
  const Expr* call = typeOf(l) ? &l : (e.op == Op::Eq && typeOf(r)) ? &r : nullptr;
  const Expr* value = call == &l ? &r : &l;
  if (call && (e.op == Op::Eq || value->kind == ExprKind::List)) {
    int slot = call->args[0]->slot;
    auto reads = readSlots(*value);
    if (!contains(reads, slot)) {
      c.kind = Conjunct::Kind::RelType;
      c.side = {slot, {}, value, reads};
      c.in = e.op == Op::In;
      return c;
    }
  }
  if (e.op == Op::In) {
    if (auto s = sideOf(l, r)) c.kind = Conjunct::Kind::PropIn, c.side = *s;
    return c;
  }
  auto left = sideOf(l, r);
  auto right = sideOf(r, l);
  if (!left && !right) return c;
  c.kind = Conjunct::Kind::PropEq;
  c.side = left ? *left : *right;
  if (left && right) c.alt.push_back(*right);
  return c;
}

}  // namespace kgq::plan
