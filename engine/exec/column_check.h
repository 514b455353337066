// A plan::ColumnTest made ready for one run: key and label names resolved, a
// constant operand evaluated once. It decides the test on the element's stored
// property (a string's equality in place; anything else read as a Value and
// compared by the evaluator's own rules), so it answers what the expression
// evaluator would, without the evaluator's per-element dispatch.
#pragma once

#include <optional>

#include "exec/context.h"
#include "exec/operator.h"
#include "planner/column_tests.h"

namespace kgq {

class ColumnCheck {
 public:
  // The check of `test` (from `source`), or nothing when this run cannot compile
  // it (its constant operand fails to evaluate: the evaluator then raises that
  // error where it would have).
  static std::optional<ColumnCheck> compile(const plan::ColumnTest& test, const bound::Expr& source, ExecContext& ctx);
  // An inline property `{key: value}` with a constant value: equality.
  static std::optional<ColumnCheck> equality(const ast::SchemaName& key, const bound::Expr& value, ExecContext& ctx);

  // Whether the element `id` (a node when `node`) passes; `slot` is where the
  // evaluator fallback writes it (a deleted element, whose properties it reports).
  bool holds(std::uint32_t id, bool node, int slot, Row& row, ExecContext& ctx) const;

 private:
  enum class Tri : std::uint8_t { False, True, Null };
  Tri decide(std::uint32_t id, bool node, Row& row, ExecContext& ctx) const;
  Tri compareStored(const Graph& g, std::uint32_t id, bool node, std::uint32_t key, const Value& operand) const;
  // The nodes whose `key` equals the constant string operand, when the key has a value
  // index: equality becomes a test of the node's id, which reads no stored string.
  const std::vector<std::uint32_t>* indexedEquals(const Graph& g, std::uint32_t key) const;

  plan::ColumnTest::Kind kind_ = plan::ColumnTest::Kind::Compare;
  ast::Op op_ = ast::Op::Eq;
  bool negate_ = false;
  bool propertyLeft_ = true;
  std::optional<NameRef> key_;
  std::vector<NameRef> labels_;
  std::optional<Value> constant_;               // the operand, when it is the same for the whole run
  const bound::Expr* operand_ = nullptr;          // else evaluated per check
  const bound::Expr* source_ = nullptr;           // the whole predicate, for the evaluator fallback
  mutable std::vector<std::uint32_t> equalNodes_;     // indexedEquals' answer ...
  mutable std::uint64_t equalNodesStamp_ = ~std::uint64_t{0};  // ... for this Graph::nodePropertyStamp()
  mutable bool equalNodesIndexed_ = false;
};

}  // namespace kgq
