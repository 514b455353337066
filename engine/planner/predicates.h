// What the planner knows of a predicate: the slots it reads, whether it may be
// moved, and whether it is a shape an index or a scan can use.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.h"
#include "binder/bound_expr.h"

namespace kgq::plan {

// The row slots `e` reads, sorted and unique (variables local to a list
// comprehension or quantifier are not reads). `opaque` is set when `e` holds a
// pattern predicate, comprehension or quantifier, which cannot be renamed.
std::vector<int> readSlots(const bound::Expr& e, bool* opaque = nullptr);

// The AND-ed parts of `e` (e itself when it is not an AND), leaving out each part
// that is the literal true: true is AND's identity in three-valued logic too
// (x AND true is x for null and false alike). Returns whether one was left out.
bool splitConjuncts(const bound::Expr& e, std::vector<const bound::Expr*>& out);

bool subsetOf(const std::vector<int>& slots, const std::vector<int>& sortedSet);

// One conjunct of a MATCH's condition, classified.
struct Conjunct {
  enum class Kind { Generic, PropEq, PropIn, Label, RelType };
  Kind kind = Kind::Generic;
  const bound::Expr* expr = nullptr;  // the whole conjunct (null for one made from an inline property)
  std::vector<int> reads;
  // PropEq / PropIn / Label: node `slot`'s property `key` equals (is in) `value`, or has `labels`.
  // RelType: relationship `slot`'s type equals `value` (is in it, `in`).
  // A PropEq between two nodes' properties (`a.k = b.k`) can be seen from either side: `alt`.
  struct Side {
    int slot = -1;
    ast::SchemaName key;
    const bound::Expr* value = nullptr;
    std::vector<int> valueReads;
  };
  Side side;
  std::vector<Side> alt;
  std::vector<ast::SchemaName> labels;
  // Generic `n:A|B|...` (a label expression of plain alternatives) on node `side.slot`: a union of
  // label scans can bind the node and settle the conjunct.
  std::vector<ast::SchemaName> unionLabels;
  bool in = false;
  bool fromWhere = false;  // written in WHERE (or moved there), not inline
  bool placed = false;
};

// Classifies `e`, a conjunct of a MATCH whose node slots and single
// relationship slots are `nodeSlots` and `relSlots` (sorted).
Conjunct classify(const bound::Expr& e, const std::vector<int>& nodeSlots, const std::vector<int>& relSlots);

}  // namespace kgq::plan
