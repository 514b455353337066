// Schema: the indexes and constraints declared on a graph (CREATE INDEX,
// CREATE CONSTRAINT, as Neo4j 5 spells them). Definitions name labels and keys
// by string, so that one may be declared before any node has them.
//
// What an index declaration does: every node property already has a hash index
// (built on first use, graph/property_index.h) that equality seeks read; a
// declared index builds it at once and is otherwise metadata (SHOW INDEXES says
// so in its indexProvider column). Constraints are checked by checkConstraints
// at the end of every statement, over the nodes the statement touched.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"
#include "graph/change.h"

namespace kgq {

class Graph;

struct SchemaDef {
  enum class Kind : std::uint8_t { RangeIndex, TextIndex, Unique, NotNull, NodeKey };
  Kind kind = Kind::RangeIndex;
  std::string name;
  std::string label;
  std::vector<std::string> keys;

  bool isIndex() const { return kind == Kind::RangeIndex || kind == Kind::TextIndex; }
  // Whether the constraint asks for distinct values (and so owns an index, as in Neo4j).
  bool isUniqueness() const { return kind == Kind::Unique || kind == Kind::NodeKey; }
  // The same kind on the same label and keys (names aside).
  bool sameSchema(const SchemaDef& o) const { return kind == o.kind && label == o.label && keys == o.keys; }
  // "RANGE", "TEXT", "UNIQUENESS", "NODE_PROPERTY_EXISTENCE", "NODE_KEY" (Neo4j's type column).
  const char* typeName() const;
  // The statement that creates it: "CREATE CONSTRAINT c FOR (n:L) REQUIRE n.k IS UNIQUE".
  std::string createStatement() const;
  // For the log and snapshots: [kind, name, label, [keys]].
  Value toValue() const;
  // Throws std::invalid_argument when `v` is not what toValue makes.
  static SchemaDef fromValue(const Value& v);
};

class Schema {
 public:
  const std::vector<SchemaDef>& defs() const { return defs_; }
  bool empty() const { return defs_.empty(); }
  // The position of the definition called `name`, or of one of the same schema.
  std::optional<std::size_t> findName(std::string_view name) const;
  std::optional<std::size_t> findSame(const SchemaDef& d) const;
  void insert(std::size_t at, SchemaDef d) { defs_.insert(defs_.begin() + static_cast<std::ptrdiff_t>(at), std::move(d)); }
  void erase(std::size_t at) { defs_.erase(defs_.begin() + static_cast<std::ptrdiff_t>(at)); }
  bool hasConstraints() const;

 private:
  std::vector<SchemaDef> defs_;  // in creation order
};

// Throws ConstraintError when a node that `changes` created or changed breaks a
// constraint of g's schema (the graph is then as the changes left it: the caller rolls back).
void checkConstraints(const Graph& g, std::span<const Change> changes);
// Throws ConstraintError naming the first node of def.label that breaks `def` (a new constraint over existing data).
void checkConstraint(const Graph& g, const SchemaDef& def);

}  // namespace kgq
