// Graph: the property graph of kgq.
//
// Storage: a node is a label-set id (LabelSets), a relationship a 12-byte
// (start, end, type) row; properties live in one ValueColumn per key, for
// nodes and for relationships apart, indexed by NodeId / RelId. The adjacency is a
// read-optimised Boost.Graph `compressed_sparse_row_graph<bidirectionalS>` (the
// snapshot) over the relationships that were alive at the last compaction, plus a
// small per-node delta for relationships created (or revived by an undo) since.
// Traversals see both through AdjCursor, inner loops through Adjacency
// (graph/adjacency.h). Bulk loads append to the tables and build the snapshot once
// (beginBulk / endBulk); later writes go to the delta, which compact() folds in.
//
// Deletion marks a tombstone: ids stay dense and are never reused (except that
// an undone creation gives its id back). A deleted node or relationship has no
// labels and no properties left (they are removed first, as journaled changes),
// so the label and property indexes never hold it; readers that walk ids
// (0..nodeCount()-1) skip it with nodeAlive()/relAlive(). A deleted relationship
// of the delta leaves its lists at once; one of the snapshot stays in the CSR
// until the next compaction, and while there is one AdjCursor checks each
// snapshot relationship and Adjacency falls back to AdjCursor. A graph without
// deletions (or compacted since) pays nothing per relationship.
//
// Journal: every mutation appends its Change records (graph/change.h) while
// journaling is on; rollbackTo(savepoint()) undoes them newest first, restoring
// the tables and every index exactly, and apply() redoes one (log replay).
//
// Invariants:
//  - node ids are 0..nodeCount()-1 and relationship ids 0..relCount()-1, dead or alive;
//  - the label, type, name and property indexes are always in step: mutate only through this class.
// Movable (O(1)), not copyable. Not thread-safe.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "common/value.h"
#include "graph/change.h"
#include "graph/column.h"
#include "graph/delta_lists.h"
#include "graph/interner.h"
#include "graph/label_sets.h"
#include "graph/meta.h"
#include "graph/name_index.h"
#include "graph/properties.h"
#include "graph/property_index.h"
#include "graph/schema.h"

namespace kgq {

using TypeId = std::uint32_t;

// What node(n) gives: the labels in the order given, no duplicates; valid until
// the next label change.
struct NodeData {
  std::span<const LabelId> labels;
};

// The bundled edge property of the snapshot: enough to traverse and filter by type.
struct EdgeData {
  RelId id = 0;
  TypeId type = 0;
};

struct RelData {
  NodeId start = 0;
  NodeId end = 0;
  TypeId type = 0;
};

using CsrGraph = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, EdgeData,
                                                    boost::no_property, std::uint32_t, std::uint32_t>;

// The snapshot adjacency as flat arrays: per node the start of its row on the out
// side (targets and edge data) and on the in side (sources, and each in-edge's
// position on the out side). What a snapshot file stores, so that reopening a
// database adopts the arrays instead of building them again.
template <typename Words, typename Edges>
struct CsrArraysOf {
  Words outStart, outTarget;
  Edges outEdge;
  Words inStart, inSource, inEdge;
};
using CsrArrays = CsrArraysOf<std::vector<std::uint32_t>, std::vector<EdgeData>>;
using CsrSpans = CsrArraysOf<std::span<const std::uint32_t>, std::span<const EdgeData>>;

enum class AdjDirection { Out, In, Both };

class Graph;

// Resumable iteration over a node's relationships (snapshot, then delta). With
// Both, a self-loop is reported once. Valid while the graph is not modified.
class AdjCursor {
 public:
  AdjCursor() = default;
  AdjCursor(const Graph& g, NodeId n, AdjDirection dir);
  bool next(AdjEntry& out);

