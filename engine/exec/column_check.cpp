#include "exec/column_check.h"

#include <algorithm>

#include "exec/evaluator.h"
#include "graph/graph.h"

namespace kgq {

namespace {

constexpr std::size_t kMaxEqualNodes = 64;

const ast::SchemaName& keyOf(const bound::Expr& property) { return property.key; }

// The operand's value for the whole run, or nothing when evaluating it raises a kgq error (the
// evaluator raises it again where it would have). Anything else, such as the memory budget's
// bad_alloc, which it throws only once, goes on up.
std::optional<Value> constantValue(const bound::Expr& e, ExecContext& ctx) {
  try {
    Row none;
    return evaluate(e, none, ctx);
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<ColumnCheck> ColumnCheck::compile(const plan::ColumnTest& test, const bound::Expr& source,
                                                ExecContext& ctx) {
  ColumnCheck c;
  c.kind_ = test.kind;
  c.op_ = test.op;
  c.negate_ = test.negate;
  c.propertyLeft_ = test.propertyLeft;
  c.source_ = &source;
  if (test.kind == plan::ColumnTest::Kind::Labels) {
    c.labels_.assign(test.labels->keys.begin(), test.labels->keys.end());
    return c;
  }
  c.key_.emplace(keyOf(*test.property));
  if (test.kind != plan::ColumnTest::Kind::Compare) return c;
  if (plan::constantOperand(*test.operand)) {
    c.constant_ = constantValue(*test.operand, ctx);
    if (!c.constant_) return std::nullopt;
  } else {
    c.operand_ = test.operand;
  }
  return c;
}

std::optional<ColumnCheck> ColumnCheck::equality(const ast::SchemaName& key, const bound::Expr& value, ExecContext& ctx) {
  if (!plan::constantOperand(value)) return std::nullopt;
  ColumnCheck c;
  c.key_.emplace(key);
  c.constant_ = constantValue(value, ctx);
  if (!c.constant_) return std::nullopt;
  return c;
}

bool ColumnCheck::holds(std::uint32_t id, bool node, int slot, Row& row, ExecContext& ctx) const {
  const Graph& g = ctx.graph;
  // A deleted element: the evaluator reports that its properties cannot be read.
  // (An inline property is read as stored, like the evaluator's inline match.)
  if (source_ && kind_ != plan::ColumnTest::Kind::Labels && g.hasDeletions() &&
      !(node ? g.nodeAlive(id) : g.relAlive(id))) {
    row[static_cast<std::size_t>(slot)] = node ? Value(NodeRef{id}) : Value(RelRef{id});
    return evaluatePredicate(*source_, row, ctx);
  }
  Tri t = decide(id, node, row, ctx);
  if (negate_ && t != Tri::Null) t = t == Tri::True ? Tri::False : Tri::True;
  return t == Tri::True;
}

ColumnCheck::Tri ColumnCheck::decide(std::uint32_t id, bool node, Row& row, ExecContext& ctx) const {
  const Graph& g = ctx.graph;
  if (kind_ == plan::ColumnTest::Kind::Labels) {
    for (const auto& l : labels_) {
      auto label = l.resolve(g.labels());
      if (!label || !g.hasLabel(id, *label)) return Tri::False;
    }
    return Tri::True;
  }
  // The operand first, as the evaluator does (left to right, and only the operand can throw).
  const Value* fixed = fixedOperand();
  Value perRow;
  if (!fixed && operand_) perRow = evaluate(*operand_, row, ctx);
  auto key = key_->resolve(g.keys());
  bool present = key && (node ? g.hasNodeProperty(id, *key) : g.hasRelProperty(id, *key));
  switch (kind_) {
    case plan::ColumnTest::Kind::IsNull: return present ? Tri::False : Tri::True;
    case plan::ColumnTest::Kind::IsNotNull: return present ? Tri::True : Tri::False;
    default: break;
  }
  if (!present) return Tri::Null;
  if (node && fixed && (op_ == ast::Op::Eq || op_ == ast::Op::Ne) && fixed->isString())
    if (const auto* equal = indexedEquals(g, *key)) {
      bool eq = std::binary_search(equal->begin(), equal->end(), id);
      return eq == (op_ == ast::Op::Eq) ? Tri::True : Tri::False;
    }
  return compareStored(g, id, node, *key, fixed ? *fixed : perRow);
}

void ColumnCheck::fixOperand(Row& row, ExecContext& ctx) const {
  if (!operand_) return;
  rowOperand_.reset();
  try {
    rowOperand_ = evaluate(*operand_, row, ctx);
  } catch (const Error&) {
    // As constantValue: each check evaluates it again and raises the error where the evaluator would.
  }
}

std::optional<ColumnCheck::Listed> ColumnCheck::listedNodes(const Graph& g) const {
  const Value* fixed = fixedOperand();
  if (kind_ != plan::ColumnTest::Kind::Compare || !fixed || !fixed->isString()) return std::nullopt;
  if ((op_ != ast::Op::Eq && op_ != ast::Op::Ne) || g.hasDeletions()) return std::nullopt;
  auto key = key_->resolve(g.keys());
  if (!key) return std::nullopt;
  const auto* equal = indexedEquals(g, *key);
  if (!equal) return std::nullopt;
  if ((op_ == ast::Op::Eq) != negate_) return Listed{equal, false};
  // `<>` (or NOT =) is null, so false, on a node without the key: the complement of the equal
  // nodes is the answer only when every node has the key.
  if (g.nodeKeyCount(*key) != g.nodeCount()) return std::nullopt;
  return Listed{equal, true};
}

const std::vector<std::uint32_t>* ColumnCheck::indexedEquals(const Graph& g, std::uint32_t key) const {
  const Value& operand = *fixedOperand();  // a string: the callers check
  if (equalNodesStamp_ != g.nodePropertyStamp() || equalNodesValue_ != operand.asString()) {
    equalNodesStamp_ = g.nodePropertyStamp();
    equalNodesValue_ = operand.asString();
    equalNodes_.clear();
    equalNodesIndexed_ = false;
    if (g.nodePropertyIndexed(key)) {
      // Only a few equal nodes pay: a common value (many nodes) would make each check a
      // search of a long list, and each refresh after a write a copy of it.
      auto found = g.nodesWithProperty(key, operand);
      if (found.size() <= kMaxEqualNodes) {
        equalNodes_.assign(found.begin(), found.end());
        equalNodesIndexed_ = true;
      }
    }
  }
  return equalNodesIndexed_ ? &equalNodes_ : nullptr;
}

std::optional<ColumnCheck::IntCompare> ColumnCheck::intCompare(const Graph& g) const {
  using ast::Op;
  if (kind_ != plan::ColumnTest::Kind::Compare || g.hasDeletions()) return std::nullopt;
  if (op_ != Op::Eq && op_ != Op::Ne && op_ != Op::Lt && op_ != Op::Gt && op_ != Op::Le && op_ != Op::Ge)
    return std::nullopt;
  const Value* fixed = fixedOperand();
  if (!fixed || !fixed->isInt()) return std::nullopt;
  auto key = key_->resolve(g.keys());
  const ValueColumn* column = key ? g.propertyColumn(true, *key) : nullptr;
  if (!column || column->kind() != ValueColumn::Kind::Int) return std::nullopt;
  auto parts = column->parts();
  IntCompare c;
  c.present = parts.present.data();
  c.words = parts.words.data();
  c.size = parts.size;
  c.operand = fixed->asInt();
  c.negate = negate_;
  // `operand op stored` is `stored op' operand` with the order turned round.
  c.op = propertyLeft_ ? op_ : op_ == Op::Lt ? Op::Gt : op_ == Op::Gt ? Op::Lt : op_ == Op::Le ? Op::Ge : op_ == Op::Ge ? Op::Le : op_;
  return c;
}

// `stored op operand` (or `operand op stored`), the stored value present.
ColumnCheck::Tri ColumnCheck::compareStored(const Graph& g, std::uint32_t id, bool node, std::uint32_t key,
                                            const Value& operand) const {
  // A string equals only an equal string (Cypher's = and Value equality agree
  // there), which the column answers without building a Value.
  if ((op_ == ast::Op::Eq || op_ == ast::Op::Ne) && operand.isString()) {
    bool eq = node ? g.nodePropertyIs(id, key, operand) : g.relPropertyIs(id, key, operand);
    return eq == (op_ == ast::Op::Eq) ? Tri::True : Tri::False;
  }
  Value have = node ? g.nodeValue(id, key) : g.relValue(id, key);
  if (have.isInt() && operand.isInt() && op_ != ast::Op::StartsWith && op_ != ast::Op::EndsWith &&
      op_ != ast::Op::Contains) {
    std::int64_t x = have.asInt(), y = operand.asInt();
    int c = x < y ? -1 : (y < x ? 1 : 0);
    if (!propertyLeft_) c = -c;
    switch (op_) {
      case ast::Op::Eq: return c == 0 ? Tri::True : Tri::False;
      case ast::Op::Ne: return c != 0 ? Tri::True : Tri::False;
      case ast::Op::Lt: return c < 0 ? Tri::True : Tri::False;
      case ast::Op::Gt: return c > 0 ? Tri::True : Tri::False;
      case ast::Op::Le: return c <= 0 ? Tri::True : Tri::False;
      default: return c >= 0 ? Tri::True : Tri::False;
    }
  }
  Value v = propertyLeft_ ? comparisonValue(op_, have, operand) : comparisonValue(op_, operand, have);
  if (v.isNull()) return Tri::Null;
  return v.asBool() ? Tri::True : Tri::False;
}

}  // namespace kgq
