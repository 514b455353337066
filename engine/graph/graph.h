// Graph: the property graph of kgq, held in a Boost.Graph adjacency_list with
// bundled node and relationship data.
//
// Invariants:
//  - node ids are Boost vertex indices (0..nodeCount()-1); nodes are never removed;
//  - relationship ids are dense (0..relCount()-1) and index `rels_`;
//  - label, relationship-type and property-key names are interned;
//  - the label, type and name indexes are always in step with the data: mutate
//    only through this class.
// A Graph is movable but not copyable (it may hold millions of elements); a load
// builds a new Graph and moves it in only when it succeeded. Not thread-safe.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"
#include "graph/interner.h"
#include "graph/properties.h"

namespace kgq {

using LabelId = std::uint32_t;
using TypeId = std::uint32_t;

struct NodeData {
  std::vector<LabelId> labels;  // in the order given, no duplicates
  PropertyMap props;
};

// What the Boost graph keeps on each edge: enough to traverse and filter by type.
struct EdgeData {
  RelId id = 0;
  TypeId type = 0;
};

// A relationship's full record, indexed by RelId. Kept outside the Boost graph so
// that relationship access never depends on edge descriptors (which a copy or
// move of the adjacency list would invalidate).
struct RelData {
  NodeId start = 0;
  NodeId end = 0;
  TypeId type = 0;
  PropertyMap props;
};

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, NodeData, EdgeData>;
using EdgeDesc = BoostGraph::edge_descriptor;

class Graph {
 public:
  Graph();
  // Boost 1.74's adjacency_list has no move constructor, so it lives behind a
  // pointer: moving a Graph (a finished load into the session) is O(1).
  Graph(Graph&&) noexcept = default;
  Graph& operator=(Graph&&) noexcept = default;
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // --- names --------------------------------------------------------------
  StringInterner& labels() { return labels_; }
  StringInterner& types() { return types_; }
  StringInterner& keys() { return keys_; }
  const StringInterner& labels() const { return labels_; }
  const StringInterner& types() const { return types_; }
  const StringInterner& keys() const { return keys_; }

  // --- mutation -----------------------------------------------------------
  NodeId addNode(std::vector<LabelId> labels, PropertyMap props);
  RelId addRel(NodeId from, NodeId to, TypeId type, PropertyMap props);
  void setNodeProperty(NodeId n, KeyId key, Value value);
  void setRelProperty(RelId r, KeyId key, Value value);
  void addLabel(NodeId n, LabelId label);

  // A point to return to: a failed statement rolls back what it appended.
  struct Mark {
    std::size_t nodes = 0;
    std::size_t rels = 0;
  };
  Mark mark() const { return {nodeCount(), relCount()}; }
  // Removes every node and relationship added since `m` (property and label
  // changes to older elements are not undone: kgq has no SET/REMOVE yet).
  void rollback(Mark m);

  // --- access -------------------------------------------------------------
  std::size_t nodeCount() const { return boost::num_vertices(*g_); }
  std::size_t relCount() const { return rels_.size(); }
  const NodeData& node(NodeId n) const { return (*g_)[n]; }
  const RelData& rel(RelId r) const { return rels_[r]; }
  NodeId relStart(RelId r) const { return rels_[r].start; }
  NodeId relEnd(RelId r) const { return rels_[r].end; }
  bool hasLabel(NodeId n, LabelId label) const;
  const Value* nodeProperty(NodeId n, KeyId key) const { return findProperty((*g_)[n].props, key); }
  const Value* relProperty(RelId r, KeyId key) const { return findProperty(rel(r).props, key); }
  // Property by name; nullptr when the key was never interned or is absent.
  const Value* nodeProperty(NodeId n, std::string_view key) const;
  const Value* relProperty(RelId r, std::string_view key) const;

  const BoostGraph& boost() const { return *g_; }

  // --- indexes ------------------------------------------------------------
  const std::vector<NodeId>& nodesWithLabel(LabelId label) const;
  const std::vector<RelId>& relsWithType(TypeId type) const;

  // Nodes whose `name` or one of whose `aliases` equals `text`, ignoring ASCII case.
  std::vector<NodeId> findByName(std::string_view text) const;
  // The whole name index: folded name/alias -> nodes, ordered (for prefix search).
  const std::multimap<std::string, NodeId, std::less<>>& nameIndex() const { return names_; }
  static std::string foldCase(std::string_view s);

  KeyId nameKey() const { return nameKey_; }
  KeyId aliasesKey() const { return aliasesKey_; }

 private:
  void indexNames(NodeId n, const Value& v);
  void unindexNames(NodeId n, const Value& v);

  std::unique_ptr<BoostGraph> g_;
  std::vector<RelData> rels_;
  StringInterner labels_, types_, keys_;
  std::vector<std::vector<NodeId>> byLabel_;  // LabelId -> nodes, ascending
  std::vector<std::vector<RelId>> byType_;    // TypeId -> rels, ascending
  std::multimap<std::string, NodeId, std::less<>> names_;
  KeyId nameKey_ = 0, aliasesKey_ = 0;
};

}  // namespace kgq