 private:
  const CsrGraph* csr_ = nullptr;
  const std::vector<bool>* dead_ = nullptr;  // set only while the snapshot holds a deleted relationship
  NodeId self_ = 0;
  AdjDirection dir_ = AdjDirection::Out;
  int phase_ = 4;
  CsrGraph::out_edge_iterator outIt_, outEnd_;
  CsrGraph::in_edge_iterator inIt_, inEnd_;
  const AdjEntry* dOut_ = nullptr;
  const AdjEntry* dOutEnd_ = nullptr;
  const AdjEntry* dIn_ = nullptr;
  const AdjEntry* dInEnd_ = nullptr;
};

class Graph {
 public:
  Graph();
  Graph(Graph&&) noexcept;
  Graph& operator=(Graph&&) noexcept;
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
  // Grows whenever a label, type or key is interned (names are never removed):
  // what was bound against an equal stamp found the same names.
  std::size_t schemaStamp() const { return labels_.size() + types_.size() + keys_.size(); }

  // --- mutation -----------------------------------------------------------
  // Room for this many more nodes and relationships (bulk loads).
  void reserve(std::size_t moreNodes, std::size_t moreRels);
  // Room in one property column for this many more nodes (relationships).
  void reserveNodeProperty(KeyId key, std::size_t moreNodes) { nodeColumn(key).reserve(nodeCount() + moreNodes); }
  void reserveRelProperty(KeyId key, std::size_t moreRels) { relColumn(key).reserve(relCount() + moreRels); }
  // Between these, relationships skip the delta and nothing is journaled (a
  // load is not undone change by change); endBulk builds the snapshot.
  void beginBulk();
  void endBulk();
  NodeId addNode(std::vector<LabelId> labels, PropertyMap props);
  // A node with the labels of an interned set and no properties yet (bulk loads).
  NodeId addNode(LabelSetId labels);
  RelId addRel(NodeId from, NodeId to, TypeId type, PropertyMap props);
  // Sets a property; null removes it. Indexes follow.
  void setNodeProperty(NodeId n, KeyId key, Value value);
  void setRelProperty(RelId r, KeyId key, Value value);
  void addLabel(NodeId n, LabelId label);
  void removeLabel(NodeId n, LabelId label);
  // Removes the relationship's properties, then marks it dead.
  void deleteRel(RelId r);
  // Removes the node's labels and properties, then marks it dead. Precondition
  // (checked, std::logic_error): no live relationship touches it.
  void deleteNode(NodeId n);
  LabelSetId internLabels(std::span<const LabelId> labels) { return labelSets_.intern(labels); }
  // Builds the value index of a node property now rather than on first use.
  void indexNodeProperty(KeyId key) const;
  // Declared indexes and constraints (journaled: a rollback takes them back).
  // addSchema builds the value index of each key now; it does not check existing data (checkConstraint does).
  void addSchema(SchemaDef def);
  void dropSchema(std::size_t at);
  const Schema& schema() const { return schema_; }

  // --- journal ------------------------------------------------------------
  // A point to return to: the journal's length.
  std::size_t savepoint() const { return journal_.size(); }
  // Undoes every change made since `sp`, newest first; afterwards the graph reads
  // (and exports) exactly as it did at `sp`, indexes and adjacency included.
  void rollbackTo(std::size_t sp);
  std::span<const Change> changesSince(std::size_t sp) const {
    return std::span<const Change>(journal_).subspan(std::min(sp, journal_.size()));
  }
  // Forgets the journal (after a commit, when no transaction can roll back).
  void clearJournal() {
    journal_.clear();
    compactedAt_ = 0;
  }
  // Redoes one change, as recorded: replaying a journal (or a log) in order onto
  // the graph it started from reproduces the same ids. Journals it like any write.
  void apply(const Change& c);
  // Bulk loads turn journaling off: nothing to undo, no memory spent.
  void setJournaling(bool on) { journaling_ = on; }
  bool journaling() const { return journaling_; }

  // Folds the delta into the snapshot (and deleted relationships out of it) when
  // they have grown large enough to slow traversals.
  void maybeCompact();
  void compact();

