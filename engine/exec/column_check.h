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

  // The nodes this check decides by a short list that a value index gives: it holds for exactly
  // `nodes` or, when `complement`, for every node but them. Nothing when the list is not at hand
  // (no index, a common value, a per-row operand, deletions, nodes lacking the key under `<>`).
  struct Listed {
    const std::vector<std::uint32_t>* nodes;
    bool complement;
  };
  std::optional<Listed> listedNodes(const Graph& g) const;

  // An operand that reads the row (`b.id <> a.id`) but not the element is the same for every element
  // checked against one row: evaluated here once, it serves like a constant until the next call.
  // Nothing is fixed when evaluating it throws (each check then raises the error where it would).
  void fixOperand(Row& row, ExecContext& ctx) const;

  // The test as data, when it compares a node's property in an all-integer column with an integer
  // fixed for the run or the row (fixOperand): a caller that decides many nodes then needs neither
  // a call nor a branch on the outcome per node. Answers as holds() would; the graph must have no
  // deletions and must not change while it is used.
  struct IntCompare {
    const std::uint64_t* present = nullptr;
    const std::uint64_t* words = nullptr;
    std::size_t size = 0;
    std::int64_t operand = 0;
    ast::Op op = ast::Op::Eq;  // as `stored op operand`
    bool negate = false;
    bool holds(std::uint32_t id) const {
      bool has = id < size && ((present[id >> 6] >> (id & 63)) & 1);
      std::int64_t x = has ? static_cast<std::int64_t>(words[id]) : 0;
      bool r;
      switch (op) {
        case ast::Op::Eq: r = x == operand; break;
        case ast::Op::Ne: r = x != operand; break;
        case ast::Op::Lt: r = x < operand; break;
        case ast::Op::Gt: r = x > operand; break;
        case ast::Op::Le: r = x <= operand; break;
        default: r = x >= operand; break;
      }
      return has & (r != negate);  // absent: null, which NOT leaves null
    }
  };
  std::optional<IntCompare> intCompare(const Graph& g) const;

 private:
  enum class Tri : std::uint8_t { False, True, Null };
  Tri decide(std::uint32_t id, bool node, Row& row, ExecContext& ctx) const;
  Tri compareStored(const Graph& g, std::uint32_t id, bool node, std::uint32_t key, const Value& operand) const;
  // The nodes whose `key` equals the constant string operand, when the key has a value
  // index: equality becomes a test of the node's id, which reads no stored string.
  const std::vector<std::uint32_t>* indexedEquals(const Graph& g, std::uint32_t key) const;
  // The operand when it needs no evaluation per check: the run's constant or the row's fixed value.
  const Value* fixedOperand() const { return constant_ ? &*constant_ : rowOperand_ ? &*rowOperand_ : nullptr; }

  plan::ColumnTest::Kind kind_ = plan::ColumnTest::Kind::Compare;
  ast::Op op_ = ast::Op::Eq;
  bool negate_ = false;
  bool propertyLeft_ = true;
  std::optional<NameRef> key_;
  std::vector<NameRef> labels_;
  std::optional<Value> constant_;               // the operand, when it is the same for the whole run
  const bound::Expr* operand_ = nullptr;          // else evaluated per check ...
  mutable std::optional<Value> rowOperand_;       // ... unless fixOperand fixed it for the current row
  const bound::Expr* source_ = nullptr;           // the whole predicate, for the evaluator fallback
  mutable std::vector<std::uint32_t> equalNodes_;     // indexedEquals' answer ...
  mutable std::uint64_t equalNodesStamp_ = ~std::uint64_t{0};  // ... for this Graph::nodePropertyStamp()
  mutable std::string equalNodesValue_;                          // ... and this (string) operand
  mutable bool equalNodesIndexed_ = false;
};

}  // namespace kgq
