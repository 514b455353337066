#include "graph/graph.h"

#include <algorithm>
#include <boost/iterator/transform_iterator.hpp>

#include "common/strings.h"

namespace kgq {

namespace {
const std::vector<std::uint32_t> kNone;
const std::vector<AdjEntry> kNoEntries;

const std::vector<AdjEntry>& deltaOf(const std::unordered_map<NodeId, std::vector<AdjEntry>>& m, NodeId n) {
  auto it = m.find(n);
  return it == m.end() ? kNoEntries : it->second;
}
}  // namespace

// ---- AdjCursor ----------------------------------------------------------------------

AdjCursor::AdjCursor(const Graph& g, NodeId n, AdjDirection dir) : csr_(g.csr_.get()), self_(n), dir_(dir), phase_(0) {
  if (n < boost::num_vertices(*csr_)) {
    std::tie(outIt_, outEnd_) = boost::out_edges(n, *csr_);
    std::tie(inIt_, inEnd_) = boost::in_edges(n, *csr_);
  } else {
    outIt_ = outEnd_ = CsrGraph::out_edge_iterator();
    inIt_ = inEnd_ = CsrGraph::in_edge_iterator();
  }
  if (!g.deltaOut_.empty() || !g.deltaIn_.empty()) {
    const auto& o = deltaOf(g.deltaOut_, n);
    const auto& i = deltaOf(g.deltaIn_, n);
    dOut_ = o.data(), dOutEnd_ = o.data() + o.size();
    dIn_ = i.data(), dInEnd_ = i.data() + i.size();
  }
  if (dir == AdjDirection::In) phase_ = 2;
}

bool AdjCursor::next(AdjEntry& out) {
  while (true) {
    switch (phase_) {
      case 0:
        if (outIt_ != outEnd_) {
          auto e = *outIt_++;
          const EdgeData& d = (*csr_)[e];
          out = AdjEntry{d.id, static_cast<NodeId>(boost::target(e, *csr_)), d.type};
          return true;
        }
        phase_ = 1;
        break;
      case 1:
        if (dOut_ != dOutEnd_) {
          out = *dOut_++;
          return true;
        }
        phase_ = dir_ == AdjDirection::Both ? 2 : 4;
        break;
      case 2:
        if (inIt_ != inEnd_) {
          auto e = *inIt_++;
          auto src = static_cast<NodeId>(boost::source(e, *csr_));
          if (dir_ == AdjDirection::Both && src == self_) continue;  // the self-loop was seen going out
          const EdgeData& d = (*csr_)[e];
          out = AdjEntry{d.id, src, d.type};
          return true;
        }
        phase_ = 3;
        break;
      case 3:
        if (dIn_ != dInEnd_) {
          out = *dIn_++;
          if (dir_ == AdjDirection::Both && out.other == self_) continue;
          return true;
        }
        phase_ = 4;
        break;
      default:
        return false;
    }
  }
}

// ---- Graph ------------------------------------------------------------------------------

Graph::Graph() : csr_(std::make_unique<CsrGraph>()) { setMeta(GraphMeta{}); }

void Graph::setMeta(GraphMeta meta) {
  meta_ = std::move(meta);
  auto keyOf = [&](const std::string& name) { return name.empty() ? kNoKey : keys_.intern(name); };
  nameKey_ = keyOf(meta_.displayKey);
  aliasesKey_ = keyOf(meta_.aliasKey);
  names_ = NameIndex();
  for (auto n = NodeId{0}; n < nodeCount(); ++n)
    for (KeyId key : {nameKey_, aliasesKey_})
      if (hasNodeProperty(n, key)) indexNames(n, nodeValue(n, key));
}

Graph::Graph(Graph&&) noexcept = default;
Graph& Graph::operator=(Graph&&) noexcept = default;
Graph::~Graph() = default;

std::string Graph::foldCase(std::string_view s) { return toLowerAscii(s); }

void Graph::reserve(std::size_t moreNodes, std::size_t moreRels) {
  nodeLabels_.reserve(nodeCount() + moreNodes);
  rels_.reserve(relCount() + moreRels);
}

void Graph::endBulk() {
  bulk_ = false;
  compact();
}

void Graph::compact() {
  auto edgeOf = [](const RelData& r) { return std::make_pair(r.start, r.end); };
  std::vector<EdgeData> props(rels_.size());
  for (std::size_t i = 0; i < rels_.size(); ++i) props[i] = EdgeData{static_cast<RelId>(i), rels_[i].type};
  auto first = boost::make_transform_iterator(rels_.cbegin(), edgeOf);
  auto last = boost::make_transform_iterator(rels_.cend(), edgeOf);
  csr_ = std::make_unique<CsrGraph>(boost::edges_are_unsorted_multi_pass, first, last, props.begin(),
                                    static_cast<std::uint32_t>(nodeCount()));
  snapshotRels_ = rels_.size();
  deltaOut_.clear();
  deltaIn_.clear();
}

void Graph::maybeCompact() {
  std::size_t delta = rels_.size() - snapshotRels_;
  if (delta > std::max<std::size_t>(4096, snapshotRels_ / 8)) compact();
}

ValueColumn& Graph::nodeColumn(KeyId key) {
  if (nodeCols_.size() <= key) nodeCols_.resize(key + 1);
  return nodeCols_[key];
}

ValueColumn& Graph::relColumn(KeyId key) {
  if (relCols_.size() <= key) relCols_.resize(key + 1);
  return relCols_[key];
}

NodeId Graph::addNode(LabelSetId labels) {
  auto n = static_cast<NodeId>(nodeLabels_.size());
  nodeLabels_.push_back(labels);
  for (auto l : labelSets_.labels(labels)) {
    if (byLabel_.size() <= l) byLabel_.resize(l + 1);
    byLabel_[l].push_back(n);
  }
  return n;
}

NodeId Graph::addNode(std::vector<LabelId> labels, PropertyMap props) {
  NodeId n = addNode(labelSets_.intern(labels));
  for (auto& [key, value] : props) setNodeProperty(n, key, std::move(value));
  return n;
}

RelId Graph::addRel(NodeId from, NodeId to, TypeId type, PropertyMap props) {
  auto id = static_cast<RelId>(rels_.size());
  rels_.push_back(RelData{from, to, type});
  for (auto& [key, value] : props) relColumn(key).set(id, std::move(value));
  if (byType_.size() <= type) byType_.resize(type + 1);
  byType_[type].push_back(id);
  if (!bulk_) {
    deltaOut_[from].push_back(AdjEntry{id, to, type});
    deltaIn_[to].push_back(AdjEntry{id, from, type});
  }
  return id;
}

void Graph::setNodeProperty(NodeId n, KeyId key, Value value) {
  ValueColumn& col = nodeColumn(key);
  if (value.isNull() && !col.has(n)) return;
  bool named = key == nameKey_ || key == aliasesKey_;
  PropertyIndex* index = propertyIndex(key);
  if (col.has(n)) {
    if (named) unindexNames(n, col.get(n));
    if (index) index->erase(col, n);
  }
  if (named && !value.isNull()) indexNames(n, value);  // before the move: no copy read back
  col.set(n, std::move(value));
  if (index && col.has(n)) index->insert(col, n);
}

void Graph::setRelProperty(RelId r, KeyId key, Value value) {
  if (value.isNull() && !hasRelProperty(r, key)) return;
  relColumn(key).set(r, std::move(value));
}

void Graph::addLabel(NodeId n, LabelId label) {
  if (hasLabel(n, label)) return;
  nodeLabels_[n] = labelSets_.with(nodeLabels_[n], label);
  if (byLabel_.size() <= label) byLabel_.resize(label + 1);
  auto& list = byLabel_[label];
  list.insert(std::upper_bound(list.begin(), list.end(), n), n);
}

void Graph::indexNodeProperty(KeyId key) const {
  if (propertyIndexes_.size() <= key) propertyIndexes_.resize(key + 1);
  auto& index = propertyIndexes_[key];
  if (!index) index = std::make_unique<PropertyIndex>();
  if (key < nodeCols_.size()) index->build(nodeCols_[key], nodeCount());
}

void Graph::rollback(Mark m) {
  while (rels_.size() > m.rels && rels_.size() > snapshotRels_) {
    auto id = static_cast<RelId>(rels_.size() - 1);
    const RelData& r = rels_.back();
    auto& list = byType_[r.type];
    if (!list.empty() && list.back() == id) list.pop_back();
    // The newest relationship is last in both of its delta lists.
    for (auto* delta : {&deltaOut_, &deltaIn_}) {
      NodeId n = delta == &deltaOut_ ? r.start : r.end;
      auto it = delta->find(n);
      if (it != delta->end() && !it->second.empty() && it->second.back().rel == id) {
        it->second.pop_back();
        if (it->second.empty()) delta->erase(it);
      }
    }
    rels_.pop_back();
  }
  for (auto& col : relCols_) col.truncate(rels_.size());
  if (nodeCount() <= m.nodes) return;
  for (KeyId key = 0; key < propertyIndexes_.size(); ++key) {
    if (!propertyIndexes_[key] || key >= nodeCols_.size()) continue;
    for (auto n = static_cast<NodeId>(m.nodes); n < nodeCount(); ++n)
      if (nodeCols_[key].has(n)) propertyIndexes_[key]->erase(nodeCols_[key], n);
  }
  while (nodeCount() > m.nodes) {
    auto n = static_cast<NodeId>(nodeCount() - 1);
    if (hasNodeProperty(n, nameKey_)) unindexNames(n, nodeValue(n, nameKey_));
    if (hasNodeProperty(n, aliasesKey_)) unindexNames(n, nodeValue(n, aliasesKey_));
    for (auto l : nodeLabels(n)) {
      auto& list = byLabel_[l];
      list.erase(std::remove(list.begin(), list.end(), n), list.end());
    }
    nodeLabels_.pop_back();
  }
  for (auto& col : nodeCols_) col.truncate(m.nodes);
}

Value Graph::nodeValue(NodeId n, std::string_view key) const {
  auto k = keys_.find(key);
  return k ? nodeValue(n, *k) : Value();
}

Value Graph::relValue(RelId r, std::string_view key) const {
  auto k = keys_.find(key);
  return k ? relValue(r, *k) : Value();
}

bool Graph::nodePropertyIs(NodeId n, KeyId key, const Value& v) const {
  return hasNodeProperty(n, key) && nodeCols_[key].equalsAt(n, v);
}

bool Graph::relPropertyIs(RelId r, KeyId key, const Value& v) const {
  return hasRelProperty(r, key) && relCols_[key].equalsAt(r, v);
}

namespace {
PropertyMap propertiesAt(const std::vector<ValueColumn>& cols, std::size_t i) {
  PropertyMap out;
  for (std::size_t k = 0; k < cols.size(); ++k)
    if (cols[k].has(i)) out.emplace_back(static_cast<KeyId>(k), cols[k].get(i));
  return out;
}
}  // namespace

PropertyMap Graph::nodeProperties(NodeId n) const { return propertiesAt(nodeCols_, n); }
PropertyMap Graph::relProperties(RelId r) const { return propertiesAt(relCols_, r); }



std::size_t Graph::outDegree(NodeId n) const {
  std::size_t d = n < boost::num_vertices(*csr_) ? boost::out_degree(n, *csr_) : 0;
  return d + deltaOf(deltaOut_, n).size();
}

std::size_t Graph::inDegree(NodeId n) const {
  std::size_t d = n < boost::num_vertices(*csr_) ? boost::in_degree(n, *csr_) : 0;
  return d + deltaOf(deltaIn_, n).size();
}

const std::vector<NodeId>& Graph::nodesWithLabel(LabelId label) const {
  return label < byLabel_.size() ? byLabel_[label] : kNone;
}

const std::vector<RelId>& Graph::relsWithType(TypeId type) const {
  return type < byType_.size() ? byType_[type] : kNone;
}

std::span<const NodeId> Graph::nodesWithProperty(KeyId key, const Value& v) const {
  if (key >= nodeCols_.size()) return {};
  if (!propertyIndex(key)) indexNodeProperty(key);
  return propertyIndexes_[key]->find(nodeCols_[key], v);
}

std::vector<NodeId> Graph::findByName(std::string_view text) const {
  std::vector<NodeId> out;
  names_.forEachExact(foldCase(text), [&](NodeId n) { out.push_back(n); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {
template <typename F>
void forEachName(const Value& v, F&& f) {
  if (v.isString()) f(v.asString());
  else if (v.isList())
    for (const auto& e : v.asList())
      if (e.isString()) f(e.asString());
}
}  // namespace

void Graph::indexNames(NodeId n, const Value& v) {
  forEachName(v, [&](const std::string& s) { names_.add(foldCase(s), n); });
}

void Graph::unindexNames(NodeId n, const Value& v) {
  forEachName(v, [&](const std::string& s) { names_.remove(foldCase(s), n); });
}

std::string displayName(const Graph& g, NodeId n) {
  if (Value v = g.nodeValue(n, g.nameKey()); v.isString()) return v.asString();
  const auto& labels = g.node(n).labels;
  return (labels.empty() ? std::string("node") : g.labels().name(labels[0])) + "#" + std::to_string(n);
}

}  // namespace kgq