  // --- access -------------------------------------------------------------
  // Id bounds (dead ids included): loops over ids skip !nodeAlive / !relAlive.
  std::size_t nodeCount() const { return nodeLabels_.size(); }
  std::size_t relCount() const { return rels_.size(); }
  bool nodeAlive(NodeId n) const { return n < nodeLabels_.size() && (n >= nodeDead_.size() || !nodeDead_[n]); }
  bool relAlive(RelId r) const { return r < rels_.size() && (r >= relDead_.size() || !relDead_[r]); }
  std::size_t liveNodeCount() const { return nodeLabels_.size() - deadNodes_; }
  std::size_t liveRelCount() const { return rels_.size() - deadRels_; }
  bool hasDeletions() const { return deadNodes_ + deadRels_ > 0; }
  // Whether the snapshot alone is the whole adjacency (no delta, no deleted
  // relationship in it): then Adjacency walks its arrays directly.
  bool snapshotIsExact() const { return deltaRels_ == 0 && csrDead_ == 0; }
  NodeData node(NodeId n) const { return {labelSets_.labels(nodeLabels_[n])}; }
  const RelData& rel(RelId r) const { return rels_[r]; }
  NodeId relStart(RelId r) const { return rels_[r].start; }
  NodeId relEnd(RelId r) const { return rels_[r].end; }
  std::span<const LabelId> nodeLabels(NodeId n) const { return labelSets_.labels(nodeLabels_[n]); }
  bool hasLabel(NodeId n, LabelId label) const { return labelSets_.has(nodeLabels_[n], label); }

  // A property's value; null when absent (a stored value is never null).
  Value nodeValue(NodeId n, KeyId key) const { return key < nodeCols_.size() ? nodeCols_[key].get(n) : Value(); }
  Value relValue(RelId r, KeyId key) const { return key < relCols_.size() ? relCols_[key].get(r) : Value(); }
  Value nodeValue(NodeId n, std::string_view key) const;
  Value relValue(RelId r, std::string_view key) const;
  bool hasNodeProperty(NodeId n, KeyId key) const { return key < nodeCols_.size() && nodeCols_[key].has(n); }
  bool hasRelProperty(RelId r, KeyId key) const { return key < relCols_.size() && relCols_[key].has(r); }
  // Whether the property is present and Value-equal to `v`, without building a Value.
  bool nodePropertyIs(NodeId n, KeyId key, const Value& v) const;
  bool relPropertyIs(RelId r, KeyId key, const Value& v) const;
  // Whether every stored value of the node key is a string (its column is typed as strings).
  bool nodeKeyHoldsStrings(KeyId key) const {
    return key < nodeCols_.size() && nodeCols_[key].kind() == ValueColumn::Kind::String;
  }
  // How many nodes (relationships) have the property.
  std::size_t nodeKeyCount(KeyId key) const { return key < nodeCols_.size() ? nodeCols_[key].count() : 0; }
  std::size_t relKeyCount(KeyId key) const { return key < relCols_.size() ? relCols_[key].count() : 0; }
  // All properties of an element, in key-id order.
  PropertyMap nodeProperties(NodeId n) const;
  PropertyMap relProperties(RelId r) const;

  AdjCursor adjacency(NodeId n, AdjDirection dir) const { return AdjCursor(*this, n, dir); }
  std::size_t outDegree(NodeId n) const;
  std::size_t inDegree(NodeId n) const;
  const CsrGraph& snapshot() const { return *csr_; }
  // A relationship property as numbers in the order Adjacency walks the snapshot (the
  // slot that its edge.slot() gives: the out-side arrays, then the in-side ones), so that
  // a search reads them beside the adjacency instead of jumping through the property
  // column by relationship id: NaN where a relationship lacks the property or holds
  // something other than a number. Only while snapshotIsExact(); built on first use per
  // key and kept until a relationship property of that key changes, the snapshot is
  // rebuilt or a rollback runs.
  std::span<const double> relNumbersInAdjacencyOrder(KeyId key) const;

