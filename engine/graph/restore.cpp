// Graph's whole-table access for snapshot files: what a reopen adopts instead of
// appending element by element and building the adjacency again.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "graph/graph.h"

namespace kgq {

namespace {
[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

// Row starts for `nodes` rows over `edges` entries: first 0, never falling, last `edges`.
void checkRowStarts(std::span<const std::uint32_t> starts, std::size_t nodes, std::size_t edges, const char* side) {
  if (starts.size() != nodes + 1 || starts.front() != 0 || starts.back() != edges)
    bad(std::string("adjacency: ") + side + " row starts do not fit the graph");
  for (std::size_t i = 0; i < nodes; ++i)
    if (starts[i] > starts[i + 1]) bad(std::string("adjacency: ") + side + " row starts fall");
}
}  // namespace

std::optional<CsrSpans> Graph::exactSnapshotArrays() const {
  if (!snapshotIsExact()) return std::nullopt;
  const auto& out = csr_->m_forward;
  const auto& in = csr_->m_backward;
  return CsrSpans{out.m_rowstart, out.m_column, out.m_edge_properties, in.m_rowstart, in.m_column,
                  in.m_edge_properties};
}

void Graph::restore(std::vector<LabelSetId> nodeLabels, std::vector<RelData> rels, std::span<const NodeId> deadNodes,
                    std::span<const RelId> deadRels, std::optional<CsrArrays> csr) {
  changed();
  if (!nodeLabels_.empty() || !rels_.empty()) bad("restore: the graph already has nodes or relationships");
  const std::size_t nodes = nodeLabels.size(), relCount = rels.size();
  for (LabelSetId s : nodeLabels)
    if (s >= labelSets_.size()) bad("a node's label set is out of range");
  for (const RelData& r : rels)
    if (r.start >= nodes || r.end >= nodes || r.type >= types_.size()) bad("a relationship refers past the graph");

  auto tombstones = [](std::span<const std::uint32_t> dead, std::size_t bound, const char* what) {
    std::vector<bool> marks(dead.empty() ? 0 : bound);
    for (std::size_t i = 0; i < dead.size(); ++i) {
      if (dead[i] >= bound || (i > 0 && dead[i] <= dead[i - 1])) bad(std::string("deleted ") + what + " out of range");
      marks[dead[i]] = true;
    }
    return marks;
  };
  std::vector<bool> nodeDead = tombstones(deadNodes, nodes, "node"), relDead = tombstones(deadRels, relCount, "id");
  auto nodeAliveIn = [&](NodeId n) { return nodeDead.empty() || !nodeDead[n]; };
  auto relAliveIn = [&](RelId r) { return relDead.empty() || !relDead[r]; };
  for (NodeId n : deadNodes)
    if (nodeLabels[n] != LabelSets::kEmpty) bad("a deleted node has labels");
  for (RelId r = 0; r < relCount; ++r)
    if (relAliveIn(r) && (!nodeAliveIn(rels[r].start) || !nodeAliveIn(rels[r].end)))
      bad("a deleted node still has relationships");

  if (csr) {
    // Every index in the arrays must be in range, and each live relationship appear
    // once on each side. Whether each edge also agrees with its relationship's row is
    // left to the file's checksums: checking it costs a random read per edge, a
    // sixth of a reopen, and a disagreement could give wrong answers but never
    // read out of bounds.
    const std::size_t edges = relCount - deadRels.size();
    checkRowStarts(csr->outStart, nodes, edges, "out");
    checkRowStarts(csr->inStart, nodes, edges, "in");
    if (csr->outTarget.size() != edges || csr->outEdge.size() != edges || csr->inSource.size() != edges ||
        csr->inEdge.size() != edges)
      bad("adjacency: arrays do not hold the live relationships");
    std::vector<bool> seen(relCount), seenIn(edges);
    for (std::size_t i = 0; i < edges; ++i) {  // the row starts cover exactly [0, edges)
      const EdgeData& e = csr->outEdge[i];
      if (e.id >= relCount || !relAliveIn(e.id) || seen[e.id]) bad("adjacency: an edge is not a live relationship");
      seen[e.id] = true;
      if (csr->outTarget[i] >= nodes || e.type >= types_.size()) bad("adjacency: an edge refers past the graph");
      std::uint32_t at = csr->inEdge[i];
      if (at >= edges || seenIn[at]) bad("adjacency: an in-edge is not an out-edge");
      seenIn[at] = true;
      if (csr->inSource[i] >= nodes) bad("adjacency: an in-edge refers past the graph");
    }
  }

  // Checked: from here on nothing throws but allocation.
  nodeLabels_ = std::move(nodeLabels);
  rels_ = std::move(rels);
  nodeDead_ = std::move(nodeDead);
  relDead_ = std::move(relDead);
  deadNodes_ = deadNodes.size();
  deadRels_ = deadRels.size();
  byLabel_.assign(labels_.size(), {});
  for (NodeId n = 0; n < nodes; ++n)
    for (LabelId l : labelSets_.labels(nodeLabels_[n])) byLabel_[l].push_back(n);
  std::vector<std::size_t> perType(types_.size());
  for (RelId r = 0; r < relCount; ++r)
    if (relAlive(r)) ++perType[rels_[r].type];
  byType_.assign(types_.size(), {});
  for (TypeId t = 0; t < types_.size(); ++t) byType_[t].reserve(perType[t]);
  for (RelId r = 0; r < relCount; ++r)
    if (relAlive(r)) byType_[rels_[r].type].push_back(r);
  if (!csr) {
    compact();
    return;
  }
  auto fresh = std::make_unique<CsrGraph>();
  fresh->m_forward.m_rowstart = std::move(csr->outStart);
  fresh->m_forward.m_column = std::move(csr->outTarget);
  fresh->m_forward.m_edge_properties = std::move(csr->outEdge);
  fresh->m_backward.m_rowstart = std::move(csr->inStart);
  fresh->m_backward.m_column = std::move(csr->inSource);
  fresh->m_backward.m_edge_properties = std::move(csr->inEdge);
  csr_ = std::move(fresh);
  snapshotRels_ = rels_.size();
  relFolded_ = relDead_;
  csrDead_ = 0;
  deltaRels_ = 0;
  compactedAt_ = journal_.size();
  relNumbers_.clear();
}

void Graph::restoreColumn(bool ofNodes, KeyId key, ValueColumn column) {
  changed();
  if (key >= keys_.size()) bad("property key out of range");
  ValueColumn::PartsView parts = column.parts();
  std::size_t elements = ofNodes ? nodeCount() : relCount();
  if (parts.size > elements) bad("a property column is longer than its elements");
  const std::vector<bool>& dead = ofNodes ? nodeDead_ : relDead_;
  for (std::size_t i = 0; i < std::min(parts.size, dead.size()); ++i)
    if (dead[i] && column.has(i)) bad("a deleted element has a property");
  ValueColumn& slot = ofNodes ? nodeColumn(key) : relColumn(key);
  if (slot.count() != 0) bad("a property column is given twice");
  slot = std::move(column);
  if (ofNodes) {
    ++nodePropertyStamp_;
    if (auto* index = propertyIndex(key)) index->build(slot, nodeCount());
    if (key == nameKey_ || key == aliasesKey_) {
      names_ = NameIndex();
      namesBuilt_ = false;
    }
  } else if (key < relNumbers_.size()) {
    relNumbers_[key] = {};
  }
}

}  // namespace kgq
