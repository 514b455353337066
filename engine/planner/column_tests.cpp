#include "planner/column_tests.h"

#include <algorithm>

#include "planner/predicates.h"
#include "planner/rules.h"

namespace kgq::plan {

using bound::Expr;
using bound::ExprKind;
using ast::Op;

namespace {

bool isSlot(const Expr& e, int slot) {
  return (e.kind == ExprKind::Variable || e.kind == ExprKind::Slot) && e.slot == slot;
}

// `x.key` with x the element itself.
bool elementProperty(const Expr& e, int slot) { return e.kind == ExprKind::Property && isSlot(*e.args[0], slot); }

bool comparison(Op op) {
  switch (op) {
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Gt:
    case Op::Le:
    case Op::Ge:
    case Op::StartsWith:
    case Op::EndsWith:
    case Op::Contains: return true;
    default: return false;
  }
}

bool specHasTest(const ElementSpec& spec, int slot, bool node) {
  for (const auto* p : spec.predicates)
    if (columnTest(*p, slot, node)) return true;
  for (const auto& [key, value] : spec.props)
    if (constantOperand(*value)) return true;
  return false;
}

bool anyTest(const LogicalOp& op) {
  switch (op.kind) {
    case OpKind::NodeScan:
    case OpKind::IndexSeek:
    case OpKind::NodeCheck:
      if (specHasTest(op.check, op.slot, true)) return true;
      break;
    case OpKind::Expand:
    case OpKind::VarExpand:
    case OpKind::ShortestPath:
      if (specHasTest(op.expand.toCheck, op.expand.toSlot, true) ||
          specHasTest(op.expand.relCheck, op.expand.relSlot, false))
        return true;
      break;
    default: break;
  }
  for (const auto& c : op.children)
    if (anyTest(*c)) return true;
  return false;
}

}  // namespace

bool constantOperand(const Expr& e) {
  bool opaque = false;
  return readSlots(e, &opaque).empty() && !opaque && !callsRand(e);
}

std::optional<ColumnTest> columnTest(const Expr& e, int slot, bool node) {
  if (slot < 0) return std::nullopt;
  if (e.kind == ExprKind::Unary && e.op == Op::Not) {
    auto inner = columnTest(*e.args[0], slot, node);
    if (inner) inner->negate = !inner->negate;
    return inner;
  }
  ColumnTest t;
  if (e.kind == ExprKind::HasLabels) {
    // A label expression beyond plain labels (n:A|B) is left to the evaluator.
    if (!node || !isSlot(*e.args[0], slot) || e.labelExpr) return std::nullopt;
    t.kind = ColumnTest::Kind::Labels;
    t.labels = &e;
    return t;
  }
  if (e.kind == ExprKind::Unary && (e.op == Op::IsNull || e.op == Op::IsNotNull)) {
    if (!elementProperty(*e.args[0], slot)) return std::nullopt;
    t.kind = e.op == Op::IsNull ? ColumnTest::Kind::IsNull : ColumnTest::Kind::IsNotNull;
    t.property = e.args[0].get();
    return t;
  }
  if (e.kind != ExprKind::Binary || !comparison(e.op)) return std::nullopt;
  const Expr& l = *e.args[0];
  const Expr& r = *e.args[1];
  t.propertyLeft = elementProperty(l, slot);
  if (!t.propertyLeft && !elementProperty(r, slot)) return std::nullopt;
  t.property = t.propertyLeft ? &l : &r;
  t.operand = t.propertyLeft ? &r : &l;
  bool opaque = false;
  auto reads = readSlots(*t.operand, &opaque);
  // The operand is evaluated apart from the element: it must not read it, nor
  // bind variables of its own (comprehensions), nor draw random numbers.
  if (opaque || callsRand(*t.operand) || std::binary_search(reads.begin(), reads.end(), slot)) return std::nullopt;
  t.op = e.op;
  return t;
}

void noteColumnTests(LogicalPlan& plan) {
  if (!plan.root || !anyTest(*plan.root)) {
    bool inSub = false;
    for (const auto& s : plan.subPlans) inSub = inSub || (s.root && anyTest(*s.root));
    if (!inSub) return;
  }
  std::string_view name = ruleName("column-test");
  if (std::find(plan.rules.begin(), plan.rules.end(), name) == plan.rules.end()) plan.rules.emplace_back(name);
}

}  // namespace kgq::plan