  // --- whole tables (snapshot files) -----------------------------------------
  // Every node's label-set id and every relationship row, dead ids included.
  std::span<const LabelSetId> nodeLabelSets() const { return nodeLabels_; }
  std::span<const RelData> relRows() const { return rels_; }
  const LabelSets& labelSets() const { return labelSets_; }
  // The snapshot's arrays when they are the whole adjacency (snapshotIsExact()).
  std::optional<CsrSpans> exactSnapshotArrays() const;
  // Gives a graph without nodes or relationships (its names, label sets and meta
  // may be set) its nodes and relationships whole: the label-set id of each node,
  // the row of each relationship, the dead ids (ascending; a dead node has no
  // labels) and, when given, the snapshot arrays over exactly the live
  // relationships (else they are built). Checks that everything is in range and
  // agrees, so that no later read goes out of bounds: std::invalid_argument if not,
  // and then the graph is left as it was.
  void restore(std::vector<LabelSetId> nodeLabels, std::vector<RelData> rels, std::span<const NodeId> deadNodes,
               std::span<const RelId> deadRels, std::optional<CsrArrays> csr);
  // A key's property column, for writing it whole; null when no element ever had the key.
  const ValueColumn* propertyColumn(bool ofNodes, KeyId key) const {
    const auto& cols = ofNodes ? nodeCols_ : relCols_;
    return key < cols.size() ? &cols[key] : nullptr;
  }
  // Adopts a whole property column after restore (the key's column must be empty):
  // std::invalid_argument when it is longer than the nodes (relationships) or gives a
  // dead one a value.
  void restoreColumn(bool ofNodes, KeyId key, ValueColumn column);

  // --- indexes ------------------------------------------------------------
  // Live elements, ascending. Removals purge lazily here (a sorted erase per
  // removal would make deleting a label's nodes quadratic).
  const std::vector<NodeId>& nodesWithLabel(LabelId label) const;
  const std::vector<RelId>& relsWithType(TypeId type) const;

  // What the graph's keys and types mean (see graph/meta.h); the name index
  // follows the display and alias keys, so setting it re-indexes every node.
  const GraphMeta& meta() const { return meta_; }
  void setMeta(GraphMeta meta);
  // meta().verbFor(the type's name), worked out once per type (every answer in words reads it).
  const GraphMeta::Verb& verbOf(TypeId type) const;

  // Nodes whose display name or one of whose aliases equals `text`, ignoring ASCII case.
  std::vector<NodeId> findByName(std::string_view text) const;
  // The whole name index: folded name/alias -> nodes (hashed; sorted view for prefix search).
  const NameIndex& nameIndex() const;
  // That index for the nodes as they are now, built apart from the graph: it only reads the
  // name and alias columns, so a loader may build it on another thread while it adds
  // relationships, and adopt it when no node has changed since.
  NameIndex buildNameIndex() const;
  void adoptNameIndex(NameIndex names);
  static std::string foldCase(std::string_view s);

  // The display and alias keys of the meta; kNoKey when it declares none (no node has it).
  static constexpr KeyId kNoKey = ~KeyId{0};
  KeyId nameKey() const { return nameKey_; }
  KeyId aliasesKey() const { return aliasesKey_; }

  // Nodes whose property `key` equals `v` (Value equality), ascending, through a
  // hash index built on first use (or by indexNodeProperty) and kept up to date
  // by writes. Valid until the next write.
  std::span<const NodeId> nodesWithProperty(KeyId key, const Value& v) const;
  // Whether `key` has a value index now (nodesWithProperty answers without building one).
  bool nodePropertyIndexed(KeyId key) const { return propertyIndex(key) != nullptr; }
  // Changes whenever a node property may have changed (a set, a removal, a rollback), so
  // that a reader can keep what nodesWithProperty returned while it stays the same.
  std::uint64_t nodePropertyStamp() const { return nodePropertyStamp_; }
  // Differs after any change to the graph (data, schema, snapshot, columns, meta) and between two
  // graphs: what was built against an equal stamp (a physical plan kept for the next run) still
  // reads the graph right.
  struct ChangeStamp {
    std::uint64_t graph = 0, changes = 0;
    bool operator==(const ChangeStamp&) const = default;
  };
  ChangeStamp changeStamp() const { return {instance_, changes_}; }

 private:
  friend class AdjCursor;
  struct LiveRel;
  struct RelEnds;
  struct RelEdgeData;
  void changed() { ++changes_; }
  void record(Change c) {
    changed();
    if (journaling_) journal_.push_back(std::move(c));
  }
  void undo(const Change& c);
  bool inSnapshot(RelId r) const {
    return r < snapshotRels_ && (r >= relFolded_.size() || !relFolded_[r]);
  }
  void linkDelta(RelId r);
  void unlinkDelta(RelId r);
  static void indexNames(NameIndex& names, NodeId n, const Value& v);
  void unindexNames(NodeId n, const Value& v);
  ValueColumn& nodeColumn(KeyId key);
  ValueColumn& relColumn(KeyId key);
  PropertyIndex* propertyIndex(KeyId key) const {
    return key < propertyIndexes_.size() ? propertyIndexes_[key].get() : nullptr;
  }

  std::vector<LabelSetId> nodeLabels_;
  LabelSets labelSets_;
  std::vector<RelData> rels_;
  std::vector<ValueColumn> nodeCols_, relCols_;  // by KeyId
  std::unique_ptr<CsrGraph> csr_;
  std::size_t snapshotRels_ = 0;
  DeltaLists deltaOut_, deltaIn_;
  bool bulk_ = false;
  StringInterner labels_, types_, keys_;
  // Tombstones, as long as the highest dead id (empty in a graph without deletions).
  std::vector<bool> nodeDead_, relDead_;
  std::size_t deadNodes_ = 0, deadRels_ = 0;
  // Relationships below snapshotRels_ that the snapshot does not hold (dead at the
  // last compaction); an undo that revives one puts it in the delta.
  std::vector<bool> relFolded_;
  std::size_t csrDead_ = 0;    // dead relationships still in the snapshot
  std::size_t deltaRels_ = 0;  // relationships in the delta
  std::vector<Change> journal_;
  std::size_t compactedAt_ = 0;  // the journal's length at the last compaction
  bool journaling_ = true;
  bool journalingBeforeBulk_ = true;
  // LabelId -> nodes, TypeId -> rels, ascending; a list marked stale may still
  // hold elements that lost the label (died), purged on the next read.
  mutable std::vector<std::vector<NodeId>> byLabel_;
  mutable std::vector<std::vector<RelId>> byType_;
  mutable std::vector<bool> staleLabel_, staleType_;
  // Built on first use (a load or reopen need not pay for it), then kept in step by writes.
  mutable NameIndex names_;
  mutable bool namesBuilt_ = false;
  mutable std::vector<std::optional<GraphMeta::Verb>> verbs_;  // by TypeId; emptied by setMeta
  GraphMeta meta_;
  KeyId nameKey_ = 0, aliasesKey_ = 0;
  mutable std::vector<std::unique_ptr<PropertyIndex>> propertyIndexes_;  // by KeyId
  std::uint64_t nodePropertyStamp_ = 0;
  std::uint64_t instance_;
  std::uint64_t changes_ = 0;
  mutable std::vector<std::vector<double>> relNumbers_;  // by KeyId; empty: not built
  Schema schema_;
};

// The name a person reads: the display key's value, else the first label and the id.
std::string displayName(const Graph& g, NodeId n);

}  // namespace kgq
